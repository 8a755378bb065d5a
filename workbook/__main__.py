"""`python -m workbook` behaves like the `workbook` command."""

import sys

from workbook.core import lifetime

lifetime.started_as_command()
from workbook.cli import main  # noqa: E402

sys.exit(lifetime.finish(main()))
