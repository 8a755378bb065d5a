"""Snapshots of every screen at 80x24 with a frozen clock and no cursor blink (Textual is pinned in pyproject).

The Supporters, Review, Check-in, Progress and Settings pictures are of the Friday demo, at FRIDAY_NOON;
its home lives at a fixed path, so nothing in a picture depends on the test's temporary folder.
Update with `pytest tests/screens --snapshot-update`, then look at the SVGs in __snapshots__/.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from harness import FRIDAY_NOON, SIZE, fixed_folder, make_app, settle
from textual.widgets import SelectionList


def _plan(workbook, exercise_id: str):
    return next(p for p in workbook.plans() if p.exercise_id == exercise_id)


def test_welcome(snap_compare, fresh):
    assert snap_compare(make_app(fresh), terminal_size=SIZE)


def test_welcome_details(snap_compare, fresh):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("ctrl+s")
        form, still, last = pilot.app.screen.query_one("#form"), 0, None
        for _ in range(50):  # Welcome scrolls to its details until the layout stands still: wait for that
            await settle(pilot)
            still = still + 1 if form.scroll_y == last else 0
            last = form.scroll_y
            if still >= 3:
                break

    assert snap_compare(make_app(fresh), terminal_size=SIZE, run_before=run_before)


def test_today_empty(snap_compare, welcomed):
    assert snap_compare(make_app(welcomed), terminal_size=SIZE)


def test_today_with_demo_data(snap_compare, demo):
    assert snap_compare(make_app(demo), terminal_size=SIZE)


def test_today_high_contrast(snap_compare, demo):
    demo.update_settings(theme="high-contrast")
    assert snap_compare(make_app(demo), terminal_size=SIZE)


def test_library(snap_compare, welcomed):
    assert snap_compare(make_app(welcomed), terminal_size=SIZE, press=["p", "down"])


def test_plan_with_gentle_notes(snap_compare, welcomed):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.open_plan(exercise_id="activity-scheduling")
        await settle(pilot)
        pilot.app.screen.query_one("#what").value = "Try to get out for a walk"
        await settle(pilot)

    assert snap_compare(make_app(welcomed), terminal_size=SIZE, run_before=run_before)


def test_log_thought_record(snap_compare, demo):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.open_log(_plan(demo, "thought-record").id)
        await settle(pilot)
        await pilot.click("#outcome-partly")
        screen = pilot.app.screen
        screen.query_one("#f-situation").text = "My daughter didn't phone on Sunday."
        screen.query_one("#f-emotion").value = "sad, hurt"
        screen.query_one("#f-emotion_intensity").value = 70
        await settle(pilot)
        screen.query_one("#f-emotion_intensity").focus()
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=SIZE, run_before=run_before)


def test_barriers_with_two_chosen(snap_compare, demo):
    async def run_before(pilot):
        await settle(pilot)
        app = pilot.app
        plan = _plan(demo, "activity-scheduling")
        app.open_barriers(plan.id, attempt=demo.log_attempt(plan.id, "partly", now=app.now()))
        await settle(pilot)
        barriers = app.screen.query_one("#barrier-list", SelectionList)
        barriers.select("no_time")
        barriers.select("tired_low")
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=SIZE, run_before=run_before)


def test_barriers_responses(snap_compare, demo):
    async def run_before(pilot):
        await settle(pilot)
        app = pilot.app
        plan = _plan(demo, "activity-scheduling")
        app.open_barriers(plan.id, attempt=demo.log_attempt(plan.id, "not_done", now=app.now()))
        await settle(pilot)
        app.screen.query_one("#barrier-list", SelectionList).select("too_hard")
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.screen.query_one("#response-make_smaller").scroll_visible(top=True, animate=False)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=SIZE, run_before=run_before)


def test_support(snap_compare, welcomed):
    assert snap_compare(make_app(welcomed), terminal_size=SIZE, press=["f1"])


@pytest.fixture
def fixed_friday_demo(friday_demo_source: Path) -> Path:
    with fixed_folder(Path(tempfile.gettempdir()) / "workbook-screen-snapshots" / "friday-demo") as home:
        shutil.copytree(friday_demo_source, home, symlinks=True)
        yield home


def pushing(factory, *keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.push_screen(factory())
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
    return run_before


def test_supporters(snap_compare, fixed_friday_demo):
    from screens.supporters import SupportersScreen

    app = make_app(fixed_friday_demo, FRIDAY_NOON)
    assert snap_compare(app, terminal_size=SIZE, run_before=pushing(SupportersScreen))


def test_review_with_demo_data(snap_compare, fixed_friday_demo):
    from screens.review import ReviewScreen

    app = make_app(fixed_friday_demo, FRIDAY_NOON)
    assert snap_compare(app, terminal_size=SIZE, run_before=pushing(ReviewScreen))


def test_checkin_question(snap_compare, fixed_friday_demo):
    from screens.checkin import CheckinScreen

    app = make_app(fixed_friday_demo, FRIDAY_NOON)
    assert snap_compare(app, terminal_size=SIZE, run_before=pushing(CheckinScreen, "enter", "1"))


def test_progress_with_demo_data(snap_compare, fixed_friday_demo):
    from screens.progress import ProgressScreen

    app = make_app(fixed_friday_demo, FRIDAY_NOON)
    assert snap_compare(app, terminal_size=SIZE, run_before=pushing(ProgressScreen))


def test_progress_scores_high_contrast(snap_compare, fixed_friday_demo):
    from screens.progress import ProgressScreen

    app = make_app(fixed_friday_demo, FRIDAY_NOON, theme="high-contrast")
    assert snap_compare(app, terminal_size=SIZE, run_before=pushing(ProgressScreen, "2"))


def test_settings(snap_compare, fixed_friday_demo):
    from screens.settings import SettingsScreen

    app = make_app(fixed_friday_demo, FRIDAY_NOON)
    assert snap_compare(app, terminal_size=SIZE, run_before=pushing(SettingsScreen))


def test_settings_export_row(snap_compare, fixed_friday_demo):
    """The export row, whose tick box says which kind of export it makes."""
    from screens.settings import SettingsScreen

    async def to_export(pilot) -> None:
        await pushing(SettingsScreen)(pilot)
        pilot.app.screen.query_one("#pseudonymise").focus()
        await settle(pilot)

    app = make_app(fixed_friday_demo, FRIDAY_NOON)
    assert snap_compare(app, terminal_size=SIZE, run_before=to_export)


LONG_WHAT = "Walk round the park after tea with Jo, even if it is raining, and stop at the bench by the pond"
LONG_THEN = "put my trainers by the door the night before and walk just to the corner and back, even for five minutes"


def _long_plan(pilot):
    pilot.app.open_plan(exercise_id="activity-scheduling")


async def _fill_long_plan(pilot) -> None:
    screen = pilot.app.screen
    screen.query_one("#what").value = LONG_WHAT
    screen.query_one("#where").value = "the park at the end of my road, the one with the bandstand and the pond"
    screen.query_one("#if_text").text = "I'm too tired after a long shift and it is dark outside"
    screen.query_one("#then_text").text = LONG_THEN
    screen.query_one("#then_text").focus()


OPEN_AT_BOTH_SIZES = {
    "today": (None, None),
    "library": ("library", None),
    "plan-long-answers": ("plan", _fill_long_plan),
    "review": ("review", None),
    "progress": ("progress", None),
    "checkin": ("checkin", None),
    "supporters": ("supporters", None),
    "settings": ("settings", None),
}


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
@pytest.mark.parametrize("name", list(OPEN_AT_BOTH_SIZES))
def test_screens_at_both_sizes(snap_compare, fixed_friday_demo, name, size):
    route, fill = OPEN_AT_BOTH_SIZES[name]

    async def run_before(pilot):
        await settle(pilot)
        if route == "plan":
            pilot.app.open_plan(exercise_id="activity-scheduling")
        elif route:
            pilot.app.open_screen(route)
        await settle(pilot, 3)
        if fill:
            await fill(pilot)
            await settle(pilot, 3)

    app = make_app(fixed_friday_demo, FRIDAY_NOON)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
