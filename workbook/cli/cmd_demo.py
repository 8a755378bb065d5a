"""`workbook demo [--weeks N] [--seed S]`: fill an empty home with a demo patient."""

from __future__ import annotations

import argparse

from workbook.cli.common import add_at, command_clock, warn_backup
from workbook.core.words import counted, singular
from workbook.facade.workbook import Workbook
from workbook.storage.home import resolve_home


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="fill an EMPTY home with a realistic demo patient", description="Fill an empty home with a realistic, made-up patient (same seed, same data).")
    parser.add_argument("--weeks", type=int, default=10, metavar="N", help="weeks of history (default 10; 260 makes a heavy five-year home)")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    add_at(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbook.outputs.demo import make_demo
    home = resolve_home(args.home)
    clock = command_clock(args.at, "Europe/London")  # the demo patient lives in London
    counts = make_demo(home, weeks=args.weeks, seed=args.seed, now=clock())
    workbook = Workbook.open(home, clock=clock)  # takes the first daily backup, as a real home has, so `doctor` finds one
    warn_backup(workbook)
    summary = ", ".join(counted(n, singular(k.replace("_", " "))) for k, n in counts.items())
    print(f"Demo workbook written to {home}: {summary}.")
    return 0
