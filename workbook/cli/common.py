"""Small pieces the subcommands share: opening the home, parsing --at, printing."""

from __future__ import annotations

import argparse
from datetime import datetime

from ..errors import WorkbookError
from ..home import resolve_home
from ..manager import Workbook
from ..timeutil import utc_now, zone


def open_workbook(args: argparse.Namespace, *, now: datetime | None = None) -> Workbook:
    workbook = Workbook.open(resolve_home(args.home), now=now)
    extra = getattr(args, "exercises", None) or []
    if extra:
        from pathlib import Path

        from ..exercises import ExerciseLibrary

        workbook.exercises = ExerciseLibrary.load(workbook.home, [Path(d) for d in extra])
    return workbook


def parse_at(text: str | None, zone_name: str | None = None) -> datetime:
    """--at ISO_DATETIME (a naive time means local wall time in the home's zone)."""
    if not text:
        return utc_now()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise WorkbookError(f"--at {text!r} is not a date and time like 2026-11-30T19:05") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone(zone_name or "UTC"))
    return moment


def add_at(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--at", metavar="ISO_DATETIME", help="act as if it were this time (for testing and support)")
