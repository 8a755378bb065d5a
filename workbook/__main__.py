"""`python -m workbook` behaves like the `workbook` command."""

import sys

from workbook.cli import main
from workbook.cli.process_end import finish

sys.exit(finish(main()))
