"""`workbook calendar`: plans as an RFC 5545 calendar file, so they show in the patient's own calendar.

One VEVENT per plan, its RRULE rebuilt the way `schedule.rrule_text` builds it
(DTSTART with TZID, UNTIL in UTC), so any client expands it as Workbook does:

- DTSTART is the plan's first real occurrence, so it falls on the rule (RFC 5545
  asks for that; clients that meet a DTSTART off the rule drop the event or add one).
- Each zone is a VTIMEZONE of yearly rules (`vtimezone`), true for every year. A
  wall time a spring-forward skips is read with the offset before the gap by
  RFC 5545 and by Workbook alike (01:30 -> 02:30 BST), so no per-year fixes.
- An ended plan stops where it was ended (UNTIL); occurrences inside an earlier
  pause get an EXDATE, as they were never due. Paused plans are left out (they
  have nothing scheduled).
- A reminder becomes a VALARM, for any-time plans (all-day events) too, at the
  time of day their reminder comes.

Discreet mode keeps health words and the patient's own words out of every event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from icalendar import Alarm, Calendar, Event, vRecur

from workbook.core.model import Plan, Settings
from workbook.core.plan_history import PlanPause
from workbook.core.recurrence import parse_parts
from workbook.core.times import from_iso, zone
from workbook.core.words import counted
from workbook.outputs.vtimezone import vtimezone
from workbook.planning.schedule import occurrences, parse_rule, plan_dtstart, rrule_text
from workbook.reminders.due import ANYTIME_AT, quiet_aware_fire_time

PRODID = "-//Workbook//Workbook plans//EN"
UID_SUFFIX = "-workbook-plan"
NEUTRAL_SUMMARY = "Planned activity"


@dataclass(frozen=True)
class CalendarResult:
    ics: bytes
    included: tuple[Plan, ...]
    paused: tuple[Plan, ...]
    skipped: tuple[Plan, ...]  # ended before their first occurrence
    unscheduled: tuple[Plan, ...] = ()  # when-it-happens records: never due, so no events


def plan_uid(plan: Plan) -> str:
    return f"{plan.id}{UID_SUFFIX}"


def build_calendar(plans: list[Plan], settings: Settings, *, titles: dict[str, str] | None = None,
                   pauses: Sequence[PlanPause] = ()) -> CalendarResult:
    """The calendar for these plans (paused ones left out), as .ics bytes: the same plans give the same
    file whenever it is written (nothing in it depends on the day of writing)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Plans" if settings.discreet else "Workbook plans")
    included, paused, skipped, unscheduled = [], [], [], []
    for plan in plans:
        if plan.status == "paused":
            paused.append(plan)
            continue
        if plan.as_needed:
            if plan.is_active:
                unscheduled.append(plan)
            continue
        own = [p for p in pauses if p.plan_id == plan.id]
        event = plan_event(plan, settings, (titles or {}).get(plan.exercise_id, ""), own)
        if event is None:
            skipped.append(plan)
            continue
        cal.add_component(event)
        included.append(plan)
    timed = sorted({p.zone for p in included if p.start_time is not None})
    if timed:
        first_year = min(p.start_date for p in included).year - 1
        for name in timed:
            cal.add_component(vtimezone(name, first_year))
    return CalendarResult(cal.to_ical(), tuple(included), tuple(paused), tuple(skipped), tuple(unscheduled))


def _cutoff(plan: Plan, pauses: Sequence[PlanPause]) -> datetime | None:
    """The last instant an occurrence may start: the end of `until`, or when an ended plan was ended."""
    ends = []
    if plan.until is not None:
        ends.append(datetime.combine(plan.until + timedelta(days=1), time(0, 0), tzinfo=zone(plan.zone)) - timedelta(seconds=1))
    if plan.status == "ended":
        ended = [from_iso(p.paused_at) for p in pauses if p.ended]  # ended while paused: from the pause
        ends.append(min(ended, default=from_iso(plan.updated_at)) - timedelta(seconds=1))
    return min(ends) if ends else None


def first_occurrence(plan: Plan) -> datetime | None:
    """The rule's first occurrence as wall time in the plan's zone (before any spring-forward reading)."""
    return next(iter(parse_rule(plan)), None)


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


def plan_event(plan: Plan, settings: Settings, exercise_title: str = "",
               pauses: Sequence[PlanPause] = ()) -> Event | None:
    """The VEVENT for one plan, or None if it ended before its first occurrence."""
    discreet = settings.discreet
    cutoff = _cutoff(plan, pauses)
    first = first_occurrence(plan)
    tz = zone(plan.zone)
    if first is None:
        return None
    start = datetime.combine(first.date(), plan.start_time or time(0, 0), tzinfo=tz)
    if cutoff is not None and cutoff < start:
        return None
    event = Event()
    event.add("uid", plan_uid(plan))
    event.add("dtstamp", from_iso(plan.updated_at).astimezone(timezone.utc))
    event.add("created", from_iso(plan.created_at).astimezone(timezone.utc))
    event.add("last-modified", from_iso(plan.updated_at).astimezone(timezone.utc))
    if plan.start_time is None:
        event.add("dtstart", start.date())
        event.add("duration", timedelta(days=1))
    else:
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=plan.minutes))
    body = rrule_body(plan, cutoff)
    if body:
        event.add("rrule", vRecur.from_ical(body))
        _exclude_pauses(event, plan, pauses, cutoff)
    event.add("summary", NEUTRAL_SUMMARY if discreet else plan.what)
    event.add("description", _description(plan, discreet, exercise_title))
    if plan.where and not discreet:
        event.add("location", plan.where)
    if plan.reminder_lead_minutes is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", "Reminder" if discreet else f"Coming up: {plan.what}")
        alarm.add("trigger", _trigger(plan, start, settings))
        event.add_component(alarm)
    return event


def _trigger(plan: Plan, start: datetime, settings: Settings) -> timedelta:
    """Before a timed plan by its lead; into an any-time plan's day at the time its reminder comes."""
    if plan.start_time is not None:
        return timedelta(minutes=-(plan.reminder_lead_minutes or 0))
    base = datetime.combine(start.date(), ANYTIME_AT, tzinfo=start.tzinfo)
    fires = quiet_aware_fire_time(base, start, settings).astimezone(start.tzinfo)
    return datetime.combine(fires.date(), fires.time()) - datetime.combine(start.date(), time(0, 0))


def _exclude_pauses(event: Event, plan: Plan, pauses: Sequence[PlanPause], cutoff: datetime | None) -> None:
    """EXDATE for each occurrence inside a finished pause: it was never due."""
    for pause in pauses:
        if pause.resumed_at is None or pause.ended:
            continue  # an open pause or the end: the plan is left out, or UNTIL stops it
        began, ended = from_iso(pause.paused_at), from_iso(pause.resumed_at)
        if cutoff is not None:
            ended = min(ended, cutoff + timedelta(seconds=1))
        inside = [at for at in occurrences(plan, began - timedelta(days=1), ended + timedelta(days=1)) if pause.covers(at)]
        for at in inside:  # the rule's own wall time, so clients match it by wall time or by instant
            event.add("exdate", at.date() if plan.start_time is None
                      else datetime.combine(at.date(), plan.start_time, tzinfo=zone(plan.zone)))


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
