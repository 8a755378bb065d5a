"""One full log of each curriculum exercise (staying-well plan, behavioural experiment, activity
hierarchy, sleep scheduling) through the Log form, asserting the values stored on the attempt
and the derived values (the sleep window, the change in belief)."""

from __future__ import annotations

from datetime import date, time

import pytest
from harness import SIZE, make_app, settle
from textual.widgets import Select, SelectionList, TextArea

from screens.log import LogScreen
from screens.today import TodayScreen
from screens.widgets.form import Entry
from screens.widgets.rating import RatingSlider
from workbook.content.exercises import derived_values
from workbook.core.model import Plan
from workbook.core.outcomes import Outcome

TYPED = {
    "staying-well-plan": {
        "what_helped": "Walking every morning, and writing down worries at 6pm.",
        "warning_signs": "Sleeping badly and not answering texts.",
        "sign_types": ["changes in sleep", "pulling away from people"],
        "setbacks": "Winter, and busy weeks at work.",
        "action_plan": "Go back to the morning walk and the worry time straight away.",
        "who_can_help": "My sister; my GP.",
        "keep_going": "One walk a day, worry time twice a week.",
        "confidence": 7,
        "review_when": "First Sunday of each month",
    },
    "behavioural-experiment": {
        "belief": "If I speak up in the meeting, people will think I'm stupid.",
        "belief_before": 80,
        "prediction": "Silence, then someone will roll their eyes.",
        "experiment": "Ask one question in Tuesday's team meeting.",
        "problems": "I might freeze: I'll write the question down first.",
        "as_predicted": "no",
        "what_happened": "Two people nodded and the manager said it was a good point.",
        "learned": "People are more interested in the question than in judging me.",
        "belief_after": 35,
    },
    "activity-hierarchy": {
        "routine": "Washing up (easy)\nChanging the bed (medium)",
        "pleasurable": "Phone my friend (medium)\nSwim (hard)",
        "necessary": "Open the post (easy)\nBook the dentist (hard)",
        "first_activity": "Open the post",
        "first_kind": "necessary",
        "first_difficulty": "easy",
        "confidence": 8,
    },
    "sleep-scheduling": {
        "average_sleep": 330,
        "wake_time": "06:30",
        "bedtime": "01:00",
        "daytime_sleepiness": 4,
        "only_when_sleepy": True,
        "got_up_if_awake": True,
        "bed_for_sleep_only": False,
        "same_wake_time": True,
        "no_naps": True,
        "note": "Hard on the first two nights.",
    },
}
DERIVED = {"behavioural-experiment": {"belief_change": 45}, "sleep-scheduling": {"sleep_window": 330}}


def _fill(log: LogScreen, values: dict[str, object]) -> None:
    for field_id, value in values.items():
        control = log.query_one(f"#f-{field_id}")
        if isinstance(control, RatingSlider):
            control.value = value
        elif isinstance(control, TextArea):
            control.text = str(value)
        elif isinstance(control, Entry):
            control.value = str(value)
        elif isinstance(control, Select):
            control.value = {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value
        elif isinstance(control, SelectionList):
            for option in value:  # type: ignore[attr-defined]
                control.select(option)
        else:  # pragma: no cover - a new kind of control needs a line here
            raise AssertionError(f"no way to fill {field_id}: {type(control).__name__}")


@pytest.mark.parametrize("exercise_id", sorted(TYPED))
async def test_one_full_log_is_stored_as_typed(welcomed, exercise_id):
    plan = welcomed.add_plan(Plan(exercise_id=exercise_id, what=f"Practise {exercise_id}", where="home",
                                  start_date=date(2026, 11, 30), start_time=time(8, 30), zone="Europe/London"))
    app = make_app(welcomed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_log(plan.id)
        await settle(pilot)
        log = app.screen
        assert isinstance(log, LogScreen)
        await pilot.click("#outcome-done")
        _fill(log, TYPED[exercise_id])
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen), "the log was not saved"
    (attempt,) = welcomed.attempts()
    assert attempt.plan_id == plan.id and attempt.outcome == Outcome.DONE
    assert attempt.values == TYPED[exercise_id]  # minutes as whole numbers, times as HH:MM, yes/no as True/False
    exercise = welcomed.exercises.get(exercise_id)
    derived = derived_values(exercise, attempt.values)
    for key, value in DERIVED.get(exercise_id, {}).items():
        assert derived[key] == value
