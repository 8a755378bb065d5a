"""Helpers the engine and CLI tests share: a fixed clock, homes on disk, the real CLI.

Import them by name from any folder (`from helpers import run_cli`): pyproject puts tests/ on
the path. The screen tests have their own harness, tests/screens/harness.py.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from workbook.cli import main as cli_main

REPO = Path(__file__).resolve().parent.parent
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=LONDON)  # a Friday; London is on UTC in November
NOW_ARG = "2026-11-20T12:00:00"


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(*args: str) -> Result:
    """`workbook ARGS` in this process; argparse's SystemExit becomes the exit code."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli_main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return Result(code, out.getvalue(), err.getvalue())


def run_module(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 60) -> Result:
    """`python -m workbook ARGS` in a real subprocess."""
    proc = subprocess.run(
        [sys.executable, "-m", "workbook", *map(str, args)],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def db_files(home: Path) -> list[Path]:
    """Every database file of a home (core and monthly partitions), not the lock."""
    from workbook.storage import layout

    return layout.data_files(layout.db_dir(home))


def make_plan_home(home: Path, *, days_back: int = 14, at: time = time(19, 0), rrule: str | None = "FREQ=DAILY") -> str:
    """A home with settings (Europe/London) and one plan; returns the plan's full id."""
    from workbook.core.model import Plan, Settings
    from workbook.facade.workbook import SETTINGS_ID, Workbook

    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    with workbook.store.transaction(NOW) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", welcome_done=True))
    plan = Plan(exercise_id="activity-scheduling", what="Walk round the park", where="the park",
                start_date=NOW.date() - timedelta(days=days_back), start_time=at, zone="Europe/London",
                rrule=rrule, why="I want to feel better")
    workbook.add_plan(plan)
    return plan.id
