"""`workbook export --out DIR [--format csv|json] [--deidentify] [--force]`: data for research."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbook.cli.common import open_workbook
from workbook.core.words import counted


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "export", help="export your data as CSV or JSON for research",
        description="Write one file per table (CSV or JSON), an engagement summary per week, and a "
                    "datapackage.json describing every column (a Frictionless Data Package). "
                    "Files are readable by you only.")
    parser.add_argument("--out", metavar="DIR", required=True, help="an empty folder to write into (created if missing)")
    parser.add_argument("--format", choices=("csv", "json"), default="csv", help="file format (default csv)")
    parser.add_argument("--deidentify", action="store_true",
                        help="leave out every free-text field, name, contact detail and note (keeps ids, codes, numbers, times)")
    parser.add_argument("--force", action="store_true", help="write into a folder that is not empty")
    parser.add_argument("--at", help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbook.outputs.export import export
    workbook = open_workbook(args)
    now = workbook.clock()
    result = export(workbook, Path(args.out), fmt=args.format, deidentify=args.deidentify, force=args.force, now=now)
    kind = "De-identified export" if result.deidentified else "Export"
    print(f"{kind} written to {result.folder}: {len(result.files)} files, "
          f"{counted(result.rows['attempts'], 'attempt')}, {counted(result.rows['plans'], 'plan')}.")
    if not result.deidentified:
        print("It holds your own words and names; keep it private, or use --deidentify to share it for research.")
    return 0
