"""`workbook calendar --out FILE.ics`: your plans as calendar events with alarms."""

from __future__ import annotations

import argparse
import sys

from workbook.cli.common import open_workbook
from workbook.core.words import agree, counted
from workbook.storage.outfiles import write_output


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "calendar", help="write your plans as a calendar file (.ics)",
        description="Write your plans as an .ics calendar file (one repeating event per plan, with an "
                    "alarm where the plan has a reminder) to import into your own calendar. Paused plans "
                    "and when-it-happens records are left out, and so are the days a plan was paused. In discreet mode the events say only 'Planned activity'.")
    parser.add_argument("--out", metavar="FILE.ics", required=True, help="the calendar file to write (- for standard output)")
    parser.add_argument("--at", help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbook.outputs.calendar import build_calendar
    workbook = open_workbook(args)
    settings = workbook.settings()
    titles = {e.id: e.title for e in workbook.exercises}
    result = build_calendar(workbook.plans(), settings, titles=titles, pauses=workbook.pauses())
    written = write_output(args.out, result.ics, home=workbook.home)
    say = sys.stderr if written.to_stdout else sys.stdout  # the calendar itself is on stdout then
    count = len(result.included)
    print(f"Calendar written to {written}: {counted(count, 'plan')}.", file=say)
    if result.paused:
        names = "; ".join(p.what for p in result.paused)
        print(f"Left out {counted(len(result.paused), 'paused plan')} "
              f"(resume to include): {names}", file=say)
    if result.unscheduled:
        print(f"Left out {counted(len(result.unscheduled), 'when-it-happens record')}: "
              f"{agree(len(result.unscheduled), 'it has', 'they have')} no set time.", file=say)
    if result.skipped:
        print(f"Left out {counted(len(result.skipped), 'plan')} that ended before "
              f"{agree(len(result.skipped), 'it', 'they')} began.", file=say)
    if settings.discreet:
        print("Discreet mode is on: events say only 'Planned activity'.", file=say)
    return 0
