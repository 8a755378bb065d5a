"""The whole loop, through the screens, checked against what the engine stored."""

from __future__ import annotations

from harness import make_app, settle
from textual.widgets import OptionList, Select, SelectionList

from screens.barriers import BarriersScreen
from screens.library import LibraryScreen
from screens.log import LogScreen
from screens.plan import PlanScreen
from screens.today import TodayScreen
from screens.welcome import WelcomeScreen


async def type_into(pilot, selector: str, text: str) -> None:
    """Click the field, then enter the text (set directly: each simulated key costs ~60 ms)."""
    await pilot.click(selector)
    pilot.app.screen.query_one(selector).value = text
    await pilot.pause()


async def test_first_run_to_smaller_plan(fresh):
    app = make_app(fresh)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("ctrl+s")  # "Next: a few details"
        await settle(pilot)
        await type_into(pilot, "#first_name", "Sam")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert fresh.settings().first_name == "Sam" and fresh.settings().welcome_done

        await pilot.press("p")  # make a plan: the library opens
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        exercises = app.screen.query_one("#exercises", OptionList)
        exercises.highlighted = exercises.get_option_index("activity-scheduling")
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)

        await type_into(pilot, "#what", "Walk round the park after tea")
        await type_into(pilot, "#start_time", "18:30")
        app.screen.query_one("#repeat-kind", Select).value = "weekdays"
        await type_into(pilot, "#where", "the park")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        [plan] = fresh.plans()
        assert plan.rrule == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" and plan.minutes == 30

        await pilot.press("l")  # today's walk is selected first
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)
        await pilot.click("#outcome-partly")
        await type_into(pilot, "#f-activity", "Walked halfway round")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BarriersScreen)

        barriers = app.screen.query_one("#barrier-list", SelectionList)
        barriers.select("no_time")
        barriers.select("tired_low")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#make_smaller-apply")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)

    assert fresh.plan(plan.id).minutes == 15
    [attempt] = fresh.attempts()
    assert attempt.outcome == "partly" and attempt.plan_id == plan.id
    assert [b["code"] for b in attempt.barriers] == ["no_time", "tired_low"]
    assert attempt.values == {"activity": "Walked halfway round"}
