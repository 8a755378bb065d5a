"""`workbook log PLAN --done|--partly|--not-done`: log an attempt from the command line."""

from __future__ import annotations

import argparse
from datetime import date, datetime

from workbook.cli.common import add_at, open_workbook
from workbook.content.copy import text as copy_text
from workbook.content.states import logged_words, state_words
from workbook.core.errors import UsageError, WorkbookError
from workbook.core.outcomes import Outcome
from workbook.core.times import parse_hhmm, zone


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("log", help="log an attempt at a plan", description="Log an attempt for a plan's most recent due time (see 'workbook today' for ids).")
    parser.add_argument("plan", metavar="PLAN", help="the plan's id (or the start of it) as 'workbook today' prints it")
    outcome = parser.add_mutually_exclusive_group(required=False)
    for value in Outcome:
        outcome.add_argument(f"--{value.value.replace('_', '-')}", dest="outcome", action="store_const", const=value)
    parser.add_argument("--barrier", metavar="CODE", action="append", default=[], help="what got in the way (repeatable), e.g. forgot or no_time; an unknown code lists the valid ones")
    parser.add_argument("--note", metavar="TEXT", default="", help="a note in your own words")
    parser.add_argument("--minutes", metavar="N", type=int, help="how long you spent")
    parser.add_argument("--for", dest="for_when", metavar="DATE|TIME",
                        help="the planned time it was for, in the last week: a day (yesterday, mon, 30/11) "
                             "or a day and time (yesterday 19:00, 2026-11-30T19:00), for 'I did it but forgot to log'")
    add_at(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    workbook = open_workbook(args)
    now = workbook.clock()
    for_when = parse_for(args.for_when, now, workbook.settings().zone) if args.for_when is not None else None
    plan = workbook.plan(args.plan)
    outcome = args.outcome
    if outcome is None:
        if not plan.as_needed:
            raise UsageError("say how it went: --done, --partly or --not-done.")
        outcome = Outcome.DONE  # an entry written down: there is no "how it went" to ask
    attempt = workbook.log_attempt(plan.id, outcome, barriers=args.barrier, note=args.note, minutes=args.minutes,
                                   for_when=for_when, now=now)
    if attempt.occurrence:
        when = f" for {attempt.occurrence[:16].replace('T', ' ')}"
    else:
        when = " as an entry" if plan.as_needed else " as an extra practice"
    if plan.as_needed:
        print(f"Noted '{plan.what}'. {copy_text('states.entry.logged')}")
    else:
        print(f"Logged '{plan.what}'{when}: {state_words(attempt.outcome).words}. {logged_words(attempt.outcome)}")
    return 0


def parse_for(text: str, now: datetime, zone_name: str) -> date | datetime:
    """--for: a day ("yesterday", "mon", "30/11") or a day and a time ("yesterday 19:00", ISO)."""
    from workbook.core.dates import parse_day
    words = text.strip()
    try:
        moment = datetime.fromisoformat(words)
        return moment if moment.tzinfo else moment.replace(tzinfo=zone(zone_name))
    except ValueError:
        pass
    today = now.astimezone(zone(zone_name)).date()
    day_words, _, clock = words.rpartition(" ")
    try:
        if day_words and ":" in clock:
            day = parse_day(day_words, today, prefer="past")
            return datetime.combine(day, parse_hhmm(clock), tzinfo=zone(zone_name))
        return parse_day(words, today, prefer="past")
    except ValueError as exc:
        raise WorkbookError(f"--for {text[:40]!r}: {exc}") from None
