"""Shared set-up for the screen tests: a frozen clock, fresh and demo homes."""

from __future__ import annotations

from pathlib import Path

import pytest
from screen_helpers import FIXED, open_home

from workbook.facade.workbook import Workbook


@pytest.fixture
def fresh(tmp_path: Path) -> Workbook:
    """A first run: nothing saved but the zone (so times are the same everywhere)."""
    return open_home(tmp_path / "home")


@pytest.fixture
def welcomed(tmp_path: Path) -> Workbook:
    """A home past the Welcome screen, with no plans yet."""
    return open_home(tmp_path / "home", welcome_done=True, first_name="Sam")


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory) -> Path:
    from workbook.outputs.demo import make_demo

    home = tmp_path_factory.mktemp("demo") / "home"
    make_demo(home, weeks=10, seed=1, now=FIXED)
    return home


@pytest.fixture
def demo(demo_source: Path, tmp_path: Path) -> Workbook:
    """A copy of the ten-week demo patient (tests may change it)."""
    import shutil

    home = tmp_path / "demo"
    shutil.copytree(demo_source, home)
    return Workbook.open(home, clock=lambda: FIXED, daily_backup=False)
