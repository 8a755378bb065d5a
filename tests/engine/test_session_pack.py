"""The session pack in the engine: the reader, the writer it reads back, the import and each decision.

The rules that matter to the patient are checked on stored data: an import is all there once
(note, answers, next call, suggestions), importing the same pack again writes nothing, a bad or
unknown-exercise pack is refused whole, and a declined plan keeps its reason for the review pack.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta

import pytest
from helpers import NOW, db_files
from session_pack_sample import SAMPLE, write_sample

from workbook.core.errors import ValidationError, WorkbookError
from workbook.core.model import Settings
from workbook.core.suggestions import DeclinedSuggestion
from workbook.facade import SETTINGS_ID, Workbook
from workbook.planning.pack_import import agreed_words
from workbook.planning.session_pack import (
    PackAnswer,
    SessionPack,
    SessionPackError,
    SuggestedPlan,
    parse_session_pack,
    session_pack_toml,
    write_session_pack,
)


@pytest.fixture
def workbook(tmp_path):
    clock = {"now": NOW}
    workbook = Workbook.open(tmp_path / "home", clock=lambda: clock["now"], daily_backup=False)
    with workbook.store.transaction(NOW) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", welcome_done=True))
    workbook.test_clock = clock  # type: ignore[attr-defined]
    return workbook


def snapshot(workbook: Workbook) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in db_files(workbook.home)}


def test_the_sample_reads_as_written():
    pack = parse_session_pack(SAMPLE)
    assert pack.practitioner == "Alex Morgan" and pack.session_date == date(2026, 11, 19)
    assert pack.next_call == datetime(2026, 12, 3, 10, 0) and pack.questionnaires == ("phq9", "gad7")
    walk = pack.plan("walk")
    assert walk is not None and walk.time == time(18, 30) and walk.repeat == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert (walk.if_text, walk.then_text) == ("it rains", "walk round the shopping centre")
    assert pack.plan("worry").kind is None  # the exercise's usual kind, settled at import
    assert pack.answers == (PackAnswer("Is it OK to skip a day?",
                                       "Yes. Missing a day is normal; just pick it up the next day."),)


def test_the_writer_writes_what_the_reader_reads_back(tmp_path):
    pack = SessionPack(practitioner="Dr Ng", session_date=date(2026, 12, 3),
                       plans=(SuggestedPlan(key="a", exercise_id="thought-record", what="Thought record \"after\" work",
                                            kind="set_time", time=time(19, 0), repeat="FREQ=WEEKLY;BYDAY=TU,TH",
                                            start=date(2026, 12, 4), until=date(2027, 1, 4), minutes=15,
                                            rationale="Line one\nline two \\ done"),),
                       notes="Two\nlines", answers=(PackAnswer("q1", "a1"),), questionnaires=("wsas",))
    assert parse_session_pack(session_pack_toml(pack)) == pack
    written = write_session_pack(pack, tmp_path / "out.toml", NOW)
    assert written.path == tmp_path / "out.toml"
    assert (tmp_path / "out.toml").stat().st_mode & 0o777 == 0o600
    assert parse_session_pack((tmp_path / "out.toml").read_bytes()) == pack


def test_the_writer_refuses_a_pack_the_reader_would(tmp_path):
    bad = SessionPack(practitioner="", session_date=date(2026, 12, 3))
    with pytest.raises(SessionPackError, match="practitioner: is missing|practitioner: is empty"):
        session_pack_toml(bad)


@pytest.mark.parametrize(("change", "message"), [
    (("minutes = 20", "minuts = 20"), 'plan "walk": minuts: is not a field of a plan'),
    (("minutes = 20", 'minutes = "20"'), 'plan "walk": minutes: must be a whole number'),
    (("key = \"worry\"", "key = \"walk\""), 'plan "walk": key: two plans have this key'),
    (("time = \"18:30\"", "time = \"6.30pm\""), 'plan "walk": time: must be a time of day'),
    (("repeat = \"weekdays\"", "repeat = \"fortnightly\""), 'plan "walk": repeat:'),
    (("aim = 2", "time = \"09:00\""), 'plan "panic": time: a \'when it happens\' record'),
    (("session_date = 2026-11-19", "session_date = \"19/11/2026\""), "session_date: '19/11/2026' is not a date"),
    (('"phq9", "gad7"', '"phq9", "beck"'), "questionnaires: must be a list of phq9, gad7, wsas"),
    (("version = 1", "version = 2"), "version: is 2, newer than this Workbook reads"),
    (("workbook-session-pack", "workbook-review-pack"), "format: must be"),
    (('then = "walk round the shopping centre"\n', ""), 'plan "walk": then: an if-then needs both halves'),
    (("[[answer]]\n", "[[answer]]\nwho = 1\n"), "answer 1: who: is not a field of an answer"),
    (("session_date = 2026-11-19", "session_date = 2026-11-19\nsession_date = 2026-11-20"), "is not a TOML file"),
])
def test_a_bad_field_is_named_in_one_line(change, message):
    with pytest.raises(SessionPackError) as caught:
        parse_session_pack(SAMPLE.replace(*change), source="session.toml")
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert str(caught.value).startswith("session.toml: ")


def test_import_stores_everything_once(workbook, tmp_path):
    question = workbook.save_question("Is it ok to skip a day")
    result = workbook.import_session_pack(write_sample(tmp_path))
    assert result.new and result.answered == 1 and [s.key for s in result.pending] == ["walk", "worry", "panic"]
    answered = workbook.questions()[0]
    assert answered.id == question.id and answered.answer.startswith("Yes. Missing a day")
    assert answered.answered_on == date(2026, 11, 19) and answered.asked
    note = workbook.session_notes()[-1]
    assert note.call_date == date(2026, 11, 19) and note.agreed.startswith("We looked at evenings")
    assert note.next_call == "2026-12-03T10:00:00+00:00"
    settings = workbook.settings()
    assert settings.practitioner_name == "Alex Morgan" and settings.next_call == "2026-12-03T10:00:00+00:00"
    pack = workbook.last_session_pack()
    assert pack is not None and pack.questionnaires == ["phq9", "gad7"] and pack.note_id == note.id
    assert workbook.questionnaires_asked() == ["phq9", "gad7"]
    assert workbook.plans() == []  # nothing is a plan until the patient says so


def test_importing_the_same_pack_twice_changes_nothing(workbook, tmp_path):
    path = write_sample(tmp_path)
    workbook.import_session_pack(path)
    workbook.accept_suggestion(workbook.suggestions()[0].id)
    before = snapshot(workbook)
    workbook.test_clock["now"] = NOW + timedelta(hours=3)
    again = workbook.import_session_pack(write_sample(tmp_path, "# kept, with a comment\n" + SAMPLE, "copy.toml"))
    assert not again.new and [s.key for s in again.pending] == ["worry", "panic"]
    assert snapshot(workbook) == before


def test_a_corrected_pack_for_the_same_session_offers_only_what_is_undecided(workbook, tmp_path):
    workbook.import_session_pack(write_sample(tmp_path))
    walk = workbook.suggestion("walk", workbook.last_session_pack().id)
    workbook.decline_suggestion(walk.id, "I work late")
    corrected = workbook.import_session_pack(write_sample(tmp_path, SAMPLE.replace("minutes = 15", "minutes = 10")))
    assert corrected.new and [s.key for s in corrected.pending] == ["worry", "panic"]
    assert [s.key for s in workbook.suggestions(pending_only=True)] == ["worry", "panic"]
    assert workbook.suggestions(pending_only=True)[0].plan["minutes"] == 10


def test_an_unknown_exercise_is_refused_whole(workbook, tmp_path):
    before = snapshot(workbook)
    with pytest.raises(SessionPackError, match='session.toml: plan "walk": exercise: there is no exercise called'):
        workbook.import_session_pack(write_sample(tmp_path, SAMPLE.replace('"activity-scheduling"', '"yoga"')))
    with pytest.raises(SessionPackError, match='plan "worry": kind: Worry time is kept as set_time, not as_needed'):
        workbook.import_session_pack(write_sample(tmp_path, SAMPLE.replace('repeat = "daily"\n', "kind = \"as_needed\"\n")
                                                  .replace('time = "18:00"\n', "")))
    assert snapshot(workbook) == before and workbook.session_packs() == []


def test_accept_as_it_is_carries_where_it_came_from(workbook, tmp_path):
    workbook.import_session_pack(write_sample(tmp_path))
    pack = workbook.last_session_pack()
    plan = workbook.accept_suggestion(workbook.suggestion("walk", pack.id).id)
    stored = workbook.plan(plan.id)
    assert (stored.what, stored.start_time, stored.where, stored.minutes) == ("Walk round the park", time(18, 30),
                                                                              "the park", 20)
    assert stored.start_date == NOW.date()  # the session was yesterday: it starts today, nothing already overdue
    assert stored.why.startswith("Getting moving") and stored.if_then == [
        {"if": "it rains", "then": "walk round the shopping centre"}]
    assert stored.agreed_in_session and stored.agreed_with == "Alex Morgan" and stored.agreed_on == date(2026, 11, 19)
    assert agreed_words(stored) == "agreed with Alex Morgan on Thu 19 Nov"
    assert workbook.suggestion("walk", pack.id).decision == "accepted"
    assert workbook.session_notes()[-1].agreed_plan_ids == [plan.id]
    with pytest.raises(WorkbookError, match="accepted already"):
        workbook.accept_suggestion(workbook.suggestion("walk", pack.id).id)
    worry = workbook.accept_suggestion(workbook.suggestion("worry", pack.id).id)
    panic = workbook.accept_suggestion(workbook.suggestion("panic", pack.id).id)
    assert worry.kind == "set_time" and worry.rrule == "FREQ=DAILY"
    assert panic.kind == "as_needed" and panic.aim_per_week == 2 and panic.rrule is None
    assert workbook.suggestions(pending_only=True) == []


def test_adjust_keeps_the_patients_changes(workbook, tmp_path):
    workbook.import_session_pack(write_sample(tmp_path))
    walk = workbook.suggestion("walk", workbook.last_session_pack().id)
    mine = dataclasses.replace(workbook.suggestion_plan(walk.id), start_time=time(8, 0), minutes=10)
    plan = workbook.accept_suggestion(walk.id, plan=mine)
    assert workbook.plan(plan.id).start_time == time(8, 0) and workbook.plan(plan.id).agreed_with == "Alex Morgan"
    assert workbook.suggestion(walk.id).decision == "adjusted" and workbook.suggestion(walk.id).plan_id == plan.id


def test_decline_keeps_the_reason_for_the_review_pack(workbook, tmp_path):
    workbook.import_session_pack(write_sample(tmp_path))
    worry = workbook.suggestion("worry", workbook.last_session_pack().id)
    with pytest.raises(ValidationError, match="a few words"):
        workbook.decline_suggestion(worry.id, "  ")
    workbook.decline_suggestion(worry.id, "Evenings are when I see my kids")
    declined = workbook.declined_suggestions(since=date(2026, 11, 19))
    assert declined == [DeclinedSuggestion(what="Worry time at the kitchen table", exercise_id="worry-time",
                                           practitioner="Alex Morgan", session_date=date(2026, 11, 19),
                                           reason="Evenings are when I see my kids", decided_at=NOW)]
    assert workbook.declined_suggestions(since=date(2026, 11, 21)) == []


def test_the_questionnaire_nudge_goes_once_they_are_done_or_the_call_has_passed(workbook, tmp_path):
    workbook.import_session_pack(write_sample(tmp_path))
    workbook.record_questionnaire("phq9", [0] * 9)
    assert workbook.questionnaires_asked() == ["gad7"]
    assert workbook.questionnaires_asked(datetime(2026, 12, 3, 11, 0, tzinfo=NOW.tzinfo)) == []


def _toml_blocks(path) -> list[str]:
    from helpers import REPO

    text = (REPO / path).read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split("```toml\n")[1:]]


@pytest.mark.parametrize("path", ["README.md", "docs/session-pack.md"])
def test_the_documented_packs_import(path, workbook, tmp_path):
    [block] = _toml_blocks(path)
    result = workbook.import_session_pack(write_sample(tmp_path, block))
    assert result.new and result.pending and result.pack.practitioner == "Alex Morgan"


def test_settings_that_do_not_fit_are_never_overwritten_by_an_import(workbook, tmp_path):
    import json

    from workbook.core.errors import BadRecordError
    from workbook.storage import layout

    core = layout.core_path(workbook.home)
    data = json.loads(core.read_text())
    for row in data["settings"].values():
        row["zone"] = 5
    core.write_text(json.dumps(data))
    before = snapshot(workbook)
    with pytest.raises(BadRecordError, match="zone"):
        workbook.import_session_pack(write_sample(tmp_path))
    assert snapshot(workbook) == before


def test_a_timed_plan_of_a_when_it_happens_exercise_is_a_set_time_plan_as_on_the_command_line(workbook, tmp_path):
    """A thought record given a time and days, with no kind named, is meant at that time (not refused)."""
    timed = SAMPLE.replace('exercise = "panic-diary"\nwhat = "Note a panic attack when one comes"\nkind = "as_needed"\naim = 2\n',
                           'exercise = "thought-record"\nwhat = "A thought record after work"\ntime = "18:00"\n'
                           'repeat = "mon,thu"\n')
    assert timed != SAMPLE
    workbook.import_session_pack(write_sample(tmp_path, timed))
    plan = workbook.accept_suggestion(workbook.suggestion("panic", workbook.last_session_pack().id).id)
    assert (plan.kind, plan.start_time, plan.rrule) == ("set_time", time(18, 0), "FREQ=WEEKLY;BYDAY=MO,TH")
    with pytest.raises(SessionPackError, match='kind: Panic diary is written down when it happens, so it takes no time'):
        workbook.import_session_pack(write_sample(tmp_path, timed.replace('"thought-record"', '"panic-diary"'),
                                                  name="other.toml"))
