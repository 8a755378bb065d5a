"""Period statistics against numbers worked out by hand (see records_fixture for the records)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from records_fixture import LONDON, REPORT_NOW, WEEK_END, WEEK_START, Ids, at, build

from workbook.core.model import Attempt, Plan, SessionNote
from workbook.core.times import to_iso
from workbook.facade.workbook import Workbook
from workbook.insight.review import Tally, review, since_last_call, slots, this_week


@pytest.fixture(scope="module")
def fixture(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workbook, Ids]:
    home = tmp_path_factory.mktemp("review") / "home"
    ids = build(home)
    return Workbook.open(home, clock=lambda: REPORT_NOW, daily_backup=False), ids


@pytest.fixture(scope="module")
def week(fixture):
    wb, _ = fixture
    return wb.review(WEEK_START, WEEK_END, now=WEEK_END)


def test_per_plan_counts(week, fixture) -> None:
    _, ids = fixture
    got = {s.plan.id: s.tally for s in week.plans}
    # A: 8 = 7 daily occurrences (25 Oct once) + the 02:00 one logged before the time moved.
    assert got[ids.a] == Tally(planned=8, done=4, partly=1, not_done=1, not_logged=2, minutes=44)
    # B ended Friday 12:00 UTC: 19-22 count, its extra practice on Saturday counts apart.
    assert got[ids.b] == Tally(planned=4, done=2, not_done=1, not_logged=1, extra=1, minutes=60)
    # C paused Wednesday: Monday counts; Thursday counts only because it was logged.
    assert got[ids.c] == Tally(planned=2, done=1, not_logged=1, minutes=30)
    # D made Thursday 15:00 UTC (any time of day): Thursday to Sunday.
    assert got[ids.d] == Tally(planned=4, done=1, not_logged=3, minutes=5)
    assert week.total == Tally(planned=18, done=8, partly=1, not_done=2, not_logged=7, extra=1, minutes=139)
    assert week.total.completion == pytest.approx(8 / 18)
    assert week.minutes == 139


def test_per_exercise(week) -> None:
    got = {e.exercise_id: (e.title, e.tally.planned, e.tally.done) for e in week.exercises}
    assert got == {
        "breathing-practice": ("Slow breathing", 8, 4),
        "activity-scheduling": ("Planned activity", 4, 2),
        "worry-time": ("Worry time", 2, 1),
        "sleep-diary": ("Sleep diary", 4, 1),
    }


def test_daylight_saving_day_occurs_once(week, fixture) -> None:
    _, ids = fixture
    a_slots = [s for s in week.slots if s.plan.id == ids.a]
    on_25 = [s for s in a_slots if s.at is not None and s.at.date() == date(2026, 10, 25)]
    assert len(on_25) == 1 and on_25[0].at.utcoffset() == timedelta(hours=1) and on_25[0].state == "done"


def test_barriers_latest_attempt_wins(week) -> None:
    got = [(b.code, b.label, b.count, [n.note for n in b.notes]) for b in week.barriers]
    assert got == [
        ("forgot", "I forgot", 2, ["Marmalade the cat"]),
        ("no_time", "I didn't have time", 1, []),
        ("tired_low", "I was too tired or low", 1, ["Felt like lead"]),
        ("too_anxious", "I felt too anxious", 1, ["the hallway creaked"]),
    ]  # "other" / "wobbly jelly" was on the partly attempt later replaced by done


def test_rating_changes(week) -> None:
    got = {(r.exercise_id, r.field_id): (r.first, r.last, r.count) for r in week.ratings}
    assert got[("breathing-practice", "tension_before")] == (6, 4, 5)
    assert got[("breathing-practice", "tension_after")] == (3, 2, 5)
    assert got[("breathing-practice", "tension_change")] == (3, 2, 5)
    assert got[("breathing-practice", "minutes")] == (10, 12, 5)
    assert got[("activity-scheduling", "mood_before")] == (3, 4, 2)
    assert got[("activity-scheduling", "mood_after")] == (6, 8, 2)
    assert got[("activity-scheduling", "mood_change")] == (3, 4, 2)
    assert got[("worry-time", "anxiety_before")] == (7, 7, 1)
    assert got[("sleep-diary", "quality")] == (3, 3, 1)
    changed = {(r.exercise_id, r.field_id) for r in week.changed_ratings}
    assert ("worry-time", "anxiety_before") not in changed and ("breathing-practice", "tension_after") in changed
    kinds = {r.field_id: r.kind for r in week.ratings}
    assert kinds["tension_before"] == "rating" and kinds["tension_change"] == "derived" and kinds["minutes"] == "minutes"


def test_supporters(week, fixture) -> None:
    _, ids = fixture
    got = [(s.name, s.helped, s.plan_ids) for s in week.supporters]
    assert got == [("Bartholomew", 1, (ids.b,)), ("Cordelia", 0, (ids.a,))]
    assert week.helped_unnamed == 1


def test_later_occurrences_are_not_planned_yet(fixture) -> None:
    wb, ids = fixture
    mid = at(2026, 10, 22, 12)  # Thursday noon: the rest of the week is still to come
    stats = wb.review(WEEK_START, WEEK_END, now=mid)
    a = next(s.tally for s in stats.plans if s.plan.id == ids.a)
    # 19-22 due (22 not logged); 23, 25 logged early count; 24 01:30 later; orphan 24 02:00 logged.
    assert (a.planned, a.later) == (7, 1)


# -- small pure cases: daylight saving ---------------------------------------------------------


def _plan(**kw) -> Plan:
    base = dict(exercise_id="worry-time", what="x", start_date=date(2026, 3, 23), start_time=time(1, 30),
                zone="Europe/London", rrule="FREQ=DAILY", created_at="2026-03-01T00:00:00+00:00",
                updated_at="2026-03-01T00:00:00+00:00")
    return Plan(**{**base, **kw})


def _attempt(plan: Plan, occurrence: datetime, outcome: str = "done") -> Attempt:
    stamp = to_iso(occurrence + timedelta(hours=1))
    return Attempt(plan_id=plan.id, exercise_id=plan.exercise_id, occurrence=to_iso(occurrence), logged_at=stamp,
                   created_at=stamp, updated_at=stamp, outcome=outcome, minutes=5)


def test_spring_forward_reads_missing_time_before_the_gap_and_matches_its_attempt() -> None:
    plan = _plan()
    moved = datetime(2026, 3, 29, 2, 30, tzinfo=LONDON)  # 01:30 does not exist; read as 01:30 GMT = 02:30 BST
    start, end = datetime(2026, 3, 28, tzinfo=LONDON), datetime(2026, 3, 30, tzinfo=LONDON)
    found = slots([plan], [_attempt(plan, moved)], start, end)
    assert [(s.at.isoformat(), s.state) for s in found] == [
        ("2026-03-28T01:30:00+00:00", "not_logged"),
        ("2026-03-29T02:30:00+01:00", "done"),
    ]
    # The 23-hour day is still one day: seven occurrences in the week either side of the change.
    week = review([plan], [], datetime(2026, 3, 23, tzinfo=LONDON), datetime(2026, 3, 30, tzinfo=LONDON))
    assert week.total.planned == 7 and week.total.not_logged == 7


def test_fall_back_evening_plan_keeps_wall_time() -> None:
    plan = _plan(start_date=date(2026, 10, 20), start_time=time(19, 0))
    found = slots([plan], [], datetime(2026, 10, 24, tzinfo=LONDON), datetime(2026, 10, 27, tzinfo=LONDON))
    assert [s.at.isoformat() for s in found] == [
        "2026-10-24T19:00:00+01:00", "2026-10-25T19:00:00+00:00", "2026-10-26T19:00:00+00:00"]


def test_extra_practice_outside_period_is_ignored() -> None:
    plan = _plan()
    stamp = "2026-03-20T10:00:00+00:00"
    extra = Attempt(plan_id=plan.id, exercise_id="worry-time", logged_at=stamp, created_at=stamp, updated_at=stamp,
                    outcome="done")
    stats = review([plan], [extra], datetime(2026, 3, 23, tzinfo=LONDON), datetime(2026, 3, 24, tzinfo=LONDON))
    assert stats.total.extra == 0 and stats.total.planned == 1


def test_periods() -> None:
    now = datetime(2026, 10, 22, 12, tzinfo=LONDON)
    notes = [SessionNote(call_date=date(2026, 10, 5)), SessionNote(call_date=date(2026, 10, 19)),
             SessionNote(call_date=date(2026, 11, 2))]  # a future call does not count
    assert since_last_call(notes, now, "Europe/London") == (datetime(2026, 10, 19, tzinfo=LONDON), date(2026, 10, 19))
    assert since_last_call([], now, "Europe/London") == (datetime(2026, 10, 8, tzinfo=LONDON), None)
    assert this_week(now, "Europe/London") == (datetime(2026, 10, 19, tzinfo=LONDON), datetime(2026, 10, 26, tzinfo=LONDON))


def test_review_without_library_or_taxonomy(fixture) -> None:
    wb, _ = fixture
    stats = review(wb.plans(), wb.attempts(), WEEK_START, WEEK_END)
    assert stats.ratings == () and stats.barriers[0].label == "forgot"
    assert stats.total.planned == 18
