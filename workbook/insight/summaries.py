"""What was logged for each exercise in a period, summed up from its fields. Pure; entries passed in.

Driven by the exercise file, never by its id: every choice, checklist and yes/no field is
counted answer by answer (a worry diary's practical against hypothetical), every number is
given its average, lowest and highest (a panic diary's peak anxiety), and the `[report]`
table can ask for a number's average per week (a sleep diary's sleep efficiency) or for
values listed entry by entry (each panic attack with its peak). See `content.reporting`.

The Review screen and the practitioner report both show `summary_lines`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from workbook.core.model import Attempt
from workbook.core.words import counted
from workbook.insight.field_changes import label_text, number_specs, number_text, numbers_of

if TYPE_CHECKING:  # types only: the library loads when a review needs it
    from workbook.content.exercises import Exercise
    from workbook.content.fields import Field

COUNTED_KINDS = ("choice", "choices", "yes_no")


@dataclass(frozen=True)
class Counted:
    """A choice, checklist or yes/no field: how often each answer was given."""

    field_id: str
    label: str
    kind: str
    counts: tuple[tuple[str, int], ...]  # (answer, times), in the file's order
    answered: int  # entries that answered it


@dataclass(frozen=True)
class Spread:
    """A number (field or derived value): its average, lowest and highest over the entries."""

    field_id: str
    label: str
    unit: str | None
    count: int
    mean: float
    low: float
    high: float


@dataclass(frozen=True)
class Week:
    monday: date
    count: int
    mean: float


@dataclass(frozen=True)
class Weekly:
    """A number's average for each week (Monday to Sunday, in the plan's zone) that has entries."""

    field_id: str
    label: str
    unit: str | None
    weeks: tuple[Week, ...]


@dataclass(frozen=True)
class EntryValues:
    """One entry and the values the `[report]` table lists entry by entry."""

    when: datetime
    values: tuple[tuple[str, str], ...]  # (label, value as shown)


@dataclass(frozen=True)
class ExerciseSummary:
    exercise_id: str
    title: str
    entries: int  # attempts in the period with any answers
    counted: tuple[Counted, ...]
    spreads: tuple[Spread, ...]
    weekly: tuple[Weekly, ...]
    each: tuple[EntryValues, ...]


def summaries(logged: Iterable[tuple[datetime, Attempt]], exercises: Any) -> tuple[ExerciseSummary, ...]:
    """One summary per exercise with answers logged, by title. `logged` holds local times."""
    if exercises is None:
        return ()
    by_exercise: dict[str, list[tuple[datetime, Attempt]]] = defaultdict(list)
    for when, attempt in logged:
        if attempt.values and attempt.exercise_id in exercises:
            by_exercise[attempt.exercise_id].append((when, attempt))
    found = [_summary(exercises.get(ex_id), sorted(items, key=lambda i: i[0])) for ex_id, items in by_exercise.items()]
    return tuple(sorted(found, key=lambda s: s.title.casefold()))


def _summary(exercise: Exercise, items: list[tuple[datetime, Attempt]]) -> ExerciseSummary:
    counted = tuple(c for f in exercise.fields if f.kind in COUNTED_KINDS
                    if (c := _counted(f, [a.values.get(f.id) for _, a in items])) is not None)
    numbers = [(when, numbers_of(exercise, a.values)) for when, a in items]
    specs = number_specs(exercise)
    spreads = []
    for spec in specs:
        values = [n[spec.id] for _, n in numbers if spec.id in n]
        if values:
            spreads.append(Spread(spec.id, spec.label, spec.unit, len(values), sum(values) / len(values),
                                  min(values), max(values)))
    weekly = []
    for spec in specs:
        if spec.id not in exercise.report.weekly:
            continue
        weeks: dict[date, list[float]] = defaultdict(list)
        for when, n in numbers:
            if spec.id in n:
                weeks[when.date() - timedelta(days=when.weekday())].append(n[spec.id])
        if weeks:
            weekly.append(Weekly(spec.id, spec.label, spec.unit,
                                 tuple(Week(m, len(v), sum(v) / len(v)) for m, v in sorted(weeks.items()))))
    each = tuple(EntryValues(when, shown) for (when, attempt), (_, n) in zip(items, numbers)
                 if (shown := _shown(exercise, attempt, n)))
    return ExerciseSummary(exercise.id, exercise.title, len(items), counted, tuple(spreads), tuple(weekly), each)


def _counted(field: Field, answers: list[object]) -> Counted | None:
    counts: Counter[str] = Counter()
    answered = 0
    for answer in answers:
        if answer is None or answer == [] or answer == "":
            continue
        answered += 1
        if field.kind == "yes_no":
            counts["yes" if answer else "no"] += 1
        elif isinstance(answer, list):
            counts.update(str(a) for a in answer)
        else:
            counts[str(answer)] += 1
    if not answered:
        return None
    order = ["yes", "no"] if field.kind == "yes_no" else list(field.options)
    order += sorted(a for a in counts if a not in order)  # answers in an older wording of the options
    keep_zero = field.kind != "choices"  # a checklist lists only what was ticked
    return Counted(field.id, field.label, field.kind,
                   tuple((a, counts[a]) for a in order if counts[a] or keep_zero), answered)


def _shown(exercise: Exercise, attempt: Attempt, numbers: dict[str, float]) -> tuple[tuple[str, str], ...]:
    labels = {f.id: f for f in exercise.fields}
    units = {s.id: s for s in number_specs(exercise)}
    shown = []
    for value_id in exercise.report.each_entry:
        if value_id in numbers:
            spec = units[value_id]
            shown.append((spec.label, number_text(numbers[value_id], spec.unit)))
        elif value_id in labels and attempt.values.get(value_id) not in (None, "", []):
            raw = attempt.values[value_id]
            text = ("yes" if raw else "no") if isinstance(raw, bool) else \
                ", ".join(map(str, raw)) if isinstance(raw, list) else str(raw)
            shown.append((labels[value_id].label, text))
    return tuple(shown)


# -- words ---------------------------------------------------------------------------------


def entries_words(n: int) -> str:
    return "1 entry" if n == 1 else f"{n} entries"


def headline(summary: ExerciseSummary) -> str:
    """'Worry diary (6 entries)'."""
    return f"{summary.title} ({entries_words(summary.entries)})"


def summary_lines(summary: ExerciseSummary, day: Callable[[date], str]) -> list[str]:
    """The summary's lines under its headline; `day` writes a date the way the front end does."""
    lines = []
    for item in summary.counted:
        answers = "; ".join(f"{answer} {n}" for answer, n in item.counts)  # options may hold commas
        lines.append(f"{label_text(item.label)}: {answers}{_fewer(item.answered, summary.entries)}")
    for spread in summary.spreads:
        fewer = _fewer(spread.count, summary.entries)
        if spread.count == 1:
            lines.append(f"{label_text(spread.label)}: {number_text(spread.mean, spread.unit)}{fewer}")
        elif spread.low == spread.high:
            lines.append(f"{label_text(spread.label)}: {number_text(spread.mean, spread.unit)} each time{fewer}")
        else:
            lines.append(f"{label_text(spread.label)}: average {number_text(spread.mean, spread.unit)}, "
                         f"lowest {number_text(spread.low, spread.unit)}, "
                         f"highest {number_text(spread.high, spread.unit)}{fewer}")
    for weekly in summary.weekly:
        weeks = "; ".join(f"week of {day(week.monday)}: {number_text(week.mean, weekly.unit)} "
                          f"({entries_words(week.count)})" for week in weekly.weeks)
        lines.append(f"{label_text(weekly.label)}, average by week: {weeks}")
    for entry in summary.each:
        values = "; ".join(f"{label_text(label)}: {value}" for label, value in entry.values)
        lines.append(f"{day(entry.when.date())}, {entry.when:%H:%M}: {values}")
    return lines


def _fewer(answered: int, entries: int) -> str:
    """' (in 8 of 9 entries)' when some entries left it out."""
    return f" (in {answered} of {counted(entries, 'entry')})" if answered < entries else ""


def record_words(entries: int, aim_per_week: int | None) -> str:
    """How a when-it-happens record went: '5 entries (aim about 3 a week)', never planned or missed."""
    return entries_words(entries) + (f" (aim about {aim_per_week} a week)" if aim_per_week else " (written when it happens)")
