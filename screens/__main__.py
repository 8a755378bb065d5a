"""`python -m screens` behaves like the `workbook` console script."""

import sys

from screens.launch import main

sys.exit(main())
