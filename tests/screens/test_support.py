"""Support (crisis contacts) is one key away from every screen, and in the palette."""

from __future__ import annotations

from harness import make_app, settle
from textual.widgets import Static

from screens.support import SupportScreen
from screens.today import TodayScreen


def _walk_plan(app):
    return next(p for p in app.workbook.plans() if p.exercise_id == "activity-scheduling")


OPENERS = {
    "today": lambda app: None,
    "library": lambda app: app.open_library(),
    "plan (new)": lambda app: app.open_plan(exercise_id="thought-record"),
    "plan (edit)": lambda app: app.open_plan(plan_id=_walk_plan(app).id),
    "log": lambda app: app.open_log(_walk_plan(app).id),
    "barriers": lambda app: app.open_barriers(_walk_plan(app).id),
    "welcome": lambda app: app.open_welcome(),
}


async def test_f1_opens_support_from_every_screen_and_escape_returns(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for where, opener in OPENERS.items():
            app.go_home()
            opener(app)
            await settle(pilot)
            before = app.screen
            await pilot.press("f1")
            await settle(pilot)
            assert isinstance(app.screen, SupportScreen), where
            shown = " ".join(str(s.content) for s in app.screen.query(Static))
            assert "999" in shown and "116 123" in shown and "nobody is notified" in shown
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is before, where


async def test_support_from_first_run_welcome_and_from_a_dialog(fresh, demo):
    app = make_app(fresh)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")  # the second key, for terminals that keep F1
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen)
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_plan(plan_id=_walk_plan(app).id)
        await settle(pilot)
        app.screen.query_one("#end").press()  # the "End this plan?" dialog
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen)


async def test_support_from_the_command_palette(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"crisis")
        await settle(pilot, 4)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen)


async def test_support_key_is_in_the_footer(welcomed):
    app = make_app(welcomed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = {binding.key: binding.description for (_, binding, enabled, tooltip)
                 in app.screen.active_bindings.values() if binding.show}
        assert shown["f1"] == "Support"
        assert all(binding.description for (_, binding, _, _) in app.screen.active_bindings.values()
                   if binding.show)
