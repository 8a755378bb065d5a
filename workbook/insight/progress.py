"""Progress: the series the charts draw, each with a one-line plain summary. Pure; clock passed in.

Weekly counts come from `review.slots`, so a week's done / partly / not done
means exactly what it means on Review and in the report. Weeks run Monday to
Sunday in the patient's zone; the week holding `now` counts only what is due.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from workbook.core.model import MEASURES, Attempt, Plan, QuestionnaireResponse
from workbook.core.plan_history import PlanPause
from workbook.core.times import from_iso, zone
from workbook.core.words import counted, moved
from workbook.insight.review import Slot, Tally, day_start, slots, tally

MAX_WEEKS = 12


@dataclass(frozen=True)
class Week:
    start: date  # the Monday
    tally: Tally
    current: bool  # the week holding `now` (counted so far)

    @property
    def label(self) -> str:
        return f"{self.start.day} {self.start:%b}"


@dataclass(frozen=True)
class Weekly:
    weeks: tuple[Week, ...]
    completion_summary: str
    minutes_summary: str


@dataclass(frozen=True)
class MeasureSeries:
    measure_id: str
    short_name: str
    max_total: int
    days: tuple[date, ...]
    totals: tuple[float, ...]
    bands: tuple[tuple[int, int, str], ...]  # (low, high, plain label)
    summary: str
    # The latest score against the clinical threshold, and the change since the first check-in
    # as services measure it (reliable improvement, recovery ...), in plain words; "" when none.
    standing: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldSeries:
    field_id: str
    label: str
    values: tuple[float, ...]
    days: tuple[date, ...]
    summary: str


@dataclass(frozen=True)
class FieldGroup:
    """Chart fields of one exercise that share a scale, drawn on one chart."""

    title: str
    low: float | None
    high: float | None
    series: tuple[FieldSeries, ...]


@dataclass(frozen=True)
class ExerciseCharts:
    exercise_id: str
    title: str
    groups: tuple[FieldGroup, ...]
    practices: int


@dataclass(frozen=True)
class ProgressData:
    weekly: Weekly
    measures: tuple[MeasureSeries, ...]
    exercises: tuple[ExerciseCharts, ...]


# -- weeks ---------------------------------------------------------------------------------


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(plans: Sequence[Plan], attempts: Iterable[Attempt], now: datetime, zone_name: str,
           *, max_weeks: int = MAX_WEEKS, pauses: Sequence[PlanPause] = ()) -> Weekly:
    """Done / partly / not done / not logged and minutes for each week, oldest first."""
    tz = zone(zone_name)
    attempts = list(attempts)
    this_monday = monday(now.astimezone(tz).date())
    starts = [max(from_iso(p.created_at).astimezone(tz).date(), p.start_date) for p in plans]
    starts += [_when(a).astimezone(tz).date() for a in attempts]
    if not plans:
        return Weekly((), "Nothing is planned yet, so there is nothing to count. Your first plan starts this chart.",
                      "No practice logged yet. When you log how long you practised, it adds up here.")
    first = max(monday(min(starts)), this_monday - timedelta(weeks=max_weeks - 1))
    start, end = day_start(first, zone_name), day_start(this_monday + timedelta(days=7), zone_name)
    by_week: dict[date, list[Slot]] = defaultdict(list)
    for slot in slots(plans, attempts, start, end, now=now, pauses=pauses):
        by_week[monday(slot.when.astimezone(tz).date())].append(slot)
    weeks, day = [], first
    while day <= this_monday:
        weeks.append(Week(day, tally(by_week.get(day, [])), day == this_monday))
        day += timedelta(days=7)
    return Weekly(tuple(weeks), completion_summary(weeks), minutes_summary(weeks))


def completion_summary(weeks: Sequence[Week]) -> str:
    full = [w for w in weeks if not w.current]
    planned = sum(w.tally.planned for w in weeks)
    if not planned:
        return "Nothing has been due yet. Counts appear here as your plans come round."
    recent = full[-1] if full else weeks[-1]
    name = "Last week" if full else "This week so far"
    parts = [f"{name}: {recent.tally.done} of {recent.tally.planned} done"]
    if recent.tally.partly:
        parts.append(f", {recent.tally.partly} partly")
    done = sum(w.tally.done for w in weeks)
    if len(weeks) > 1:
        parts.append(f". Over {counted(len(weeks), 'week')}: {done} of {planned} done ({round(100 * done / planned)}%).")
    else:
        parts.append(".")
    return "".join(parts)


def minutes_words(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return counted(rest, "minute")
    text = counted(hours, "hour")
    return f"{text} {counted(rest, 'minute')}" if rest else text


def minutes_summary(weeks: Sequence[Week]) -> str:
    total = sum(w.tally.minutes for w in weeks)
    if not total:
        return "No minutes logged yet. When you log how long you practised, it adds up here."
    full = [w for w in weeks if not w.current]
    recent = full[-1] if full else weeks[-1]
    name = "last week" if full else "this week so far"
    return f"{minutes_words(recent.tally.minutes)} {name}; {minutes_words(total)} over {counted(len(weeks), 'week')}."


# -- questionnaires ------------------------------------------------------------------------


def short_day(day: date) -> str:
    return f"{day.day} {day:%b}"


def measure_series(responses: Iterable[QuestionnaireResponse], zone_name: str) -> tuple[MeasureSeries, ...]:
    """PHQ-9, GAD-7 and WSAS totals over time (scored ones only), with their bands."""
    from workbook.content.measures import load_measure

    tz = zone(zone_name)
    ordered = sorted(responses, key=lambda r: from_iso(r.completed_at))
    found = []
    for measure_id in MEASURES:
        measure = load_measure(measure_id)
        points = [(from_iso(r.completed_at).astimezone(tz).date(), float(r.total))
                  for r in ordered if r.measure == measure_id and r.total is not None]
        bands = tuple((b.low, b.high, b.label) for b in measure.bands)
        found.append(MeasureSeries(measure_id, measure.short_name, measure.max_total,
                                   tuple(d for d, _ in points), tuple(t for _, t in points), bands,
                                   _measure_summary(measure, points), standing_lines(ordered, measure_id)))
    return tuple(found)


def standing_lines(responses: Sequence[QuestionnaireResponse], measure_id: str) -> tuple[str, ...]:
    """The change since the first check-in (which names the latest score), then that score against the
    clinical threshold ("That is above..." reads after the line naming it)."""
    from workbook.content.measures import load_measure
    from workbook.content.scoring import score
    from workbook.insight.checkin import caseness_words, change_since_first, first_and_latest_scored

    ends = first_and_latest_scored(responses, measure_id)
    if ends is None:
        return ()
    latest = ends[1]
    since = change_since_first(responses, measure_id, latest)
    lines = [since.words if since is not None else "",
             caseness_words(load_measure(measure_id), score(latest.measure, latest.answers))]
    return tuple(line for line in lines if line)


def _measure_summary(measure: Any, points: list[tuple[date, float]]) -> str:
    name = measure.short_name
    if not points:
        return f"No {name} check-ins yet. Your scores will show here after your first one."
    (d1, first), (d2, last) = points[0], points[-1]
    band = measure.band_for(last).label
    if len(points) == 1:
        return f"{name}: {last:g} on {short_day(d2)} ({band}). One check-in so far; the line starts with the next."
    return (f"{name}: from {first:g} ({short_day(d1)}) to {last:g} ({short_day(d2)}) "
            f"over {len(points)} check-ins; latest: {band}.")


# -- exercise ratings ------------------------------------------------------------------------


def exercise_charts(attempts: Iterable[Attempt], exercises: Any, zone_name: str) -> tuple[ExerciseCharts, ...]:
    """Each exercise's chart fields over its attempts (in time order), grouped by scale."""
    from workbook.content.exercises import derived_values

    tz = zone(zone_name)
    by_exercise: dict[str, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        if attempt.values and attempt.exercise_id in exercises:
            by_exercise[attempt.exercise_id].append(attempt)
    found = []
    for exercise_id, items in by_exercise.items():
        exercise = exercises.get(exercise_id)
        items.sort(key=_when)
        points: dict[str, list[tuple[date, float]]] = defaultdict(list)
        for attempt in items:
            derived = derived_values(exercise, attempt.values) if exercise.derived else {}
            for chart in exercise.chart_fields:
                value = derived.get(chart.id, attempt.values.get(chart.id))
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    points[chart.id].append((_when(attempt).astimezone(tz).date(), float(value)))
        groups: dict[tuple, list[FieldSeries]] = defaultdict(list)
        for chart in exercise.chart_fields:
            if points.get(chart.id):
                series = FieldSeries(chart.id, chart.label, tuple(v for _, v in points[chart.id]),
                                     tuple(d for d, _ in points[chart.id]),
                                     field_summary(chart.label, [v for _, v in points[chart.id]], chart.unit))
                groups[_scale(chart)].append(series)
        if groups:
            found.append(ExerciseCharts(exercise.id, exercise.title, tuple(
                FieldGroup(key[0], key[1], key[2], tuple(series)) for key, series in groups.items()), len(items)))
    return tuple(sorted(found, key=lambda e: e.title.casefold()))


def _when(attempt: Attempt) -> datetime:
    return from_iso(attempt.occurrence or attempt.logged_at)


def _scale(chart: Any) -> tuple[str, float | None, float | None]:
    kind = getattr(chart, "kind", None)
    if kind == "rating":
        return (f"Ratings from {chart.min} to {chart.max}", float(chart.min), float(chart.max))
    if kind == "minutes":
        return ("Minutes", 0.0, None)
    if kind is None:
        return ("Worked out from your entries" + (f" ({chart.unit})" if chart.unit else ""), None, None)
    return (chart.unit.capitalize() if chart.unit else "Numbers", None, None)


SMOOTH_FROM = 6  # practices before summaries compare averages rather than single days


def _number(value: float, unit: str | None) -> str:
    text = f"{round(value, 1):g}"
    return f"{text}{unit}" if unit == "%" else text


def field_summary(label: str, values: Sequence[float], unit: str | None = None) -> str:
    """'Anxiety at its highest: fell from 80 to 45 over 5 practices.'

    With six or more practices one noisy day shouldn't set the headline, so the
    average of the first three is compared with the average of the latest three.
    """
    name = label.rstrip("?. ")
    n = len(values)
    if n == 1:
        return f"{name}: {_number(values[0], unit)} so far (one practice). The line starts with the next."
    if n >= SMOOTH_FROM:
        first, last = sum(values[:3]) / 3, sum(values[-3:]) / 3
        if round(first, 1) == round(last, 1):
            return f"{name}: about {_number(last, unit)} on average, at the start and lately, over {n} practices."
        verb = moved(name, last < first)
        return (f"{name}: {verb} from about {_number(first, unit)} (first three practices) "
                f"to about {_number(last, unit)} (latest three), over {n} practices.")
    first, last = values[0], values[-1]
    if first == last:
        return f"{name}: {_number(last, unit)} at the first and the latest of {n} practices."
    verb = moved(name, last < first)
    return f"{name}: {verb} from {_number(first, unit)} to {_number(last, unit)} over {n} practices."


def build(plans: Sequence[Plan], attempts: Sequence[Attempt], responses: Iterable[QuestionnaireResponse],
          exercises: Any, now: datetime, zone_name: str, pauses: Sequence[PlanPause] = ()) -> ProgressData:
    return ProgressData(weekly(plans, attempts, now, zone_name, pauses=pauses), measure_series(responses, zone_name),
                        exercise_charts([a for a in attempts if from_iso(a.logged_at) <= now], exercises, zone_name))
