"""Derived values (sleep efficiency, anxiety drop...): the one place they are computed.

Screens, exports and Progress charts all call `compute_derived`, so a number shown to the
patient and the same number in a practitioner's export can never disagree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

from workbook.content.field_values import ValueProblem, clean_value, is_empty
from workbook.content.fields import (
    FIELD_ID_RE,
    FIELD_ID_RULE,
    NUMERIC_KINDS,
    Checker,
    Field,
    Problem,
    describe_type,
    show,
)

_DAY_MINUTES = 24 * 60
SLEEP_WINDOW_FLOOR_MINUTES = 5 * 60
_DERIVED_KEYS = ("id", "label", "function", "inputs", "unit", "chart")


@dataclasses.dataclass(frozen=True)
class Derived:
    """A value the engine works out from an attempt's fields (never typed by the patient)."""

    id: str
    label: str
    function: str
    inputs: tuple[str, ...]
    unit: str | None = None
    chart: bool = False


def _clock_minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _span(start: str, end: str) -> int:
    """Minutes from clock time `start` to `end`, crossing midnight when `end` looks earlier."""
    return (_clock_minutes(end) - _clock_minutes(start)) % _DAY_MINUTES


def sleep_efficiency(into_bed: str, lights_out: str, latency_minutes: float,
                     awake_minutes: float, final_wake: str, out_of_bed: str) -> float:
    """Percent of the time in bed spent asleep, 0-100, rounded to 1 decimal.

    Time in bed runs from getting into bed to getting out; sleep is lights-out to final
    waking, less the time taken to fall asleep and the time awake in the night.
    """
    in_bed = _span(into_bed, out_of_bed)
    if in_bed == 0:
        return 0.0
    asleep = max(0.0, _span(lights_out, final_wake) - latency_minutes - awake_minutes)
    return round(min(100.0, max(0.0, 100.0 * asleep / in_bed)), 1)


def sleep_window(average_sleep_minutes: float) -> float:
    """Minutes to allow in bed each night when sleep scheduling: the average sleep, never under 5 hours.

    Sleep scheduling starts by matching time in bed to the sleep a person is actually getting,
    so that the drive to sleep builds and nights become less broken. The window never goes
    below 300 minutes, because less time in bed than that brings more daytime sleepiness
    than it is worth (and it is unsafe for anyone who drives or works with machinery).
    The bedtime then follows from it: the chosen wake-up time minus the window.
    """
    return _tidy(max(float(SLEEP_WINDOW_FLOOR_MINUTES), average_sleep_minutes))


def difference(a: float, b: float) -> float:
    """a - b, e.g. how far anxiety fell from its peak."""
    return _tidy(a - b)


def total(*xs: float) -> float:
    """The sum of the inputs."""
    return _tidy(sum(xs))


def _tidy(x: float) -> float:
    """A float without binary noise such as 5.199999999999999."""
    return float(round(x, 6))


@dataclasses.dataclass(frozen=True)
class DerivedFunction:
    """A registered derived function and the input kinds it accepts."""

    name: str
    compute: Callable[..., float]
    kinds: tuple[str, ...] | None  # exact kinds in order; None means "one or more numeric"
    needs: str                     # the inputs in words, for error messages

    def kinds_problem(self, kinds: Sequence[str | None]) -> str | None:
        """Why these input kinds do not fit (None if they fit; unknown kinds are not judged)."""
        if self.kinds is None:
            if not kinds:
                return f"{self.name} needs {self.needs}"
            wrong = [k for k in kinds if k is not None and k not in NUMERIC_KINDS]
            return f"{self.name} needs {self.needs}, not {', '.join(wrong)}" if wrong else None
        if len(kinds) != len(self.kinds):
            return f"{self.name} needs {len(self.kinds)} inputs ({self.needs}), got {len(kinds)}"
        for n, (got, want) in enumerate(zip(kinds, self.kinds), 1):
            if got is not None and got not in want.split("|"):
                return f"input {n} of {self.name} must be a {want.replace('|', '/')} field, not {got}"
        return None


_NUM = "rating|number|minutes"
FUNCTIONS: dict[str, DerivedFunction] = {
    f.name: f
    for f in (
        DerivedFunction(
            "sleep_efficiency", sleep_efficiency,
            ("time", "time", "minutes", "minutes", "time", "time"),
            "into_bed time, lights_out time, minutes to fall asleep, minutes awake, "
            "final wake time, out_of_bed time"),
        DerivedFunction("difference", difference, (_NUM, _NUM), "two numeric fields (a, b -> a - b)"),
        DerivedFunction("sum", total, None, "one or more numeric (rating/number/minutes) fields"),
        DerivedFunction("sleep_window", sleep_window, ("minutes",),
                        "one minutes field: the average sleep a night"),
    )
}


def parse_derived(table: object, index: int,
                  field_kinds: Mapping[str, str | None] | None) -> tuple[Derived | None, list[Problem]]:
    """Check one [[derived]] table against the exercise's fields (id -> kind, None if unknown).

    With `field_kinds` None (the file has no usable [[fields]]) inputs are not judged, so one
    missing [[fields]] does not bury the real problem under a problem per input.
    """
    prefix = f"derived[{index}]"
    raw_id = table.get("id") if isinstance(table, dict) else None
    where = f"{prefix} ({raw_id})" if isinstance(raw_id, str) and FIELD_ID_RE.fullmatch(raw_id) else prefix
    if not isinstance(table, dict):
        return None, [Problem(prefix, f"each [[derived]] entry must be a table, not {describe_type(table)}",
                              where)]
    c = Checker(table, prefix, where)
    c.unknown_keys(_DERIVED_KEYS, "[[derived]]")
    derived_id = c.ident("id", FIELD_ID_RE, FIELD_ID_RULE)
    label = c.text("label", required=True)
    name = c.one_of("function", tuple(FUNCTIONS), noun="function")
    unit = c.text("unit", required=False, single_line=True)
    chart = c.boolean("chart")
    inputs = c.text_list("inputs", required=True, min_items=1, unique=False)
    if inputs is not None and field_kinds is not None:
        missing = [i for i in inputs if i not in field_kinds]
        for input_id in missing:
            c.add("inputs", f"input {show(input_id)} is not a field of this exercise")
        if name is not None and not missing:
            problem = FUNCTIONS[name].kinds_problem([field_kinds[i] for i in inputs])
            if problem:
                c.add("inputs", problem)
    if c.problems or derived_id is None or label is None or name is None or inputs is None:
        return None, c.problems
    return Derived(derived_id, label, name, inputs, unit, chart), []


def compute_derived(fields: Mapping[str, Field], derived: Sequence[Derived],
                    values: Mapping[str, object]) -> dict[str, float]:
    """Every derived value whose inputs all have valid values; the others are left out."""
    out: dict[str, float] = {}
    for item in derived:
        args: list[object] = []
        for input_id in item.inputs:
            field, raw = fields.get(input_id), values.get(input_id)
            if field is None or is_empty(raw):
                break
            try:
                args.append(clean_value(field, raw))
            except ValueProblem:
                break
        else:
            out[item.id] = float(FUNCTIONS[item.function].compute(*args))
    return out
