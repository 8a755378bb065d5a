"""An exercise file's optional `[report]` table: how Review and the practitioner report sum it up.

Every number field is reported anyway (count, first against latest, which way it went), and
every choice, checklist and yes/no field is counted. The table only adds what the numbers
cannot say for themselves:

    [report]
    lower_is_better = ["anxiety"]          # a fall is the hoped-for direction
    higher_is_better = ["mood"]            # a rise is the hoped-for direction
    weekly = ["sleep_efficiency"]          # also shown as an average for each week
    each_entry = ["peak_anxiety"]          # listed entry by entry, with its date

A value named in neither "better" list is described ("fell", "rose"), never judged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from workbook.content.fields import NUMERIC_KINDS, Checker, Problem, describe_type, did_you_mean, show

REPORT_KEYS = ("lower_is_better", "higher_is_better", "weekly", "each_entry")
LOWER, HIGHER = "lower", "higher"


@dataclasses.dataclass(frozen=True)
class Reporting:
    """What an exercise's `[report]` table says (all empty when the file has none)."""

    lower_is_better: tuple[str, ...] = ()
    higher_is_better: tuple[str, ...] = ()
    weekly: tuple[str, ...] = ()
    each_entry: tuple[str, ...] = ()

    def better(self, value_id: str) -> str | None:
        """"lower" or "higher" when the file says which way is hoped for, else None (don't judge)."""
        if value_id in self.lower_is_better:
            return LOWER
        if value_id in self.higher_is_better:
            return HIGHER
        return None


def parse_reporting(raw: object, field_kinds: Mapping[str, str | None] | None,
                    derived_ids: tuple[str, ...]) -> tuple[Reporting, list[Problem]]:
    """Check a `[report]` table against the exercise's fields (id -> kind) and derived value ids.

    Every problem names the key and the value ("report.weekly: 'x' is not ..."). With
    `field_kinds` None (the file has no usable [[fields]]) the ids are not judged.
    """
    if raw is None:
        return Reporting(), []
    if not isinstance(raw, dict):
        return Reporting(), [Problem("report", f"report must be a [report] table, not {describe_type(raw)}")]
    c = Checker(raw, "report", "[report]")
    c.unknown_keys(REPORT_KEYS, "[report]")
    numbers = [i for i, kind in (field_kinds or {}).items() if kind in NUMERIC_KINDS] + list(derived_ids)
    anything = list(field_kinds or {}) + list(derived_ids)
    lists: dict[str, tuple[str, ...]] = {}
    for key in REPORT_KEYS:
        if key not in raw:
            continue
        items = c.text_list(key, required=False, min_items=1, unique=True) or ()
        allowed, what = (anything, "a field or derived value") if key == "each_entry" else \
            (numbers, "a number field (rating, number or minutes) or derived value")
        if field_kinds is not None:
            for item in items:
                if item not in allowed:
                    c.add(key, f"{key}: {show(item)} is not {what} of this exercise{did_you_mean(item, allowed)}")
        lists[key] = items
    both = sorted(set(lists.get("lower_is_better", ())) & set(lists.get("higher_is_better", ())))
    for item in both:
        c.add("higher_is_better", f"higher_is_better: {show(item)} is also in lower_is_better; "
                                  "name it in one of them (or neither)")
    if c.problems:
        return Reporting(), c.problems
    return Reporting(**lists), []


def raw_derived_ids(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The ids of the file's [[derived]] tables, as written (so one bad table adds no second problem)."""
    raw = data.get("derived")
    if not isinstance(raw, list):
        return ()
    return tuple(t["id"] for t in raw if isinstance(t, dict) and isinstance(t.get("id"), str))
