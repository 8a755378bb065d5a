"""*Prepare next session pack*: a draft prefilled from a review pack's current plans, read back as a session pack."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from pathlib import Path

import pytest
from caseload_packs import pack, walk_plan, write_pack

from workbook.insight.caseload import read_caseload
from workbook.insight.next_session import session_draft, session_pack_from
from workbook.planning.session_pack import SessionPackError, parse_session_pack, session_pack_toml

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
WORRY = walk_plan(id="w", exercise_id="worry-time", exercise="Worry time", what="Worry time when it comes",
                  kind="as_needed", status="active", planned_minutes=15, where="", why="", if_then=[],
                  schedule={"start_date": "2026-11-16", "time": None, "rrule": None, "until": None,
                            "aim_per_week": 3, "routine": ""})


def the_row(tmp_path: Path, **changes):
    write_pack(tmp_path / "sam.json", pack(**changes))
    (row,) = read_caseload(tmp_path, None)
    return row


def test_the_draft_is_prefilled_from_current_plans_and_open_questions(tmp_path: Path) -> None:
    row = the_row(tmp_path, plans=[walk_plan(), walk_plan(id="e", what="Ended one", status="ended"),
                                   walk_plan(id="p", what="Paused walk", status="paused"), WORRY])
    draft = session_draft(row, now=NOW, zone="Europe/London")
    assert draft.practitioner == "Alex Morgan"
    assert draft.session_date == "2026-12-01"  # the next call the pack names
    assert [(p.what, p.include) for p in draft.plans] == [
        ("Walk round the park", True), ("Paused walk", False), ("Worry time when it comes", True)]
    walk = draft.plans[0]
    assert (walk.key, walk.exercise_id, walk.kind, walk.time, walk.repeat, walk.minutes, walk.where) == (
        "activity-scheduling", "activity-scheduling", "set_time", "19:00", "MO,WE,FR", "20", "the park")
    assert (walk.rationale, walk.if_text, walk.then_text) == (
        "I feel better outside", "it rains", "walk round the shopping centre")
    assert draft.plans[1].key == "activity-scheduling-2"
    assert (draft.plans[2].aim, draft.plans[2].repeat) == ("3", "")
    assert [a.question for a in draft.answers] == ["Is it OK to skip a day?"]
    assert draft.out == str(tmp_path / "session-sam-2026-12-01.toml")


def test_the_edited_draft_is_a_pack_the_reader_takes(tmp_path: Path) -> None:
    draft = session_draft(the_row(tmp_path, plans=[walk_plan(), WORRY]), now=NOW, zone="Europe/London")
    draft.plans[0].minutes, draft.plans[0].repeat, draft.plans[0].time = "30", "weekdays", "18:30"
    draft.plans[1].include = False
    draft.answers[0].answer = "Yes, a rest day is fine."
    draft.notes = "Keep the walks going.\nTry earlier in the evening."
    draft.next_call = "2026-12-15T10:00"
    built = session_pack_from(draft)
    again = parse_session_pack(session_pack_toml(built, now=NOW))
    assert again == built
    (plan,) = again.plans
    assert (plan.minutes, plan.repeat, plan.time) == (30, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", time(18, 30))
    assert again.answers[0].answer == "Yes, a rest day is fine."
    assert again.session_date == date(2026, 12, 1) and again.questionnaires == ("phq9", "gad7")
    assert again.next_call == datetime(2026, 12, 15, 10, 0)


@pytest.mark.parametrize("change, where", [
    (("plans", 0, "minutes", "lots"), 'plan "activity-scheduling": minutes'),
    (("plans", 0, "time", "7pm"), 'plan "activity-scheduling": time'),
    (("plans", 0, "repeat", "now and then"), 'plan "activity-scheduling": repeat'),
    (("session_date", None, None, "next week"), "session_date"),
    (("questionnaires", None, None, "phq9, mood"), "questionnaires"),
])
def test_a_field_that_does_not_fit_is_named(tmp_path: Path, change, where: str) -> None:
    draft = session_draft(the_row(tmp_path), now=NOW, zone="Europe/London")
    name, index, attr, value = change
    if index is None:
        setattr(draft, name, value)
    else:
        setattr(getattr(draft, name)[index], attr, value)
    with pytest.raises(SessionPackError) as caught:
        session_pack_from(draft)
    assert str(caught.value).startswith(where) and "\n" not in str(caught.value)


def test_an_empty_practitioner_name_is_refused_by_the_writer(tmp_path: Path) -> None:
    draft = session_draft(the_row(tmp_path, practitioner={"name": ""}), now=NOW, zone="Europe/London")
    assert draft.practitioner == ""
    with pytest.raises(SessionPackError, match="practitioner"):
        session_pack_toml(session_pack_from(draft))
