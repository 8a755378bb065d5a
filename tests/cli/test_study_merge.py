"""`workbook study merge`: participants' real exports pooled into one package that frictionless and DuckDB read.

The round trip is the study's whole life through the real command: a pack, joining, a week of
use (the tests own the clock with --at), each participant's export, then the merge.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from frictionless import validate
from helpers import REPO, run_cli, run_module

PACK = REPO / "docs" / "study-pack" / "study.toml"
MONDAY = date(2026, 11, 2)
PARTICIPANTS = ("P-001", "P-002", "P-003")


def _ok(result, *args: str):  # noqa: ANN001, ANN202 - a helpers.Result
    assert result.code == 0, (args, result.err)
    return result


def a_week_of_use(home: Path, participant: str, *, cli=run_cli) -> None:  # noqa: ANN001
    """Join, make two plans, log a week of them (one partly, with a barrier), all at set times."""
    _ok(cli("--home", home, "study", "join", PACK, "--participant", participant, "--agree",
            "--at", f"{MONDAY}T08:00:00"))
    made = _ok(cli("--home", home, "plan", "add", "activity-scheduling", "--what", 'Walk to the "big" park, then home',
                   "--time", "18:00", "--repeat", "daily", "--start", f"{MONDAY}", "--at", f"{MONDAY}T08:05:00"))
    walk = re.search(r"Plan made \((\w+)\)", made.out)[1]  # type: ignore[index]
    _ok(cli("--home", home, "plan", "add", "thought-record", "--what", "Thought record", "--time", "20:00",
            "--repeat", "mon,thu", "--start", f"{MONDAY}", "--at", f"{MONDAY}T08:06:00"))
    for day in range(7):
        when = MONDAY + timedelta(days=day)
        outcome = ("--partly", "--barrier", "forgot", "--note", 'Cold, "grey"\nbut I went') if day == 3 else ("--done",)
        _ok(cli("--home", home, "log", walk, *outcome, "--minutes", "20", "--at", f"{when}T18:40:00"))


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each participant's pseudonymised export, and one identified export of the first."""
    root = tmp_path_factory.mktemp("study")
    found = {}
    for i, participant in enumerate(PARTICIPANTS):
        home = root / f"home-{participant}"
        a_week_of_use(home, participant, cli=run_module if i == 0 else run_cli)  # the first through real processes
        found[participant] = root / f"export-{participant}"
        _ok(run_cli("--home", home, "export", "--out", found[participant], "--deidentify",
                    "--at", f"{MONDAY + timedelta(days=8)}T09:00:00"))
    found["json"] = root / "export-P-003-json"
    _ok(run_cli("--home", root / f"home-{PARTICIPANTS[2]}", "export", "--out", found["json"], "--deidentify",
                "--format", "json", "--at", f"{MONDAY + timedelta(days=8)}T09:00:00"))
    found["identified"] = root / "export-identified"
    _ok(run_cli("--home", root / f"home-{PARTICIPANTS[0]}", "export", "--out", found["identified"],
                "--at", f"{MONDAY + timedelta(days=8)}T09:00:00"))
    return found


def _merge(*args: object, cli=run_module) -> object:  # noqa: ANN001
    return cli("study", "merge", *map(str, args), "--at", "2026-11-12T09:00:00")


def test_round_trip_merges_into_one_valid_package(exports: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "merged"
    done = _merge(*(exports[p] for p in PARTICIPANTS), "--out", out)
    assert done.code == 0, done.err  # type: ignore[attr-defined]
    assert "Merged the pseudonymised exports of 3 participants in study MOOD-ACT-1" in done.out  # type: ignore[attr-defined]
    report = validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    command = subprocess.run([sys.executable, "-m", "frictionless", "validate", str(out / "datapackage.json")],
                             capture_output=True, text=True, timeout=300)
    assert command.returncode == 0, command.stdout[-2000:]  # the `frictionless validate` command agrees
    package = json.loads((out / "datapackage.json").read_text())
    assert package["workbook"]["participants"] == list(PARTICIPANTS)
    assert package["workbook"]["level"] == "pseudonymised" and package["workbook"]["study_id"] == "MOOD-ACT-1"
    single = json.loads((exports["P-001"] / "datapackage.json").read_text())
    assert [r["name"] for r in package["resources"]] == [r["name"] for r in single["resources"]]
    for resource in package["resources"]:
        assert resource["schema"]["fields"][0]["name"] == "participant"
        assert (out / resource["path"]).stat().st_mode & 0o077 == 0


def test_duckdb_reads_one_table_per_kind(exports: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "merged"
    assert _merge(*(exports[p] for p in PARTICIPANTS), "--out", out).code == 0  # type: ignore[attr-defined]
    db = duckdb.connect()
    package = json.loads((out / "datapackage.json").read_text())
    for resource in package["resources"]:
        name = resource["name"]
        db.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv_auto('{out / resource['path']}', header=true)")
        columns = [row[0] for row in db.execute(f"DESCRIBE {name}").fetchall()]
        assert columns == [f["name"] for f in resource["schema"]["fields"]], name
        single = sum(len((exports[p] / resource["path"]).read_text().splitlines()) - 1 for p in PARTICIPANTS)
        assert db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] == single, name
    per = dict(db.execute("SELECT participant, count(*) FROM attempts GROUP BY participant").fetchall())
    assert per == {p: 7 for p in PARTICIPANTS}  # a week of the daily walk each
    partly = db.execute("SELECT count(*) FROM attempts WHERE outcome = 'partly'").fetchone()[0]
    assert partly == 3
    forgot = db.execute("SELECT participant FROM barriers WHERE code = 'forgot' ORDER BY participant").fetchall()
    assert [r[0] for r in forgot] == list(PARTICIPANTS)
    consents = db.execute("SELECT participant, participant_id FROM events WHERE kind = 'consent_given' "
                          "ORDER BY participant").fetchall()
    assert consents == [(p, p) for p in PARTICIPANTS]
    plans = db.execute("SELECT participant, count(*) FROM plans GROUP BY participant ORDER BY 1").fetchall()
    assert plans == [(p, 2) for p in PARTICIPANTS]


def test_identified_rows_with_quotes_and_commas_survive(exports: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "merged"
    assert _merge(exports["identified"], "--out", out).code == 0  # type: ignore[attr-defined]
    assert validate(out / "datapackage.json").valid
    whats = duckdb.sql(f"SELECT what FROM read_csv_auto('{out / 'plans.csv'}', header=true) ORDER BY what").fetchall()
    assert [w[0] for w in whats] == ["Thought record", 'Walk to the "big" park, then home']
    notes = duckdb.sql(f"SELECT note FROM read_csv_auto('{out / 'attempts.csv'}', header=true) "
                       "WHERE note IS NOT NULL").fetchall()
    assert notes == [('Cold, "grey"\nbut I went',)]  # a cell over two lines stays one row


def test_json_exports_merge_with_csv_ones(exports: dict[str, Path], tmp_path: Path) -> None:
    by_csv, by_json = tmp_path / "csv", tmp_path / "json"
    assert _merge(*(exports[p] for p in PARTICIPANTS), "--out", by_csv, cli=run_cli).code == 0  # type: ignore[attr-defined]
    assert _merge(exports["P-001"], exports["P-002"], exports["json"], "--out", by_json,
                  cli=run_cli).code == 0  # type: ignore[attr-defined]
    assert validate(by_json / "datapackage.json").valid
    for table in ("attempts", "events", "engagement", "plans", "attempt_values"):
        assert (by_json / f"{table}.csv").read_text() == (by_csv / f"{table}.csv").read_text(), table


def _refused(*args: object) -> str:
    done = _merge(*args, cli=run_cli)
    assert done.code == 1, done.out  # type: ignore[attr-defined]
    lines = done.err.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1 and "Traceback" not in done.err, done.err  # type: ignore[attr-defined]
    return lines[0]


def test_refuses_mixed_levels(exports: dict[str, Path], tmp_path: Path) -> None:
    line = _refused(exports["P-002"], exports["identified"], "--out", tmp_path / "m")
    assert "export-identified is an identified export, but" in line and "is a pseudonymised one" in line
    assert line.endswith("merge one level at a time.")
    assert not (tmp_path / "m").exists()


def test_refuses_duplicate_participants(exports: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(exports["P-002"], copy)
    line = _refused(exports["P-002"], copy, "--out", tmp_path / "m")
    assert line.startswith("workbook: Participant P-002 comes twice:")


def test_refuses_mixed_studies(exports: dict[str, Path], tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(exports["P-003"], other)
    package = json.loads((other / "datapackage.json").read_text())
    package["workbook"].update(study_id="SLEEP-2", participant_id="P-900")
    (other / "datapackage.json").write_text(json.dumps(package))
    line = _refused(exports["P-001"], other, "--out", tmp_path / "m")
    assert "is from study SLEEP-2" in line and "merge one study at a time" in line


def test_refuses_a_folder_that_is_not_an_export(exports: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "cat.jpg").write_bytes(b"\xff\xd8")
    line = _refused(exports["P-001"], tmp_path / "photos", "--out", tmp_path / "m")
    assert line.endswith("photos is not a Workbook export: it has no datapackage.json.")
    (tmp_path / "other-package").mkdir()
    (tmp_path / "other-package" / "datapackage.json").write_text('{"name": "weather", "resources": []}')
    line = _refused(exports["P-001"], tmp_path / "other-package", "--out", tmp_path / "m")
    assert "is not a Workbook export: its datapackage.json has no Workbook section" in line


def test_refuses_a_folder_with_a_missing_table(exports: dict[str, Path], tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(exports["P-003"], broken)
    (broken / "attempts.csv").unlink()
    assert "attempts.csv is missing" in _refused(exports["P-001"], broken, "--out", tmp_path / "m")


def test_refuses_a_folder_that_is_not_empty(exports: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "notes.txt").write_text("mine")
    assert "is not empty" in _refused(exports["P-001"], "--out", tmp_path / "m")
    assert (tmp_path / "m" / "notes.txt").read_text() == "mine"


def test_reads_the_level_an_export_states(exports: dict[str, Path], tmp_path: Path) -> None:
    """An export that names its level (`workbook.level`) is taken at its word; one without falls back to deidentified."""
    stated = tmp_path / "stated"
    shutil.copytree(exports["P-003"], stated)
    package = json.loads((stated / "datapackage.json").read_text())
    package["workbook"]["level"] = "anonymised"
    (stated / "datapackage.json").write_text(json.dumps(package))
    line = _refused(exports["P-001"], stated, "--out", tmp_path / "m")
    assert "stated is an anonymised export, but" in line and "is a pseudonymised one" in line
