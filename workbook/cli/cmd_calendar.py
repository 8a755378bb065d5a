"""`workbook calendar --out FILE.ics`: your plans as calendar events with alarms."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbook.cli.common import open_workbook
from workbook.storage.outfiles import write_private


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "calendar", help="write your plans as a calendar file (.ics)",
        description="Write your plans as an .ics calendar file (one repeating event per plan, with an "
                    "alarm where the plan has a reminder) to import into your own calendar. Paused plans "
                    "are left out. In discreet mode the events say only 'Planned activity'.")
    parser.add_argument("--out", metavar="FILE.ics", required=True, help="the calendar file to write")
    parser.add_argument("--at", help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbook.outputs.calendar import build_calendar
    workbook = open_workbook(args)
    settings = workbook.settings()
    now = workbook.clock()
    titles = {e.id: e.title for e in workbook.exercises}
    result = build_calendar(workbook.plans(), settings, now=now, titles=titles)
    path = write_private(Path(args.out), result.ics)
    count = len(result.included)
    print(f"Calendar written to {path}: {count} plan{'s' if count != 1 else ''}.")
    if result.paused:
        names = "; ".join(p.what for p in result.paused)
        print(f"Left out {len(result.paused)} paused plan{'s' if len(result.paused) != 1 else ''} "
              f"(resume to include): {names}")
    if result.skipped:
        print(f"Left out {len(result.skipped)} plan(s) ended before they began.")
    if settings.discreet:
        print("Discreet mode is on: events say only 'Planned activity'.")
    return 0
