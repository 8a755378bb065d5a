"""`python -m workbook` behaves like the `workbook` command."""

import sys

from .cli import main

sys.exit(main())
