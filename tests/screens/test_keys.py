"""Keys: none lands in a screen that had not appeared yet, Today's footer fits what it can, Welcome's button has focus."""

from __future__ import annotations

import pytest
from harness import make_app, settle
from textual import events

from screens.today import TodayScreen
from screens.widgets.footer import PALETTE_WIDTH, FittingFooter, key_width


async def test_a_second_e_typed_while_the_plan_opens_never_lands_in_its_words(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        plan = demo.plan(app.screen.selected().plan_id)
        for _ in range(2):  # two presses as fast as a terminal sends them, before the form has appeared
            app.post_message(events.Key("e", "e"))
        await settle(pilot, 4)
        from screens.plan import PlanScreen

        assert isinstance(app.screen, PlanScreen)
        assert app.screen.query_one("#what").value == plan.what
        assert len(app.screen_stack) == 3  # one form opened, not two
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo.plan(plan.id).what == plan.what  # what is stored is unchanged


async def test_keys_typed_once_the_form_is_there_reach_it(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("end", "x")
        assert app.screen.query_one("#what").value.endswith("x")


def _footer_keys(app) -> list[str]:
    footer = app.screen.query_one(FittingFooter)
    return [b.key for b in footer.shown(app.size.width)]


@pytest.mark.parametrize("width, expected", [
    (80, ["f1", "ctrl+q", "l", "p", "question_mark", "e", "b", "r"]),
    (100, ["f1", "ctrl+q", "l", "p", "question_mark", "e", "b", "r", "c", "h"]),
    (180, ["f1", "ctrl+q", "l", "p", "question_mark", "e", "b", "r", "c", "g", "h", "s", "f"]),
])
async def test_todays_footer_shows_every_key_that_fits_in_priority_order(demo, width, expected):
    app = make_app(demo)
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        shown = _footer_keys(app)
        assert shown == expected
        footer = app.screen.query_one(FittingFooter)
        bindings = footer.shown(width)
        assert sum(key_width(app.get_key_display(b), b.description) for b in bindings) <= width - PALETTE_WIDTH
        words = " ".join(str(w.render()) for w in footer.children)  # each key shown whole, with its words
        for binding in bindings:
            assert binding.description in words


async def test_the_footer_follows_the_terminal_when_it_is_resized(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        assert "g" not in _footer_keys(app)
        await pilot.resize_terminal(180, 30)
        await settle(pilot)
        assert "g" in _footer_keys(app)
        assert len(app.screen.query_one(FittingFooter).children) == len(_footer_keys(app)) + 1  # and the palette


async def test_welcome_next_button_has_the_focus_and_enter_goes_on(fresh):
    app = make_app(fresh)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "next"
        assert app.screen.query_one("#form").scroll_y == 0  # the introduction is read from its start
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "first_name"
        await pilot.press("S", "a", "m", "ctrl+s")
        await settle(pilot)
        assert fresh.settings().first_name == "Sam"


async def test_space_presses_the_focused_button_too(fresh):
    app = make_app(fresh)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "first_name"


async def test_the_library_description_keeps_up_with_fast_arrow_presses(welcomed):
    app = make_app(welcomed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        for _ in range(9):
            app.post_message(events.Key("down", None))  # as fast as a held-down key sends them
        await settle(pilot, 4)
        import asyncio

        await asyncio.sleep(0.2)
        await settle(pilot)
        chosen = app.screen.chosen
        shown = str(app.screen.query_one("#about").content)
        assert shown.startswith(welcomed.exercises.get(chosen).title)


def test_the_readme_keys_table_matches_todays_footer_and_keys_list():
    import re
    from pathlib import Path

    from textual.app import App

    from screens.app import WorkbookApp
    from screens.dialogs.keys import key_lines

    readme = Path(__file__).resolve().parents[2] / "README.md"
    row = next(line for line in readme.read_text(encoding="utf-8").splitlines() if line.startswith("| Today |"))
    documented = [(k, w.replace("(or Enter)", "").strip()) for k, w in re.findall(r"\*\*(.+?)\*\* ([^·|]+)", row)]
    bindings = {b.id: b for b in TodayScreen.BINDINGS}
    screen_keys = [bindings[i] for i in TodayScreen.FOOTER if i.startswith("today.")] + [bindings["today.undo"]]
    display = App().get_key_display
    assert documented == [(display(b), b.description) for b in screen_keys]
    listed = {key for key, _ in key_lines(TodayScreen(), list(WorkbookApp.BINDINGS))}
    assert {k for k, _ in documented} <= listed  # every documented key is on the Keys screen too
