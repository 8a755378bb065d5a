"""Research mode in the app: every action taken through the screens records its event, and only those."""

from __future__ import annotations

from collections import Counter
from datetime import date, time

from harness import make_app, open_home, settle
from textual.widgets import OptionList, Select, SelectionList

from screens.barriers import BarriersScreen
from screens.checkin import CheckinScreen
from screens.log import LogScreen
from screens.today import TodayScreen
from screens.widgets.form import Entry
from workbook.core.model import Plan


async def type_into(pilot, selector: str, text: str) -> None:
    await pilot.click(selector)
    pilot.app.screen.query_one(selector).value = text
    await pilot.pause()


def choose(today: TodayScreen, plan_id: str, prefix: str = "") -> None:
    """Highlight the plan's row on Today (its still-open one, with prefix "open:")."""
    plans = today.query_one("#plans", OptionList)
    plans.highlighted = next(i for i, o in enumerate(plans.options) if o.id and o.id.startswith(prefix) and plan_id in o.id)
    assert today.selected().plan_id == plan_id


async def test_app_actions_and_their_events(tmp_path):
    workbook = open_home(tmp_path / "home", welcome_done=True, research_mode=True, participant_id="P-3")
    breathing = workbook.add_plan(Plan(exercise_id="breathing-practice", what="Slow breathing", zone="Europe/London",
                                       start_date=date(2026, 11, 23), start_time=time(7, 0), rrule="FREQ=DAILY"))
    app = make_app(workbook)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await pilot.press("p")  # the library
        await settle(pilot)
        exercises = app.screen.query_one("#exercises", OptionList)
        exercises.highlighted = exercises.get_option_index("activity-scheduling")
        await pilot.press("p")  # the plan form
        await settle(pilot)
        await type_into(pilot, "#what", "Walk round the park after tea")
        await type_into(pilot, "#start_time", "18:30")
        app.screen.query_one("#repeat-kind", Select).value = "daily"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        [plan] = [p for p in workbook.plans() if p.id != breathing.id]

        # Logged partly, then What got in the way: three barriers chosen plus own words (one more barrier).
        choose(app.screen, plan.id)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)
        await pilot.click("#outcome-partly")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BarriersScreen)
        barriers = app.screen.query_one("#barrier-list", SelectionList)
        for code in ("no_time", "tired_low", "forgot"):
            barriers.select(code)
        app.screen.query_one("#barrier-note").value = "the bus was late"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#make_smaller-apply")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)

        # Still open this morning: "b" on Today, What got in the way (logs it as not done), two barriers.
        choose(app.screen, breathing.id, "open:")
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BarriersScreen)
        barriers = app.screen.query_one("#barrier-list", SelectionList)
        barriers.select("too_anxious")
        barriers.select("other")
        app.screen.query_one("#barrier-note", Entry).value = "a neighbour's dog"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)

        app.push_screen(CheckinScreen())
        await settle(pilot)
        await pilot.press("enter", *"000000000", "n", *"0000000", *"11111")  # PHQ-9 (n: no difficulty answer), GAD-7, WSAS
        await settle(pilot)
        await app.workers.wait_for_complete()
    await app.workers.wait_for_complete()

    attempts = workbook.attempts()
    [attempt] = [a for a in attempts if a.plan_id == plan.id]
    [missed] = [a for a in attempts if a.plan_id == breathing.id]
    assert len(attempt.barriers) == 3  # the own words went with the first barrier chosen
    assert missed.outcome == "not_done" and [b["code"] for b in missed.barriers] == ["too_anxious", "other"]
    stored_barriers = [b["code"] for a in attempts for b in a.barriers]
    responses = workbook.responses()
    assert len(responses) == 3
    events = workbook.events()
    kinds = Counter(e.kind for e in events)
    assert kinds["barrier_noted"] == len(stored_barriers)
    assert sorted(e.refs["barrier"] for e in events if e.kind == "barrier_noted") == sorted(stored_barriers)
    assert Counter(e.refs["attempt"] for e in events if e.kind == "barrier_noted") == {attempt.id: 3, missed.id: 2}
    assert kinds["plan_created"] == 2 and kinds["attempt_logged"] == 2 and kinds["response_applied"] == 1
    assert kinds["questionnaire_completed"] == 3
    assert {e.refs["response"] for e in events if e.kind == "questionnaire_completed"} == {r.id for r in responses}
    assert next(e for e in events if e.kind == "response_applied").refs["plan"] == plan.id
    assert kinds["app_opened"] == 1 and kinds["app_closed"] == 1 and kinds["research_on"] == 1
    viewed = {e.refs["screen"] for e in events if e.kind == "screen_viewed"}
    assert {"today", "barriers"} <= viewed
