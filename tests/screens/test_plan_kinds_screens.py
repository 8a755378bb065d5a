"""The two journeys behind honest numbers, on screen: a worry-and-panic week, and a routine link
followed by an unchanged edit. Each asserts what is stored and what the report then says."""

from __future__ import annotations

from datetime import date, time, timedelta

from harness import NOW, make_app, settle
from textual.widgets import OptionList, Select

from screens.log import LogScreen
from screens.plan import PlanScreen
from screens.today import TodayScreen
from workbook.core.model import Plan
from workbook.outputs.report import build_report


def _row(app, prefix: str) -> int:
    plans = app.screen.query_one("#plans", OptionList)
    return next(i for i, o in enumerate(plans.options) if o.id and o.id.startswith(prefix))


async def test_a_worry_diary_is_noted_when_it_happens_and_never_missed(welcomed):
    worries = welcomed.add_plan(Plan(exercise_id="worry-diary", what="Note a worry when it comes", kind="as_needed",
                                     start_date=date(2026, 11, 23), zone="Europe/London", aim_per_week=3))
    app = make_app(welcomed)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one("#plans", OptionList).highlighted = _row(app, f"record:{worries.id}")
        await pilot.press("l")
        await settle(pilot)
        log = app.screen
        assert isinstance(log, LogScreen) and not log.query("#outcome")  # never "Done / Partly / Not done"
        assert not log.query("#occurrence")
        log.query_one("#f-worry").value = "What if I lose my job?"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert any("Thanks for noting this" in n.message for n in app._notifications)
        assert not any("making the time" in n.message for n in app._notifications)
    [entry] = welcomed.attempts()
    assert entry.occurrence is None and entry.plan_id == worries.id
    week = welcomed.review(NOW - timedelta(days=7), NOW + timedelta(days=1), now=NOW)
    assert week.total.entries == 1 and week.total.not_logged == 0 and week.total.planned == 0


async def test_a_routine_link_then_an_unchanged_edit_keeps_every_field(demo):
    walk = next(p for p in demo.plans() if p.exercise_id == "activity-scheduling")
    demo.apply_response(walk.id, "link_routine", routine="have dinner", now=NOW)
    before = demo.plan(walk.id).to_dict()
    assert len(before["if_then"]) == 2 and before["routine"] == "I have dinner"
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#plans", OptionList).highlighted = _row(app, f"today:{walk.id}")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert app.screen.query_one("#routine").value == "I have dinner"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
    assert demo.plan(walk.id).to_dict() == before  # nothing lost, and no new version for an unchanged save
    report = build_report(demo, now=NOW)
    assert "after I have dinner, about 18:30" in report


async def test_undo_on_today_puts_the_last_change_back(demo):
    walk = next(p for p in demo.plans() if p.exercise_id == "activity-scheduling")
    demo.update_plan(demo.plan(walk.id).changed(what="Walk to the shops"), now=NOW)
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#plans", OptionList).highlighted = _row(app, f"today:{walk.id}")
        await pilot.press("u")
        await settle(pilot)
    assert demo.plan(walk.id).what == walk.what


async def test_the_log_form_offers_the_last_weeks_times_and_says_when_it_is_early(welcomed):
    walk = welcomed.add_plan(Plan(exercise_id="activity-scheduling", what="Walk", start_date=date(2026, 11, 20),
                                  start_time=time(18, 0), zone="Europe/London", rrule="FREQ=DAILY", minutes=20))
    for day in range(23, 30):  # the last week up to yesterday is logged
        welcomed.log_attempt(walk.id, "done", for_when=date(2026, 11, day), now=NOW)
    before = {a.id for a in welcomed.attempts()}
    app = make_app(welcomed)  # Monday 09:00: today's 18:00 is still to come
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        app.open_log(walk.id)
        await settle(pilot)
        log = app.screen
        choice = log.query_one("#occurrence", Select)
        assert str(choice.value).startswith("2026-11-30T18:00")
        assert "Done early: this counts for today's 18:00" in str(log.query_one("#early").render())
        assert log.query_one("#minutes").value == "20"  # filled from the plan, and stored as shown
        assert await pilot.click("#outcome-partly")  # the form stands still: the click lands where it was aimed
        choice.value = next(v for _, v in choice._options if str(v).startswith("2026-11-27"))  # fix one in the week
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not log, "the log was not saved"
    [latest] = [a for a in welcomed.attempts() if a.id not in before]
    assert latest.occurrence.startswith("2026-11-27T18:00") and latest.minutes == 20
