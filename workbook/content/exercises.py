"""Exercises as data: load and check exercise TOML files, validate logged values.

Exercises are content, not code, so practitioners and researchers can add their own. Every
file is checked against the format in the spec (exercise-format.md) and *all* its problems
are reported at once, each naming the file, the place and the fix, so a pack author is not
sent round the edit-reload loop once per typo.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from workbook.content.derived import FUNCTIONS, Derived, compute_derived, parse_derived
from workbook.content.field_values import ValueProblem, clean_value, is_empty
from workbook.content.fields import (
    FIELD_ID_RE,
    KINDS,
    Checker,
    Field,
    Problem,
    describe_type,
    field_where,
    parse_field,
    show,
)
from workbook.content.reporting import Reporting, parse_reporting, raw_derived_ids
from workbook.content.techniques import technique_ids
from workbook.content.toml_files import TomlLimitError, parse_limited, read_limited
from workbook.core.errors import WorkbookError
from workbook.core.outcomes import Outcome

__all__ = [
    "KINDS", "TECHNIQUES", "FUNCTIONS", "Field", "Derived", "Exercise", "Problem",
    "ExerciseFileError", "ValuesError", "parse_exercise", "load_exercise_file",
    "validate_values", "derived_values",
]

TECHNIQUES = technique_ids()  # from data/techniques.toml, in library order
BUILT_IN = "built-in"
FORMAT_VERSION = 1
EXERCISE_ID_RE = re.compile(r"[a-z][a-z0-9-]{1,47}", re.ASCII)
_TOP_KEYS = ("id", "title", "technique", "summary", "why", "steps", "example",
             "default_minutes", "fields", "derived", "format", "kinds", "duration_field", "placeholder",
             "report")
#: The plan kinds an exercise may offer (see core.model.PLAN_KINDS); the first is the default.
PLAN_KIND_WORDS = {"set_time": "at a set time", "as_needed": "when it happens", "daily_diary": "a daily diary"}
_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


@dataclasses.dataclass(frozen=True)
class Exercise:
    """One exercise: what to do, why it helps, and what gets logged for each attempt."""

    id: str
    title: str
    technique: str
    summary: str
    why: str
    steps: tuple[str, ...]
    example: str
    default_minutes: int
    fields: tuple[Field, ...]
    derived: tuple[Derived, ...] = ()
    source: str = BUILT_IN
    kinds: tuple[str, ...] = ("set_time",)  # the plan kinds that suit it, the usual one first
    duration_field: str | None = None  # the field that holds how long it took, if one does
    placeholder: str = ""  # an example of "what exactly", for the Plan form
    report: Reporting = dataclasses.field(default_factory=Reporting)  # the [report] table: how it is summed up

    def field(self, field_id: str) -> Field:
        """The field called `field_id` (KeyError naming the exercise if there is none)."""
        found = self.fields_by_id.get(field_id)
        if found is None:
            raise KeyError(f"exercise {self.id!r} has no field {field_id!r}")
        return found

    @functools.cached_property
    def fields_by_id(self) -> Mapping[str, Field]:
        """Its fields by id (worked out once: a long history asks for every attempt)."""
        return {item.id: item for item in self.fields}

    @property
    def chart_fields(self) -> tuple[Field | Derived, ...]:
        """Fields and derived values to plot on Progress, in file order (fields first)."""
        found: list[Field | Derived] = [f for f in self.fields if f.chart]
        return tuple(found + [d for d in self.derived if d.chart])


class ExerciseFileError(WorkbookError):
    """An exercise file that cannot be used; `problems` lists everything wrong with it."""

    def __init__(self, path: str | Path, problems: Iterable[Problem]) -> None:
        self.path = path
        self.problems: list[Problem] = list(problems)
        super().__init__(str(path))

    def lines(self) -> list[str]:
        """One line per problem: '<file>: <where>: <what is wrong>'."""
        return [f"{self.path}: {problem}" for problem in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())


class ValuesError(WorkbookError, ValueError):
    """Logged values that break their fields' rules; `errors` maps field id -> message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


# ---- parsing ------------------------------------------------------------------------------

def _toml_problem(err: tomllib.TOMLDecodeError) -> Problem:
    """Turn tomllib's message into 'line X, column Y: not valid TOML: ...'."""
    reason = str(err)
    where = ""
    if (at := _TOML_AT.search(reason)) is not None:
        where = f"line {at[1]}, column {at[2]}"
        reason = reason[: at.start()]
    elif (end := _TOML_AT_END.search(reason)) is not None:
        where = "end of file"
        reason = reason[: end.start()]
    return Problem("", f"not valid TOML: {reason.strip()}", where)


def parse_exercise(text: str, source: str) -> Exercise:
    """Parse one exercise file's text; `source` names it in errors and becomes `.source`.

    Raises ExerciseFileError listing every problem found, never any other exception.
    """
    try:
        data = parse_limited(text)
    except TomlLimitError as err:
        raise ExerciseFileError(source, [Problem("", f"the file looks damaged: {err}")]) from None
    except tomllib.TOMLDecodeError as err:
        raise ExerciseFileError(source, [_toml_problem(err)]) from None
    exercise, problems = _build(data, source)
    if exercise is None:
        raise ExerciseFileError(source, problems)
    return exercise


def _build(data: dict[str, Any], source: str) -> tuple[Exercise | None, list[Problem]]:
    c = Checker(data)
    c.unknown_keys(_TOP_KEYS, "the exercise")
    fmt = c.integer("format", required=False)
    if fmt is not None and fmt != FORMAT_VERSION:
        c.add("format", f"format {fmt} is not known (this Workbook reads format {FORMAT_VERSION}); "
                        "is Workbook out of date?")
    exercise_id = c.ident("id", EXERCISE_ID_RE, "use 2-48 lowercase letters, digits or hyphens, "
                                                "starting with a letter")
    title = c.text("title", required=True, max_len=60, single_line=True)
    technique = c.one_of("technique", TECHNIQUES, noun="technique")
    summary = c.text("summary", required=True, max_len=140, single_line=True,
                     hint=": one line saying what you do")
    why = c.text("why", required=True, hint=": say in plain words why this exercise helps")
    steps = c.text_list("steps", required=True, min_items=1, unique=False,
                        hint=": list what to do, like [\"First...\", \"Then...\"]")
    example = c.text("example", required=True, hint=": give a short worked example")
    minutes = c.integer("default_minutes", required=True, lo=1, hi=240)
    fields, field_kinds = _build_fields(c, data)
    derived = _build_derived(c, data, field_kinds)
    kinds = c.text_list("kinds", required=False, min_items=1, unique=True) or ("set_time",)
    for kind in kinds:
        if kind not in PLAN_KIND_WORDS:
            c.add("kinds", f"kinds: {kind!r} is not a plan kind; use {', '.join(map(repr, PLAN_KIND_WORDS))}")
    duration = c.text("duration_field", required=False, max_len=40, single_line=True)
    if duration is not None and (field_kinds or {}).get(duration) not in ("minutes", "number"):
        c.add("duration_field", f"duration_field: {duration!r} must name a minutes field of this exercise")
    placeholder = c.text("placeholder", required=False, max_len=120, single_line=True) or ""
    report, report_problems = parse_reporting(data.get("report"), field_kinds, raw_derived_ids(data))
    c.problems.extend(report_problems)
    if (c.problems or exercise_id is None or title is None or technique is None or summary is None or why is None
            or steps is None or example is None or minutes is None or fields is None):
        return None, c.problems or [Problem("", "the exercise could not be read")]
    return Exercise(exercise_id, title, technique, summary, why, steps, example, minutes,
                    fields, derived, source, kinds, duration, placeholder, report), []


def _item_list(c: Checker, data: dict[str, Any], key: str, required: bool) -> list[Any] | None:
    if key not in data:
        if required:
            c.add(key, f"'{key}' is missing: add at least one [[{key}]] table")
        return None
    raw = data[key]
    if not isinstance(raw, list):
        c.add(key, f"{key} must be written as [[{key}]] tables, not {describe_type(raw)}")
        return None
    if required and not raw:
        c.add(key, f"{key} is empty: add at least one [[{key}]] table")
    return raw


def _build_fields(c: Checker,
                  data: dict[str, Any]) -> tuple[tuple[Field, ...] | None, dict[str, str | None] | None]:
    """Parse every [[fields]] table; also return id -> kind (None if unknown) for [[derived]]
    (None when there are no usable [[fields]] at all, so derived inputs are not judged)."""
    raw = _item_list(c, data, "fields", required=True)
    if raw is None:
        return None, None
    fields: list[Field] = []
    kinds: dict[str, str | None] = {}
    first_seen: dict[str, int] = {}
    for index, table in enumerate(raw, 1):
        field, problems = parse_field(table, index)
        c.problems.extend(problems)
        if field is not None:
            fields.append(field)
        raw_id = table.get("id") if isinstance(table, dict) else None
        if not isinstance(raw_id, str) or not FIELD_ID_RE.fullmatch(raw_id):
            continue
        if raw_id in first_seen:
            c.problems.append(Problem(f"fields[{index}].id",
                                      f"id '{raw_id}' is already used by fields[{first_seen[raw_id]}]",
                                      field_where(index, table)))
            continue
        first_seen[raw_id] = index
        kind = table.get("kind")
        kinds[raw_id] = kind if isinstance(kind, str) and kind in KINDS else None
    return tuple(fields), kinds


def _build_derived(c: Checker, data: dict[str, Any],
                   field_kinds: dict[str, str | None] | None) -> tuple[Derived, ...]:
    raw = _item_list(c, data, "derived", required=False)
    if raw is None:
        return ()
    derived: list[Derived] = []
    taken: dict[str, str] = {fid: "a field" for fid in field_kinds or {}}
    for index, table in enumerate(raw, 1):
        item, problems = parse_derived(table, index, field_kinds)
        c.problems.extend(problems)
        raw_id = table.get("id") if isinstance(table, dict) else None
        if isinstance(raw_id, str) and FIELD_ID_RE.fullmatch(raw_id):
            if raw_id in taken:
                c.problems.append(Problem(f"derived[{index}].id",
                                          f"id '{raw_id}' is already used by {taken[raw_id]}",
                                          f"derived[{index}] ({raw_id})"))
                continue
            taken[raw_id] = f"derived[{index}]"
        if item is not None:
            derived.append(item)
    return tuple(derived)


def load_exercise_file(path: str | Path) -> Exercise:
    """Read and parse one exercise file (UTF-8); `.source` is the path as a string.

    Every failure, including an unreadable or non-UTF-8 file, raises ExerciseFileError
    with `.path` set to Path(path).
    """
    try:
        raw = read_limited(Path(path))
    except TomlLimitError as err:
        raise ExerciseFileError(Path(path), [Problem("", f"the file looks damaged: {err}")]) from None
    except OSError as err:
        problem = Problem("", f"could not read the file: {err.strerror or err}")
        raise ExerciseFileError(Path(path), [problem]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problem = Problem("", f"the file is not UTF-8 text (bad byte at position {err.start}); "
                              "save it as UTF-8")
        raise ExerciseFileError(Path(path), [problem]) from None
    try:
        return parse_exercise(text, str(path))
    except ExerciseFileError as err:
        raise ExerciseFileError(Path(path), err.problems) from None


# ---- folders and the library ----------------------------------------------------------------


# ---- values for an attempt ----------------------------------------------------------------

def validate_values(exercise: Exercise, values: Mapping[str, object], *,
                    outcome: str = Outcome.DONE) -> dict[str, object]:
    """Clean an attempt's values, or raise ValuesError with a plain-English message per field.

    Empty answers (None, blank text, empty lists) are dropped; typed text is coerced to the
    field's form ("7" -> 7, "yes" -> True, "7:05" -> "07:05", text stripped). Ids that are not
    fields of the exercise are errors. `required` fields are enforced only when outcome is
    "done": someone logging "partly" or "not done" should be able to save whatever they have.
    The result keeps the exercise's field order.
    """
    fields = {f.id: f for f in exercise.fields}
    derived_ids = {d.id for d in exercise.derived}
    errors: dict[str, str] = {}
    cleaned: dict[str, object] = {}
    for key, raw in values.items():
        field = fields.get(key) if isinstance(key, str) else None
        if field is None:
            errors[str(key)] = ("This is worked out by Workbook, not entered." if key in derived_ids
                                else f"This exercise has no question called {show(key)}.")
            continue
        if is_empty(raw):
            continue
        try:
            cleaned[key] = clean_value(field, raw)
        except ValueProblem as problem:
            errors[key] = str(problem)
    if outcome == Outcome.DONE:
        for field in exercise.fields:
            if field.required and field.id not in cleaned and field.id not in errors:
                errors[field.id] = "This one is needed."
    if errors:
        raise ValuesError(errors)
    return {f.id: cleaned[f.id] for f in exercise.fields if f.id in cleaned}


def derived_values(exercise: Exercise, values: Mapping[str, object]) -> dict[str, float]:
    """The exercise's derived values for these logged values (only those whose inputs are all given)."""
    return compute_derived(exercise.fields_by_id, exercise.derived, values) if exercise.derived else {}
