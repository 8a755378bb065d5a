"""Property: for any stored plan, opening it in the Plan form and saving it unchanged leaves every
stored field as it was (no lost if-then pair, routine, aim, kind or time)."""

from __future__ import annotations

import asyncio
from datetime import date, time

from harness import NOW, make_app, settle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screens.plan import PlanScreen
from workbook.core.model import Plan

TEXT = st.text(st.characters(whitelist_categories=("L", "N"), whitelist_characters=" -'"), min_size=1, max_size=30) \
    .map(str.strip).filter(bool)
PAIRS = st.lists(st.fixed_dictionaries({"if": TEXT, "then": TEXT}), max_size=3)
RULES = st.sampled_from([None, "FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "FREQ=WEEKLY;BYDAY=MO,TH",
                         "FREQ=DAILY;INTERVAL=3"])


@st.composite
def plans(draw):
    exercise = draw(st.sampled_from(["activity-scheduling", "thought-record", "worry-diary", "sleep-diary"]))
    kinds = {"activity-scheduling": ["set_time"], "thought-record": ["as_needed", "set_time"],
             "worry-diary": ["as_needed"], "sleep-diary": ["daily_diary"]}[exercise]
    kind = draw(st.sampled_from(kinds))
    as_needed = kind == "as_needed"
    return dict(
        exercise_id=exercise, kind=kind, what=draw(TEXT), where=draw(st.one_of(st.just(""), TEXT)),
        why=draw(st.one_of(st.just(""), TEXT)), routine=draw(st.one_of(st.just(""), TEXT)),
        start_date=date(2026, 11, draw(st.integers(16, 30))),
        start_time=None if as_needed else draw(st.one_of(st.none(), st.builds(time, st.integers(0, 23),
                                                                               st.sampled_from([0, 15, 30, 45])))),
        rrule=None if as_needed else draw(RULES), minutes=draw(st.integers(1, 120)), if_then=draw(PAIRS),
        confidence=draw(st.one_of(st.none(), st.integers(0, 10))),
        aim_per_week=draw(st.one_of(st.none(), st.integers(1, 9))) if as_needed else None,
        reminder_lead_minutes=None if as_needed else draw(st.sampled_from([None, 0, 15, 30])),
        agreed_in_session=draw(st.booleans()), zone="Europe/London")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=plans())
def test_an_unchanged_save_keeps_every_stored_field(welcomed, fields) -> None:
    plan = welcomed.add_plan(Plan(**fields))
    before = welcomed.plan(plan.id).to_dict()

    async def open_and_save() -> None:
        app = make_app(welcomed, NOW)
        async with app.run_test(size=(80, 40)) as pilot:
            await settle(pilot)
            app.open_plan(plan_id=plan.id)
            await settle(pilot)
            assert isinstance(app.screen, PlanScreen)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, PlanScreen), "the unchanged plan did not save"

    asyncio.run(open_and_save())
    assert welcomed.plan(plan.id).to_dict() == before
    welcomed.set_plan_status(plan.id, "ended")
