"""`workbook report [--since DATE] [--out FILE]`: the practitioner report, as Markdown."""

from __future__ import annotations

import argparse

from workbook.cli.common import open_workbook
from workbook.storage.outfiles import write_output


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "report", help="write the practitioner report (Markdown)",
        description="Write a short report for your next call: plans, how they went, what got in the way, "
                    "ratings, questionnaires and your questions. Covers the time since your last call "
                    "(or the last 14 days). Printed here unless you give --out.")
    parser.add_argument("--since", metavar="DATE", help="start from this date (like 1/11, mon or 2026-11-01) instead of the last call")
    parser.add_argument("--out", metavar="FILE", help="write the report to FILE (readable by you only; - for the screen)")
    parser.add_argument("--at", help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbook.core.times import zone
    from workbook.outputs.report import build_report, since_date
    workbook = open_workbook(args)
    now = workbook.clock()
    today = now.astimezone(zone(workbook.settings().zone)).date()
    text = build_report(workbook, since=since_date(args.since, today), now=now)
    if args.out is not None:
        written = write_output(args.out, text, home=workbook.home)
        if not written.to_stdout:
            print(f"Report written to {written}.")
    else:
        print(text, end="")
    return 0
