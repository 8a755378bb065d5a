"""Reading a review pack (`review.json`, docs/review-pack.md) that a patient sent.

A reader refuses a `format` other than "workbook-review-pack" and a `version` newer than it
knows, ignores keys it does not know, and takes nothing on trust: every value the caseload
uses is checked as it is read, and a wrong one names its field. Problems are `PackProblem`s
whose message is the few words shown in the file's own row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import orjson

from workbook.content.copy import text
from workbook.core.errors import WorkbookError
from workbook.core.inputs import shorten

__all__ = ["FORMAT", "VERSION", "PackProblem", "day_at", "instant_at", "items_at", "number_at", "parse_pack",
           "table_at", "text_at"]

FORMAT = "workbook-review-pack"
VERSION = 1  # the newest review-pack version this Workbook reads
#: The sections every version-1 pack has, and what each holds.
SECTIONS: dict[str, type] = {"patient": dict, "period": dict, "totals": dict, "risk": list, "plans": list,
                             "barriers": list, "questionnaires": list, "questions": list}


class PackProblem(WorkbookError):
    """A file that is not a review pack this Workbook can read; the message is its row's reason."""


def parse_pack(data: bytes) -> dict[str, Any]:
    """The pack's top-level object, checked for its format, version and sections."""
    try:
        pack = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise PackProblem(text("caseload.problem.not_json", line=exc.lineno)) from None
    if not isinstance(pack, dict):
        raise PackProblem(text("caseload.problem.not_object"))
    found = pack.get("format")
    if found != FORMAT:
        resource = pack.get("resourceType")
        if found is None and isinstance(resource, str):
            raise PackProblem(text("caseload.problem.fhir", resource=shorten(resource, 30)))
        shown = "none" if found is None else shorten(str(found), 40)
        raise PackProblem(text("caseload.problem.foreign", format=shown))
    version = pack.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PackProblem(text("caseload.problem.bad_version", version=shorten(str(version), 20)))
    if version > VERSION:
        raise PackProblem(text("caseload.problem.newer", version=version, known=VERSION))
    for name, kind in SECTIONS.items():
        if not isinstance(pack.get(name), kind):
            raise PackProblem(text("caseload.problem.section", field=name))
    instant_at(pack, "generated_at")
    return pack


def _problem(field: str, what: str) -> PackProblem:
    return PackProblem(text("caseload.problem.field", field=field, problem=text(f"caseload.problem.{what}")))


def table_at(table: dict[str, Any], key: str, field: str) -> dict[str, Any]:
    value = table.get(key)
    if not isinstance(value, dict):
        raise _problem(field, "not_table")
    return value


def items_at(table: dict[str, Any], key: str, field: str) -> list[dict[str, Any]]:
    """A list of tables (plans, scores...); a missing list reads as empty."""
    value = table.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _problem(field, "not_list")
    return value


def text_at(table: dict[str, Any], key: str, field: str) -> str:
    """Text, or "" when absent or null."""
    value = table.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _problem(field, "not_text")
    return value


def number_at(table: dict[str, Any], key: str, field: str) -> float | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _problem(field, "not_number")
    return value


def instant_at(table: dict[str, Any], key: str, field: str = "", *, optional: bool = False) -> datetime | None:
    """An ISO 8601 instant with its offset (`Z` allowed); None only when `optional` and null."""
    value = table.get(key)
    if value is None and optional:
        return None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment
    raise _problem(field or key, "not_instant")


def day_at(table: dict[str, Any], key: str, field: str, *, optional: bool = True) -> date | None:
    value = table.get(key)
    if value is None and optional:
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _problem(field, "not_day")
