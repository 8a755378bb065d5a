"""One exercise field: how its `[[fields]]` table is checked and how a logged value is cleaned.

The load-time rules (what a field may declare) and the log-time rules (what a patient may
enter) live together here so they cannot drift apart. See /tmp/spec/exercise-format.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from workbook.core.words import counted

KINDS = ("rating", "text", "long_text", "choice", "choices", "number", "minutes", "time", "yes_no")
NUMERIC_KINDS = frozenset({"rating", "number", "minutes"})
CHARTABLE_KINDS = NUMERIC_KINDS
FIELD_ID_RE = re.compile(r"[a-z][a-z0-9_]{0,39}", re.ASCII)
FIELD_ID_RULE = "use 1-40 lowercase letters, digits or underscores, starting with a letter"
TEXT_MAX = 500
LONG_TEXT_MAX = 5000
MINUTES_MAX = 1440

_COMMON_KEYS = ("id", "label", "kind", "help", "required", "chart")
_KIND_KEYS: dict[str, tuple[str, ...]] = {
    "rating": ("min", "max", "anchors"),
    "number": ("min", "max", "unit"),
    "choice": ("options",),
    "choices": ("options",),
    "text": ("placeholder",),
    "long_text": ("placeholder",),
}
_ALL_FIELD_KEYS = _COMMON_KEYS + ("min", "max", "anchors", "options", "unit", "placeholder")
#: A field's own example, shown greyed in its empty box: one short line.
PLACEHOLDER_MAX = 120
_ANCHOR_KEY_RE = re.compile(r"-?[0-9]{1,12}", re.ASCII)


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong with an exercise file.

    `field` is the dotted location for programs ("fields[2].max", "title", "" for the whole
    file; item indexes count from 1, as a person reads the file). `where` is how the location
    is shown to a person ("fields[2] (anxiety)"); top-level messages name their key themselves.
    """

    field: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclasses.dataclass(frozen=True)
class Field:
    """Something the patient logs for each attempt at an exercise."""

    id: str
    label: str
    kind: str
    help: str | None = None
    required: bool = False
    chart: bool = False
    min: int | None = None
    max: int | None = None
    anchors: dict[int, str] = dataclasses.field(default_factory=dict, hash=False)
    options: tuple[str, ...] = ()
    unit: str | None = None
    placeholder: str | None = None  # an example answer, shown in the empty box (text fields only)


_TYPE_NAMES = ((bool, "true/false"), (int, "a whole number"), (float, "a decimal number"),
               (str, "text"), (list, "a list"), (dict, "a table"), (dt.date, "a date or time"),
               (dt.time, "a date or time"))


def describe_type(value: object) -> str:
    """Name a TOML value's type the way a non-programmer would."""
    return next((name for kind, name in _TYPE_NAMES if isinstance(value, kind)), type(value).__name__)


def show(value: object, limit: int = 40) -> str:
    """A short one-line rendering of a value for an error message (never contains a newline)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def did_you_mean(key: str, allowed: Iterable[str]) -> str:
    """' (did you mean 'title'?)' when a close match exists, else ''."""
    close = difflib.get_close_matches(key, list(allowed), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def one_line(text: str) -> bool:
    """True when `text` has no line break of any kind."""
    return len(text.splitlines()) <= 1


class Checker:
    """Reads keys from one TOML table (the file or one item), collecting problems, never raising."""

    def __init__(self, table: Mapping[str, Any], prefix: str = "", where: str = "") -> None:
        self.table = table
        self.prefix = prefix
        self.where = where
        self.problems: list[Problem] = []

    def add(self, key: str, message: str) -> None:
        location = f"{self.prefix}.{key}" if self.prefix and key else (self.prefix or key)
        self.problems.append(Problem(location, message, self.where))

    def unknown_keys(self, allowed: Iterable[str], what: str) -> None:
        allowed = tuple(allowed)
        for key in self.table:
            if key not in allowed:
                self.add(key, f"unknown key {show(key)} in {what}{did_you_mean(key, allowed)}")

    def _fetch(self, key: str, required: bool, hint: str) -> Any:
        if key not in self.table:
            if required:
                self.add(key, f"'{key}' is missing{hint}")
            return None
        return self.table[key]

    def text(self, key: str, *, required: bool, max_len: int | None = None,
             single_line: bool = False, hint: str = "") -> str | None:
        value = self._fetch(key, required, hint)
        if value is None:
            return None
        if not isinstance(value, str):
            self.add(key, f"{key} must be text in quotes, not {describe_type(value)}")
            return None
        value = value.strip()
        if not value:
            self.add(key, f"{key} is empty{hint or '; write something or leave the key out'}")
            return None
        if max_len is not None and len(value) > max_len:
            self.add(key, f"{key} is too long: at most {max_len} characters (it has {len(value)})")
            return None
        if single_line and not one_line(value):
            self.add(key, f"{key} must be a single line")
            return None
        return value

    def ident(self, key: str, pattern: re.Pattern[str], rule: str) -> str | None:
        value = self._fetch(key, True, "")
        if value is None:
            return None
        if not isinstance(value, str):
            self.add(key, f"{key} must be text in quotes, not {describe_type(value)}")
            return None
        if not pattern.fullmatch(value):
            self.add(key, f"{key} {show(value)} is not allowed: {rule}")
            return None
        return value

    def one_of(self, key: str, allowed: tuple[str, ...], *, noun: str) -> str | None:
        value = self._fetch(key, True, f"; use one of: {', '.join(allowed)}")
        if value is None:
            return None
        if not isinstance(value, str):
            self.add(key, f"{key} must be text in quotes, not {describe_type(value)}")
            return None
        if value not in allowed:
            self.add(key, f"unknown {noun} {show(value)}{did_you_mean(value, allowed)}; "
                          f"use one of: {', '.join(allowed)}")
            return None
        return value

    def integer(self, key: str, *, required: bool, lo: int | None = None,
                hi: int | None = None, hint: str = "") -> int | None:
        value = self._fetch(key, required, hint)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(key, f"{key} must be a whole number, not {describe_type(value)}")
            return None
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            self.add(key, f"{key} must be from {lo} to {hi} (it is {value})")
            return None
        return value

    def boolean(self, key: str) -> bool:
        value = self._fetch(key, False, "")
        if value is None:
            return False
        if not isinstance(value, bool):
            self.add(key, f"{key} must be true or false, not {describe_type(value)}")
            return False
        return value

    def text_list(self, key: str, *, required: bool, min_items: int, unique: bool,
                  hint: str = "") -> tuple[str, ...] | None:
        value = self._fetch(key, required, hint)
        if value is None:
            return None
        if not isinstance(value, list):
            self.add(key, f"{key} must be a list of text, like [\"a\", \"b\"], not {describe_type(value)}")
            return None
        items: list[str] = []
        ok = True
        for n, item in enumerate(value, 1):
            if not isinstance(item, str):
                self.add(key, f"{key} item {n} must be text in quotes, not {describe_type(item)}")
                ok = False
            elif not item.strip():
                self.add(key, f"{key} item {n} is empty")
                ok = False
            else:
                items.append(item.strip())
        if ok and len(items) < min_items:
            self.add(key, f"{key} needs at least {counted(min_items, 'item')}"
                          f" (it has {len(items)})")
            ok = False
        if ok and unique:
            repeats = sorted({i for i in items if items.count(i) > 1})
            if repeats:
                self.add(key, f"{key} lists {', '.join(map(show, repeats))} more than once")
                ok = False
        return tuple(items) if ok else None


def field_where(index: int, table: object) -> str:
    """How a person sees the location of the `index`-th [[fields]] entry: 'fields[2] (mood)'."""
    raw_id = table.get("id") if isinstance(table, dict) else None
    if isinstance(raw_id, str) and FIELD_ID_RE.fullmatch(raw_id):
        return f"fields[{index}] ({raw_id})"
    return f"fields[{index}]"


def parse_field(table: object, index: int) -> tuple[Field | None, list[Problem]]:
    """Check one [[fields]] table; return the Field (None if anything is wrong) and every problem."""
    prefix, where = f"fields[{index}]", field_where(index, table)
    if not isinstance(table, dict):
        return None, [Problem(prefix, f"each [[fields]] entry must be a table, not {describe_type(table)}",
                              where)]
    c = Checker(table, prefix, where)
    field_id = c.ident("id", FIELD_ID_RE, FIELD_ID_RULE)
    label = c.text("label", required=True)
    kind = c.one_of("kind", KINDS, noun="kind")
    help_text = c.text("help", required=False)
    required = c.boolean("required")
    chart = c.boolean("chart")
    allowed = _COMMON_KEYS + _KIND_KEYS.get(kind, ()) if kind else _ALL_FIELD_KEYS
    for key in table:
        if key not in _ALL_FIELD_KEYS:
            c.add(key, f"unknown key {show(key)}{did_you_mean(key, _ALL_FIELD_KEYS)}")
        elif key not in allowed:
            owners = " and ".join(k for k, keys in _KIND_KEYS.items() if key in keys)
            c.add(key, f"'{key}' is not used by a {kind} field (only by {owners} fields)")
    if chart and kind is not None and kind not in CHARTABLE_KINDS:
        c.add("chart", f"chart = true is only allowed for rating, number and minutes fields, "
                       f"not {kind}")
    lo = hi = None
    anchors: dict[int, str] = {}
    options: tuple[str, ...] = ()
    unit = placeholder = None
    if kind in ("text", "long_text"):
        placeholder = c.text("placeholder", required=False, max_len=PLACEHOLDER_MAX, single_line=True)
    if kind in ("rating", "number"):
        need = kind == "rating"
        hint = ": a rating needs both min and max" if need else ""
        lo = c.integer("min", required=need, hint=hint)
        hi = c.integer("max", required=need, hint=hint)
        if lo is not None and hi is not None and lo >= hi:
            c.add("max", f"min ({lo}) must be less than max ({hi})")
    if kind == "rating" and "anchors" in table:
        anchors = _parse_anchors(c, table["anchors"], lo, hi)
    if kind == "number":
        unit = c.text("unit", required=False, single_line=True)
    if kind in ("choice", "choices"):
        options = c.text_list("options", required=True, min_items=2, unique=True,
                              hint=f": a {kind} field needs a list of at least 2 options") or ()
    if c.problems or field_id is None or label is None or kind is None:
        return None, c.problems
    return Field(field_id, label, kind, help_text, required, chart, lo, hi, anchors, options,
                 unit, placeholder), []


def _parse_anchors(c: Checker, raw: object, lo: int | None, hi: int | None) -> dict[int, str]:
    """Anchor labels: keys are integers written as strings, lying within min..max."""
    if not isinstance(raw, dict):
        c.add("anchors", f"anchors must be a table like {{ \"0\" = \"not at all\" }}, "
                         f"not {describe_type(raw)}")
        return {}
    anchors: dict[int, str] = {}
    for key, label in raw.items():
        if not _ANCHOR_KEY_RE.fullmatch(key):
            c.add(f"anchors.{key}", f"anchor {show(key)} must be a whole number in quotes, like \"50\"")
            continue
        point = int(key)
        if lo is not None and hi is not None and not lo <= point <= hi:
            c.add(f"anchors.{key}", f"anchor \"{key}\" is outside min..max ({lo} to {hi})")
        elif point in anchors:
            c.add(f"anchors.{key}", f"anchor \"{key}\" repeats the point {point}")
        elif not isinstance(label, str) or not label.strip():
            c.add(f"anchors.{key}", f"anchor \"{key}\" needs a label in quotes, like \"not at all\"")
        else:
            anchors[point] = label.strip()
    return dict(sorted(anchors.items()))





