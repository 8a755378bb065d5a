"""How every number logged for an exercise moved over a period. Pure; the entries are passed in.

Every numeric field (rating, number, minutes) and every derived value counts, charted or
not. For each one: how many entries, then the mean of the first three against the mean of
the latest three when there are six or more, else the first entry against the last. The
direction is said in plain words; it is judged good or not only when the exercise file's
`[report]` table says which way is hoped for (see `content.reporting`).

The Review screen and the practitioner report both show `change_words`, so their numbers
are the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from workbook.core.model import Attempt
from workbook.core.words import moved, singular

if TYPE_CHECKING:  # types only: the library loads when a review needs it
    from workbook.content.exercises import Exercise
    from workbook.content.fields import Field

THREES, ENDS = "threes", "ends"  # what was compared: first three vs latest three, or first vs last
ROSE, FELL, SAME = "rose", "fell", "stayed about the same"
SAME_SHARE = 0.05  # a move of at most 5% of the scale (or of the value, with no scale) is "about the same"

Logged = tuple[datetime, Attempt]  # an attempt and when it happened (its occurrence, else its logging)


@dataclass(frozen=True)
class NumberSpec:
    """One number an exercise logs: a numeric field or a derived value, and how to read it."""

    id: str
    label: str
    kind: str  # rating | number | minutes | derived
    unit: str | None
    scale: float | None  # the span of its scale (10 for a 0-10 rating), None when open-ended
    of_ratings: bool  # a rating, or worked out from ratings only
    better: str | None  # "lower", "higher" or None (the file doesn't say)


def _span(field: Field) -> float | None:
    return float(field.max - field.min) if field.min is not None and field.max is not None else None


def number_specs(exercise: Exercise) -> tuple[NumberSpec, ...]:
    """The exercise's numbers in file order: numeric fields, then derived values."""
    better = exercise.report.better
    fields = {f.id: f for f in exercise.fields}
    specs: list[NumberSpec] = []
    for f in exercise.fields:
        if f.kind in ("rating", "number", "minutes"):
            unit = "minutes" if f.kind == "minutes" else f.unit
            specs.append(NumberSpec(f.id, f.label, f.kind, unit, _span(f), f.kind == "rating", better(f.id)))
    for d in exercise.derived:
        inputs = [fields[i] for i in d.inputs if i in fields]
        of_ratings = bool(inputs) and all(i.kind == "rating" for i in inputs)
        scale: float | None = None
        if d.function == "sleep_efficiency":
            scale = 100.0  # a percentage
        elif d.function == "difference" and of_ratings:
            scale = _span(inputs[0])  # a difference of two ratings on the same scale
        specs.append(NumberSpec(d.id, d.label, "derived", d.unit, scale, of_ratings, better(d.id)))
    return tuple(specs)


def numbers_of(exercise: Exercise, values: Mapping[str, object]) -> dict[str, float]:
    """The numbers one attempt logged: its numeric fields' values and its derived values."""
    from workbook.content.exercises import derived_values

    out: dict[str, float] = {}
    kinds = {f.id: f.kind for f in exercise.fields}
    for key, value in values.items():
        if kinds.get(key) in ("rating", "number", "minutes") and not isinstance(value, bool) \
                and isinstance(value, (int, float)):
            out[key] = float(value)
    if exercise.derived:
        out.update(derived_values(exercise, values))
    return out


@dataclass(frozen=True)
class FieldChange:
    """One number of one exercise over the period (`first`/`last`: its first and last value)."""

    exercise_id: str
    field_id: str
    label: str
    kind: str  # the field's kind (rating, minutes, number) or "derived"
    first: float
    last: float
    count: int
    first_at: datetime
    last_at: datetime
    start: float = 0.0  # what is compared: the mean of the first three (6+ entries), else the first value
    end: float = 0.0  # ... against the mean of the latest three, else the last value
    basis: str = ENDS  # THREES or ENDS
    unit: str | None = None
    scale: float | None = None
    of_ratings: bool = False
    better: str | None = None

    @property
    def difference(self) -> float:
        return self.last - self.first

    @property
    def changed(self) -> bool:
        return self.count >= 2 and self.first != self.last

    @property
    def direction(self) -> str | None:
        """ROSE, FELL or SAME (None with a single entry: nothing to compare)."""
        if self.count < 2:
            return None
        move = self.end - self.start
        size = self.scale if self.scale else max(abs(self.start), abs(self.end))
        if abs(move) <= SAME_SHARE * size:
            return SAME
        return ROSE if move > 0 else FELL

    @property
    def hoped(self) -> bool | None:
        """True when it moved the way the exercise file hopes, False against it, None if not judged."""
        if self.better is None or self.direction in (None, SAME):
            return None
        return (self.direction == FELL) == (self.better == "lower")


def field_changes(logged: Iterable[Logged], exercises: Any) -> tuple[FieldChange, ...]:
    """Every number logged in the period: exercises by title, numbers in file order, entries in time order."""
    if exercises is None:
        return ()
    series: dict[tuple[str, str], list[tuple[datetime, float]]] = defaultdict(list)
    specs: dict[str, tuple[NumberSpec, ...]] = {}
    for when, attempt in logged:
        if attempt.exercise_id not in exercises or not attempt.values:
            continue
        exercise = exercises.get(attempt.exercise_id)
        if exercise.id not in specs:
            specs[exercise.id] = number_specs(exercise)
        numbers = numbers_of(exercise, attempt.values)
        for spec in specs[exercise.id]:
            if spec.id in numbers:
                series[(exercise.id, spec.id)].append((when, numbers[spec.id]))
    changes = []
    for exercise_id, exercise_specs in sorted(specs.items(), key=lambda i: exercises.get(i[0]).title.casefold()):
        for spec in exercise_specs:
            points = sorted(series.get((exercise_id, spec.id), ()), key=lambda p: p[0])
            if points:
                changes.append(_change(exercise_id, spec, points))
    return tuple(changes)


def _change(exercise_id: str, spec: NumberSpec, points: list[tuple[datetime, float]]) -> FieldChange:
    values = [v for _, v in points]
    if len(values) >= 6:
        start, end, basis = _mean(values[:3]), _mean(values[-3:]), THREES
    else:
        start, end, basis = values[0], values[-1], ENDS
    return FieldChange(exercise_id, spec.id, spec.label, spec.kind, values[0], values[-1], len(values),
                       points[0][0], points[-1][0], start, end, basis, spec.unit, spec.scale, spec.of_ratings,
                       spec.better)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


# -- words ---------------------------------------------------------------------------------


def number_text(value: float, unit: str | None = None) -> str:
    """'6', '4.3', '78.5%', '12 minutes': one decimal place at most."""
    text = f"{round(value, 1):g}"
    if text == "-0":
        text = "0"
    if not unit:
        return text
    if unit == "%":
        return f"{text}{unit}"
    return f"{text} {singular(unit) if text == '1' else unit}"  # '1 time', '2 times'


def label_text(label: str) -> str:
    """A field's question as a heading: 'How anxious is it making you?' -> 'How anxious is it making you'."""
    return label.strip().rstrip("?.:").strip()


def direction_words(change: FieldChange) -> str:
    """'fell, a good sign', 'rose (lower is better here)', 'stayed about the same', or just 'fell'."""
    direction = change.direction
    if direction is None or direction == SAME:
        return direction or ""
    direction = moved(change.label, direction == FELL)
    if change.hoped is True:
        return f"{direction}, a good sign"
    if change.hoped is False:
        return f"{direction} ({change.better} is better here)"
    return direction


def change_words(change: FieldChange) -> str:
    """One plain line, saying what was compared: 'How anxious is it making you: from 6.3 to 4 over 8 entries
    (average of the first three and of the latest three); fell, a good sign'."""
    label = label_text(change.label)
    if change.count < 2:
        return f"{label}: {number_text(change.first, change.unit)} (one entry, nothing to compare yet)"
    compared = ("average of the first three and of the latest three" if change.basis == THREES
                else "first and last entry")
    return (f"{label}: from {number_text(change.start, change.unit)} to {number_text(change.end, change.unit)} "
            f"over {change.count} entries ({compared}); {direction_words(change)}")
