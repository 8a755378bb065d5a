"""Snapshots of the issue-5 screens at 80x24 with the frozen clock and no cursor blink.

Homes live at a fixed path so nothing in a picture depends on the test's temporary folder.
Update with: pytest tests/screens5/test_snapshots5.py --snapshot-update
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.screens5.helpers5 import SIZE, make_app, settle


@pytest.fixture
def fixed_demo(_demo5_template: Path) -> Path:
    home = Path(tempfile.gettempdir()) / "workbook-snapshots5" / "demo"
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(_demo5_template, home, symlinks=True)
    yield home
    shutil.rmtree(home, ignore_errors=True)


def pushing(factory, *keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.push_screen(factory())
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
    return run_before


def test_supporters(snap_compare, fixed_demo):
    from screens.supporters import SupportersScreen

    assert snap_compare(make_app(fixed_demo), terminal_size=SIZE, run_before=pushing(SupportersScreen))


def test_review_with_demo_data(snap_compare, fixed_demo):
    from screens.review import ReviewScreen

    assert snap_compare(make_app(fixed_demo), terminal_size=SIZE, run_before=pushing(ReviewScreen))


def test_checkin_question(snap_compare, fixed_demo):
    from screens.checkin import CheckinScreen

    assert snap_compare(make_app(fixed_demo), terminal_size=SIZE, run_before=pushing(CheckinScreen, "enter", "1"))


def test_progress_with_demo_data(snap_compare, fixed_demo):
    from screens.progress import ProgressScreen

    assert snap_compare(make_app(fixed_demo), terminal_size=SIZE, run_before=pushing(ProgressScreen))


def test_progress_scores_high_contrast(snap_compare, fixed_demo):
    from screens.progress import ProgressScreen

    app = make_app(fixed_demo, theme="high-contrast")
    assert snap_compare(app, terminal_size=SIZE, run_before=pushing(ProgressScreen, "2"))


def test_settings(snap_compare, fixed_demo):
    from screens.settings import SettingsScreen

    assert snap_compare(make_app(fixed_demo), terminal_size=SIZE, run_before=pushing(SettingsScreen))
