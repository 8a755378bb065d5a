"""When plans fall due: pure functions with the clock passed in, checked against dateutil."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.core.model import Attempt, Plan
from workbook.core.recurrence import DAY_CODES
from workbook.planning.schedule import (
    _exists,
    days_of,
    occurrences,
    parse_rule,
    plan_dtstart,
    read_before_gap,
    rrule_text,
)
from workbook.planning.today import build_today, choose_occurrence

LONDON = "Europe/London"
UTC = timezone.utc


def plan(rrule: str | None = "FREQ=DAILY", *, start: date = date(2026, 11, 2), at: time | None = time(19, 0),
         zone: str = LONDON, until: date | None = None, status: str = "active", what: str = "Walk") -> Plan:
    return Plan(exercise_id="walk", what=what, start_date=start, start_time=at, zone=zone, rrule=rrule, until=until, status=status)


def local(y: int, m: int, d: int, hh: int = 0, mm: int = 0, zone: str = LONDON) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=ZoneInfo(zone))


def wall(found: list[datetime]) -> list[str]:
    return [f"{o:%a %Y-%m-%d %H:%M}" for o in found]


# -- the repeat kinds -----------------------------------------------------------------------

def test_daily() -> None:
    found = days_of(plan(), date(2026, 11, 2), date(2026, 11, 8))
    assert wall(found) == [f"{d} 2026-11-{n:02d} 19:00" for d, n in zip(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], range(2, 9))]


def test_weekdays() -> None:
    found = days_of(plan("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"), date(2026, 11, 2), date(2026, 11, 15))
    assert [o.strftime("%a") for o in found] == ["Mon", "Tue", "Wed", "Thu", "Fri"] * 2


def test_chosen_days() -> None:
    found = days_of(plan("FREQ=WEEKLY;BYDAY=MO,TH", start=date(2026, 11, 4)), date(2026, 11, 1), date(2026, 11, 16))
    assert wall(found) == ["Thu 2026-11-05 19:00", "Mon 2026-11-09 19:00", "Thu 2026-11-12 19:00", "Mon 2026-11-16 19:00"]


def test_every_n_days_keeps_its_phase_from_the_start_date() -> None:
    found = days_of(plan("FREQ=DAILY;INTERVAL=3", start=date(2026, 11, 2)), date(2026, 11, 5), date(2026, 11, 20))
    assert [o.day for o in found] == [5, 8, 11, 14, 17, 20]


def test_nothing_before_the_start_date() -> None:
    assert days_of(plan(start=date(2026, 11, 10)), date(2026, 11, 1), date(2026, 11, 9)) == []


@pytest.mark.parametrize("zone", [LONDON, "America/Los_Angeles", "Pacific/Auckland", "Asia/Kolkata"])
@pytest.mark.parametrize("at", [time(0, 0), time(7, 30), time(23, 59)])
def test_until_is_the_last_local_day_inclusive(zone: str, at: time) -> None:
    """23:59 local on the last day is the next UTC day in Los Angeles, the same day in Auckland."""
    p = plan(start=date(2026, 6, 1), at=at, zone=zone, until=date(2026, 6, 10))
    found = days_of(p, date(2026, 5, 25), date(2026, 6, 20))
    assert [o.date() for o in found] == [date(2026, 6, d) for d in range(1, 11)]
    assert all(o.time() == at for o in found)


def test_once() -> None:
    p = plan(None, start=date(2026, 11, 20), at=time(8, 15))
    assert wall(days_of(p, date(2026, 11, 1), date(2026, 12, 31))) == ["Fri 2026-11-20 08:15"]
    assert days_of(p, date(2026, 11, 21), date(2026, 12, 31)) == []


def test_a_plan_without_a_time_is_anchored_at_the_start_of_its_day() -> None:
    found = days_of(plan(at=None), date(2026, 11, 3), date(2026, 11, 4))
    assert wall(found) == ["Tue 2026-11-03 00:00", "Wed 2026-11-04 00:00"]


def test_occurrences_bounds_are_half_open_and_must_be_aware() -> None:
    p = plan()
    at = local(2026, 11, 5, 19)
    assert occurrences(p, at, at + timedelta(minutes=1)) == [at]
    assert occurrences(p, at - timedelta(hours=1), at) == []
    assert occurrences(p, at, at) == []
    with pytest.raises(ValueError):
        occurrences(p, datetime(2026, 11, 5), datetime(2026, 11, 6))


def test_rrule_text_carries_the_zone_and_a_utc_until() -> None:
    text = rrule_text(plan("FREQ=WEEKLY;BYDAY=MO", zone="America/New_York", until=date(2026, 12, 31)))
    assert text.splitlines()[0] == "DTSTART;TZID=America/New_York:20261102T190000"
    assert text.splitlines()[1] == "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20270101T045959Z"


# -- daylight saving (Europe/London: 29 March 2026 01:00 -> 02:00; 25 October 2026 02:00 -> 01:00) --

def test_spring_forward_reads_a_missing_time_with_the_offset_before_the_gap() -> None:
    found = days_of(plan(start=date(2026, 3, 20), at=time(1, 30)), date(2026, 3, 28), date(2026, 3, 30))
    assert [(o.isoformat()) for o in found] == [
        "2026-03-28T01:30:00+00:00",  # GMT
        "2026-03-29T02:30:00+01:00",  # 01:30 does not exist: read as 01:30 GMT, which is 02:30 BST (RFC 5545)
        "2026-03-30T01:30:00+01:00",  # BST
    ]
    assert all(tz.datetime_exists(o) for o in found)


def test_spring_forward_keeps_an_evening_time_and_counts_the_short_day() -> None:
    found = days_of(plan(start=date(2026, 3, 20), at=time(19, 0)), date(2026, 3, 28), date(2026, 3, 30))
    assert [o.astimezone(UTC).hour for o in found] == [19, 18, 18]


def test_fall_back_a_repeated_time_happens_once() -> None:
    found = days_of(plan(start=date(2026, 10, 20), at=time(1, 30)), date(2026, 10, 24), date(2026, 10, 26))
    assert [o.isoformat() for o in found] == [
        "2026-10-24T01:30:00+01:00",
        "2026-10-25T01:30:00+01:00",  # the first 01:30 (BST), not the second (GMT)
        "2026-10-26T01:30:00+00:00",
    ]
    on_the_day = occurrences(plan(start=date(2026, 10, 20), at=time(1, 30)),
                             datetime(2026, 10, 24, 23, 0, tzinfo=UTC), datetime(2026, 10, 25, 3, 0, tzinfo=UTC))
    assert len(on_the_day) == 1


# -- the fast-forward optimisation against a plain expansion ---------------------------------

def _plain(p: Plan, start: datetime, end: datetime) -> list[datetime]:
    """Straight from dateutil, from the plan's own first day, no shortcuts."""
    # zoneinfo's zone (dateutil's own reader has no rule past 2037, the last change listed in the file)
    rule = rrulestr(rrule_text(p, dtstart=plan_dtstart(p)), tzids={p.zone: ZoneInfo(p.zone)})
    found = []
    for raw in rule.between(start - timedelta(days=1), end + timedelta(days=1), inc=True):
        moment = raw
        if not tz.datetime_exists(moment):  # RFC 5545: the offset before the gap, as zoneinfo's fold=0 reads it
            moment = moment.replace(tzinfo=ZoneInfo(p.zone)).astimezone(UTC).astimezone(moment.tzinfo)
        if start <= moment < end:
            found.append(moment)
    return found


@st.composite
def long_running(draw) -> tuple[Plan, datetime, datetime]:
    freq = draw(st.sampled_from(["DAILY", "WEEKLY"]))
    parts = [f"FREQ={freq}"]
    interval = draw(st.integers(1, 30 if freq == "DAILY" else 8))
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    if freq == "WEEKLY" and draw(st.booleans()):
        parts.append("BYDAY=" + ",".join(draw(st.lists(st.sampled_from(DAY_CODES), min_size=1, max_size=7, unique=True))))
    start = draw(st.dates(min_value=date(2012, 1, 1), max_value=date(2026, 6, 1)))
    zone = draw(st.sampled_from([LONDON, "America/New_York", "Australia/Lord_Howe", "UTC", "Asia/Kathmandu"]))
    at = draw(st.one_of(st.none(), st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))))
    until = draw(st.one_of(st.none(), st.integers(0, 6000).map(lambda n: start + timedelta(days=n))))
    p = plan(";".join(parts), start=start, at=at, zone=zone, until=until)
    window_start = datetime.combine(start + timedelta(days=draw(st.integers(0, 5000))), time(draw(st.integers(0, 23))),
                                    tzinfo=ZoneInfo(zone))
    return p, window_start, window_start + timedelta(days=draw(st.integers(1, 21)))


@settings(max_examples=150, deadline=None)
@given(long_running())
def test_fast_forward_gives_the_same_occurrences_as_a_plain_expansion(case) -> None:
    p, start, end = case
    assert occurrences(p, start, end) == _plain(p, start, end)


def test_fast_forward_across_a_spring_forward_years_later() -> None:
    p = plan("FREQ=DAILY;INTERVAL=3", start=date(2014, 3, 1), at=time(1, 30))
    start, end = local(2026, 3, 20), local(2026, 4, 5)
    assert occurrences(p, start, end) == _plain(p, start, end)
    assert any(o.hour == 2 for o in occurrences(p, start, end)) == any(o.date() == date(2026, 3, 29) for o in _plain(p, start, end))


@st.composite
def any_rule(draw) -> Plan:
    """Every kind of rule a plan may hold: daily, weekly on days, monthly on dates, with a count or an end."""
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]))
    parts = [f"FREQ={freq}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(2, 12))}")
    if freq == "WEEKLY" and draw(st.booleans()):
        parts.append("BYDAY=" + ",".join(draw(st.lists(st.sampled_from(DAY_CODES), min_size=1, max_size=7, unique=True))))
    if freq == "MONTHLY" and draw(st.booleans()):
        parts.append("BYMONTHDAY=" + ",".join(map(str, draw(st.lists(st.integers(1, 31), min_size=1, max_size=4, unique=True)))))
    if draw(st.booleans()):
        parts.append(f"COUNT={draw(st.integers(1, 40))}")
    start = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 1, 1)))
    until = draw(st.one_of(st.none(), st.integers(0, 900).map(lambda n: start + timedelta(days=n))))
    rule = draw(st.one_of(st.just(";".join(parts)), st.none()))
    return plan(rule, start=start, at=draw(st.one_of(st.none(), st.just(time(1, 30)), st.just(time(19, 0)))),
                zone=draw(st.sampled_from([LONDON, "America/New_York", "UTC"])), until=until)


@settings(max_examples=150, deadline=None)
@given(any_rule())
def test_the_rule_built_directly_is_the_rule_its_text_says(p: Plan) -> None:
    """`parse_rule` builds what `rrule_text` writes (calendars read the text; reminders expand the rule)."""
    from_text = rrulestr(rrule_text(p), tzids={p.zone: ZoneInfo(p.zone)})
    assert list(parse_rule(p).xafter(plan_dtstart(p), count=60, inc=True)) == list(
        from_text.xafter(plan_dtstart(p), count=60, inc=True))


@pytest.mark.parametrize("zone", [LONDON, "America/New_York", "Australia/Lord_Howe", "America/Havana", "Pacific/Apia"])
def test_gap_times_are_read_as_dateutil_reads_them(zone: str) -> None:
    """Our own gap check (a timer's pass does not load dateutil.tz) agrees with dateutil's, every quarter
    hour of each day whose offset changes."""
    day = datetime(2000, 1, 1, tzinfo=ZoneInfo(zone))
    checked = 0
    while day.year < 2031:
        following = day + timedelta(days=1)
        if day.utcoffset() != following.utcoffset():
            for quarter in range(-8, 24 * 4 + 8):
                for fold in (0, 1):
                    wall = (day + timedelta(minutes=15 * quarter)).replace(fold=fold)
                    assert _exists(wall) == tz.datetime_exists(wall), wall
                    assert read_before_gap(wall).isoformat() == tz.resolve_imaginary(wall).isoformat(), wall
                    checked += 1
        day = following
    assert checked > 1000


# -- Today ----------------------------------------------------------------------------------

def attempt(p: Plan, occurrence: datetime, outcome: str = "done", logged: datetime | None = None) -> Attempt:
    stamp = (logged or occurrence + timedelta(minutes=30)).astimezone(UTC).isoformat(timespec="seconds")
    return Attempt(plan_id=p.id, exercise_id=p.exercise_id, occurrence=occurrence.isoformat(timespec="seconds"),
                   logged_at=stamp, created_at=stamp, updated_at=stamp, outcome=outcome)


NOW = local(2026, 11, 20, 12, 0)  # Friday noon


def test_build_today_sorts_days_into_today_still_open_and_coming_up() -> None:
    walk = plan(start=date(2026, 11, 2), at=time(19, 0))
    diary = plan("FREQ=DAILY", start=date(2026, 11, 2), at=time(7, 45), what="Diary")
    bus = plan("FREQ=WEEKLY;BYDAY=SA", start=date(2026, 11, 2), at=time(10, 0), what="Bus")
    paused = plan(start=date(2026, 11, 2), status="paused", what="Paused")
    logged = [attempt(walk, local(2026, 11, 19, 19)), attempt(walk, local(2026, 11, 17, 19), "not_done"),
              attempt(diary, local(2026, 11, 20, 7, 45), "partly")]
    view = build_today([walk, diary, bus, paused], logged, NOW, LONDON, next_call=NOW - timedelta(days=1))

    assert view.day == date(2026, 11, 20)
    assert [(o.plan.what, o.at.strftime("%H:%M"), o.state(NOW)) for o in view.today] == [
        ("Diary", "07:45", "partly"), ("Walk", "19:00", "later")]
    open_days = sorted({(o.plan.what, o.at.day) for o in view.still_open})
    assert ("Walk", 19) not in open_days and ("Walk", 17) not in open_days  # logged (even "not done") is not open
    assert ("Walk", 18) in open_days and ("Walk", 13) in open_days and ("Walk", 12) not in open_days  # 7 days back
    assert all(o.state(NOW) == "open" for o in view.still_open)
    assert ("Bus", 14) in open_days
    assert {o.plan.what for o in view.this_week} == {"Walk", "Diary", "Bus"}
    assert max(o.at for o in view.this_week).date() == date(2026, 11, 26)  # the next six days
    assert all(o.plan.what != "Paused" for o in view.today + view.still_open + view.this_week)
    assert view.next_call is None  # a call in the past is not "next"


def test_build_today_keeps_a_future_call() -> None:
    call = NOW + timedelta(days=3)
    assert build_today([], [], NOW, LONDON, next_call=call).next_call == call


def test_an_anytime_plan_stays_later_until_its_day_is_over() -> None:
    p = plan(at=None, start=date(2026, 11, 20))
    (occ,) = build_today([p], [], NOW, LONDON).today
    assert occ.state(NOW) == "later" and occ.anytime
    assert occ.state(local(2026, 11, 21, 0, 1)) == "open"


def test_choose_occurrence_latest_passed_unlogged_in_the_last_week() -> None:
    p = plan(start=date(2026, 11, 2), at=time(19, 0))
    # Noon: today's 19:00 is later; yesterday's is the latest passed one.
    assert choose_occurrence(p, [], NOW, LONDON) == local(2026, 11, 19, 19)
    logged = [attempt(p, local(2026, 11, 19, 19))]
    assert choose_occurrence(p, logged, NOW, LONDON) == local(2026, 11, 18, 19)
    # Every passed one logged: today's later one (done early).
    logged = [attempt(p, local(2026, 11, d, 19)) for d in range(13, 20)]
    assert choose_occurrence(p, logged, NOW, LONDON) == local(2026, 11, 20, 19)
    # And that logged too: an extra practice.
    logged.append(attempt(p, local(2026, 11, 20, 19), logged=NOW))
    assert choose_occurrence(p, logged, NOW, LONDON) is None


def test_choose_occurrence_ignores_occurrences_older_than_the_week() -> None:
    p = plan("FREQ=WEEKLY;BYDAY=MO", start=date(2026, 11, 2), at=time(19, 0))
    monday_before_last = local(2026, 11, 9, 19)
    last_monday = local(2026, 11, 16, 19)
    assert choose_occurrence(p, [], NOW, LONDON) == last_monday
    assert choose_occurrence(p, [attempt(p, last_monday)], NOW, LONDON) is None  # 9 Nov is out of the window
    assert monday_before_last < NOW - timedelta(days=7)


def test_choose_occurrence_once_plans() -> None:
    future = plan(None, start=date(2026, 11, 23))
    assert choose_occurrence(future, [], NOW, LONDON) is None
    today_later = plan(None, start=date(2026, 11, 20), at=time(18, 0))
    assert choose_occurrence(today_later, [], NOW, LONDON) == local(2026, 11, 20, 18)
    passed = plan(None, start=date(2026, 11, 20), at=time(9, 0))
    assert choose_occurrence(passed, [], NOW, LONDON) == local(2026, 11, 20, 9)


def test_choose_occurrence_uses_the_homes_zone_for_today() -> None:
    """At 23:30 UTC on the 20th it is already the 21st in Auckland."""
    p = plan(start=date(2026, 11, 2), at=time(8, 0), zone="Pacific/Auckland")
    now = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)  # 12:30 on the 21st in Auckland
    assert choose_occurrence(p, [], now, "Pacific/Auckland") == local(2026, 11, 21, 8, zone="Pacific/Auckland")


@st.composite
def any_rule(draw) -> tuple[Plan, datetime, datetime]:
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]))
    parts = [f"FREQ={freq}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(1, 12))}")
    if freq == "WEEKLY" and draw(st.booleans()):
        parts.append("BYDAY=" + ",".join(draw(st.lists(st.sampled_from(DAY_CODES), min_size=1, max_size=7, unique=True))))
    if freq == "MONTHLY" and draw(st.booleans()):
        parts.append("BYMONTHDAY=" + ",".join(str(d) for d in draw(st.lists(st.integers(1, 31), min_size=1, max_size=3,
                                                                           unique=True))))
    if draw(st.booleans()):
        parts.append(f"COUNT={draw(st.integers(1, 40))}")
    start = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 1)))
    until = draw(st.one_of(st.none(), st.integers(0, 400).map(lambda n: start + timedelta(days=n))))
    p = plan(";".join(parts), start=start, zone=draw(st.sampled_from([LONDON, "America/New_York", "UTC"])), until=until)
    begin = datetime.combine(start, time(0), tzinfo=ZoneInfo(p.zone))
    return p, begin, begin + timedelta(days=draw(st.integers(1, 500)))


@settings(max_examples=150, deadline=None)
@given(any_rule())
def test_rules_built_directly_match_dateutils_reading_of_the_rfc_text(case) -> None:
    """Rules are built from their parts (no RFC text parsed); every part Workbook allows means what RFC 5545 says."""
    p, start, end = case
    assert occurrences(p, start, end) == _plain(p, start, end)
