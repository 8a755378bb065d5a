"""`workbook remind [--once] [--at ISO_DATETIME]`: send the reminders that are due.

`--once` is what the system timer runs every few minutes, so this module
imports only the engine it needs (never Textual, never `screens`) and the
notification libraries only when something is actually sent.
"""

from __future__ import annotations

import argparse
import sys

from workbook.cli.common import add_at, command_clock
from workbook.storage.home import resolve_home


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "remind",
        help="send the reminders that are due (--once: one pass, for a timer)",
        description=(
            "Send the reminders that are due. With --once: send what is due since the last run (within 12 hours; "
            "an older one becomes at most one gentle 'still want to?' for today) and exit; this is what "
            "'workbook reminders install' runs every 5 minutes. Without --once: keep running, sleeping until the "
            "next reminder, for computers without a scheduler; stop with Ctrl+C."
        ),
    )
    parser.add_argument("--once", action="store_true", help="one pass, then exit")
    parser.add_argument("-v", "--verbose", action="store_true", help="say what was sent (the default when run in a terminal)")
    add_at(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    home = resolve_home(args.home)
    talk = args.verbose or sys.stdout.isatty()
    if not home.is_dir():
        if talk:
            print(f"There is no workbook at {home} yet, so there is nothing to remind you about.")
        return 0
    from workbook.facade.reminder_book import ReminderBook  # not the whole façade: a pass reads only what is due
    from workbook.outputs.remind_runner import clock_from, run_loop, run_once

    workbook = ReminderBook.open(home, clock=command_clock(args.at, "UTC"))
    # A naive --at is wall time in the home's zone; without --at the clock needs no settings read.
    start = command_clock(args.at, workbook.settings().zone if args.at is not None else "UTC")()
    if not args.once:
        workbook.clock = clock_from(start)  # --at moves forward with real time in the loop
        return run_loop(workbook, workbook.clock)
    workbook.clock = lambda: start
    now = start
    result = run_once(workbook, now)
    if talk:
        for body, outcome in result.messages:
            first = body.splitlines()[0] if body else ""
            if outcome.delivered:
                print(f"Reminder shown ({outcome.channel}): {first}")
            else:
                print(f"Could not show a reminder: {outcome.reason}")
                if outcome.fix:
                    print(f"  How to fix: {outcome.fix}")
        if not result.messages:
            print("Nothing is due right now.")
    return 0
