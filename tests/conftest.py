"""Fixtures the engine and CLI tests share: homes on disk (the helpers behind them live in helpers.py).

Kept small on purpose; a fixture belongs here only when several test files use it.
Tests import helpers from helpers.py (`from helpers import run_cli`), never from a conftest.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import NOW_ARG, make_plan_home, run_cli


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("demo-template") / "home"
    result = run_cli("--home", home, "demo", "--at", NOW_ARG)
    assert result.code == 0, result.err
    return home


@pytest.fixture
def demo_home(_demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of a 10-week demo home (written as of NOW, with its daily backup)."""
    home = tmp_path / "home"
    shutil.copytree(_demo_template, home, symlinks=True)
    return home


@pytest.fixture
def plan_home(tmp_path: Path) -> tuple[Path, str]:
    """A small home with one daily 19:00 plan started two weeks before NOW: (home, plan id)."""
    home = tmp_path / "home"
    return home, make_plan_home(home)


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    """The environment for subprocesses, without a WORKBOOK_HOME that could leak in."""
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_HOME"}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env
