"""Shared by the issue-5 screen tests (a package, so its conftest never shadows tests/conftest.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

FIXED = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))  # a Friday
SIZE = (80, 24)


def make_app(home: Path, *, theme: str | None = None):
    """The core loop's WorkbookApp on `home`, with the frozen clock and no cursor blink."""
    from screens.app import WorkbookApp
    from workbook.facade.workbook import Workbook

    workbook = Workbook.open(home, clock=lambda: FIXED, daily_backup=False)
    if not workbook.settings().welcome_done or theme:
        workbook.update_settings(welcome_done=True, **({"theme": theme} if theme else {}))
    return WorkbookApp(workbook, clock=lambda: FIXED, blink=False)


async def settle(pilot) -> None:
    """Let pushed screens mount and any workers (chart loading) finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
