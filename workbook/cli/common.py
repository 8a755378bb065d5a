"""Small pieces the subcommands share: opening the home with its clock, parsing --at, printing."""

from __future__ import annotations

import argparse
import re
from datetime import datetime
from typing import TYPE_CHECKING

from workbook.core.dates import in_range
from workbook.core.errors import WorkbookError
from workbook.core.inputs import shown
from workbook.core.times import Clock, system_now, zone
from workbook.core.words import agree, counted
from workbook.storage.home import resolve_home

if TYPE_CHECKING:  # the façade loads when a command opens it: `remind --once` opens only what it reads
    from workbook.facade.workbook import Workbook


def open_workbook(args: argparse.Namespace, *, daily_backup: bool = True) -> Workbook:
    """The home named by --home, with the command's clock: --at when given, else the computer's."""
    from workbook.facade.workbook import Workbook

    text = getattr(args, "at", None)
    # A naive --at means wall time in the home's zone, known only once the home is open.
    workbook = Workbook.open(resolve_home(args.home), clock=command_clock(text, "UTC"), daily_backup=False)
    if text is not None:
        workbook.clock = command_clock(text, workbook.settings().zone)
    OPENED.append(workbook)
    if daily_backup:
        workbook.daily_backup()
        warn_backup(workbook)
    extra = getattr(args, "exercises", None) or []
    if extra:
        from pathlib import Path

        from workbook.content.library import ExerciseLibrary

        workbook.exercises = ExerciseLibrary.load(workbook.home, [Path(d) for d in extra])
    return workbook


#: Lines for stderr once the command has done its work (a failed command shows only its error).
NOTES: list[str] = []
#: The workbooks this command opened: records they skipped as damaged are noted once it is done.
OPENED: list[Workbook] = []


def closing_notes() -> list[str]:
    """What the command should say on stderr after doing its work: a backup not made, records skipped."""
    lines = list(NOTES)
    for workbook in OPENED:
        if workbook.store.recovered:
            lines.insert(0, f"note: {workbook.store.recovered}")
        skipped = workbook.store.record_problems()
        if skipped and not workbook.backup_warning:
            n = len(skipped)
            lines.append(f"note: {counted(n, 'saved record')} {agree(n, 'does', 'do')} not fit and "
                         f"{agree(n, 'was', 'were')} left out, starting with {skipped[0]}; "
                         "'workbook doctor' says how to fix it")
    return lines


def warn_backup(workbook: Workbook) -> None:
    """Note why today's backup was not made; the command goes on, and says so when it is done."""
    if workbook.backup_warning:
        NOTES.append(f"note: {workbook.backup_warning}")


def command_clock(text: str | None, zone_name: str) -> Clock:
    """A command's clock: fixed at --at, or the computer's clock when --at is not given."""
    if text is None:
        return system_now
    moment = parse_at(text, zone_name)
    return lambda: moment


#: What an ISO date and time may be written with; Python would take any character at all
#: (an escape, say) between the date and the time.
_AT_CHARS = re.compile(r"[0-9:+.,TWZ -]+")
_AT_SEPARATOR = re.compile(r"\d{4}-\d{2}-\d{2}(.)")
AT_EXAMPLE = "a date and time like 2026-11-30T19:05"


def parse_at(text: str | None, zone_name: str | None = None) -> datetime:
    """--at ISO_DATETIME (a naive time means local wall time in the home's zone); now without it."""
    if text is None:
        return system_now()
    separator = _AT_SEPARATOR.match(text)
    if not text.strip():
        raise WorkbookError(f"--at is empty; please give {AT_EXAMPLE}, or leave --at out to mean now.")
    if not _AT_CHARS.fullmatch(text) or (separator is not None and separator.group(1) not in "T "):
        raise WorkbookError(f"--at {shown(text)} is not {AT_EXAMPLE}.")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise WorkbookError(f"--at {shown(text)} is not {AT_EXAMPLE}.") from None
    try:
        in_range(moment.date(), text)
    except ValueError as exc:
        raise WorkbookError(f"--at {exc}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone(zone_name or "UTC"))
    return moment


def add_at(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--at", metavar="ISO_DATETIME", help="act as if it were this time (for testing and support)")
