"""Homes for the screen tests, each on the harness's frozen clock: first run, welcomed, two demo patients, empty."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from harness import FRIDAY_NOON, NOW, open_home

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
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ten-week demo patient, written as of NOW (copy it before changing anything)."""
    from workbook.outputs.demo import make_demo

    home = tmp_path_factory.mktemp("demo") / "home"
    make_demo(home, weeks=10, seed=1, now=NOW)
    return home


@pytest.fixture
def demo(demo_source: Path, tmp_path: Path) -> Workbook:
    """A copy of the ten-week demo patient (tests may change it)."""
    home = tmp_path / "demo"
    shutil.copytree(demo_source, home)
    return Workbook.open(home, clock=lambda: NOW, daily_backup=False)


@pytest.fixture(scope="session")
def friday_demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same demo patient written as of FRIDAY_NOON (copy it before changing anything)."""
    from workbook.outputs.demo import make_demo

    home = tmp_path_factory.mktemp("friday-demo") / "home"
    make_demo(home, weeks=10, seed=1, now=FRIDAY_NOON)
    return home


@pytest.fixture
def friday_demo(friday_demo_source: Path, tmp_path: Path) -> Path:
    """A copy of the Friday demo home, as a folder: open it with `make_app(friday_demo, FRIDAY_NOON)`."""
    home = tmp_path / "demo"
    shutil.copytree(friday_demo_source, home, symlinks=True)
    return home


@pytest.fixture
def empty_home(tmp_path: Path) -> Path:
    """A folder with no workbook in it yet: `make_app` opens it and takes it past the Welcome screen."""
    return tmp_path / "empty"
