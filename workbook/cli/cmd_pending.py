"""Commands from the design's contract that a later version fills in.

Each says plainly that it is not available yet (exit 1), so `--help` lists
the whole contract. A command moves out of here when its issue lands.
"""

from __future__ import annotations

import argparse

from ..errors import WorkbookError

PENDING: dict[str, str] = {}


def register(sub: argparse._SubParsersAction) -> None:
    for name, summary in PENDING.items():
        parser = sub.add_parser(name, help=f"{summary} (not available yet)", description=f"{summary} (not available yet)")
        parser.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
        parser.set_defaults(func=_not_yet, pending=name)


def _not_yet(args: argparse.Namespace) -> int:
    raise WorkbookError(f"'workbook {args.pending}' is not available in this version yet.")
