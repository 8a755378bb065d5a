"""The screen tests' harness: homes opened on a frozen clock, the app without cursor blink, a way to wait.

Import it by name (`from harness import make_app`): tests/screens is a plain folder, not a package
(as a package it would be called `screens`, the name of the UI itself).

Every screen test runs at NOW unless its scenario needs another moment; then the test passes that
moment to `make_app` (and `open_home`) explicitly, as the ones on the Friday demo pass FRIDAY_NOON.
"""

from __future__ import annotations

import fcntl
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from screens.app import WorkbookApp
from workbook.facade.workbook import Workbook

ZONE = "Europe/London"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)  # the frozen clock: Monday 30 November (London is on UTC)
FRIDAY_NOON = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo(ZONE))  # the Friday demo: two weeks after its last call
SIZE = (80, 24)
REPO_PACK = Path(__file__).resolve().parents[2] / "docs" / "study-pack" / "study.toml"  # the documented study pack


def open_home(home: Path, now: datetime = NOW, **settings) -> Workbook:
    """The workbook in `home` on a clock frozen at `now`, with the zone set (so times are the same everywhere)."""
    workbook = Workbook.open(home, clock=lambda: now, daily_backup=False)
    workbook.update_settings(zone=ZONE, **settings)
    return workbook


def make_app(home: Workbook | Path, now: datetime = NOW, *, theme: str | None = None) -> WorkbookApp:
    """The WorkbookApp on `home` with its clock frozen at `now` and no cursor blink.

    A Workbook is used as it is. A home folder is opened on the same frozen clock and taken past
    the Welcome screen (nothing else about it is changed). `theme` is saved first, if given.
    """
    if isinstance(home, Workbook):
        workbook = home
    else:
        workbook = Workbook.open(home, clock=lambda: now, daily_backup=False)
        if not workbook.settings().welcome_done:
            workbook.update_settings(welcome_done=True)
    if theme:
        workbook.update_settings(theme=theme)
    workbook.exercises  # noqa: B018 - loaded up front, so Today shows exercise names in the first frame
    return WorkbookApp(workbook, clock=lambda: now, blink=False)


@contextmanager
def fixed_folder(path: Path) -> Iterator[Path]:
    """`path`, emptied, for a test whose picture shows the folder's name (so it cannot be a fresh
    temporary one), held under a lock for the test: a second test run on the same machine waits
    instead of replacing the folder under this one. Removed afterwards."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f".{path.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shutil.rmtree(path, ignore_errors=True)
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)


async def settle(pilot, times: int = 2) -> None:
    """Let pushed screens mount and the loads started meanwhile (charts, exercise names) finish.

    Only thread workers are waited for: those are the loads. A worker on the event loop may be
    waiting for a dialog's answer, and would never finish while the test waits for it.
    """
    await pilot.pause()
    loads = [worker for worker in pilot.app.workers if worker._thread_worker]  # Textual is pinned in pyproject
    if loads:  # (an empty list would mean every worker)
        await pilot.app.workers.wait_for_complete(loads)
    for _ in range(times - 1):
        await pilot.pause()


def _plan(workbook: Workbook, exercise_id: str):
    return next(p for p in workbook.plans() if p.exercise_id == exercise_id)


# Every screen a patient opens, each reached as the app reaches it, for tests that visit them all.
OPENERS = {
    "today": lambda app, wb: None,
    "library": lambda app, wb: app.open_library(),
    "plan (new)": lambda app, wb: app.open_plan(exercise_id="activity-scheduling"),
    "plan (change)": lambda app, wb: app.open_plan(plan_id=_plan(wb, "activity-scheduling").id),
    "log (thought record)": lambda app, wb: app.open_log(_plan(wb, "thought-record").id),
    "log (sleep diary)": lambda app, wb: app.open_log(_plan(wb, "sleep-diary").id),
    "what got in the way": lambda app, wb: app.open_barriers(_plan(wb, "activity-scheduling").id,
                                                             attempt=wb.log_attempt(_plan(wb, "activity-scheduling").id,
                                                                                    "partly", now=app.now())),
    "settings": lambda app, wb: app.open_screen("settings"),
    "review": lambda app, wb: app.open_screen("review"),
    "progress": lambda app, wb: app.open_screen("progress"),
    "check-in": lambda app, wb: app.open_screen("checkin"),
    "people who help": lambda app, wb: app.open_screen("supporters"),
    "welcome and settings": lambda app, wb: app.open_welcome(),
    "support": lambda app, wb: app.open_screen("support"),
    "from my practitioner": lambda app, wb: app.open_screen("practitioner"),
}


@asynccontextmanager
async def opened_on_friday(home: Path, screen: str, size: tuple[int, int] = SIZE) -> AsyncIterator:
    """The Friday demo in `home` with `screen` (a name in OPENERS) opened and settled: yields the pilot."""
    workbook = Workbook.open(home, clock=lambda: FRIDAY_NOON, daily_backup=False)
    app = make_app(workbook, FRIDAY_NOON)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        OPENERS[screen](app, workbook)
        await settle(pilot, 3)
        yield pilot
