"""`workbook export`: every table as CSV or JSON plus a Frictionless Data Package describing it.

Rows are built from the stored records (one row per record; lists become link
or long tables), columns and types come from `export_schema`, and de-identifying
drops the columns marked private (and free-text attempt values) rather than
blanking them, so nothing private is left even in a header.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from workbook import __version__
from workbook.core.errors import WorkbookError
from workbook.core.inputs import shown_path
from workbook.core.model import Attempt, Event, ReminderSent, Settings, Snooze
from workbook.core.times import to_iso
from workbook.facade.workbook import Workbook
from workbook.insight.engagement import engagement_rows
from workbook.outputs.export_schema import BY_NAME, TABLES, Table
from workbook.storage.outfiles import OutputError, output_folder, write_output

FORMATS = ("csv", "json")
PACKAGE_FILE = "datapackage.json"
TEXT_KINDS = frozenset({"text", "long_text"})
DEIDENTIFIED_NOTE = (
    "De-identified: every free-text field (plans' what/where/why, if-then plans, notes, barrier notes, "
    "questions, agreements, free-text exercise answers, change summaries, failure reasons), every name and "
    "every contact detail has been removed. Ids, codes, numbers and times are kept as they are; "
    "nothing has been shifted."
)


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    files: tuple[Path, ...]
    rows: dict[str, int]
    deidentified: bool


def export(workbook: Workbook, out: Path, *, fmt: str = "csv", deidentify: bool = False,
           force: bool = False, now: datetime) -> ExportResult:
    """Write every table and datapackage.json into `out` (created 0700; files 0600)."""
    if fmt not in FORMATS:
        raise WorkbookError(f"--format must be csv or json, not {fmt!r}.")
    folder = _prepare(workbook, Path(out), force)
    tables = collect(workbook, deidentify=deidentify, now=now)
    files, counts = [], {}
    for table in TABLES:
        rows = tables[table.name]
        columns = [c.name for c in table.public_columns(deidentify)]
        text = _csv(columns, rows) if fmt == "csv" else _json(columns, rows)
        files.append(_write(workbook, folder / f"{table.name}.{fmt}", text))
        counts[table.name] = len(rows)
    package = datapackage(fmt, deidentify, now, workbook.settings())
    files.append(_write(workbook, folder / PACKAGE_FILE, json.dumps(package, indent=2, ensure_ascii=False) + "\n"))
    return ExportResult(folder, tuple(files), counts, deidentify)


def _write(workbook: Workbook, path: Path, text: str) -> Path:
    return write_output(path, text, home=workbook.home).path or path


def _prepare(workbook: Workbook, out: Path, force: bool) -> Path:
    """The folder to export into (refused inside the home's data, never through a link into it)."""
    target = output_folder(out, home=workbook.home)
    try:
        if any(target.iterdir()):
            if not force:
                raise WorkbookError(f"{shown_path(target)} is not empty; choose an empty folder, "
                                    "or add --force to write into it.")
            for name in [PACKAGE_FILE] + [f"{t.name}.{f}" for t in TABLES for f in FORMATS]:
                old = target / name  # an earlier export's files, so a de-identified export never sits beside them
                if old.is_symlink() or old.is_file():
                    old.unlink()  # a link itself, never what it points to
    except OSError as exc:
        raise OutputError(f"Could not write into {shown_path(target)}: {exc.strerror or exc}.") from None
    return target


# -- rows ----------------------------------------------------------------------------------


def _time(value: Any) -> str | None:
    return f"{value}:00" if isinstance(value, str) and len(value) == 5 else value


def collect(workbook: Workbook, *, now: datetime, deidentify: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Rows for every table, keyed by table name (private columns dropped if `deidentify`)."""
    store = workbook.store
    stored_settings = store.records(Settings)
    settings = workbook.settings()
    plans = workbook.plans()
    supporters = workbook.supporters()
    attempts = store.records(Attempt)
    attempts.sort(key=lambda a: a.logged_at)
    reminders = store.records(ReminderSent)
    events = store.records(Event)
    responses = workbook.responses()
    plan_ids = {p.id for p in plans}
    supporter_ids = {s.id for s in supporters}
    kinds = _field_kinds(workbook)

    out: dict[str, list[dict[str, Any]]] = {t.name: [] for t in TABLES}
    for s in stored_settings:
        d = s.to_dict()
        out["settings"].append({**d, "quiet_start": _time(d["quiet_start"]), "quiet_end": _time(d["quiet_end"])})
    for plan in plans:
        d = plan.to_dict()
        out["plans"].append({**d, "start_time": _time(d["start_time"])})
        for i, pair in enumerate(plan.if_then):
            out["plan_if_then"].append({"plan_id": plan.id, "position": i, "if_text": pair["if"], "then_text": pair["then"]})
        for i, item in enumerate(plan.adjustments):
            out["plan_adjustments"].append({"plan_id": plan.id, "position": i, "at": item.get("at") or None,
                                            "response": item.get("response"), "summary": item.get("summary")})
        for supporter_id in dict.fromkeys(plan.supporter_ids):
            if supporter_id in supporter_ids:
                out["plan_supporters"].append({"plan_id": plan.id, "supporter_id": supporter_id})
    for supporter in supporters:
        d = supporter.to_dict()
        out["supporters"].append({**d, "how": ";".join(supporter.how), "check_in_time": _time(d["check_in_time"])})
    for attempt in attempts:
        out["attempts"].append(_attempt_row(attempt, supporter_ids))
        for field_id, value in attempt.values.items():
            kind = kinds.get((attempt.exercise_id, field_id), "")
            if deidentify and (kind in TEXT_KINDS or not kind):
                continue  # free text (or a field no longer known, which might be)
            out["attempt_values"].append({"attempt_id": attempt.id, "field_id": field_id, "kind": kind or None,
                                          "value": _value_text(value)})
        for i, item in enumerate(attempt.barriers):
            out["barriers"].append({"attempt_id": attempt.id, "position": i, "code": item["code"], "note": item.get("note", "")})
    for response in responses:
        out["questionnaire_responses"].append(response.to_dict())
        for i, answer in enumerate(response.answers, 1):
            out["questionnaire_items"].append({"response_id": response.id, "item": i, "answer": answer})
    for note in workbook.session_notes():
        out["session_notes"].append(note.to_dict())
        for plan_id in dict.fromkeys(note.agreed_plan_ids):
            if plan_id in plan_ids:
                out["session_note_plans"].append({"session_note_id": note.id, "plan_id": plan_id})
    for question in workbook.questions():
        d = question.to_dict()
        out["questions"].append({**d, "plan_id": d["plan_id"] if d["plan_id"] in plan_ids else None})
    snoozes = store.records(Snooze)
    out["snoozes"] = [z.to_dict() for z in sorted(snoozes, key=lambda z: z.created_at)]
    snooze_ids = {z.id for z in snoozes}
    out["reminders_sent"] = [{**r.to_dict(), "snooze_id": r.snooze_id if r.snooze_id in snooze_ids else None}
                             for r in sorted(reminders, key=lambda r: r.created_at)]
    out["events"] = [e.to_dict() for e in events]
    pauses = workbook.pauses()
    out["plan_pauses"] = [p.to_dict() for p in pauses if p.plan_id in plan_ids]
    out["engagement"] = engagement_rows(settings=settings, plans=plans, attempts=attempts, responses=responses,
                                        events=events, reminders=reminders, now=now, pauses=pauses)
    return {name: _shape(BY_NAME[name], rows, deidentify) for name, rows in out.items()}


def _attempt_row(attempt: Attempt, supporter_ids: set[str]) -> dict[str, Any]:
    return {
        "id": attempt.id, "created_at": attempt.created_at, "updated_at": attempt.updated_at, "plan_id": attempt.plan_id, "exercise_id": attempt.exercise_id,
        "occurrence": attempt.occurrence, "logged_at": attempt.logged_at, "outcome": attempt.outcome,
        "minutes": attempt.minutes, "note": attempt.note, "supporter_helped": attempt.supporter_helped,
        "supporter_id": attempt.supporter_id if attempt.supporter_id in supporter_ids else None,
    }


def _field_kinds(workbook: Workbook) -> dict[tuple[str, str], str]:
    return {(e.id, f.id): f.kind for e in workbook.exercises for f in e.fields}


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _shape(table: Table, rows: list[dict[str, Any]], deidentify: bool) -> list[dict[str, Any]]:
    """Exactly the table's (public) columns, in order; empty text becomes null."""
    names = [c.name for c in table.public_columns(deidentify)]
    return [{n: (None if row.get(n) == "" else row.get(n)) for n in names} for row in rows]


# -- files ---------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(row[c]) for c in columns] for row in rows)
    return buffer.getvalue()


def _json(columns: list[str], rows: list[dict[str, Any]]) -> str:
    """Frictionless's JSON table form: an array whose first item is the header, one array per row."""
    lines = [json.dumps(columns)] + [json.dumps([row[c] for c in columns], ensure_ascii=False) for row in rows]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def datapackage(fmt: str, deidentify: bool, now: datetime, settings: Settings) -> dict[str, Any]:
    """The Frictionless Data Package descriptor for an export."""
    description = ("A Workbook export: a patient's plans, logged attempts, barriers, supporters, questionnaires, "
                   "practitioner calls, reminders and research events, one file per table. Times are ISO 8601 "
                   "with their UTC offset; ids are UUIDs.")
    if deidentify:
        description += " " + DEIDENTIFIED_NOTE
    return {
        "profile": "tabular-data-package",
        "name": "workbook-export",
        "title": "Workbook export" + (" (de-identified)" if deidentify else ""),
        "description": description,
        "created": to_iso(now),
        "keywords": ["workbook", "low-intensity CBT", "engagement"] + (["de-identified"] if deidentify else []),
        "workbook": {"version": __version__, "format": fmt, "deidentified": deidentify,
                     "participant_id": settings.participant_id or None, "study_id": settings.study_id or None},
        "resources": [_resource(t, fmt, deidentify) for t in TABLES],
    }


def _resource(table: Table, fmt: str, deidentify: bool) -> dict[str, Any]:
    return {
        "name": table.name,
        "path": f"{table.name}.{fmt}",
        "profile": "tabular-data-resource",
        "format": fmt,
        "mediatype": "text/csv" if fmt == "csv" else "application/json",
        "encoding": "utf-8",
        "title": table.title,
        "description": table.description,
        "schema": table.schema(deidentify),
    }

