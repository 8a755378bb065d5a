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
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from workbook.core.model import Attempt, Event, Plan, QuestionnaireResponse, ReminderSent, Settings
from workbook.core.plan_history import PlanPause
from workbook.core.times import from_iso, zone
from workbook.insight.consent import TOGGLES, Inside
from workbook.insight.review import day_start, slots, tally

#: Weeks after the last sign of use that still get a row.
QUIET_WEEKS = 52
#: The most rows an export holds (ten years of weeks): the latest ones.
MAX_WEEKS = 520
SYSTEM_EVENTS = frozenset({"reminder_sent", "reminder_failed"}) | TOGGLES  # not practice or use of the workbook
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
    first_log = min(from_iso(a.logged_at) for a in attempts)
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
    return max(from_iso(s) for s in stamps if s)


def engagement_rows(*, settings: Settings, plans: Sequence[Plan], attempts: Sequence[Attempt],
                    responses: Sequence[QuestionnaireResponse] = (), events: Sequence[Event] = (),
                    reminders: Sequence[ReminderSent] = (), now: datetime,
                    pauses: Sequence[PlanPause] = (), consent: Inside | None = None) -> list[dict[str, Any]]:
    """One dict per ISO week, keys as in export_schema's engagement table (within `consent`, if given)."""
    if not plans or (consent is not None and not consent.spans):
        return []
    within = consent if consent is not None else (lambda moment: True)
    tz = zone(settings.zone)
    local = lambda moment: moment.astimezone(tz).date()  # noqa: E731
    first_monday = _monday(min(local(from_iso(p.created_at)) for p in plans))
    last_use = last_sign_of_use(plans, attempts, responses, events, reminders, pauses)
    last_monday = min(_monday(local(now)), _monday(local(last_use)) + timedelta(weeks=QUIET_WEEKS))
    first_monday = max(first_monday, last_monday - timedelta(weeks=MAX_WEEKS - 1))
    if last_monday < first_monday:
        return []
    by_week: dict[date, list] = defaultdict(list)
    end = min(now, day_start(last_monday + timedelta(days=7), settings.zone))
    for slot in slots(plans, attempts, day_start(first_monday, settings.zone), end, now=now, pauses=pauses):
        when = slot.when
        if within(when):
            by_week[_monday(local(when))].append(slot)
    active_days: dict[date, set[date]] = defaultdict(set)
    moments = [from_iso(a.logged_at) for a in attempts]
    moments += [from_iso(r.completed_at) for r in responses]
    moments += [from_iso(e.at) for e in events if e.kind not in SYSTEM_EVENTS]
    for moment in moments:
        if not within(moment):
            continue
        day = local(moment)
        active_days[_monday(day)].add(day)
    delivered: dict[date, int] = defaultdict(int)
    for reminder in reminders:
        if reminder.delivered and reminder.kind in REMINDER_KINDS and within(delivered_at(reminder)):
            delivered[_monday(local(delivered_at(reminder)))] += 1
    delays: dict[date, list[float]] = defaultdict(list)
    for sent, minutes in reminder_delays(reminders, attempts):
        if within(sent):
            delays[_monday(local(sent))].append(minutes)
    hours = first_log_hours(plans, attempts)
    rows = []
    monday = first_monday
    while monday <= last_monday:
        sunday = monday + timedelta(days=6)
        start, end = day_start(monday, settings.zone), day_start(monday + timedelta(days=7), settings.zone)
        if consent is not None and not consent.overlap(start, end):
            monday += timedelta(days=7)
            continue
        counts = tally(by_week.get(monday, ()))
        days_in = sum(consent.overlap(day_start(monday + timedelta(days=d), settings.zone),
                                      day_start(monday + timedelta(days=d + 1), settings.zone)) for d in range(7)) \
            if consent is not None else 7
        rows.append({
            "participant_id": settings.participant_id or None,
            "study_id": settings.study_id or None,
            "week": week_label(monday),
            "week_start": monday.isoformat(),
            "consent_days": days_in,
            "days_active": len(active_days.get(monday, ())),
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
            "reminders_delivered": delivered.get(monday, 0),
            "median_reminder_to_log_minutes": round(statistics.median(delays[monday]), 1) if delays.get(monday) else None,
        })
        monday += timedelta(days=7)
    return rows
