"""Every stored record is validated as it is read, by the rules used when it was written.

A file can be valid JSON and still hold a record that does not fit: `"minutes": "20"` on a
plan, a row that is a number instead of a record, an attempt with no `logged_at`. Such a
record is built with `Record.from_dict` (which runs `validate()`), exactly as a record being
saved is; if that fails, the record is left as it is on disk, skipped, and its problem is
kept as a `RecordProblem` naming the file, table, record, field and what is wrong. Listing
records then goes on with the rest; only work on that record is refused (with
`BadRecordError`), `doctor` reports it, and backups refuse to copy it as good.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from workbook.core.errors import BadRecordError, ValidationError
from workbook.core.records import Record
from workbook.storage import layout

#: The schema this Workbook writes (see `migrations` for how older homes are brought to it).
SCHEMA_VERSION = 3

R = TypeVar("R", bound=Record)
META_TABLE = "_meta"
META_ID = "schema"
WHOLE = "(record)"
_SHOWN = 160  # characters of a problem's wording (a damaged value may be very long)
_ABSENT = object()


@dataclass(frozen=True)
class RecordProblem:
    """One stored record that does not fit the model."""

    path: Path
    table: str
    key: str  # the record's number in its file (TinyDB's document id)
    record_id: str  # its id, or "#<number>" when it has no usable id
    field: str
    message: str

    def error(self, lead: str = "") -> BadRecordError:
        return BadRecordError(self.path, self.table, self.record_id, self.field, self.message, lead=lead)

    def __str__(self) -> str:
        return f"{self.path}: the {self.table} record {self.record_id}: {self.field}: {self.message}"


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def record_label(key: object, row: object) -> str:
    """How a record is named in a message: its id if it has a sensible one, else its number."""
    record_id = row.get("id") if isinstance(row, dict) else None
    if isinstance(record_id, str) and 0 < len(record_id) <= 64 and record_id.isprintable():
        return record_id
    return f"#{_short(str(key))[:20]}"


def _kind(value: object) -> str:
    names = {int: "a number", float: "a number", bool: "true or false", str: "text", list: "a list"}
    return names.get(type(value), "empty" if value is None else type(value).__name__)


def check_row(cls: type[R], path: Path, key: object, row: object) -> R | RecordProblem:
    """The stored row as a validated record, or the problem that stops it being one."""

    if not isinstance(row, dict):
        return _problem(cls, path, key, row, WHOLE, f"is {_kind(row)}, not a record")
    try:
        record = cls.from_dict(row)
    except ValidationError as exc:
        stored = row.get(exc.field, _ABSENT)
        shown = "" if stored is _ABSENT or "got " in exc.message else f" (stored: {_short(repr(stored))[:60]})"
        return _problem(cls, path, key, row, exc.field, exc.message + shown)
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError) as exc:  # pragma: no cover - belt and braces
        return _problem(cls, path, key, row, WHOLE, f"cannot be read ({type(exc).__name__})")
    if record.created_at and record.updated_at:
        return record
    name = "updated_at" if record.created_at else "created_at"
    return _problem(cls, path, key, row, name, "is missing (every saved record has the time it was saved)")


def _problem(cls: type[Record], path: Path, key: object, row: object, field: str, message: str) -> RecordProblem:
    return RecordProblem(Path(path), cls.table, _short(str(key)), record_label(key, row), field, _short(message))


def check_rows(cls: type[R], path: Path, rows: Mapping[Any, Any],
               keep: Callable[[dict[str, Any]], bool] | None = None) -> tuple[list[R], dict[str, RecordProblem]]:
    """(the records that fit, {key: problem} for those that do not); `keep` filters rows first."""
    found: list[R] = []
    bad: dict[str, RecordProblem] = {}
    for key, row in rows.items():
        if keep is not None and isinstance(row, dict) and not keep(row):
            continue
        result = check_row(cls, path, key, row)
        if isinstance(result, RecordProblem):
            bad[result.key] = result
        else:
            found.append(result)
    return found, bad


def schema_version(path: Path, data: Mapping[str, Any]) -> int | None:
    """The schema version a core file records; None if it records none; BadRecordError if its record is bad."""
    meta = data.get(META_TABLE) or {}
    for key, row in meta.items():
        if isinstance(row, dict) and row.get("id") == META_ID:
            value = row.get("schema_version")
            if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
                return value
            problem = "is missing" if value is None else f"must be a whole number from 1 (got {_short(repr(value))})"
            raise BadRecordError(path, META_TABLE, META_ID, "schema_version", problem)
    return None


def file_problems(path: Path, rel: str, data: Mapping[str, Any], *, records: bool = True) -> list[RecordProblem]:
    """Every problem in one parsed database file: record numbers, the schema record, and (with
    `records`) each record of the tables this file holds, validated by the model."""
    problems: list[RecordProblem] = []
    table = layout.table_of(rel)
    tables: Iterable[str] = (table,) if table else layout.CORE_TABLES
    for name in tables:
        rows = data.get(name) or {}
        for key, row in rows.items():
            if not str(key).isdigit():
                problems.append(RecordProblem(Path(path), name, _short(str(key)), record_label(key, row), "(number)",
                                              "the record's number in the file is not a whole number"))
        if name == META_TABLE:
            try:
                schema_version(path, data)
            except BadRecordError as exc:
                problems.append(RecordProblem(Path(path), META_TABLE, META_ID, META_ID, exc.field, exc.problem))
            continue
        if records:
            from workbook.core.model import RECORD_TYPES  # every record type: only doctor and backups check whole files

            problems.extend(check_rows(RECORD_TYPES[name], path, rows)[1].values())
    return problems
