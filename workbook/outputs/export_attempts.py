"""The four export tables that grow with every log (attempts, their answers, barriers and derived
values), built column by column: a long history has 50,000 attempts and three times as many
answers, and the files are written column-wise, so no row dict is ever made for them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from workbook.content.exercises import Exercise, derived_values
from workbook.core.model import Attempt
from workbook.outputs.export_times import Instants

Columns = dict[str, list[Any]]
TEXT_KINDS = frozenset({"text", "long_text"})
#: The attempt_values column saying an answer may be free text (the levels beyond identified leave it out).
FREE_TEXT = "_free_text"


def attempt_columns(attempts: Sequence[Attempt], *, exercises: Sequence[Exercise], plan_zones: dict[str, str],
                    zones: dict[str, tzinfo], home_zone: tzinfo, supporter_ids: set[str],
                    instants: Instants) -> dict[str, Columns]:
    """{table name: {column: values}} for attempts, attempt_values, barriers and derived_values."""
    utc, wall = instants.utc, instants.wall
    tzs = [zones.get(a.plan_id, home_zone) for a in attempts]
    occurrences = [a.occurrence for a in attempts]
    logged = [a.logged_at for a in attempts]
    tables: dict[str, Columns] = {
        "attempts": {
            "id": [a.id for a in attempts],
            "created_at": [utc(a.created_at) for a in attempts],
            "updated_at": [utc(a.updated_at) for a in attempts],
            "plan_id": [a.plan_id for a in attempts],
            "exercise_id": [a.exercise_id for a in attempts],
            "occurrence": list(map(utc, occurrences)),
            "occurrence_local": list(map(wall, occurrences, tzs)),
            "logged_at": list(map(utc, logged)),
            "logged_at_local": list(map(wall, logged, tzs)),
            "zone": [plan_zones.get(a.plan_id) or None for a in attempts],
            "outcome": [a.outcome for a in attempts],
            "minutes": [a.minutes for a in attempts],
            "note": [a.note or None for a in attempts],
            "supporter_helped": [a.supporter_helped for a in attempts],
            "supporter_id": [a.supporter_id if a.supporter_id in supporter_ids else None for a in attempts],
        },
        "attempt_values": _values(attempts, exercises),
        "barriers": _barriers(attempts),
        "derived_values": _derived(attempts, exercises),
    }
    return tables


def _values(attempts: Sequence[Attempt], exercises: Sequence[Exercise]) -> Columns:
    kinds = {(e.id, f.id): f.kind for e in exercises for f in e.fields}
    ids: list[str] = []
    fields: list[str] = []
    kind_of: list[str | None] = []
    texts: list[str] = []
    free: list[bool] = []
    for a in attempts:
        exercise = a.exercise_id
        for field_id, value in a.values.items():
            kind = kinds.get((exercise, field_id), "")
            ids.append(a.id)
            fields.append(field_id)
            kind_of.append(kind or None)
            kind_of_value = type(value)  # most answers are numbers or text: written without a call
            texts.append(value if kind_of_value is str else str(value) if kind_of_value is int else value_text(value))
            free.append(kind in TEXT_KINDS or not kind)
    return {"attempt_id": ids, "field_id": fields, "kind": kind_of, "value": texts, FREE_TEXT: free}


def value_text(value: Any) -> str:
    """An answer as text: numbers as written, yes/no as true/false, lists and tables as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _barriers(attempts: Sequence[Attempt]) -> Columns:
    out: Columns = {"attempt_id": [], "position": [], "code": [], "note": []}
    ids, positions, codes, notes = out.values()
    for a in attempts:
        for i, item in enumerate(a.barriers):
            ids.append(a.id)
            positions.append(i)
            codes.append(item["code"])
            notes.append(item.get("note") or None)
    return out


def _derived(attempts: Sequence[Attempt], exercises: Sequence[Exercise]) -> Columns:
    out: Columns = {name: [] for name in ("attempt_id", "derived_id", "exercise_id", "formula", "inputs", "value", "unit")}
    with_derived = {e.id: e for e in exercises if e.derived}
    formulas = {e.id: {d.id: d for d in e.derived} for e in with_derived.values()}
    for a in attempts:
        exercise = with_derived.get(a.exercise_id)
        if exercise is None or not a.values:
            continue
        own = formulas[a.exercise_id]
        for derived_id, number in derived_values(exercise, a.values).items():
            formula = own[derived_id]
            for name, value in (("attempt_id", a.id), ("derived_id", derived_id), ("exercise_id", a.exercise_id),
                                ("formula", formula.function), ("inputs", ";".join(formula.inputs)),
                                ("value", number), ("unit", formula.unit or None)):
                out[name].append(value)
    return out
