"""What happened: review statistics, progress charts, engagement and check-in results.

Pure functions over records, with the clock passed in; every figure a person reads comes
from here, so the screens, the report and the exports agree."""
