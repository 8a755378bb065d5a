"""Fixtures for the issue-5 screens: a demo home written as of a frozen clock, and an empty one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.screens5.helpers5 import FIXED


@pytest.fixture(scope="session")
def _demo5_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from workbook.outputs.demo import make_demo

    home = tmp_path_factory.mktemp("demo5") / "home"
    make_demo(home, weeks=10, seed=1, now=FIXED)
    return home


@pytest.fixture
def demo5(_demo5_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of a 10-week demo home written as of FIXED."""
    home = tmp_path / "demo"
    shutil.copytree(_demo5_template, home, symlinks=True)
    return home


@pytest.fixture
def empty_home(tmp_path: Path) -> Path:
    return tmp_path / "empty"
