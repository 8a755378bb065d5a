"""When a plan's occurrences fall: pure functions, the clock always passed in.

Rules are expanded with python-dateutil from a start aware in the plan's zone, so
wall time is kept across daylight-saving changes (`rrule_text` writes the same rule as
``DTSTART;TZID=...`` text, for calendars). A wall time that does not
exist on a spring-forward day is read as RFC 5545 reads it, with the offset
before the gap (01:30 in the UK becomes 02:30 BST), so every calendar client
places it where Workbook does, every year; a wall time that happens twice on a
fall-back day is generated once (the first).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule

from workbook.core.plan_records import Plan
from workbook.core.recurrence import build, parse_parts

ANYTIME = time(0, 0)  # a plan with no time is anchored at the start of its day


def plan_dtstart(plan: Plan) -> datetime:
    """The first occurrence's local wall time, aware in the plan's zone."""
    return datetime.combine(plan.start_date, plan.start_time or ANYTIME, tzinfo=_tz(plan.zone))


@lru_cache(maxsize=64)
def _tz(name: str) -> tzinfo:
    """The zone from the IANA data with its rule for every year (zoneinfo reads the file's closing rule;
    dateutil's reader stops at the last listed change, 2037 in most builds)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"{name!r} is not a time zone name this computer knows") from None


def rrule_text(plan: Plan, *, dtstart: datetime | None = None) -> str:
    """Full RFC 5545 text (DTSTART;TZID + RRULE with UNTIL in UTC) for the plan."""
    start = dtstart or plan_dtstart(plan)
    lines = [f"DTSTART;TZID={plan.zone}:{start.strftime('%Y%m%dT%H%M%S')}"]
    body = plan.rrule or "FREQ=DAILY;COUNT=1"
    until_utc = _until_utc(plan)
    if until_utc is not None and plan.rrule and "COUNT=" not in plan.rrule:  # RFC 5545: COUNT or UNTIL, not both
        body += f";UNTIL={until_utc.strftime('%Y%m%dT%H%M%SZ')}"
    lines.append(f"RRULE:{body}")
    return "\n".join(lines)


def parse_rule(plan: Plan, dtstart: datetime | None = None) -> rrule:
    """The rule `rrule_text` writes, for dateutil to expand, in the zone `_tz` reads (never dateutil's own
    reader). Built directly, not parsed from the text: a reminder pass then never loads dateutil's date
    parser, and its occurrences are the same (tests/engine/test_schedule.py compares the two)."""
    parts = parse_parts(plan.rrule) if plan.rrule else {"FREQ": "DAILY", "COUNT": "1"}
    return build(parts, dtstart or plan_dtstart(plan), _until_utc(plan) if plan.rrule else None)


def _until_utc(plan: Plan) -> datetime | None:
    """The last second of the plan's last day, in UTC (RFC 5545's UNTIL for a rule with a TZID start)."""
    if plan.until is None:
        return None
    end = datetime.combine(plan.until + timedelta(days=1), time(0, 0), tzinfo=_tz(plan.zone))
    return (end - timedelta(seconds=1)).astimezone(UTC)


def _fast_forward(plan: Plan, window_start: datetime) -> datetime:
    """A later DTSTART with exactly the same future occurrences, so long histories stay cheap.

    Only for rules whose period is a fixed number of days (DAILY, or WEEKLY)
    and no COUNT; moving the start by whole periods keeps the phase.
    """
    start = plan_dtstart(plan)
    if not plan.rrule:
        return start
    parts = parse_parts(plan.rrule)
    if "COUNT" in parts or parts["FREQ"] not in ("DAILY", "WEEKLY"):
        return start
    period_days = int(parts.get("INTERVAL", "1")) * (1 if parts["FREQ"] == "DAILY" else 7)
    gap_days = (window_start.astimezone(start.tzinfo).date() - start.date()).days - 1
    if gap_days <= period_days:
        return start
    shift = (gap_days // period_days) * period_days
    return datetime.combine(start.date() + timedelta(days=shift), start.timetz())


def _exists(moment: datetime) -> bool:
    """Whether this wall time happens in its zone: one a spring-forward skips does not come back
    the same from a trip through UTC. (Ours, not dateutil.tz's: a timer's pass need not load it.)"""
    back = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return back.replace(tzinfo=None) == moment.replace(tzinfo=None)


def _shift_if_missing(moment: datetime) -> datetime:
    """Move a wall time that a spring-forward skipped to the first minute that exists."""
    if _exists(moment):
        return moment
    probe = moment.replace(second=0, microsecond=0)
    for _ in range(24 * 60):
        probe = probe + timedelta(minutes=1)
        if _exists(probe):
            return probe
    return moment


def read_before_gap(moment: datetime) -> datetime:
    """A wall time a spring-forward skipped, read with the offset before the gap (RFC 5545, 3.3.5):
    it moves on by the gap, the zone's offset a day later less its offset a day before."""
    if moment.tzinfo is None or _exists(moment):  # a naive time has no zone to skip it
        return moment
    gap = (moment + timedelta(days=1)).utcoffset() - (moment - timedelta(days=1)).utcoffset()  # type: ignore[operator]
    return moment + gap


def occurrences(plan: Plan, start: datetime, end: datetime) -> list[datetime]:
    """The plan's occurrences with start <= occurrence < end (aware, in the plan's zone).

    Status (paused, ended) is not considered here; callers decide what a
    paused plan means for them.
    """
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be timezone-aware")
    if end <= start or plan.as_needed:  # a when-it-happens record has no occurrences: never due
        return []
    # Widen by a day either side: a time read across a spring-forward gap may cross the bounds.
    lookup_start = start - timedelta(days=1)
    dtstart = _fast_forward(plan, lookup_start)
    rule = parse_rule(plan, dtstart)
    found = []
    for raw in rule.between(lookup_start, end + timedelta(days=1), inc=True):
        moment = read_before_gap(raw)
        if start <= moment < end:
            found.append(moment)
    return found


def occurrence_key(moment: datetime) -> str:
    """How an occurrence is stored and matched: ISO with its UTC offset, to the second."""
    return moment.isoformat(timespec="seconds")


def days_of(plan: Plan, first: date, last: date) -> list[datetime]:
    """Occurrences on local days first..last inclusive, in the plan's zone."""
    zone = _tz(plan.zone)
    start = datetime.combine(first, time(0, 0), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time(0, 0), tzinfo=zone)
    return occurrences(plan, start, end)
