"""`workbook doctor`: check the data folder, database, backups, exercise packs, reminders and `serve`."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from workbook.cli.cmd_serve import readiness as serve_readiness
from workbook.cli.common import add_at, command_clock
from workbook.core.errors import WorkbookError
from workbook.core.words import counted
from workbook.storage.home import home_problem, resolve_home


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("doctor", help="check the data folder, database, backups and notifications", description="Check that your data folder, database, backups, exercise files and reminders are healthy, and that 'workbook serve' can start.")
    parser.add_argument("--notify", action="store_true", help="also send a test notification and say whether it arrived (exit 0 only if it did)")
    add_at(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbook.storage.health import check

    home = resolve_home(args.home)
    problems = 0

    def report(ok: bool | None, text: str) -> None:
        """ok, a PROBLEM, or (None) a note: worth knowing, though nothing is wrong."""
        nonlocal problems
        problems += 0 if ok or ok is None else 1
        print(f"{'note   ' if ok is None else 'ok     ' if ok else 'PROBLEM'}  {text}")

    unusable = home_problem(home, check_writable=False)  # read-only is one of health's findings
    if unusable is not None:
        report(False, unusable)
        if not home.is_dir():
            print(f"{counted(problems, 'problem')} found.")
            return 1
    health = check(home)  # the folder, links, stray files, modes, leftovers, every record, every backup
    for finding in health.findings:
        report(finding.ok, finding.text)
    if not home.is_dir():
        if args.notify:
            report(*_notify_check())
        return 0 if not problems else 1
    from workbook.content.library import ExerciseLibrary

    library = ExerciseLibrary.load(home)
    for warning in library.warnings:
        report(False, f"exercise file: {warning}")
    if not library.warnings:
        report(True, f"exercises: {len(library)} loaded")
    notified = None
    if args.notify:
        notified = _notify_check()
        report(*notified)
    now = command_clock(args.at, "UTC")()
    for ok, line in _reminder_lines(home, now, not health.database_readable, notified is not None and notified[0]):
        report(ok, line)
    for maybe, line in serve_readiness():  # whether `workbook serve` can start: a port, a browser
        report(maybe, line)
    print("All is well." if not problems else f"{counted(problems, 'problem')} found.")
    return 0 if not problems else 1


TEST_TITLE = "Workbook"
TEST_BODY = "This is a test notification from Workbook. If you can see it, your reminders can reach you."


def _notify_check() -> tuple[bool, str]:
    """Send a test notification through the reminders' own path; say plainly what happened."""
    from workbook.reminders.notify import deliver

    outcome = deliver(TEST_TITLE, TEST_BODY)
    if outcome.delivered:
        how = outcome.channel + (f", {outcome.detail}" if outcome.detail else "")
        return True, f"notifications: a test notification was delivered ({how}); you should see it now"
    line = f"notifications: the test notification could not be shown: {outcome.reason}"
    if outcome.fix:
        line += f"\n         how to fix: {outcome.fix}"
    return False, line


def _reminder_lines(home: Path, now: datetime, damaged: bool, notify_ok: bool) -> list[tuple[bool, str]]:
    """Recent reminders that could not be shown, and when the reminder runner last ran."""
    from workbook.reminders.last_run import read_last_run
    from workbook.reminders.log import unresolved_failures
    from workbook.storage.store import Store

    lines: list[tuple[bool, str]] = []
    last = read_last_run(home)
    lines.append((True, f"reminders: last ran {last['at']}" if last else "reminders: have not run yet ('workbook reminders install' sets up the timer)"))
    if damaged:
        return lines
    try:
        newer, older = unresolved_failures(Store(home), now)
    except WorkbookError:
        return lines
    if newer and not notify_ok:
        lines.append((False, f"reminders: {len(newer)} in the last 7 days could not be shown "
                             f"(latest: {newer[0].reason}); 'workbook doctor --notify' tests notifications and says how to fix them"))
    elif newer or older:
        lines.append((True, f"reminders: {counted(len(newer) + older, 'earlier reminder')} could not be shown, "
                            "but notifications work now"))
    return lines
