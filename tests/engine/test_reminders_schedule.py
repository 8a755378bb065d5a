"""The reminder due-check: pure, with the clock passed in (nothing here sleeps or sends).

Covers repeat rules (daily, weekdays, chosen days, every N days, until), the
lead time, paused and ended plans, Europe/London's daylight-saving changes,
quiet hours (including ones spanning midnight), snoozes and skips, the 12-hour
catch-up window with its single gentle "still want to?", retries, supporter
check-ins, and the words: the plan's own, or none at all in discreet mode.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from workbook.core.model import Plan, Settings, Supporter
from workbook.core.reminder_records import ReminderSent, Snooze
from workbook.reminders import text as reminder_text
from workbook.reminders.due import (
    CATCH_UP,
    DueReminder,
    Inputs,
    candidates,
    compute_due,
    due_while_open,
    quiet_shift,
)

LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc
CREATED = "2026-01-01T09:00:00+00:00"
NO_QUIET = dict(quiet_start=None, quiet_end=None)


def settings(**changes) -> Settings:
    base = dict(zone="Europe/London", **NO_QUIET)
    base.update(changes)
    return Settings(**base)


def plan(at: time | None = time(19, 0), rrule: str | None = "FREQ=DAILY", *, start: date = date(2026, 3, 2),
         lead: int | None = 0, **changes) -> Plan:
    fields = dict(exercise_id="activity-scheduling", what="Walk round the park", start_date=start, start_time=at,
                  zone="Europe/London", rrule=rrule, reminder_lead_minutes=lead,
                  if_then=[{"if": "it's raining", "then": "I'll do the stretch video"}],
                  created_at=CREATED, updated_at=CREATED)
    fields.update(changes)
    return Plan(**fields)


def local(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


def fires(p: Plan, first: datetime, last: datetime, s: Settings | None = None) -> list[datetime]:
    """Local fire times of `p` in [first, last)."""
    found = candidates(Inputs(s or settings(), [p]), first, last)
    return [c.fire_at.astimezone(LONDON) for c in found]


def inputs(*plans: Plan, s: Settings | None = None, **more) -> Inputs:
    return Inputs(s or settings(), list(plans), **more)


def record(due: DueReminder, now: datetime, **changes) -> ReminderSent:
    """What the runner stores after sending `due` at `now` (delivered unless changed)."""
    stamp = now.astimezone(UTC).isoformat(timespec="seconds")
    fields = dict(plan_id=due.plan_id, occurrence=due.occurrence_key, kind=due.kind, delivered=True, channel="dbus",
                  tried_at=stamp, snooze_id=due.snooze_id, created_at=stamp, updated_at=stamp)
    fields.update(changes)
    return ReminderSent(**fields)


# -- repeat rules ---------------------------------------------------------------------

WEEK = (local(2026, 3, 2), local(2026, 3, 9))  # Monday 2 March to Sunday 8 March 2026 (GMT)


@pytest.mark.parametrize(
    ("rrule", "days"),
    [
        ("FREQ=DAILY", [2, 3, 4, 5, 6, 7, 8]),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", [2, 3, 4, 5, 6]),
        ("FREQ=WEEKLY;BYDAY=MO,WE,SA", [2, 4, 7]),
        ("FREQ=DAILY;INTERVAL=3", [2, 5, 8]),
        (None, [2]),
    ],
    ids=["daily", "weekdays", "chosen-days", "every-3-days", "once"],
)
def test_repeat_rules(rrule: str | None, days: list[int]) -> None:
    got = fires(plan(rrule=rrule), *WEEK)
    assert [f.day for f in got] == days
    assert all((f.hour, f.minute) == (19, 0) for f in got)


def test_until_is_the_last_day_inclusive() -> None:
    got = fires(plan(until=date(2026, 3, 4)), *WEEK)
    assert [f.day for f in got] == [2, 3, 4]


def test_lead_time_comes_before_the_occurrence() -> None:
    got = fires(plan(lead=30), local(2026, 3, 2), local(2026, 3, 3))
    assert [(f.hour, f.minute) for f in got] == [(18, 30)]


def test_paused_ended_and_no_reminder_plans_are_silent() -> None:
    for p in (plan(status="paused"), plan(status="ended"), plan(lead=None)):
        assert fires(p, *WEEK) == []


def test_anytime_plan_gets_a_morning_reminder() -> None:
    got = fires(plan(at=None), local(2026, 3, 2), local(2026, 3, 3))
    assert [(f.hour, f.minute) for f in got] == [(9, 0)]


def test_occurrences_before_the_plan_existed_are_not_reminded() -> None:
    p = plan(created_at="2026-03-04T12:00:00+00:00")
    assert [f.day for f in fires(p, *WEEK)] == [4, 5, 6, 7, 8]


# -- daylight saving (Europe/London) --------------------------------------------------


def test_spring_forward_missing_time_is_read_with_the_offset_before_the_gap() -> None:
    p = plan(at=time(1, 30), start=date(2026, 3, 27))
    got = fires(p, local(2026, 3, 28), local(2026, 3, 31))
    assert [f.isoformat() for f in got] == [
        "2026-03-28T01:30:00+00:00",
        "2026-03-29T02:30:00+01:00",  # 01:30 does not exist that day (01:00 -> 02:00): 01:30 GMT, as RFC 5545 reads it
        "2026-03-30T01:30:00+01:00",  # wall time kept after the change
    ]


def test_fall_back_repeated_time_fires_once() -> None:
    p = plan(at=time(1, 30), start=date(2026, 10, 20))
    got = fires(p, local(2026, 10, 24), local(2026, 10, 27))
    assert [f.astimezone(UTC).isoformat() for f in got] == [
        "2026-10-24T00:30:00+00:00",
        "2026-10-25T00:30:00+00:00",  # the first 01:30 (BST); the second 01:30 (GMT) is not another one
        "2026-10-26T01:30:00+00:00",
    ]


def test_fall_back_night_sends_one_reminder_across_every_five_minute_run() -> None:
    p = plan(at=time(1, 30), start=date(2026, 10, 20))
    sent: list[ReminderSent] = []
    now = datetime(2026, 10, 24, 23, 0, tzinfo=UTC)
    last = now - timedelta(minutes=5)
    while now < datetime(2026, 10, 25, 4, 0, tzinfo=UTC):  # spans both 01:30s
        for due in compute_due(inputs(p, sent=sent, last_run=last), now).due:
            sent.append(record(due, now))
        last, now = now, now + timedelta(minutes=5)
    assert [r.occurrence for r in sent] == ["2026-10-25T01:30:00+01:00"]


# -- quiet hours ------------------------------------------------------------------------

QUIET = settings(quiet_start=time(22, 0), quiet_end=time(7, 0))  # spans midnight


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (time(23, 0), (2, 21, 59)),  # the end (07:00 tomorrow) is past its day: just before quiet hours
        (time(6, 30), (2, 7, 0)),  # early morning: to 07:00 the same day
        (time(21, 59), (2, 21, 59)),  # just before: unchanged
        (time(7, 0), (2, 7, 0)),  # the end itself is not quiet
        (time(22, 0), (2, 21, 59)),  # the start is quiet; likewise brought forward
    ],
)
def test_quiet_hours_spanning_midnight(at: time, expected: tuple[int, int, int]) -> None:
    got = fires(plan(at=at, rrule=None), local(2026, 3, 1), local(2026, 3, 5), QUIET)
    assert [(f.day, f.hour, f.minute) for f in got] == [expected]


def test_quiet_hours_within_a_day() -> None:
    s = settings(quiet_start=time(13, 0), quiet_end=time(14, 30))
    got = fires(plan(at=time(13, 15), rrule=None), local(2026, 3, 1), local(2026, 3, 5), s)
    assert [(f.hour, f.minute) for f in got] == [(14, 30)]


def test_quiet_hours_ending_in_the_spring_forward_gap() -> None:
    s = settings(quiet_start=time(0, 0), quiet_end=time(1, 30))
    moved = quiet_shift(local(2026, 3, 29, 0, 45), s)
    assert moved.astimezone(LONDON).isoformat() == "2026-03-29T02:00:00+01:00"


def test_lead_time_pushed_into_quiet_hours_moves_out() -> None:
    got = fires(plan(at=time(7, 10), lead=20, rrule=None), local(2026, 3, 1), local(2026, 3, 5), QUIET)
    assert [(f.hour, f.minute) for f in got] == [(7, 0)]


# -- due now, the last run, retries ----------------------------------------------------


def test_due_at_its_time_and_next_at_points_to_the_next_one() -> None:
    p = plan(lead=15)
    early = compute_due(inputs(p, last_run=local(2026, 3, 2, 18, 40)), local(2026, 3, 2, 18, 44))
    assert early.due == [] and early.next_at == local(2026, 3, 2, 18, 45)
    check = compute_due(inputs(p, last_run=local(2026, 3, 2, 18, 40)), local(2026, 3, 2, 18, 45))
    assert [(d.kind, d.occurrence) for d in check.due] == [("reminder", local(2026, 3, 2, 19, 0))]
    assert check.next_at == local(2026, 3, 3, 18, 45)


def test_sent_reminders_are_not_due_again() -> None:
    p = plan()
    now = local(2026, 3, 2, 19, 0)
    first = compute_due(inputs(p, last_run=now - timedelta(minutes=5)), now).due
    assert len(first) == 1
    again = compute_due(inputs(p, sent=[record(first[0], now)], last_run=now - timedelta(minutes=5)), now + timedelta(minutes=5))
    assert again.due == []


def test_the_first_run_sends_only_what_is_due_about_now() -> None:
    p = plan(at=time(9, 0))
    assert compute_due(inputs(p), local(2026, 3, 2, 11, 0)).due == []  # no earlier run: no backlog
    assert len(compute_due(inputs(p), local(2026, 3, 2, 9, 20)).due) == 1


def test_what_was_due_before_the_last_run_was_that_runs_job() -> None:
    # e.g. the plan's time was changed to earlier today: no surprise reminder afterwards
    p = plan(at=time(9, 0))
    assert compute_due(inputs(p, last_run=local(2026, 3, 2, 10, 0)), local(2026, 3, 2, 10, 5)).due == []


def test_failed_reminder_is_retried_a_few_times_minutes_apart() -> None:
    p = plan()
    now = local(2026, 3, 2, 19, 0)
    due = compute_due(inputs(p, last_run=now - timedelta(minutes=5)), now).due[0]
    failed = record(due, now, delivered=False, channel="none", reason="no notification server")
    later = now + timedelta(minutes=5)
    assert len(compute_due(inputs(p, sent=[failed], last_run=now), later).due) == 1
    just_tried = compute_due(inputs(p, sent=[failed], last_run=now), now + timedelta(minutes=1))
    assert just_tried.due == [] and just_tried.next_at == now + timedelta(minutes=4)
    out_of_tries = replace(failed, tries=3)
    assert compute_due(inputs(p, sent=[out_of_tries], last_run=now), later).due == []


def test_logged_occurrence_needs_no_reminder() -> None:
    p = plan()
    occurrence = local(2026, 3, 2, 19, 0)
    logged = frozenset({(p.id, occurrence.timestamp())})
    assert compute_due(inputs(p, logged=logged, last_run=occurrence - timedelta(minutes=5)), occurrence).due == []


# -- catch-up window -------------------------------------------------------------------


def test_missed_within_twelve_hours_is_still_sent_kindly() -> None:
    p = plan(at=time(9, 0))
    woke = local(2026, 3, 2, 20, 0)  # 11 hours late: the laptop slept all day
    due = compute_due(inputs(p, last_run=local(2026, 3, 2, 8, 0)), woke).due
    assert [d.kind for d in due] == ["reminder"]
    assert due[0].body.startswith("Earlier today at 09:00: Walk round the park. Still want to do it?")


def test_missed_by_more_than_twelve_hours_becomes_one_gentle_catch_up_today() -> None:
    walk = plan(at=time(7, 0))
    read = plan(at=time(8, 0), what="Read two pages", if_then=[])
    woke = local(2026, 3, 2, 21, 0)
    last = local(2026, 3, 1, 23, 0)
    due = compute_due(inputs(walk, read, last_run=last), woke).due
    assert sorted((d.kind, d.what) for d in due) == [("catch_up", "Read two pages"), ("catch_up", "Walk round the park")]
    text = next(d for d in due if d.what == "Walk round the park").body
    assert text.startswith('Still want to do "Walk round the park" today?')
    # Once sent, not again that day; and nothing for the older days.
    sent = [record(d, woke) for d in due]
    assert compute_due(inputs(walk, read, sent=sent, last_run=woke), woke + timedelta(hours=2)).due == []


def test_nothing_older_than_today_is_caught_up() -> None:
    p = plan(at=time(8, 0))
    # Slept from Sunday night to Monday 07:00: Sunday's 08:00 is 23 hours late and not today.
    check = compute_due(inputs(p, last_run=local(2026, 3, 1, 6, 0)), local(2026, 3, 2, 7, 0))
    assert check.due == []


def test_catch_up_window_constant_is_twelve_hours() -> None:
    assert CATCH_UP == timedelta(hours=12)


# -- snooze and skip --------------------------------------------------------------------


def test_snooze_brings_the_reminder_back_later_and_replaces_the_original() -> None:
    p = plan(lead=15)
    occurrence = local(2026, 3, 2, 19, 0)
    snooze = Snooze(plan_id=p.id, occurrence=occurrence.isoformat(), until=local(2026, 3, 2, 19, 15).isoformat(),
                    created_at="2026-03-02T18:46:00+00:00", updated_at="2026-03-02T18:46:00+00:00")
    last = local(2026, 3, 2, 18, 40)
    assert compute_due(inputs(p, snoozes=[snooze], last_run=last), local(2026, 3, 2, 18, 50)).due == []
    due = compute_due(inputs(p, snoozes=[snooze], last_run=last), local(2026, 3, 2, 19, 15)).due
    assert [(d.kind, d.snooze_id) for d in due] == [("snoozed", snooze.id)]


def test_snooze_into_quiet_hours_waits_for_their_end() -> None:
    p = plan(at=time(21, 0))
    occurrence = local(2026, 3, 2, 21, 0)
    snooze = Snooze(plan_id=p.id, occurrence=occurrence.isoformat(), until=local(2026, 3, 2, 22, 30).isoformat(),
                    created_at=CREATED, updated_at=CREATED)
    got = candidates(Inputs(QUIET, [p], snoozes=[snooze]), local(2026, 3, 2, 21, 1), local(2026, 3, 3, 12, 0))
    assert [(c.kind, c.fire_at.astimezone(LONDON).hour) for c in got] == [("snoozed", 7)]


def test_skip_silences_that_occurrence_only() -> None:
    p = plan()
    skip = Snooze(plan_id=p.id, occurrence=local(2026, 3, 2, 19, 0).isoformat(), skip=True, created_at=CREATED, updated_at=CREATED)
    assert [f.day for f in fires(p, local(2026, 3, 2), local(2026, 3, 4))] == [2, 3]
    got = candidates(Inputs(settings(), [p], snoozes=[skip]), local(2026, 3, 2), local(2026, 3, 4))
    assert [c.occurrence.day for c in got] == [3]


# -- supporters ------------------------------------------------------------------------


def test_supporter_check_in_reminders_fire() -> None:
    dev = Supporter(name="Dev", how=["check_in"], check_in_rrule="FREQ=WEEKLY;BYDAY=SU", check_in_time=time(18, 0),
                    created_at=CREATED, updated_at=CREATED)
    now = local(2026, 3, 8, 18, 0)  # a Sunday
    due = compute_due(Inputs(settings(), [], [dev], last_run=now - timedelta(minutes=5)), now).due
    assert [(d.kind, d.plan_id, d.body) for d in due] == [("check_in", dev.id, "18:00: check in with Dev.")]


# -- words -----------------------------------------------------------------------------


def test_text_uses_the_plans_own_words_and_if_then() -> None:
    now = local(2026, 3, 2, 19, 0)
    due = compute_due(inputs(plan(), last_run=now - timedelta(minutes=5)), now).due[0]
    assert due.body == "19:00: Walk round the park. If it's raining, then I'll do the stretch video."
    assert due.text == due.body


@pytest.mark.parametrize("kind", ["reminder", "catch_up", "check_in"])
@pytest.mark.parametrize("hours_late", [0, 1, 30])
def test_discreet_text_is_neutral(kind: str, hours_late: int) -> None:
    occurrence = local(2026, 3, 2, 19, 0)
    now = occurrence + timedelta(hours=hours_late)
    title, body = reminder_text.notification(kind, "Exposure practice for my panic and anxiety",
                                             [{"if": "my mood drops", "then": "I'll do my thought record"}],
                                             occurrence, now, discreet=True)
    assert title == "Workbook"
    words = (title + " " + body).lower()
    assert not [w for w in reminder_text.HEALTH_WORDS if w in words]
    assert "exposure" not in words and "mood" not in words and "thought" not in words


def test_discreet_mode_end_to_end_and_combined() -> None:
    s = settings(discreet=True)
    now = local(2026, 3, 2, 19, 0)
    due = compute_due(inputs(plan(what="Panic diary"), s=s, last_run=now - timedelta(minutes=5)), now).due[0]
    assert (due.title, due.body) == ("Workbook", "You have something planned at 19:00")
    assert "Panic diary" in due.text  # the in-app text (the workbook is open) keeps the plan's words
    lines = [(now, "Worry time", False), (now, "Panic diary", False), (now, "Walk", False)]
    assert reminder_text.combined(lines, discreet=True) == ("Workbook", "You have 3 things planned")
    title, body = reminder_text.combined(lines, discreet=False)
    assert "Worry time" in body and body.startswith("3 things planned")


def test_kind_words_never_pushy() -> None:
    occurrence = local(2026, 3, 2, 19, 0)
    texts = [reminder_text.full_text(k, "Walk", [], occurrence, occurrence + timedelta(hours=h))
             for k in ("reminder", "catch_up") for h in (0, 2, 14)]
    for text in texts:
        assert not any(word in text.lower() for word in ("missed", "failed", "must", "should", "don't forget"))


# -- the open workbook's timer ------------------------------------------------------------


def test_due_while_open_lists_what_came_due_since_the_last_tick() -> None:
    p = plan(lead=10)
    s = Inputs(settings(), [p])
    assert due_while_open(s, local(2026, 3, 2, 18, 49), local(2026, 3, 2, 18, 48)) == []
    due = due_while_open(s, local(2026, 3, 2, 18, 50), local(2026, 3, 2, 18, 49))
    assert [(d.plan_id, d.occurrence) for d in due] == [(p.id, local(2026, 3, 2, 19, 0))]
    assert due_while_open(s, local(2026, 3, 2, 18, 51), local(2026, 3, 2, 18, 50)) == []


def test_evening_plan_inside_quiet_hours_is_reminded_just_before_they_begin():
    """21:45 plan, 10 min lead, quiet 21:30-08:00: 08:00 tomorrow would be useless, so 21:29 today."""
    from datetime import date as _date
    from datetime import datetime as _dt
    from datetime import time as _time
    from datetime import timezone as _tz

    from workbook.core.model import Plan as _Plan
    from workbook.core.model import Settings as _Settings
    from workbook.reminders.due import quiet_aware_fire_time

    settings = _Settings(zone="Europe/London", quiet_start=_time(21, 30), quiet_end=_time(8, 0))
    plan = _Plan(exercise_id="breathing-practice", what="breathe", start_date=_date(2026, 11, 1),
                 start_time=_time(21, 45), zone="Europe/London", rrule="FREQ=DAILY", reminder_lead_minutes=10)
    from workbook.planning.schedule import days_of

    occurrence = days_of(plan, _date(2026, 11, 30), _date(2026, 11, 30))[0]
    base = occurrence.astimezone(_tz.utc).replace(minute=35)
    assert quiet_aware_fire_time(base, occurrence, settings) == _dt(2026, 11, 30, 21, 29, tzinfo=_tz.utc)
    # A 07:00 plan in the same quiet hours still moves to their end (08:00, same day).
    morning = occurrence.replace(hour=7, minute=0)
    assert quiet_aware_fire_time(morning.astimezone(_tz.utc), morning, settings) == _dt(2026, 11, 30, 8, 0, tzinfo=_tz.utc)
