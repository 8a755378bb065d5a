"""The research export: every record once, a valid Frictionless package, pseudonymisation, engagement, --force."""

from __future__ import annotations

import csv
import json
import re
import stat
from pathlib import Path

import pytest
from frictionless import Package, Resource, Schema, validate
from helpers import run_cli
from records_fixture import FAILURE_REASON, PRIVATE_WORDS, REPORT_NOW, build_with_every_table

from workbook.facade.workbook import Workbook
from workbook.outputs.export import export
from workbook.outputs.export_schema import TABLES
from workbook.storage.layout import CORE_TABLES, PARTITIONED_TABLES

AT = "2026-10-26T09:00:00+00:00"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("export") / "home"
    build_with_every_table(home)
    return home


@pytest.fixture(scope="module")
def csv_dir(home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "csv"
    export(Workbook.open(home, clock=lambda: REPORT_NOW, daily_backup=False), out, now=REPORT_NOW)
    return out


def read_csv(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_stored_record_appears_once(home: Path, csv_dir: Path) -> None:
    wb = Workbook.open(home, clock=lambda: REPORT_NOW, daily_backup=False)
    store = wb.store
    stored = {
        "settings": store.read_table("settings"), "plans": store.read_table("plans"),
        "supporters": store.read_table("supporters"), "questionnaire_responses": store.read_table("responses"),
        "session_notes": store.read_table("session_notes"), "questions": store.read_table("questions"),
        "snoozes": store.read_table("snoozes"), "session_packs": store.read_table("session_packs"),
        "suggestions": store.read_table("suggestions"), "consents": store.read_table("consents"),
        "attempts": list(store.read_partitioned("attempts")),
        "reminders_sent": list(store.read_partitioned("reminders")), "events": list(store.read_partitioned("events")),
    }
    for name, rows in stored.items():
        exported = [r["id"] for r in read_csv(csv_dir, name)]
        assert rows, f"the fixture has no {name}"
        assert sorted(exported) == sorted(r["id"] for r in rows), name
        assert len(set(exported)) == len(exported), name
    attempts = stored["attempts"]
    assert len(read_csv(csv_dir, "attempt_values")) == sum(len(a["values"]) for a in attempts)
    assert len(read_csv(csv_dir, "barriers")) == sum(len(a["barriers"]) for a in attempts)
    assert len(read_csv(csv_dir, "questionnaire_items")) == sum(len(r["answers"]) for r in stored["questionnaire_responses"])
    assert len(read_csv(csv_dir, "plan_supporters")) == 2 and len(read_csv(csv_dir, "plan_if_then")) == 1
    assert len(read_csv(csv_dir, "plan_adjustments")) == 2 and len(read_csv(csv_dir, "session_note_plans")) == 1


def test_every_stored_table_is_exported_or_said_why_not() -> None:
    """A table added to the store is in the export unless it is listed here with its reason."""
    exported_as = {"responses": "questionnaire_responses", "reminders": "reminders_sent", "pauses": "plan_pauses"}
    not_exported = {
        "_meta": "the store's own format version",
        "plan_versions": "the undo stack of plan edits, emptied as they are undone; plans holds each plan as it is",
    }
    names = {t.name for t in TABLES}
    for table in CORE_TABLES + PARTITIONED_TABLES:
        assert table in not_exported or exported_as.get(table, table) in names, table


def test_suggestions_and_their_decisions_are_exported(csv_dir: Path) -> None:
    packs = read_csv(csv_dir, "session_packs")
    [pack] = packs
    assert pack["questionnaires"] == "phq9;gad7" and pack["answers"] == "1" and pack["note_id"]
    assert pack["imported_at"] == "2026-10-19T12:00:00Z" and pack["session_date"] == "2026-10-19"
    decisions = {r["key"]: r for r in read_csv(csv_dir, "suggestions")}
    assert decisions["walk"]["decision"] == "accepted" and decisions["walk"]["plan_id"]
    assert decisions["spoon"]["decision"] == "declined" and decisions["spoon"]["plan_id"] == ""
    assert decisions["spoon"]["reason"] == "tuba lessons clash" and decisions["spoon"]["pack_id"] == pack["id"]
    [consent] = read_csv(csv_dir, "consents")
    assert consent["study_id"] == "S-1" and consent["consent_version"] == "2" and consent["left_at"] == ""


def test_columns_match_the_package(csv_dir: Path) -> None:
    package = json.loads((csv_dir / "datapackage.json").read_text())
    assert [r["name"] for r in package["resources"]] == [t.name for t in TABLES]
    for resource in package["resources"]:
        with open(csv_dir / resource["path"], encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        names = [f["name"] for f in resource["schema"]["fields"]]
        assert rows[0] == names, resource["name"]
        assert all(len(row) == len(names) for row in rows), resource["name"]
        assert all(f.get("description") for f in resource["schema"]["fields"])
        assert resource["schema"]["primaryKey"]


def test_foreign_keys_hold(csv_dir: Path) -> None:
    package = json.loads((csv_dir / "datapackage.json").read_text())
    for resource in package["resources"]:
        for fk in resource["schema"].get("foreignKeys", []):
            (column,), (other_column,) = fk["fields"], fk["reference"]["fields"]
            targets = {r[other_column] for r in read_csv(csv_dir, fk["reference"]["resource"])}
            values = {r[column] for r in read_csv(csv_dir, resource["name"])} - {""}
            assert values <= targets, (resource["name"], column)


def test_times_are_utc_with_local_wall_time_beside_them(csv_dir: Path) -> None:
    package = json.loads((csv_dir / "datapackage.json").read_text())
    utc_z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
    wall = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")
    checked = 0
    for resource in package["resources"]:
        rows = read_csv(csv_dir, resource["name"])
        for field in resource["schema"]["fields"]:
            if field["type"] != "datetime":
                continue
            pattern = wall if field["name"].endswith("_local") else utc_z
            cells = [r[field["name"]] for r in rows if r[field["name"]]]
            assert all(pattern.match(c) for c in cells), (resource["name"], field["name"], cells[:3])
            checked += len(cells)
    assert checked > 100
    attempts = read_csv(csv_dir, "attempts")
    # The 01:30 breathing on Sunday 25 October (BST, before the clocks went back) and on Monday 26 (GMT).
    pairs = {(r["occurrence"], r["occurrence_local"], r["zone"]) for r in attempts if r["occurrence"]}
    assert ("2026-10-25T00:30:00Z", "2026-10-25T01:30:00", "Europe/London") in pairs
    assert ("2026-10-26T01:30:00Z", "2026-10-26T01:30:00", "Europe/London") in pairs
    assert all(len(r["id"]) == 36 and r["id"].count("-") == 4 for r in attempts)


def test_frictionless_validates_csv(csv_dir: Path) -> None:
    report = validate(str(csv_dir / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])


def test_frictionless_validates_json(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "json"
    export(Workbook.open(home, clock=lambda: REPORT_NOW, daily_backup=False), out, fmt="json", deidentify=True, now=REPORT_NOW)
    package = json.loads((out / "datapackage.json").read_text())
    try:
        import ijson  # noqa: F401 - frictionless reads JSON tables with it (frictionless[json])
    except ImportError:  # validate the same rows and schemas inline instead
        resources = []
        for res in package["resources"]:
            header, *rows = json.loads((out / res["path"]).read_text())
            resources.append(Resource(name=res["name"], data=[header, *rows], schema=Schema.from_descriptor(res["schema"])))
        report = Package(resources=resources).validate()
    else:
        report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    assert package["resources"][0]["format"] == "json"


def test_pseudonymised_export_holds_no_private_words(home: Path, csv_dir: Path, tmp_path: Path) -> None:
    words = PRIVATE_WORDS + [FAILURE_REASON]
    plain = "\n".join(p.read_text(encoding="utf-8") for p in csv_dir.iterdir())
    missing = [w for w in words if w not in plain]
    assert missing == [], "the fixture's words should all be in the ordinary export"
    for fmt, flag in (("csv", "--pseudonymise"), ("json", "--deidentify")):  # --deidentify: the older name
        out = tmp_path / fmt
        result = run_cli("--home", home, "export", "--out", out, "--format", fmt, flag, "--at", AT)
        assert result.code == 0, result.err
        assert "Pseudonymised export written" in result.out and "not anonymised" in result.out
        for path in out.iterdir():
            text = path.read_text(encoding="utf-8")
            found = [w for w in words if w.lower() in text.lower()]
            assert found == [], (path.name, found)
        package = json.loads((out / "datapackage.json").read_text())
        assert "Pseudonymised (not anonymised)" in package["description"]
        assert package["workbook"]["level"] == "pseudonymised" and package["workbook"]["deidentified"] is True
        assert "Pseudonymised (not anonymised)" in (out / "README.txt").read_text()
        values = {(r[1], r[2]) for r in _rows(out, "attempt_values", fmt)}
        assert ("tension_before", "rating") in values and not any(k in ("text", "long_text") for _, k in values)
        assert "P-017" in (out / f"engagement.{fmt}").read_text()  # ids are kept


def _rows(folder: Path, name: str, fmt: str) -> list[list]:
    if fmt == "json":
        return json.loads((folder / f"{name}.json").read_text())[1:]
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[1:]


def test_engagement_by_hand(csv_dir: Path) -> None:
    rows = read_csv(csv_dir, "engagement")
    keys = ["week", "week_start", "consent_days", "days_active", "plans_active", "occurrences_due", "done", "partly", "not_done",
            "not_logged", "extra_practices", "completion_rate", "minutes_practised", "first_plan_to_first_log_hours",
            "reminders_delivered", "median_reminder_to_log_minutes"]
    got = [[r[k] for k in keys] for r in rows]
    assert got == [
        # Consent from Wednesday 14 (5 days of week 42); first plan made Sunday 18 October: nothing due yet;
        # turning research mode on and the reminder_sent event are not activity.
        ["2026-W42", "2026-10-12", "5", "0", "0", "0", "0", "0", "0", "0", "0", "", "0", "13.0", "0", ""],
        # The review week (see test_review); reminders: 35 and 40 minutes to the log; 4 delivered (not check-ins).
        ["2026-W43", "2026-10-19", "7", "7", "4", "18", "8", "1", "2", "7", "1", "0.4444", "139", "13.0", "4", "37.5"],
        # Monday 26 until 09:00 UTC: the 01:30 breathing (logged), the any-time diary still to come.
        ["2026-W44", "2026-10-26", "1", "1", "2", "1", "1", "0", "0", "0", "0", "1.0", "9", "13.0", "1", "45.0"],
    ]
    assert {r["participant_id"] for r in rows} == {"P-017"} and {r["study_id"] for r in rows} == {"S-1"}


def test_permissions(csv_dir: Path) -> None:
    assert stat.S_IMODE(csv_dir.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in csv_dir.iterdir()} == {0o600}


def test_refuses_non_empty_folder_unless_forced(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = run_cli("--home", home, "export", "--out", out, "--at", AT)
    assert result.code == 1 and "not empty" in result.err and "--force" in result.err
    forced = run_cli("--home", home, "export", "--out", out, "--force", "--at", AT)
    assert forced.code == 1 and "'notes.txt'" in forced.err and "not a Workbook export file" in forced.err
    assert len(forced.err.strip().splitlines()) == 1 and "Traceback" not in forced.err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]  # nothing written, nothing removed


def test_force_replaces_an_earlier_export_entirely(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    first = run_cli("--home", home, "export", "--out", out, "--format", "json", "--at", AT)
    assert first.code == 0, first.err
    assert run_cli("--home", home, "export", "--out", out, "--at", AT).code == 1  # not without --force
    second = run_cli("--home", home, "export", "--out", out, "--pseudonymise", "--force", "--at", AT)
    assert second.code == 0 and "Pseudonymised export written" in second.out
    names = {p.name for p in out.iterdir()}
    assert "plans.csv" in names and not [n for n in names if n.endswith(".json") and n != "datapackage.json"]
    assert json.loads((out / "datapackage.json").read_text())["workbook"]["level"] == "pseudonymised"
    (out / "sub").mkdir()
    third = run_cli("--home", home, "export", "--out", out, "--force", "--at", AT)
    assert third.code == 1 and "'sub'" in third.err
    assert "plans.csv" in {p.name for p in out.iterdir()}


def test_refuses_the_home_itself(home: Path) -> None:
    result = run_cli("--home", home, "export", "--out", home / "db" / "x", "--at", AT)
    assert result.code == 1 and "outside" in result.err


def test_empty_home_exports_valid_package(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("--home", tmp_path / "home", "export", "--out", out)
    assert result.code == 0, result.err
    report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "type", "note"])
    assert read_csv(out, "engagement") == []
