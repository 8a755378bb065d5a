"""`python -m workbook` behaves like the `workbook` command."""

import sys

from workbook.cli import main

sys.exit(main())
