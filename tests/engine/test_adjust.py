"""Every proactive response changes the plan exactly as its preview says."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest

from workbook.content.barriers import RESPONSE_CODES, load_taxonomy
from workbook.core.errors import ValidationError
from workbook.core.model import Plan, Supporter
from workbook.facade.workbook import Workbook
from workbook.planning.adjust import OPERATIONS, fewer_days_rule, propose

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)


def make_plan(**changes) -> Plan:
    base = dict(exercise_id="activity-scheduling", what="walk round the park", where="park", start_date=date(2026, 11, 2),
                start_time=time(18, 30), zone="Europe/London", rrule="FREQ=DAILY", minutes=30, why="to feel like me")
    base.update(changes)
    return Plan(**base)


def test_every_response_in_the_data_has_an_operation():
    taxonomy = load_taxonomy()
    assert set(RESPONSE_CODES) == set(OPERATIONS)
    for response in taxonomy.responses.values():
        assert response.operation in OPERATIONS


def test_make_smaller_halves_minutes_but_not_below_five():
    proposal = propose(make_plan(minutes=30), "make_smaller", now=NOW)
    assert proposal.plan.minutes == 15
    assert proposal.summary == "30 → 15 minutes"
    assert propose(make_plan(minutes=8), "make_smaller", now=NOW).plan.minutes == 5
    assert propose(make_plan(minutes=5), "make_smaller", now=NOW).plan is None


def test_adjustment_is_recorded_on_the_plan():
    proposal = propose(make_plan(), "make_smaller", now=NOW)
    assert proposal.plan.adjustments == [{"at": "2026-11-27T12:00:00+00:00", "response": "make_smaller", "summary": "30 → 15 minutes"}]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("FREQ=DAILY;INTERVAL=2", "FREQ=DAILY;INTERVAL=4"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=WEEKLY;BYDAY=MO"),
        ("FREQ=WEEKLY;BYDAY=MO", None),
        (None, None),
    ],
)
def test_fewer_days(before, after):
    assert fewer_days_rule(before) == after
    proposal = propose(make_plan(rrule=before), "fewer_days", now=NOW)
    if after is None:
        assert proposal.plan is None
    else:
        assert proposal.plan.rrule == after
        assert "→" in proposal.summary


def test_move_time_needs_a_time_then_moves_it():
    assert propose(make_plan(), "move_time", now=NOW).needs == ("time",)
    proposal = propose(make_plan(), "move_time", time="07:15", now=NOW)
    assert proposal.plan.start_time == time(7, 15)
    assert proposal.summary == "18:30 → 07:15"
    with pytest.raises(ValidationError):
        propose(make_plan(), "move_time", time="25:00", now=NOW)


def test_link_routine_and_if_then_add_plans_for_obstacles():
    linked = propose(make_plan(), "link_routine", routine="finish my tea", now=NOW).plan
    assert linked.if_then[-1] == {"if": "after I finish my tea", "then": "walk round the park"}
    assert propose(make_plan(), "add_if_then", if_text="it rains", now=NOW).needs == ("then_text",)
    added = propose(make_plan(), "add_if_then", if_text="it rains", then_text="I'll stretch indoors", now=NOW).plan
    assert added.if_then[-1] == {"if": "it rains", "then": "I'll stretch indoors"}


def test_pause_and_reread_why():
    assert propose(make_plan(), "pause_plan", now=NOW).plan.status == "paused"
    reread = propose(make_plan(), "reread_why", exercise_why="Doing things lifts mood.", now=NOW)
    assert reread.plan is None and "Doing things lifts mood." in reread.summary and "to feel like me" in reread.summary


def test_unknown_response_is_refused():
    with pytest.raises(ValidationError):
        propose(make_plan(), "shout_louder", now=NOW)


def test_apply_response_through_the_facade(tmp_path):
    workbook = Workbook.open(tmp_path / "home", clock=lambda: NOW)
    friend = workbook.save_supporter(Supporter(name="Jo", how=["remind"]))
    plan = workbook.add_plan(make_plan())
    workbook.apply_response(plan.id[:8], "make_smaller", now=NOW)
    workbook.apply_response(plan.id[:8], "ask_supporter", supporter_id=friend.id)
    workbook.apply_response(plan.id[:8], "save_question", question="Is 15 minutes enough?")
    stored = workbook.plan(plan.id)
    assert stored.minutes == 15
    assert stored.supporter_ids == [friend.id]
    assert [a["response"] for a in stored.adjustments] == ["make_smaller", "ask_supporter"]
    assert [q.text for q in workbook.questions()] == ["Is 15 minutes enough?"]
    with pytest.raises(ValidationError):
        workbook.apply_response(plan.id, "move_time")  # needs a time


def test_smaller_version_for_a_plan_being_written():
    from workbook.planning.adjust import smaller_version

    offer = smaller_version("activity-scheduling", 30, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")
    assert (offer.minutes, offer.rrule) == (15, "FREQ=WEEKLY;BYDAY=MO,WE,FR")
    assert offer.summary == "30 → 15 minutes; weekdays → Mon, Wed, Fri"
    assert smaller_version("activity-scheduling", 5, None) is None  # nothing left to shrink
