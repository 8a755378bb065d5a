"""`workbook export --out DIR [--format csv|json] [--pseudonymise | --anonymise] [--force]`: data for research."""

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
    parser.add_argument("--out", metavar="DIR", required=True,
                        help="an empty folder to write into (created if missing; an earlier export's, with --force)")
    parser.add_argument("--format", choices=("csv", "json"), default="csv", help="file format (default csv)")
    level = parser.add_mutually_exclusive_group()
    level.add_argument("--pseudonymise", dest="level", action="store_const", const="pseudonymised",
                       help="leave out every free-text field, name, contact detail and note "
                            "(keeps ids, codes, numbers and exact times: pseudonymised, not anonymised)")
    level.add_argument("--deidentify", dest="level", action="store_const", const="pseudonymised",
                       help="the older name of --pseudonymise (it is pseudonymisation, not anonymisation)")
    level.add_argument("--anonymise", dest="level", action="store_const", const="anonymised",
                       help="as --pseudonymise, and re-key every id, shift every date by a random number of weeks, "
                            "cut times to the hour, leave out zone names and the next call")
    parser.add_argument("--force", action="store_true",
                        help="replace an earlier export's files in DIR (refused if DIR holds anything else)")
    parser.add_argument("--at", help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbook.content.copy import text as copy_text
    from workbook.outputs.export import export
    workbook = open_workbook(args)
    now = workbook.clock()
    level = args.level or "identified"
    result = export(workbook, Path(args.out), fmt=args.format, level=level, force=args.force, now=now)
    print(f"{level.capitalize()} export written to {result.folder}: {counted(len(result.files), 'file')}, "
          f"{counted(result.rows['attempts'], 'attempt')}, {counted(result.rows['plans'], 'plan')}.")
    print(copy_text(f"export.said_{level}"))
    return 0
