"""Helpers for the screen tests (imported by name: this folder has no package)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from screens.app import WorkbookApp
from workbook.facade.workbook import Workbook

FIXED = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)  # a Monday morning
ZONE = "Europe/London"
SIZE = (80, 24)


def open_home(home: Path, **settings) -> Workbook:
    workbook = Workbook.open(home, clock=lambda: FIXED, daily_backup=False)
    workbook.update_settings(zone=ZONE, **settings)
    return workbook


def make_app(workbook: Workbook, now: datetime = FIXED) -> WorkbookApp:
    workbook.exercises  # noqa: B018 - loaded up front, so Today shows exercise names in the first frame
    return WorkbookApp(workbook, clock=lambda: now, blink=False)


async def settle(pilot, times: int = 2) -> None:
    for _ in range(times):
        await pilot.pause()
