"""`workbook export`: every table as CSV or JSON plus a Frictionless Data Package describing it.

Rows are built from the stored records (one row per record; lists become link
or long tables), columns and types come from `export_schema`. Every instant is
written in UTC with a Z, local wall times in their own columns. The level decides
what is left: identified (everything), pseudonymised (private columns dropped,
not blanked, so nothing private is left even in a header) or anonymised (see
`anonymise`). Events and engagement cover only the consent windows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import compress
from pathlib import Path
from typing import Any

from workbook import __version__
from workbook.content.copy import text as copy_text
from workbook.core.errors import UsageError, WorkbookError
from workbook.core.inputs import shown_path
from workbook.core.lifetime import keep_until_exit
from workbook.core.model import Attempt, Event, Settings
from workbook.core.reminder_records import ReminderSent, Snooze
from workbook.core.times import to_iso, zone
from workbook.facade.workbook import Workbook
from workbook.insight.consent import consent_windows, inside
from workbook.insight.engagement import engagement_rows
from workbook.outputs.bulk import collector_paused
from workbook.outputs.anonymise import Anonymiser
from workbook.outputs.export_attempts import FREE_TEXT, attempt_columns
from workbook.outputs.export_schema import BY_NAME, EXPORT_FORMAT_VERSION, LEVELS, TABLES, Table
from workbook.outputs.export_times import Instants
from workbook.outputs.second_core import Pending, beside
from workbook.storage.outfiles import OutputError, output_folder, write_output

FORMATS = ("csv", "json")
PACKAGE_FILE = "datapackage.json"
README_FILE = "README.txt"
#: Every file an export writes: --force replaces these and nothing else.
EXPORT_FILES = frozenset([PACKAGE_FILE, README_FILE] + [f"{t.name}.{f}" for t in TABLES for f in FORMATS])


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    files: tuple[Path, ...]
    rows: dict[str, int]
    level: str

    @property
    def deidentified(self) -> bool:
        return self.level != "identified"


def export(workbook: Workbook, out: Path, *, fmt: str = "csv", level: str | None = None, deidentify: bool = False,
           force: bool = False, now: datetime) -> ExportResult:
    """Write every table, README.txt and datapackage.json into `out` (created 0700; files 0600).

    `deidentify` is the older name of the pseudonymised level."""
    if fmt not in FORMATS:
        raise UsageError(f"--format must be csv or json, not {fmt!r}.")
    level = level or ("pseudonymised" if deidentify else "identified")
    if level not in LEVELS:
        raise UsageError(f"The export level must be one of {', '.join(LEVELS)}, not {level!r}.")
    folder = _prepare(workbook, Path(out), force)
    with collector_paused(), collect(workbook, now=now) as tables:
        keep_until_exit(tables)  # a command's process ends next: its tables are not freed one by one first
        return _write_tables(workbook, folder, tables, fmt, level, now)


def _write_tables(workbook: Workbook, folder: Path, tables: Tables, fmt: str, level: str,
                  now: datetime) -> ExportResult:
    settings = workbook.settings()
    anonymiser = Anonymiser() if level == "anonymised" else None
    participant = settings.participant_id or None
    if anonymiser is not None:
        participant = anonymiser.rekey(participant)
    files, counts = [], {}
    for table in sorted(TABLES, key=lambda t: t.name in tables.pending):  # those still counted go last
        names = [c.name for c in table.public_columns(level)]
        columns = _kept(table, level, tables[table.name], names)
        if anonymiser is not None:
            anonymiser.columns(table, columns)
        body = _csv(table, names, columns) if fmt == "csv" else _json(names, columns)
        files.append(_write(workbook, folder / f"{table.name}.{fmt}", body))
        counts[table.name] = len(columns[names[0]])
    files.sort(key=lambda path: TABLE_ORDER.get(path.stem, len(TABLE_ORDER)))
    what = copy_text(f"export.{level}")
    files.append(_write(workbook, folder / README_FILE, copy_text("export.readme", level=level, what=what)))
    package = datapackage(fmt, level, now, participant, settings.study_id or None)
    files.append(_write(workbook, folder / PACKAGE_FILE, json.dumps(package, indent=2, ensure_ascii=False) + "\n"))
    return ExportResult(folder, tuple(files), counts, level)


def _write(workbook: Workbook, path: Path, text: str) -> Path:
    return write_output(path, text, home=workbook.home).path or path


def _prepare(workbook: Workbook, out: Path, force: bool) -> Path:
    """The folder to export into (refused inside the home's data, never through a link into it).

    A folder already holding files is written into only with `force`, and only when everything
    in it is an earlier export's own files: those are removed first, so a new export never sits
    beside an old one (an identified table beside a de-identified package)."""
    target = output_folder(out, home=workbook.home)
    try:
        present = sorted(p.name for p in target.iterdir())
        if present:
            if not force:
                raise WorkbookError(f"{shown_path(target)} is not empty; choose an empty folder, "
                                    "or add --force to replace an earlier export there.")
            others = [name for name in present if name not in EXPORT_FILES]
            if others:
                raise WorkbookError(f"{shown_path(target)} holds {others[0]!r}, which is not a Workbook export file, "
                                    "so --force will not replace it; choose an empty folder.")
            for name in present:
                old = target / name
                if old.is_symlink() or old.is_file():
                    old.unlink()  # a link itself, never what it points to
                else:
                    raise WorkbookError(f"{shown_path(old)} is a folder, not a Workbook export file; "
                                        "choose an empty folder.")
    except OSError as exc:
        raise OutputError(f"Could not write into {shown_path(target)}: {exc.strerror or exc}.") from None
    return target


# -- rows ----------------------------------------------------------------------------------


def _time(value: Any) -> str | None:
    return f"{value}:00" if isinstance(value, str) and len(value) == 5 else value


class Tables(dict[str, dict[str, list[Any]]]):
    """{table name: {column: every row's value}}; a table still being counted on a second core is
    waited for when it is first read."""

    def __init__(self, ready: dict[str, dict[str, list[Any]]], pending: dict[str, Pending[list[dict[str, Any]]]]):
        super().__init__(ready)
        self.pending = pending

    def __missing__(self, name: str) -> dict[str, list[Any]]:
        if name not in self.pending:
            raise KeyError(name)
        self[name] = _as_columns(BY_NAME[name], self.pending[name].result())
        return self[name]


@contextmanager
def collect(workbook: Workbook, *, now: datetime) -> Iterator[Tables]:
    """Every table, with every column (the level chooses which are written). A long history's
    engagement table is counted on a second core meanwhile: read it last."""
    store = workbook.store
    instants = Instants()
    utc, wall = instants.utc, instants.wall

    def stamped(d: dict[str, Any], *names: str) -> dict[str, Any]:
        for name in ("created_at", "updated_at", *names):
            d[name] = utc(d.get(name))
        return d

    stored_settings = store.records(Settings)
    settings = workbook.settings()
    home_zone = zone(settings.zone)
    plans = workbook.plans()
    supporters = workbook.supporters()
    attempts = store.records(Attempt)
    attempts.sort(key=lambda a: a.logged_at)
    keep_until_exit(attempts)  # see `export`
    reminders = store.records(ReminderSent)
    events = store.records(Event)
    events.sort(key=lambda e: e.at)
    responses = workbook.responses()
    plan_ids = {p.id for p in plans}
    supporter_ids = {s.id for s in supporters}

    out: dict[str, list[dict[str, Any]]] = {t.name: [] for t in TABLES if t.name not in BUILT_AS_COLUMNS | COUNTED_BESIDE}
    for s in stored_settings:
        d = stamped(s.to_dict(), "next_call")
        out["settings"].append({**d, "quiet_start": _time(d["quiet_start"]), "quiet_end": _time(d["quiet_end"])})
    for plan in plans:
        d = stamped(plan.to_dict())
        out["plans"].append({**d, "start_time": _time(d["start_time"])})
        for i, pair in enumerate(plan.if_then):
            out["plan_if_then"].append({"plan_id": plan.id, "position": i, "if_text": pair["if"], "then_text": pair["then"]})
        for i, item in enumerate(plan.adjustments):
            out["plan_adjustments"].append({"plan_id": plan.id, "position": i, "at": utc(item.get("at")),
                                            "response": item.get("response"), "summary": item.get("summary")})
        for supporter_id in dict.fromkeys(plan.supporter_ids):
            if supporter_id in supporter_ids:
                out["plan_supporters"].append({"plan_id": plan.id, "supporter_id": supporter_id})
    for supporter in supporters:
        d = stamped(supporter.to_dict())
        out["supporters"].append({**d, "how": ";".join(supporter.how), "check_in_time": _time(d["check_in_time"])})
    for response in responses:
        d = stamped(response.to_dict(), "completed_at")
        d.update(completed_at_local=wall(response.completed_at, home_zone), zone=settings.zone)
        out["questionnaire_responses"].append(d)
        for i, answer in enumerate(response.answers, 1):
            out["questionnaire_items"].append({"response_id": response.id, "item": i, "answer": answer})
    for note in workbook.session_notes():
        out["session_notes"].append(stamped(note.to_dict(), "next_call"))
        for plan_id in dict.fromkeys(note.agreed_plan_ids):
            if plan_id in plan_ids:
                out["session_note_plans"].append({"session_note_id": note.id, "plan_id": plan_id})
    packs = workbook.session_packs()
    note_ids = {row["id"] for row in out["session_notes"]}
    for pack in packs:
        d = stamped(pack.to_dict(), "imported_at", "next_call")
        out["session_packs"].append({**d, "questionnaires": ";".join(pack.questionnaires), "answers": len(pack.answers),
                                     "note_id": pack.note_id if pack.note_id in note_ids else None})
    pack_ids = {p.id for p in packs}
    for suggestion in workbook.suggestions():
        if suggestion.pack_id in pack_ids:
            d = stamped(suggestion.to_dict(), "decided_at")
            out["suggestions"].append({**d, "plan_id": d["plan_id"] if d["plan_id"] in plan_ids else None})
    for question in workbook.questions():
        d = stamped(question.to_dict())
        out["questions"].append({**d, "plan_id": d["plan_id"] if d["plan_id"] in plan_ids else None})
    snoozes = store.records(Snooze)
    out["snoozes"] = [stamped(z.to_dict(), "occurrence", "until") for z in sorted(snoozes, key=lambda z: z.created_at)]
    snooze_ids = {z.id for z in snoozes}
    out["reminders_sent"] = [{**stamped(r.to_dict(), "occurrence", "tried_at"),
                              "snooze_id": r.snooze_id if r.snooze_id in snooze_ids else None}
                             for r in sorted(reminders, key=lambda r: r.created_at)]
    windows = consent_windows(events, research_on_now=settings.research_mode)
    within = inside(windows, now)
    for event in events:
        d = stamped(event.to_dict(), "at")
        d.update(at_local=wall(event.at, home_zone), zone=settings.zone)
        out["events"].append(d)
    out["consent_windows"] = [{"window": i, "participant_id": w.participant_id or None, "study_id": w.study_id or None,
                               "started_at": utc(to_iso(w.start)), "ended_at": utc(to_iso(w.end)) if w.end else None}
                              for i, w in enumerate(windows, 1)]
    out["consents"] = [stamped(c.to_dict(), "agreed_at", "left_at") for c in workbook.consents()]
    pauses = workbook.pauses()
    out["plan_pauses"] = [stamped(p.to_dict(), "paused_at", "resumed_at") for p in pauses if p.plan_id in plan_ids]

    def engagement() -> list[dict[str, Any]]:
        return engagement_rows(settings=settings, plans=plans, attempts=attempts, responses=responses,
                               events=events, reminders=reminders, now=now, pauses=pauses, consent=within)

    with beside(engagement, worth_it=len(attempts) >= SECOND_CORE_FROM) as weeks:
        tables = Tables({name: _as_columns(BY_NAME[name], rows) for name, rows in out.items()},
                        {"engagement": weeks})
        plan_zones = {p.id: p.zone for p in plans}
        tables.update(attempt_columns(attempts, exercises=list(workbook.exercises), plan_zones=plan_zones,
                                      zones={plan_id: zone(name) for plan_id, name in plan_zones.items()},
                                      home_zone=home_zone, supporter_ids=supporter_ids, instants=instants))
        yield tables


#: Where each table's file comes in the export's list of files: the order of TABLES.
TABLE_ORDER = {table.name: i for i, table in enumerate(TABLES)}
#: Attempts from which counting engagement beside the rest pays for forking (a few milliseconds).
SECOND_CORE_FROM = 5_000


#: Tables counted on a second core for a long history (read last, as `Tables` waits for them).
COUNTED_BESIDE = frozenset({"engagement"})
#: Tables `export_attempts` builds column by column, with None for empty text already (they are the big ones).
BUILT_AS_COLUMNS = frozenset({"attempts", "attempt_values", "barriers", "derived_values"})


def _as_columns(table: Table, rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """A small table's rows as columns; empty text is written as null (JSON) or an empty cell (CSV),
    like a value never given."""
    columns = {}
    for column in table.columns:
        values = [row.get(column.name) for row in rows]
        if column.type == "string":
            values = [None if value == "" else value for value in values]
        columns[column.name] = values
    return columns


# -- files ---------------------------------------------------------------------------------


def _csv_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _csv(table: Table, names: list[str], columns: dict[str, list[Any]]) -> str:
    """One header row, then one row per record, put together column by column (csv writes None as
    an empty cell, so only boolean and object columns need changing)."""
    typed = {c.name for c in table.columns if c.type in ("boolean", "object")}
    cells = [list(map(_csv_cell, columns[n])) if n in typed else columns[n] for n in names]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(zip(*cells))
    return buffer.getvalue()


def _kept(table: Table, level: str, columns: dict[str, list[Any]], names: list[str]) -> dict[str, list[Any]]:
    """The columns the level writes, of the rows it keeps: beyond identified, an attempt's free-text
    answers (or answers to a field no longer known, which might be free text) go, as the private columns do."""
    if table.name != "attempt_values" or level == "identified":
        return {name: columns[name] for name in names}
    keep = [not free for free in columns[FREE_TEXT]]
    return {name: list(compress(columns[name], keep)) for name in names}


def _json(names: list[str], columns: dict[str, list[Any]]) -> str:
    """Frictionless's JSON table form: an array whose first item is the header, one array per row."""
    lines = [json.dumps(names)] + [json.dumps(line, ensure_ascii=False) for line in zip(*(columns[n] for n in names))]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def datapackage(fmt: str, level: str, now: datetime, participant_id: str | None,
                study_id: str | None) -> dict[str, Any]:
    """The Frictionless Data Package descriptor for an export."""
    description = ("A Workbook export: a patient's plans, logged attempts, barriers, derived values, supporters, "
                   "questionnaires, practitioner calls, reminders, consent windows and research events, one file per "
                   "table. Times are UTC (ISO 8601 with Z), with local wall times in *_local columns; ids are UUIDs. "
                   + copy_text(f"export.{level}"))
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "workbook-export",
        "title": f"Workbook export ({level})",
        "description": description,
        "keywords": ["workbook", "low-intensity CBT", "engagement", level],
        "workbook": {"version": __version__, "format": fmt, "level": level, "deidentified": level != "identified",
                     "export_schema_version": EXPORT_FORMAT_VERSION,
                     "participant_id": participant_id, "study_id": study_id},
        "resources": [_resource(t, fmt, level) for t in TABLES],
    }
    if level != "anonymised":  # the day of the export would date the shifted data
        package["created"] = now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return package


def _resource(table: Table, fmt: str, level: str) -> dict[str, Any]:
    return {
        "name": table.name,
        "path": f"{table.name}.{fmt}",
        "profile": "tabular-data-resource",
        "format": fmt,
        "mediatype": "text/csv" if fmt == "csv" else "application/json",
        "encoding": "utf-8",
        "title": table.title,
        "description": table.description,
        "schema": table.schema(level),
    }
