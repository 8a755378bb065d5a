"""`workbook calendar`: plans as an RFC 5545 calendar file, so they show in the patient's own calendar.

One VEVENT per plan, its RRULE rebuilt the way `schedule.rrule_text` builds it
(DTSTART with TZID, UNTIL in UTC), with VTIMEZONE components so any client
expands it the same. Two places where calendar clients and Workbook could
disagree are made explicit:

- A wall time a spring-forward skips: RFC 5545 reads it with the offset before
  the gap (01:30 -> 02:30 BST); Workbook moves it to the first valid minute
  (02:00). Such instances get an EXDATE and an RDATE at Workbook's time.
- An ended plan stops at the moment it was ended (UNTIL), as the Review counts it.

Paused plans are left out (they have nothing scheduled); discreet mode keeps
health words and the patient's own words out of every event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

from icalendar import Alarm, Calendar, Event, vRecur

from workbook.core.model import Plan, Settings
from workbook.core.recurrence import parse_parts
from workbook.core.times import from_iso, zone
from workbook.core.words import counted
from workbook.planning.schedule import days_of, occurrences, plan_dtstart, rrule_text

PRODID = "-//Workbook//Workbook plans//EN"
UID_SUFFIX = "-workbook-plan"
NEUTRAL_SUMMARY = "Planned activity"
GAP_HORIZON_DAYS = 5 * 366  # spring-forward fixes are written this far ahead of the export


@dataclass(frozen=True)
class CalendarResult:
    ics: bytes
    included: tuple[Plan, ...]
    paused: tuple[Plan, ...]
    skipped: tuple[Plan, ...]  # ended before their first occurrence


def plan_uid(plan: Plan) -> str:
    return f"{plan.id}{UID_SUFFIX}"


def build_calendar(plans: list[Plan], settings: Settings, *, now: datetime, titles: dict[str, str] | None = None) -> CalendarResult:
    """The calendar for these plans (paused ones left out), as .ics bytes."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Plans" if settings.discreet else "Workbook plans")
    included, paused, skipped = [], [], []
    for plan in plans:
        if plan.status == "paused":
            paused.append(plan)
            continue
        event = plan_event(plan, settings.discreet, now, (titles or {}).get(plan.exercise_id, ""))
        if event is None:
            skipped.append(plan)
            continue
        cal.add_component(event)
        included.append(plan)
    if included:
        first = min(p.start_date for p in included) - timedelta(days=1)
        cal.add_missing_timezones(first_date=first, last_date=max(date(2038, 1, 1), now.date() + timedelta(days=GAP_HORIZON_DAYS)))
    return CalendarResult(cal.to_ical(), tuple(included), tuple(paused), tuple(skipped))


def _cutoff(plan: Plan) -> datetime | None:
    """The last instant an occurrence may start: the end of `until`, or when an ended plan was ended."""
    ends = []
    if plan.until is not None:
        ends.append(datetime.combine(plan.until + timedelta(days=1), time(0, 0), tzinfo=zone(plan.zone)) - timedelta(seconds=1))
    if plan.status == "ended":
        ends.append(from_iso(plan.updated_at) - timedelta(seconds=1))
    return min(ends) if ends else None


def rrule_body(plan: Plan, cutoff: datetime | None) -> str | None:
    """The stored RRULE with its end: UNTIL in UTC as `schedule.rrule_text` writes it (a date for any-time plans)."""
    if not plan.rrule:
        return None
    parts = parse_parts(plan.rrule)
    if cutoff is None:
        return plan.rrule
    if "COUNT" in parts:  # RFC 5545 forbids COUNT with UNTIL: count what happens before the cutoff instead
        found = occurrences(plan, plan_dtstart(plan), cutoff + timedelta(seconds=1))
        return plan.rrule.replace(f"COUNT={parts['COUNT']}", f"COUNT={max(1, min(int(parts['COUNT']), len(found)))}")
    if plan.start_time is None:  # an all-day event: UNTIL must be a date, like its DTSTART
        return f"{plan.rrule};UNTIL={cutoff.astimezone(zone(plan.zone)).date():%Y%m%d}"
    if plan.status != "ended":
        return rrule_text(plan).split("RRULE:", 1)[1]  # exactly the rule schedule expands
    return f"{plan.rrule};UNTIL={cutoff.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}"


def plan_event(plan: Plan, discreet: bool, now: datetime, exercise_title: str = "") -> Event | None:
    """The VEVENT for one plan, or None if it ended before its first occurrence."""
    cutoff = _cutoff(plan)
    start = plan_dtstart(plan)
    if cutoff is not None and cutoff < start:
        return None
    event = Event()
    event.add("uid", plan_uid(plan))
    event.add("dtstamp", from_iso(plan.updated_at).astimezone(timezone.utc))
    event.add("created", from_iso(plan.created_at).astimezone(timezone.utc))
    event.add("last-modified", from_iso(plan.updated_at).astimezone(timezone.utc))
    if plan.start_time is None:
        event.add("dtstart", plan.start_date)
        event.add("duration", timedelta(days=1))
    else:
        event.add("dtstart", datetime.combine(plan.start_date, plan.start_time, tzinfo=zone(plan.zone)))
        event.add("duration", timedelta(minutes=plan.minutes))
    body = rrule_body(plan, cutoff)
    if body:
        event.add("rrule", vRecur.from_ical(body))
        _fix_gaps(event, plan, cutoff, now)
    event.add("summary", NEUTRAL_SUMMARY if discreet else plan.what)
    event.add("description", _description(plan, discreet, exercise_title))
    if plan.where and not discreet:
        event.add("location", plan.where)
    if plan.reminder_lead_minutes is not None and plan.start_time is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", "Reminder" if discreet else f"Coming up: {plan.what}")
        alarm.add("trigger", timedelta(minutes=-plan.reminder_lead_minutes))
        event.add_component(alarm)
    return event


def _description(plan: Plan, discreet: bool, exercise_title: str) -> str:
    if discreet:
        return "Planned activity."
    lines = []
    if plan.why:
        lines.append(f"Why this matters to me: {plan.why}")
    for pair in plan.if_then:
        lines.append(f"If {pair['if']}, then {pair['then']}.")
    if exercise_title:
        lines.append(f"Exercise: {exercise_title} ({counted(plan.minutes, 'minute')}).")
    return "\n".join(lines) or plan.what


@lru_cache(maxsize=32)
def spring_forward_days(zone_name: str, first: date, last: date) -> tuple[date, ...]:
    """Local days in [first, last] on which clocks go forward (some wall times do not exist)."""
    tz = zone(zone_name)
    found = []
    day = first
    offset = datetime.combine(day, time(0, 0), tzinfo=tz).utcoffset()
    while day <= last:
        nxt = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=tz).utcoffset()
        if nxt is not None and offset is not None and nxt > offset:
            found.append(day)
        offset, day = nxt, day + timedelta(days=1)
    return tuple(found)


def _fix_gaps(event: Event, plan: Plan, cutoff: datetime | None, now: datetime) -> None:
    """EXDATE + RDATE for occurrences Workbook moves out of a spring-forward gap."""
    if plan.start_time is None:
        return
    last = now.date() + timedelta(days=GAP_HORIZON_DAYS)
    if cutoff is not None:
        last = min(last, cutoff.astimezone(zone(plan.zone)).date())
    tz = zone(plan.zone)
    for day in spring_forward_days(plan.zone, plan.start_date, last):
        for moved in days_of(plan, day, day):
            wall = datetime.combine(day, plan.start_time, tzinfo=tz)
            if moved.replace(tzinfo=None) != wall.replace(tzinfo=None):
                event.add("exdate", wall)
                event.add("rdate", moved.astimezone(tz))
