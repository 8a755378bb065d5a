"""Export levels: the anonymised export re-identifies nothing, every level validates, derived values are exported."""

from __future__ import annotations

import csv
import json
import re
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from frictionless import validate
from helpers import run_cli
from records_fixture import FAILURE_REASON, PRIVATE_WORDS, REPORT_NOW, build_with_every_table

from workbook.core.model import Plan, Settings
from workbook.facade.workbook import SETTINGS_ID, Workbook
from workbook.outputs.export_schema import BY_NAME, LEVELS

AT = "2026-10-26T09:00:00+00:00"
FLAGS = {"identified": [], "pseudonymised": ["--pseudonymise"], "anonymised": ["--anonymise"]}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("levels") / "home"
    build_with_every_table(home)
    return home


def exported(home: Path, out: Path, level: str, fmt: str = "csv") -> Path:
    result = run_cli("--home", home, "export", "--out", out, "--format", fmt, *FLAGS[level], "--at", AT)
    assert result.code == 0, result.err
    return out


def tables(folder: Path) -> dict[str, list[dict[str, str]]]:
    out = {}
    for path in sorted(folder.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            out[path.stem] = list(csv.DictReader(handle))
    return out


def identifying_values(folder: Path, home: Path) -> dict[str, set[str]]:
    """Every id, exact time, free text and name the identified export (and the store itself) holds."""
    found: dict[str, set[str]] = {"ids": set(), "times": set(), "text": set()}
    for name, rows in tables(folder).items():
        table = BY_NAME[name]
        for column in table.columns:
            cells = {r[column.name] for r in rows if r.get(column.name)}
            if column.private:
                found["text"] |= cells
            elif column.kind in ("id", "refs"):
                found["ids"] |= {v for c in cells for v in (json.loads(c).values() if column.kind == "refs" else [c])}
            elif column.kind in ("instant", "local"):
                found["times"] |= cells | {c.rstrip("Z") for c in cells}
    stored = "\n".join(p.read_text() for p in (home / "db").rglob("*.json"))
    found["times"] |= set(re.findall(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", stored))
    found["text"] |= set(PRIVATE_WORDS) | {FAILURE_REASON}
    found["ids"] = {i for i in found["ids"] if len(i) >= 5 and (UUID.match(i) or i.startswith("P-"))}  # not codes
    return found


def test_the_anonymised_export_re_identifies_nothing(home: Path, tmp_path: Path) -> None:
    plain = exported(home, tmp_path / "identified", "identified")
    secret = identifying_values(plain, home)
    assert len(secret["ids"]) > 40 and len(secret["times"]) > 60 and "P-017" in secret["ids"]
    anon = exported(home, tmp_path / "anonymised", "anonymised")
    files = {p.name: p.read_text(encoding="utf-8") for p in anon.iterdir()}
    everything = "\n".join(files.values())
    for kind, values in secret.items():
        leaked = sorted(v for v in values if (v.lower() in everything.lower() if kind == "text" else v in everything))
        assert leaked == [], (kind, leaked[:5])
    anon_tables, plain_tables = tables(anon), tables(plain)
    plain_days = {r[c.name][:10] for n, rows in plain_tables.items() for c in BY_NAME[n].columns
                  if c.kind in ("instant", "local", "date") for r in rows if r.get(c.name)}
    for name, rows in anon_tables.items():
        table = BY_NAME[name]
        assert len(rows) == len(plain_tables[name]) or name == "attempt_values", name
        header = list(rows[0]) if rows else []
        assert "zone" not in header and "next_call" not in header
        for column in table.columns:
            cells = [r[column.name] for r in rows if r.get(column.name)]
            if column.kind in ("instant", "local"):  # every time cut to the hour, no day left as it was
                assert all(c[13:19] == ":00:00" for c in cells), (name, column.name, cells[:3])
                assert not {c[:10] for c in cells} & plain_days, (name, column.name)
            elif column.kind == "date":
                assert not set(cells) & plain_days, (name, column.name)
            elif column.kind == "clock":
                assert all(c.endswith(":00:00") for c in cells), (name, column.name, cells)
    times = [r["value"] for r in anon_tables["attempt_values"] if r["kind"] == "time"]
    assert times and all(t.endswith(":00") and len(t) == 5 for t in times)
    # One shift of whole weeks for everything: weekdays and ISO weeks keep their shape.
    pairs = zip(plain_tables["attempts"], anon_tables["attempts"])
    gaps = {(date.fromisoformat(p["logged_at"][:10]) - date.fromisoformat(a["logged_at"][:10])).days for p, a in pairs}
    assert len(gaps) == 1 and gaps.pop() % 7 == 0
    for row in anon_tables["engagement"]:  # each week still Monday to Sunday, labelled as its Monday's ISO week
        monday = date.fromisoformat(row["week_start"])
        assert monday.weekday() == 0 and row["week"] == f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}"
    package = json.loads(files["datapackage.json"])
    assert package["workbook"]["level"] == "anonymised" and "created" not in package
    assert package["workbook"]["participant_id"] not in (None, "P-017") and package["workbook"]["study_id"] == "S-1"
    assert "re-keyed" in files["README.txt"] and "whole number of weeks" in files["README.txt"]
    assert "kept in no file" in files["README.txt"]


def test_each_anonymised_export_has_its_own_keys(home: Path, tmp_path: Path) -> None:
    first, second = (tables(exported(home, tmp_path / n, "anonymised")) for n in ("one", "two"))
    ids = [{r["id"] for r in t["attempts"]} for t in (first, second)]
    assert ids[0] and not ids[0] & ids[1]
    assert {r["participant_id"] for r in first["events"]} != {r["participant_id"] for r in second["events"]}


def test_anonymised_links_still_hold(home: Path, tmp_path: Path) -> None:
    anon = exported(home, tmp_path / "anonymised", "anonymised")
    package = json.loads((anon / "datapackage.json").read_text())
    data = tables(anon)
    linked = 0
    for resource in package["resources"]:
        for fk in resource["schema"].get("foreignKeys", []):
            (column,), (other,) = fk["fields"], fk["reference"]["fields"]
            values = {r[column] for r in data[resource["name"]]} - {""}
            assert values <= {r[other] for r in data[fk["reference"]["resource"]]}, resource["name"]
            linked += len(values)
    assert linked > 20
    refs = [json.loads(r["refs"]) for r in data["events"] if r["refs"]]
    plans = {r["id"] for r in data["plans"]}
    assert any(ref.get("plan") in plans for ref in refs)  # events' ids re-keyed with the same keys


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_every_level_validates_with_frictionless(home: Path, tmp_path: Path, level: str, fmt: str) -> None:
    out = exported(home, tmp_path / level, level, fmt)
    report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    workbook = json.loads((out / "datapackage.json").read_text())["workbook"]
    assert set(workbook) == {"version", "format", "level", "deidentified", "export_schema_version",
                             "participant_id", "study_id"}
    assert workbook["level"] == level and workbook["deidentified"] is (level != "identified")
    assert isinstance(workbook["export_schema_version"], int)


def test_derived_values_are_exported_with_their_formula(tmp_path: Path) -> None:
    home = tmp_path / "home"
    now = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
    wb = Workbook.open(home, clock=lambda: now, daily_backup=False)
    with wb.store.transaction(now) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", welcome_done=True))
    wb.update_settings(research_mode=True, participant_id="P-9")
    diary = wb.add_plan(Plan(exercise_id="sleep-diary", what="Sleep diary", start_date=date(2026, 11, 1),
                             start_time=time(8, 0), zone="Europe/London", rrule="FREQ=DAILY"))
    wb.log_attempt(diary.id, "done", now=now, values={
        "into_bed": "22:30", "lights_out": "23:00", "latency_minutes": 30, "awake_minutes": 30,
        "final_wake": "06:30", "out_of_bed": "07:00", "quality": 3, "awakenings": 1})
    result = run_cli("--home", home, "export", "--out", tmp_path / "out", "--at", "2026-11-20T09:30:00+00:00")
    assert result.code == 0, result.err
    rows = tables(tmp_path / "out")["derived_values"]
    # In bed 22:30-07:00 = 510 min; asleep 23:00-06:30 = 450 - 30 - 30 = 390; 390/510 = 76.5 %.
    assert [(r["derived_id"], r["formula"], r["value"], r["unit"]) for r in rows] == [
        ("sleep_efficiency", "sleep_efficiency", "76.5", "%")]
    assert rows[0]["inputs"] == "into_bed;lights_out;latency_minutes;awake_minutes;final_wake;out_of_bed"


def test_fixture_attempts_yield_derived_values(home: Path, tmp_path: Path) -> None:
    from workbook.content.exercises import derived_values

    wb = Workbook.open(home, clock=lambda: REPORT_NOW, daily_backup=False)
    expected = {(a.id, k, v) for a in wb.store.records(type(wb.attempts()[0]))
                for k, v in derived_values(wb.exercises.get(a.exercise_id), a.values).items()}
    rows = tables(exported(home, tmp_path / "plain", "identified"))["derived_values"]
    assert expected and {(r["attempt_id"], r["derived_id"], float(r["value"])) for r in rows} == expected


def test_time_of_day_cut_to_the_hour() -> None:
    from workbook.outputs.anonymise import Anonymiser

    anonymiser = Anonymiser()
    assert anonymiser.clock("01:30:00") == "01:00:00"
    moved = anonymiser.instant("2026-10-25T00:59:59Z")
    assert moved.endswith("T00:00:00Z")
    back = datetime.fromisoformat("2026-10-25T00:00:00+00:00") - datetime.fromisoformat(moved)
    assert back.days % 7 == 0 and timedelta(weeks=52) <= back <= timedelta(weeks=520)
