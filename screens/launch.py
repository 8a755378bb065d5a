"""The `workbook` console script: the engine's CLI, plus the full-screen app.

The engine (`workbook`) never imports the UI, so the wiring lives here: with
no command, `workbook.cli.main` calls `open_app`, which is the only place
Textual gets imported. Commands such as `workbook remind --once` therefore
start without loading Textual at all.
"""

from __future__ import annotations

import argparse
import sys

from workbook.cli import main as cli_main


def open_app(args: argparse.Namespace) -> int:
    from screens.app import run_app  # imported only when the app is opened

    return run_app(args)


def main() -> int:
    return cli_main(open_app=open_app)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
