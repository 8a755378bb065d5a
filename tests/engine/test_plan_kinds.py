"""What the workbook counts is what the patient did: plan kinds, pause history, versions and undo.

The worry-and-panic week: a patient who wrote down every worry and panic attack that came,
and did every set-time practice that was due, reads as 100% done everywhere, with each
entry counted, and nothing "missed" that was never due.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from workbook.core.errors import ValidationError, WorkbookError
from workbook.core.model import Plan, Settings
from workbook.core.records import StaleRecordError
from workbook.facade import SETTINGS_ID, Workbook
from workbook.insight.engagement import engagement_rows
from workbook.insight.review import slots, tally

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 9)
MADE = datetime(2026, 11, 8, 12, 0, tzinfo=LONDON)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def home(tmp_path):
    clock = {"now": MADE}
    workbook = Workbook.open(tmp_path / "home", clock=lambda: clock["now"], daily_backup=False)
    with workbook.store.transaction(MADE) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", welcome_done=True))
    return workbook, clock


def _worry_and_panic_week(workbook: Workbook) -> tuple[Plan, Plan, Plan]:
    worry_time = workbook.add_plan(Plan(exercise_id="worry-time", what="Worry time", start_date=MONDAY,
                                        start_time=time(17, 30), zone="Europe/London", rrule="FREQ=DAILY"))
    worries = workbook.add_plan(Plan(exercise_id="worry-diary", what="Note a worry when it comes", kind="as_needed",
                                     start_date=MONDAY, zone="Europe/London", aim_per_week=5))
    panic = workbook.add_plan(Plan(exercise_id="panic-diary", what="Note a panic attack", kind="as_needed",
                                   start_date=MONDAY, zone="Europe/London"))
    for day in range(9, 16):
        workbook.log_attempt(worry_time.id, "done", now=at(day, 17, 50))
    for day, hour in [(9, 10), (9, 15), (11, 9), (12, 13), (12, 20), (14, 11)]:  # two worries on Monday and Thursday
        workbook.log_attempt(worries.id, "done", now=at(day, hour))
    workbook.log_attempt(panic.id, "done", now=at(13, 8))
    return worry_time, worries, panic


def test_a_week_of_everything_that_was_due_reads_as_all_done(home) -> None:
    workbook, clock = home
    worry_time, worries, panic = _worry_and_panic_week(workbook)
    clock["now"] = at(16, 9)
    week = workbook.review(at(9, 0), at(16, 0), now=at(16, 9))
    assert week.total.planned == 7 and week.total.done == 7 and week.total.not_logged == 0
    assert week.total.completion == 1.0
    assert week.total.entries == 7  # six worries (two on one day count as two) and one panic attack
    assert week.total.extra == 0
    by_plan = {s.plan.id: s.tally for s in week.plans}
    assert by_plan[worries.id].entries == 6 and by_plan[worries.id].planned == 0
    assert by_plan[panic.id].entries == 1 and by_plan[panic.id].not_logged == 0


def test_when_it_happens_records_are_never_due_or_overdue(home) -> None:
    workbook, clock = home
    _worry_and_panic_week(workbook)
    clock["now"] = at(20, 12)
    view = workbook.today(at(20, 12))
    assert not [o for o in view.today + view.still_open + view.this_week if o.plan.as_needed]
    assert {r.plan.what: r.this_week for r in view.records} == {"Note a worry when it comes": 0, "Note a panic attack": 0}
    assert "aim: about 5" in view.record_for(next(r.plan.id for r in view.records if r.plan.aim_per_week)).aim_words
    due = workbook.due_reminders(at(20, 17, 30)).due  # worry time's own reminder time
    assert not any(workbook.plan(d.plan_id).as_needed for d in due)


def test_a_when_it_happens_record_cannot_be_logged_for_a_time(home) -> None:
    workbook, _ = home
    _, worries, _ = _worry_and_panic_week(workbook)
    with pytest.raises(ValidationError, match="written when it happens"):
        workbook.log_attempt(worries.id, "done", for_when=date(2026, 11, 10), now=at(12, 9))


def test_occurrences_inside_a_pause_are_not_due_and_editing_keeps_the_history(home) -> None:
    workbook, clock = home
    walk = workbook.add_plan(Plan(exercise_id="activity-scheduling", what="Walk", start_date=MONDAY,
                                  start_time=time(18, 0), zone="Europe/London", rrule="FREQ=DAILY"))
    for day in (9, 10):
        workbook.log_attempt(walk.id, "done", now=at(day, 18, 30))
    workbook.set_plan_status(walk.id, "paused", now=at(11, 8))
    clock["now"] = at(12, 9)
    workbook.update_plan(workbook.plan(walk.id).changed(where="the park"), now=at(12, 9))  # an edit while paused
    workbook.set_plan_status(walk.id, "active", now=at(14, 8))
    workbook.update_plan(workbook.plan(walk.id).changed(minutes=15), now=at(14, 9))  # and one after
    for day in (14, 15):
        workbook.log_attempt(walk.id, "done", now=at(day, 18, 30))
    week = workbook.review(at(9, 0), at(16, 0), now=at(16, 9))
    assert (week.total.planned, week.total.done, week.total.not_logged) == (4, 4, 0)  # 11-13 were paused
    [pause] = workbook.pauses(walk.id)
    assert pause.paused_at.startswith("2026-11-11T08:00") and pause.resumed_at.startswith("2026-11-14T08:00")
    rows = engagement_rows(settings=workbook.settings(), plans=workbook.plans(), attempts=workbook.attempts(),
                           now=at(16, 9), pauses=workbook.pauses())
    week_row = next(r for r in rows if r["week_start"] == "2026-11-09")
    assert week_row["occurrences_due"] == 4 and week_row["completion_rate"] == 1.0


def test_counts_match_ones_computed_by_hand_from_the_raw_records(home) -> None:
    """Engagement, re-derived independently: each set-time occurrence not inside a pause is due."""
    workbook, clock = home
    worry_time, worries, _ = _worry_and_panic_week(workbook)
    once = workbook.add_plan(Plan(exercise_id="exposure-practice", what="Bus once", start_date=date(2026, 11, 10),
                                  start_time=time(10, 0), zone="Europe/London"))
    workbook.set_plan_status(worry_time.id, "paused", now=at(12, 12))
    workbook.set_plan_status(worry_time.id, "active", now=at(13, 12))
    clock["now"] = at(23, 9)
    rows = engagement_rows(settings=workbook.settings(), plans=workbook.plans(), attempts=workbook.attempts(),
                           now=at(23, 9), pauses=workbook.pauses())
    first, second = (next(r for r in rows if r["week_start"] == d) for d in ("2026-11-09", "2026-11-16"))
    # by hand: worry time daily at 17:30 (every one logged, so a pause recorded afterwards unlogs nothing); the bus once.
    assert first["occurrences_due"] == 7 + 1 and first["done"] == 7 and first["not_logged"] == 1
    assert first["entries"] == 6 + 1 and first["extra_practices"] == 0
    assert first["plans_active"] == 4
    assert second["plans_active"] == 3  # the one-off bus practice was only in effect in its own week
    assert second["occurrences_due"] == 7 and second["not_logged"] == 7
    assert once.id not in {s.plan.id for s in slots(workbook.plans(), [], at(16, 0), at(23, 0), pauses=workbook.pauses())}


def test_each_change_keeps_the_previous_version_and_undo_puts_it_back(home) -> None:
    workbook, _ = home
    walk = workbook.add_plan(Plan(exercise_id="activity-scheduling", what="Walk", start_date=MONDAY,
                                  start_time=time(18, 0), zone="Europe/London", rrule="FREQ=DAILY",
                                  if_then=[{"if": "it rains", "then": "walk indoors"}]))
    workbook.apply_response(walk.id, "link_routine", routine="have dinner", now=at(10, 9))
    linked = workbook.plan(walk.id)
    assert linked.routine == "I have dinner" and linked.if_then[0] == {"if": "it rains", "then": "walk indoors"}
    workbook.update_plan(linked.changed(what="Walk round the park"), now=at(10, 10))
    assert workbook.undo_plan(walk.id, now=at(10, 11)).what == "Walk"
    assert workbook.undo_plan(walk.id, now=at(10, 12)).routine == ""
    with pytest.raises(WorkbookError, match="no earlier version"):
        workbook.undo_plan(walk.id, now=at(10, 13))


def test_an_unchanged_save_keeps_every_field_and_makes_no_version(home) -> None:
    workbook, _ = home
    walk = workbook.add_plan(Plan(exercise_id="activity-scheduling", what="Walk", start_date=MONDAY,
                                  start_time=time(18, 0), zone="Europe/London", rrule="FREQ=DAILY",
                                  routine="I have dinner", if_then=[{"if": "a", "then": "b"}, {"if": "c", "then": "d"}]))
    before = workbook.plan(walk.id).to_dict()
    workbook.update_plan(workbook.plan(walk.id), now=at(10, 9))
    assert workbook.plan(walk.id).to_dict() == before and workbook.plan_versions(walk.id) == []


def test_undo_of_a_pause_undoes_its_pause_record(home) -> None:
    workbook, _ = home
    walk = workbook.add_plan(Plan(exercise_id="activity-scheduling", what="Walk", start_date=MONDAY,
                                  start_time=time(18, 0), zone="Europe/London", rrule="FREQ=DAILY"))
    workbook.set_plan_status(walk.id, "paused", now=at(11, 8))
    assert workbook.undo_plan(walk.id, now=at(11, 9)).status == "active" and workbook.pauses(walk.id) == []
    workbook.set_plan_status(walk.id, "paused", now=at(12, 8))
    workbook.set_plan_status(walk.id, "ended", now=at(13, 8))
    [pause] = workbook.pauses(walk.id)
    assert pause.ended and pause.resumed_at is None  # ended while paused: one interval
    assert workbook.undo_plan(walk.id, now=at(13, 9)).status == "paused" and not workbook.pauses(walk.id)[0].ended


def test_a_stale_form_cannot_resume_a_paused_plan(home) -> None:
    workbook, _ = home
    walk = workbook.add_plan(Plan(exercise_id="activity-scheduling", what="Walk", start_date=MONDAY,
                                  start_time=time(18, 0), zone="Europe/London", rrule="FREQ=DAILY"))
    stale = workbook.plan(walk.id)
    workbook.set_plan_status(walk.id, "paused", now=at(11, 8))
    with pytest.raises(StaleRecordError) as raised:  # the stale copy is refused, with the newer version
        workbook.update_plan(stale.changed(where="the park"), now=at(11, 9))
    assert workbook.plan(walk.id).status == "paused" and workbook.plan(walk.id).where == ""
    workbook.update_plan(raised.value.newer.changed(where="the park"), now=at(11, 9))  # on top of the newer one
    assert workbook.plan(walk.id).status == "paused" and workbook.plan(walk.id).where == "the park"


def test_log_for_yesterday_and_minutes_from_the_duration_field(home) -> None:
    workbook, _ = home
    bus = workbook.add_plan(Plan(exercise_id="exposure-practice", what="Bus", start_date=MONDAY,
                                 start_time=time(10, 0), zone="Europe/London", rrule="FREQ=DAILY", minutes=30))
    logged = workbook.log_attempt(bus.id, "partly", for_when=date(2026, 11, 11), now=at(12, 20),
                                  values={"minutes_stayed": 25})
    assert logged.occurrence.startswith("2026-11-11T10:00") and logged.minutes == 25
    walk = workbook.add_plan(Plan(exercise_id="activity-scheduling", what="Walk", start_date=MONDAY,
                                  start_time=time(18, 0), zone="Europe/London", rrule="FREQ=DAILY", minutes=20))
    early = workbook.log_attempt(walk.id, "done", now=at(12, 9))  # before 18:00, with yesterday's logged
    workbook.log_attempt(walk.id, "done", for_when=at(11, 18), now=at(12, 9, 5))
    assert early.minutes == 20  # a done log takes the plan's minutes unless given
    with pytest.raises(ValidationError, match="last week only, and Thu 1 Oct is further back"):
        workbook.log_attempt(walk.id, "done", for_when=date(2026, 10, 1), now=at(12, 9))
    with pytest.raises(ValidationError, match="can't be logged for Sat 14 Nov yet"):
        workbook.log_attempt(walk.id, "done", for_when=date(2026, 11, 14), now=at(12, 9))
    with pytest.raises(ValidationError, match="wasn't planned for Wed 11 Nov at 09:00"):
        workbook.log_attempt(walk.id, "done", for_when=at(11, 9), now=at(12, 9))


def test_slots_without_pause_records_still_stop_at_the_last_change() -> None:
    """A paused plan made before pause history was kept counts as stopped from its last change."""
    plan = Plan(exercise_id="activity-scheduling", what="Walk", start_date=MONDAY, start_time=time(18, 0),
                zone="Europe/London", rrule="FREQ=DAILY", status="paused",
                created_at="2026-11-08T12:00:00+00:00", updated_at="2026-11-11T12:00:00+00:00")
    found = slots([plan], [], at(9, 0), at(16, 0), now=at(16, 0))
    assert tally(found).planned == 2 and {s.at.day for s in found} == {9, 10}
