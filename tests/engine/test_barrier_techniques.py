"""Responses that fit the exercise: every barrier x every technique (diary or not) gets only
responses its data allows, an exposure practice is never shortened, and a diary hears that a
shorter entry is fine."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from workbook.content.barriers import BARRIER_CODES, load_taxonomy
from workbook.content.exercises import TECHNIQUES
from workbook.content.techniques import DIARY, technique_ids
from workbook.core.errors import ValidationError
from workbook.core.model import Plan
from workbook.facade.workbook import Workbook
from workbook.planning.adjust import propose

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
SHORTENING = {"make_smaller"}  # the operations that cut the minutes of a practice
EXPOSURE_STEPS = {"step_down", "same_step_with_someone", "quieter_hour"}


@pytest.mark.parametrize("diary", [False, True], ids=["practice", "diary"])
@pytest.mark.parametrize("technique", technique_ids())
@pytest.mark.parametrize("barrier", BARRIER_CODES)
def test_every_response_offered_is_allowed_for_the_technique(barrier: str, technique: str, diary: bool) -> None:
    tax = load_taxonomy()
    offered = tax.responses_for([barrier], technique, diary=diary)
    assert offered, "something must always help"
    context = {technique} | ({DIARY} if diary else set())
    for response in offered:
        assert not context & set(response.not_for), response.code
        assert not response.only_for or context & set(response.only_for), response.code
        assert response.code in tax.get(barrier).responses
    codes = {r.code for r in offered}
    if technique == "graded exposure":
        assert not {r.operation for r in offered} & SHORTENING  # never a shorter exposure
        assert "move_time" not in codes  # "stay the same time, go at a quieter hour" instead
    else:
        assert not codes & EXPOSURE_STEPS
    if not diary:
        assert "shorter_entry" not in codes


def test_too_anxious_on_exposure_gets_the_ladder_steps_first() -> None:
    offered = [r.code for r in load_taxonomy().responses_for(["too_anxious"], "graded exposure")]
    assert offered[:3] == ["step_down", "same_step_with_someone", "quieter_hour"]
    assert "make_smaller" not in offered


def test_a_diary_is_told_a_shorter_entry_is_fine() -> None:
    tax = load_taxonomy()
    offered = [r.code for r in tax.responses_for(["no_time"], "sleep", diary=True)]
    assert offered[0] == "shorter_entry" and "make_smaller" not in offered
    assert "shorter entry is fine" in tax.responses["shorter_entry"].label


def test_exercise_techniques_come_from_the_data_file() -> None:
    assert TECHNIQUES == technique_ids() and "graded exposure" in TECHNIQUES


def test_step_down_keeps_the_minutes_and_changes_the_step() -> None:
    plan = Plan(exercise_id="exposure-practice", what="Supermarket at 5pm", start_date=date(2026, 11, 30), minutes=40)
    asked = propose(plan, "step_down", now=NOW)
    assert asked.needs == ("step",) and asked.plan is None
    done = propose(plan, "step_down", now=NOW, step="Corner shop at 5pm")
    assert done.plan is not None and done.plan.minutes == 40 and done.plan.what == "Corner shop at 5pm"
    assert done.plan.adjustments[-1]["response"] == "step_down"


def test_the_facade_refuses_shortening_an_exposure_plan(tmp_path) -> None:  # type: ignore[no-untyped-def]
    workbook = Workbook.open(tmp_path / "home", clock=lambda: NOW, daily_backup=False)
    exposure = next(e for e in workbook.exercises.all() if e.technique == "graded exposure")
    plan = workbook.add_plan(Plan(exercise_id=exposure.id, what="Bus one stop", start_date=date(2026, 11, 30),
                                  minutes=30))
    with pytest.raises(ValidationError, match="doesn't fit"):
        workbook.apply_response(plan.id, "make_smaller", now=NOW)
    assert workbook.plan(plan.id).minutes == 30
    quieter = workbook.apply_response(plan.id, "quieter_hour", now=NOW, time="14:00")
    assert quieter.plan is not None and workbook.plan(plan.id).minutes == 30
    assert {r.code for r in workbook.responses_for(plan.id, ["too_anxious"])} >= EXPOSURE_STEPS


def test_the_plan_forms_smaller_version_never_shortens_exposure() -> None:
    from workbook.planning.adjust import smaller_version

    exposure = smaller_version("exposure-practice", 40, "FREQ=DAILY", "graded exposure")
    assert exposure is not None and exposure.minutes == 40 and exposure.rrule != "FREQ=DAILY"
    other = smaller_version("breathing-practice", 40, "FREQ=DAILY", "relaxation")
    assert other is not None and other.minutes == 20
