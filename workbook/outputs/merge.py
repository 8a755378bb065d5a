"""`workbook study merge`: many participants' exports as one Frictionless data package.

Each export folder is checked before anything is written: it must be a Workbook export
(a datapackage.json with a `workbook` section), with a participant id, of the same study
and the same export level as the others, with the same columns for every table, and no
participant may come twice. The merged package has one CSV per table with a `participant`
column first; every key gains that column, so ids from different exports never clash
(anonymised exports re-key their ids per export).

Rows are copied, not re-typed: where no cell runs over a line, each CSV line gains its
participant as a prefix, so merging hundreds of exports is bound by reading and writing the files.
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
from workbook.core.times import to_iso
from workbook.storage.outfiles import output_folder, write_output

PACKAGE_FILE = "datapackage.json"
LEVELS = ("identified", "pseudonymised", "anonymised")
PARTICIPANT = {"name": "participant", "type": "string",
               "description": "The participant this row came from (the export's participant id).",
               "constraints": {"required": True}}


class MergeError(WorkbookError):
    """Exports that cannot be merged; the message names the folder and the reason."""


@dataclass(frozen=True)
class Source:
    folder: Path
    participant: str
    study: str | None
    level: str
    fmt: str
    resources: dict[str, dict[str, Any]]  # table name -> resource descriptor


@dataclass(frozen=True)
class MergeResult:
    folder: Path
    participants: tuple[str, ...]
    study: str | None
    level: str
    rows: dict[str, int]


def export_level(section: dict[str, Any]) -> str | None:
    """An export's level: `workbook.level`, or for an export made before levels, from `deidentified`."""
    level = section.get("level")
    if level is None and isinstance(section.get("deidentified"), bool):
        return "pseudonymised" if section["deidentified"] else "identified"
    return level if level in LEVELS else None


def read_source(folder: Path) -> Source:
    shown = shown_path(folder)
    if not folder.is_dir():
        raise MergeError(f"{shown} is not a folder.")
    try:
        package = json.loads((folder / PACKAGE_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MergeError(f"{shown} is not a Workbook export: it has no {PACKAGE_FILE}.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MergeError(f"{shown} is not a Workbook export: its {PACKAGE_FILE} cannot be read ({exc}).") from None
    section = package.get("workbook") if isinstance(package, dict) else None
    if not isinstance(section, dict) or not isinstance(package.get("resources"), list):
        raise MergeError(f"{shown} is not a Workbook export: its {PACKAGE_FILE} has no Workbook section.")
    level = export_level(section)
    if level is None:
        raise MergeError(f"{shown}: its {PACKAGE_FILE} does not say which export level it is.")
    participant = section.get("participant_id")
    if not isinstance(participant, str) or not participant:
        raise MergeError(f"{shown} has no participant ID; export it again after 'workbook study join' "
                         "(or 'workbook research on --participant P').")
    fmt = section.get("format", "csv")
    resources: dict[str, dict[str, Any]] = {}
    for resource in package["resources"]:
        name = resource.get("name") if isinstance(resource, dict) else None
        path = resource.get("path") if isinstance(resource, dict) else None
        if not isinstance(name, str) or not isinstance(path, str) or "/" in path or path.startswith("."):
            raise MergeError(f"{shown}: its {PACKAGE_FILE} lists a table Workbook did not write.")
        if not (folder / path).is_file():
            raise MergeError(f"{shown}: {path} is missing (listed in its {PACKAGE_FILE}).")
        resources[name] = resource
    study = section.get("study_id") or None
    return Source(folder, participant, study, level, fmt if fmt in ("csv", "json") else "csv", resources)


def check_sources(sources: list[Source]) -> None:
    """Refuse mixed studies, mixed levels, duplicate participants and tables whose columns differ."""
    if not sources:
        raise MergeError("Give at least one export folder to merge.")
    first = sources[0]
    seen: dict[str, Path] = {}
    for source in sources:
        shown = shown_path(source.folder)
        if source.study != first.study:
            raise MergeError(f"{shown} is from study {source.study or '(none)'}, but {shown_path(first.folder)} "
                             f"is from study {first.study or '(none)'}: merge one study at a time.")
        if source.level != first.level:
            raise MergeError(f"{shown} is {_an(source.level)} export, but {shown_path(first.folder)} is "
                             f"{_an(first.level)} one: merge one level at a time.")
        if source.participant in seen:
            raise MergeError(f"Participant {source.participant} comes twice: {shown_path(seen[source.participant])} "
                             f"and {shown}.")
        seen[source.participant] = source.folder
        if set(source.resources) != set(first.resources):
            raise MergeError(f"{shown} has different tables from {shown_path(first.folder)} "
                             "(exports from different Workbook versions?): export them again with one version.")
        for name, resource in source.resources.items():
            if PARTICIPANT["name"] in _columns(resource):
                raise MergeError(f"{shown}: table {name} already has a participant column; it cannot be merged.")
            if _columns(resource) != _columns(first.resources[name]):
                raise MergeError(f"{shown}: table {name} has different columns from {shown_path(first.folder)}'s "
                                 "(exports from different Workbook versions?): export them again with one version.")


def _an(level: str) -> str:
    return ("an " if level[0] in "aeiou" else "a ") + level


def _columns(resource: dict[str, Any]) -> list[str]:
    return [f.get("name") for f in resource.get("schema", {}).get("fields", [])]


def merge(folders: list[Path], out: Path, *, now: datetime) -> MergeResult:
    """Check every export, then write the merged package into `out` (new or empty; owner-only)."""
    sources = [read_source(Path(f)) for f in folders]
    check_sources(sources)
    target = output_folder(out, home=None)
    if any(target.iterdir()):
        raise MergeError(f"{shown_path(target)} is not empty; choose a new or empty folder for the merged data.")
    first = sources[0]
    rows: dict[str, int] = {}
    resources = []
    for name, resource in first.resources.items():
        columns = _columns(resource)
        chunks: list[str] = [",".join(["participant", *columns]) + "\n"]
        count = 0
        for source in sources:
            body, found = _rows(source, source.resources[name], columns)
            chunks.append(body)
            count += found
        write_output(target / f"{name}.csv", "".join(chunks), home=None)
        rows[name] = count
        resources.append(_resource(resource, name))
    package = {
        "profile": "tabular-data-package",
        "name": "workbook-merged",
        "title": f"Workbook exports merged ({first.level})",
        "description": (f"{len(sources)} participants' Workbook exports ({first.level}), one CSV per table, "
                        "each row with the participant it came from. Each table's columns are as in the "
                        "exports' own datapackage.json."),
        "created": to_iso(now),
        "workbook": {"version": __version__, "format": "csv", "merged": True, "level": first.level,
                     "study_id": first.study, "participants": [s.participant for s in sources]},
        "resources": resources,
    }
    write_output(target / PACKAGE_FILE, json.dumps(package, indent=2, ensure_ascii=False) + "\n", home=None)
    return MergeResult(target, tuple(s.participant for s in sources), first.study, first.level, rows)


def _resource(resource: dict[str, Any], name: str) -> dict[str, Any]:
    schema = dict(resource.get("schema", {}))
    schema["fields"] = [PARTICIPANT, *schema.get("fields", [])]
    if schema.get("primaryKey"):
        key = schema["primaryKey"]
        schema["primaryKey"] = ["participant", *([key] if isinstance(key, str) else key)]
    if schema.get("foreignKeys"):  # a required reference holds within one participant's rows
        required = {f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required")}
        schema["foreignKeys"] = [_within_participant(fk) if set(fk["fields"]) <= required else fk
                                 for fk in schema["foreignKeys"]]
    kept = {k: v for k, v in resource.items() if k not in ("path", "schema", "format", "mediatype", "bytes", "hash")}
    return {**kept, "name": name, "path": f"{name}.csv", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "profile": "tabular-data-resource", "schema": schema}


def _within_participant(fk: dict[str, Any]) -> dict[str, Any]:
    """A foreign key of a column that is never empty, on (participant, column). An optional one stays as it
    is: Table Schema reads an empty cell inside a two-column key as a value that must be found."""
    return {"fields": ["participant", *fk["fields"]],
            "reference": {"resource": fk["reference"]["resource"],
                          "fields": ["participant", *fk["reference"]["fields"]]}}


def _rows(source: Source, resource: dict[str, Any], columns: list[str]) -> tuple[str, int]:
    """The table's data rows with the participant first, as CSV text, and how many."""
    path = source.folder / resource["path"]
    prefix = _cell(source.participant) + ","
    if source.fmt == "json" or resource.get("format") == "json":
        table = json.loads(path.read_text(encoding="utf-8"))
        return _write_rows(prefix, table[1:], table[0] if table else [], columns, path)
    text = path.read_text(encoding="utf-8-sig")
    head, _, body = text.partition("\n")
    if next(csv.reader([head]), []) != columns:
        raise MergeError(f"{shown_path(path)}: its header is not the columns its {PACKAGE_FILE} lists.")
    if not body:
        return "", 0
    if "\r" not in body:
        lines = body.split("\n")
        if lines[-1] == "":
            lines.pop()
        # With no quotes, or an even number on every line, no cell runs over a line: one line is one row.
        if '"' not in body or not any(line.count('"') % 2 for line in lines):
            return "".join(prefix + line + "\n" for line in lines), len(lines)
    return _write_rows(prefix, list(csv.reader(io.StringIO(body))), columns, columns, path)


def _write_rows(prefix: str, rows: list[list[Any]], header: list[str], columns: list[str], path: Path) -> tuple[str, int]:
    if header != columns:
        raise MergeError(f"{shown_path(path)}: its header is not the columns its {PACKAGE_FILE} lists.")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        buffer.write(prefix)
        writer.writerow([_json_cell(v) for v in row])
    return buffer.getvalue(), len(rows)


def _json_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _cell(text: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([text])
    return buffer.getvalue()
