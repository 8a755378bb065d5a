"""Shared fixtures: homes on disk and ways to run the real CLI (helpers live in wbtest.py).

Kept small on purpose; a fixture belongs here only when several test files use it.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from wbtest import NOW, NOW_ARG, Result, db_files, make_plan_home, run_cli, run_module  # noqa: F401 - re-exported

_THIS = sys.modules[__name__]
_HERE = Path(__file__).resolve().parent


def pytest_collectstart(collector: pytest.Collector) -> None:
    """Keep `from conftest import run_cli` working in tests/*.py.

    Every conftest.py is imported under the one name `conftest`, so once a
    subfolder's (tests/screens5/conftest.py) has been imported, `import conftest`
    in a later top-level test module finds that one. Point the name back here
    before each top-level module is imported. (New code: `from wbtest import ...`.)
    """
    if isinstance(collector, pytest.Module) and collector.path.parent == _HERE:
        sys.modules["conftest"] = _THIS


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
