"""Engagement per ISO week for research: the export's engagement table. Pure; clock passed in.

Occurrence counts come from `review.slots`, so a week's "due" and "done" agree
with the report and the Review screen. Weeks are local (the home's zone),
Monday to Sunday, from the week of the first plan to the week of `now`, bounded by
the data rather than the calendar: rows stop `QUIET_WEEKS` after the last week with any
sign of use (a record made or changed, an attempt logged, a questionnaire, an event),
so a drop-out still shows while a clock set centuries ahead makes no centuries of empty
rows; and there are at most `MAX_WEEKS` rows, the most recent. Given `consent` (the consent windows), only weeks that overlap one get a
row, and every count covers only moments inside one.
"""

from __future__ import annotations

import statistics
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from workbook.core.model import Attempt, Event, Plan, QuestionnaireResponse, Settings
from workbook.core.plan_history import PlanPause
from workbook.core.reminder_records import ReminderSent
from workbook.core.times import from_iso, zone
from workbook.insight.consent import TOGGLES, Inside
from workbook.insight.review import day_start, slots, tally

#: Weeks after the last sign of use that still get a row.
QUIET_WEEKS = 52
#: The most rows an export holds (ten years of weeks): the latest ones.
MAX_WEEKS = 520
SYSTEM_EVENTS = frozenset({"reminder_sent", "reminder_failed", "consent_given"}) | TOGGLES  # not practice or use
REMINDER_KINDS = frozenset({"reminder", "catch_up", "snoozed"})  # reminders about a plan occurrence


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def first_log_hours(plans: Sequence[Plan], attempts: Sequence[Attempt]) -> float | None:
    """Hours from the first plan made to the first attempt logged (None before any log)."""
    if not plans or not attempts:
        return None
    first_plan = min(from_iso(p.created_at) for p in plans)
    first_log = _extreme((a.logged_at for a in attempts), min)
    return round((first_log - first_plan).total_seconds() / 3600, 2)


def delivered_at(reminder: ReminderSent) -> datetime:
    """When a delivered reminder went out: the start of its last (successful) try."""
    return from_iso(getattr(reminder, "tried_at", None) or reminder.created_at)


def reminder_delays(reminders: Iterable[ReminderSent], attempts: Iterable[Attempt]) -> list[tuple[datetime, float]]:
    """(delivered at, minutes to the next attempt logged for the same plan occurrence) per reminder."""
    reminders = [r for r in reminders if r.delivered and r.kind in REMINDER_KINDS]
    if not reminders:
        return []
    logged: dict[tuple[str, float], list[datetime]] = defaultdict(list)
    for attempt in attempts:
        if attempt.occurrence:
            logged[(attempt.plan_id, from_iso(attempt.occurrence).timestamp())].append(from_iso(attempt.logged_at))
    for times in logged.values():
        times.sort()
    found = []
    for reminder in reminders:
        if not reminder.delivered or reminder.kind not in REMINDER_KINDS:
            continue
        sent = delivered_at(reminder)
        times = logged.get((reminder.plan_id, from_iso(reminder.occurrence).timestamp()), [])
        after = next((t for t in times if t >= sent), None)
        if after is not None:
            found.append((sent, round((after - sent).total_seconds() / 60, 1)))
    return found


def _in_effect(plan: Plan, first: date, last: date, week_start: datetime, week_end: datetime,
               pauses: Sequence[PlanPause]) -> bool:
    """Made before the week ended, not paused or ended for all of it, and scheduled within it
    (a one-off plan only in the week of its day)."""
    if from_iso(plan.created_at) >= week_end:
        return False
    own = [p for p in pauses if p.plan_id == plan.id]
    if own:
        if any(from_iso(p.paused_at) <= week_start and (p.resumed_at is None or from_iso(p.resumed_at) >= week_end)
               for p in own):
            return False
    elif not plan.is_active and from_iso(plan.updated_at) < week_start:
        return False  # a plan stopped before pause history was kept
    last_day = plan.start_date if plan.rrule is None and not plan.as_needed else plan.until
    return plan.start_date <= last and (last_day is None or last_day >= first)


def last_sign_of_use(plans: Sequence[Plan], attempts: Sequence[Attempt], responses: Sequence[QuestionnaireResponse],
                     events: Sequence[Event], reminders: Sequence[ReminderSent],
                     pauses: Sequence[PlanPause]) -> datetime:
    """The latest moment any record was made or changed (an attempt's log time included)."""
    stamps = [r.updated_at or r.created_at for group in (plans, attempts, responses, events, reminders, pauses)
              for r in group]
    stamps += [a.logged_at for a in attempts] + [r.completed_at for r in responses] + [e.at for e in events]
    return _extreme((s for s in stamps if s), max)


def _extreme(stamps: Iterable[str], pick: Any) -> datetime:
    """The earliest (`min`) or latest (`max`) of ISO times, parsing only one candidate per way of writing
    them: times written alike (same length, same offset) sort as text, and a long history has 100,000."""
    stamps = list(stamps)
    if len({len(s) for s in stamps}) == 1 and len({s[-6:] for s in stamps}) == 1:
        return from_iso(pick(stamps))  # all written alike, as Workbook writes them: compared as text
    by_form: dict[tuple[int, str], list[str]] = defaultdict(list)
    for stamp in stamps:
        by_form[(len(stamp), stamp[-6:])].append(stamp)
    return pick(from_iso(pick(alike)) for alike in by_form.values())


def engagement_rows(*, settings: Settings, plans: Sequence[Plan], attempts: Sequence[Attempt],
                    responses: Sequence[QuestionnaireResponse] = (), events: Sequence[Event] = (),
                    reminders: Sequence[ReminderSent] = (), now: datetime,
                    pauses: Sequence[PlanPause] = (), consent: Inside | None = None) -> list[dict[str, Any]]:
    """One dict per ISO week, keys as in export_schema's engagement table (within `consent`, if given)."""
    if not plans or (consent is not None and not consent.spans):
        return []
    tz = zone(settings.zone)
    local = lambda moment: moment.astimezone(tz).date()  # noqa: E731
    first_monday = _monday(min(local(from_iso(p.created_at)) for p in plans))
    last_use = last_sign_of_use(plans, attempts, responses, events, reminders, pauses)
    last_monday = min(_monday(local(now)), _monday(local(last_use)) + timedelta(weeks=QUIET_WEEKS))
    first_monday = max(first_monday, last_monday - timedelta(weeks=MAX_WEEKS - 1))
    if last_monday < first_monday:
        return []
    days = _LocalDays(first_monday, last_monday, settings.zone)
    bounds = span_bounds(consent.spans) if consent is not None else None

    def day_of(stamp: float) -> int | None:
        """The day (from first_monday) an instant counts in, if it is in consent and in range."""
        if bounds is not None and not in_windows(bounds, stamp):
            return None
        return days.index(stamp)

    def week_of(moment: datetime) -> int | None:
        day = day_of(moment.timestamp())
        return None if day is None else day // 7

    by_week: dict[int, list] = defaultdict(list)
    end = min(now, day_start(last_monday + timedelta(days=7), settings.zone))
    for slot in slots(plans, attempts, day_start(first_monday, settings.zone), end, now=now, pauses=pauses):
        day = day_of((slot.at or from_iso(slot.attempt.logged_at)).timestamp())  # type: ignore[union-attr]
        if day is not None:
            by_week[day // 7].append(slot)
    active_days: dict[int, set[int]] = defaultdict(set)
    moments = [a.logged_at for a in attempts] + [r.completed_at for r in responses]
    moments += [e.at for e in events if e.kind not in SYSTEM_EVENTS]
    for moment in moments:
        day = day_of(from_iso(moment).timestamp())
        if day is not None:
            active_days[day // 7].add(day)
    delivered: dict[int, int] = defaultdict(int)
    for reminder in reminders:
        if reminder.delivered and reminder.kind in REMINDER_KINDS:
            week = week_of(delivered_at(reminder))
            if week is not None:
                delivered[week] += 1
    delays: dict[int, list[float]] = defaultdict(list)
    for sent, minutes in reminder_delays(reminders, attempts):
        week = week_of(sent)
        if week is not None:
            delays[week].append(minutes)
    hours = first_log_hours(plans, attempts)
    rows = []
    monday, number = first_monday, 0
    while monday <= last_monday:
        sunday = monday + timedelta(days=6)
        start, end = day_start(monday, settings.zone), day_start(monday + timedelta(days=7), settings.zone)
        if consent is not None and not consent.overlap(start, end):
            monday, number = monday + timedelta(days=7), number + 1
            continue
        counts = tally(by_week.get(number, ()))
        days_in = sum(consent.overlap(day_start(monday + timedelta(days=d), settings.zone),
                                      day_start(monday + timedelta(days=d + 1), settings.zone)) for d in range(7)) \
            if consent is not None else 7
        rows.append({
            "participant_id": settings.participant_id or None,
            "study_id": settings.study_id or None,
            "week": week_label(monday),
            "week_start": monday.isoformat(),
            "consent_days": days_in,
            "days_active": len(active_days.get(number, ())),
            "plans_active": sum(_in_effect(p, monday, sunday, start, end, pauses) for p in plans),
            "occurrences_due": counts.planned,
            "done": counts.done,
            "partly": counts.partly,
            "not_done": counts.not_done,
            "not_logged": counts.not_logged,
            "extra_practices": counts.extra,
            "entries": counts.entries,
            "completion_rate": round(counts.completion, 4) if counts.completion is not None else None,
            "minutes_practised": counts.minutes,
            "first_plan_to_first_log_hours": hours,
            "reminders_delivered": delivered.get(number, 0),
            "median_reminder_to_log_minutes": round(statistics.median(delays[number]), 1) if delays.get(number) else None,
        })
        monday, number = monday + timedelta(days=7), number + 1
    return rows


def span_bounds(spans: Sequence[tuple[datetime, datetime]]) -> list[float]:
    """Consent windows as one sorted list [start, end, start, end, ...] (overlapping ones joined), so
    whether an instant is inside one is a bisect: an odd position, or exactly on an end."""
    bounds: list[float] = []
    for start, end in sorted((a.timestamp(), b.timestamp()) for a, b in spans):
        if bounds and start <= bounds[-1]:
            bounds[-1] = max(bounds[-1], end)
        else:
            bounds += [start, end]
    return bounds


def in_windows(bounds: list[float], stamp: float) -> bool:
    """Is the instant inside a window of `span_bounds` (a window's start and end count as inside)?"""
    edge = bisect_right(bounds, stamp)
    return edge % 2 == 1 or bool(edge and bounds[edge - 1] == stamp)


class _LocalDays:
    """Local days from `first` to the Sunday after `last_monday`, as the UTC instants they start at, so the
    day (and week) of each of a long history's moments is one bisect, not a zone conversion."""

    def __init__(self, first: date, last_monday: date, zone_name: str) -> None:
        count = (last_monday - first).days + 7
        self.starts = [day_start(first + timedelta(days=i), zone_name).timestamp() for i in range(count + 1)]

    def index(self, stamp: float) -> int | None:
        """Days since `first` of the local day holding this instant; None outside the range."""
        day = bisect_right(self.starts, stamp) - 1
        return day if 0 <= day < len(self.starts) - 1 else None
