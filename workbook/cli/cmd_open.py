"""`workbook` with no command: open the full-screen workbook."""

from __future__ import annotations

import argparse
import importlib.util

from ..errors import WorkbookError


def run(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("screens.app") is None:
        raise WorkbookError(
            "The full-screen workbook is not available in this version yet; "
            "'workbook today' and 'workbook log' work now (see 'workbook --help')."
        )
    from screens.app import run_app  # Textual is imported only here

    return run_app(args)
