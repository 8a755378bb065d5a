"""`workbook log PLAN --done|--partly|--not-done`: log an attempt from the command line."""

from __future__ import annotations

import argparse

from workbook.cli.common import add_at, open_workbook
from workbook.content.states import logged_words, state_words
from workbook.core.outcomes import Outcome


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("log", help="log an attempt at a plan", description="Log an attempt for a plan's most recent due time (see 'workbook today' for ids).")
    parser.add_argument("plan", metavar="PLAN", help="the plan's id (or the start of it) as 'workbook today' prints it")
    outcome = parser.add_mutually_exclusive_group(required=True)
    for value in Outcome:
        outcome.add_argument(f"--{value.value.replace('_', '-')}", dest="outcome", action="store_const", const=value)
    parser.add_argument("--barrier", metavar="CODE", action="append", default=[], help="what got in the way (repeatable), e.g. forgot or no_time; an unknown code lists the valid ones")
    parser.add_argument("--note", metavar="TEXT", default="", help="a note in your own words")
    parser.add_argument("--minutes", metavar="N", type=int, help="how long you spent")
    add_at(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    workbook = open_workbook(args)
    now = workbook.clock()
    attempt = workbook.log_attempt(args.plan, args.outcome, barriers=args.barrier, note=args.note, minutes=args.minutes, now=now)
    plan = workbook.plan(attempt.plan_id)
    when = f" for {attempt.occurrence[:16].replace('T', ' ')}" if attempt.occurrence else " as an extra practice"
    print(f"Logged '{plan.what}'{when}: {state_words(attempt.outcome).words}. {logged_words(attempt.outcome)}")
    return 0
