"""Damage behind valid JSON: every record is validated as it is read, by the model's own rules.

A record that does not fit (a wrong type in a field, a row that is not a record at all, a
missing required field) is named precisely (file, table, id, field), is skipped so that work
on every other record goes on, is refused only when work is asked of it, is reported by
`doctor` with what to do, and is never carried into a backup or back out of one.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbook.cli import main

AT = "2026-11-20T12:00:00"
MONTH = "2026-11"


def cli(*args: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("records") / "home"
    assert cli("--home", home, "demo", "--weeks", "3", "--at", AT)[0] == 0
    return home


@pytest.fixture
def home(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(template, copy, symlinks=True)
    return copy


def core_path(home: Path) -> Path:
    return home / "db" / "core.json"


def month_path(home: Path) -> Path:
    return home / "db" / "attempts" / f"{MONTH}.json"


def edit(path: Path, change: Callable[[dict], object]) -> object:
    """Change one file as another program saving it would (a new file: backups share theirs as hard links)."""
    data = json.loads(path.read_bytes())
    result = change(data)
    temp = path.with_name(path.name + ".edit")
    temp.write_text(json.dumps(data))
    temp.chmod(0o600)
    temp.replace(path)
    return result


def set_field(table: str, index: int, field: str, value: object, *, remove: bool = False) -> Callable[[dict], str]:
    def change(data: dict) -> str:
        key = sorted(data[table], key=int)[index]
        row = data[table][key]
        if remove:
            del row[field]
        else:
            row[field] = value
        return row["id"]
    return change


def replace_row(table: str, index: int, value: object) -> Callable[[dict], str]:
    def change(data: dict) -> str:
        key = sorted(data[table], key=int)[index]
        data[table][key] = value
        return f"#{key}"
    return change


def plan_ids(home: Path) -> list[str]:
    data = json.loads(core_path(home).read_bytes())
    return [data["plans"][k]["id"] for k in sorted(data["plans"], key=int)]


#: (file, table, damage, the field named) - wrong JSON types in several fields of several tables.
CORE_CASES = {
    "plan minutes as text": ("plans", set_field("plans", 0, "minutes", "20"), "minutes"),
    "plan start_date a number": ("plans", set_field("plans", 0, "start_date", 5), "start_date"),
    "plan rrule a number": ("plans", set_field("plans", 0, "rrule", 7), "rrule"),
    "plan status unknown": ("plans", set_field("plans", 0, "status", "sleeping"), "status"),
    "plan without exercise": ("plans", set_field("plans", 0, "exercise_id", None, remove=True), "exercise_id"),
    "plan id not a uuid": ("plans", set_field("plans", 0, "id", "plan-one"), "id"),
    "plan row an int": ("plans", replace_row("plans", 0, 5), "(record)"),
    "plan row a string": ("plans", replace_row("plans", 0, "a plan"), "(record)"),
    "plan row a list": ("plans", replace_row("plans", 0, [1, 2]), "(record)"),
    "plan created_at garbage": ("plans", set_field("plans", 0, "created_at", "yesterday"), "created_at"),
    "supporter how a string": ("supporters", set_field("supporters", 0, "how", "x"), "how"),
    "supporter name null": ("supporters", set_field("supporters", 0, "name", None), "name"),
    "response answers text": ("responses", set_field("responses", 0, "answers", "abc"), "answers"),
    "session note date a list": ("session_notes", set_field("session_notes", 0, "call_date", []), "call_date"),
    "question text a number": ("questions", set_field("questions", 0, "text", 12), "text"),
}


@pytest.mark.parametrize("case", list(CORE_CASES))
def test_a_bad_core_record_is_named_skipped_and_reported(home: Path, case: str) -> None:
    table, damage, field = CORE_CASES[case]
    path = core_path(home)
    plans = plan_ids(home)
    record_id = edit(path, damage)
    damaged = path.read_bytes()
    backups_before = sorted(p.name for p in (home / "backups").iterdir())

    # Every other record keeps working: today, and logging a different plan.
    code, out, err = cli("--home", home, "today", "--at", AT)
    assert code == 0 and "Today" in out, err
    other = plans[1]
    code, out, err = cli("--home", home, "log", other[:8], "--done", "--at", AT)
    assert code == 0, err
    assert "Traceback" not in err

    # doctor names it exactly and says what to do.
    code, out, _ = cli("--home", home, "doctor")
    assert code == 1
    line = next(line for line in out.splitlines() if f"the {table} record {record_id}" in line)
    assert str(path) in line and f"{field}:" in line
    assert "workbook restore" in out and ("fix" in line or "remove" in line)

    # A backup refuses to copy it as good, and says why.
    code, _, err = cli("--home", home, "backup")
    assert code == 1
    line = one_line(err)
    assert "No backup was made" in line and str(path) in line and str(record_id) in line and field in line
    assert sorted(p.name for p in (home / "backups").iterdir()) == backups_before

    # The damaged record itself is left exactly as it was.
    data, original = json.loads(path.read_bytes()), json.loads(damaged)
    assert data[table] == original[table]


def test_minutes_as_text_on_one_plan_never_blocks_logging_another(home: Path) -> None:
    """The first case of the issue, as a patient meets it."""
    first, second = plan_ids(home)[:2]
    edit(core_path(home), set_field("plans", 0, "minutes", "20"))
    code, out, err = cli("--home", home, "log", second[:8], "--done", "--at", AT)
    assert code == 0, err
    stored = json.loads(month_path(home).read_bytes())["attempts"].values()
    assert any(row["plan_id"] == second and row["logged_at"].startswith("2026-11-20T12:00") for row in stored)

    code, _, err = cli("--home", home, "log", first[:8], "--done", "--at", AT)
    assert code == 1
    line = one_line(err)
    assert str(core_path(home)) in line and f"plans record {first}" in line
    assert "minutes: must be a whole number from 1 to 600" in line and "'20'" in line


ATTEMPT_CASES = {
    "no logged_at": (set_field("attempts", -1, "logged_at", None, remove=True), "logged_at"),
    "outcome a number": (set_field("attempts", -1, "outcome", 5), "outcome"),
    "values a list": (set_field("attempts", -1, "values", []), "values"),
    "minutes text": (set_field("attempts", -1, "minutes", "ten"), "minutes"),
    "row an int": (replace_row("attempts", -1, 42), "(record)"),
    "barriers a string": (set_field("attempts", -1, "barriers", "forgot"), "barriers"),
}


@pytest.mark.parametrize("case", list(ATTEMPT_CASES))
def test_a_bad_attempt_is_skipped_everywhere_it_is_read(home: Path, case: str) -> None:
    damage, field = ATTEMPT_CASES[case]
    path = month_path(home)
    record_id = edit(path, damage)
    damaged = path.read_bytes()
    for args in (["today", "--at", AT], ["log", plan_ids(home)[0][:8], "--done", "--at", AT],
                 ["report", "--at", AT], ["export", "--out", home.parent / "export", "--at", AT],
                 ["calendar", "--out", home.parent / "cal.ics", "--at", AT]):
        code, out, err = cli("--home", home, *args)
        assert "Traceback" not in err, (args, err)
        assert code == 0, (args, err)
    from datetime import datetime, timezone

    from workbook.facade.workbook import Workbook

    workbook = Workbook.open(home, clock=lambda: datetime(2026, 11, 20, 12, tzinfo=timezone.utc), daily_backup=False)
    workbook.due_reminders(workbook.clock())  # the reminder runner's reading of the same month
    stored = sum(len(json.loads(f.read_bytes())["attempts"]) for f in (home / "db" / "attempts").glob("*.json"))
    assert len(workbook.attempts()) == stored - 1  # only the bad one is left out
    code, out, _ = cli("--home", home, "doctor")
    assert code == 1
    line = next(line for line in out.splitlines() if f"the attempts record {record_id}" in line)
    assert str(path) in line and f"{field}:" in line
    code, _, err = cli("--home", home, "backup")
    assert code == 1 and str(path) in one_line(err)
    rows = json.loads(path.read_bytes())["attempts"]
    assert all(row in rows.values() for row in json.loads(damaged)["attempts"].values())  # kept as it was


@pytest.mark.parametrize("value", ["abc", None, -1, True, [3]])
def test_a_bad_schema_version_is_refused_in_one_line_and_restore_mends_it(home: Path, value: object) -> None:
    path = core_path(home)

    def damage(data: dict) -> None:
        (row,) = data["_meta"].values()
        if value is None:
            del row["schema_version"]
        else:
            row["schema_version"] = value

    edit(path, damage)
    damaged = path.read_bytes()
    for args in (["today", "--at", AT], ["log", plan_ids(home)[0][:8], "--done", "--at", AT]):
        code, _, err = cli("--home", home, *args)
        assert code == 1
        line = one_line(err)
        assert str(path) in line and "_meta" in line and "schema_version" in line
    assert path.read_bytes() == damaged
    code, out, _ = cli("--home", home, "doctor")
    assert code == 1 and "schema_version" in out and "workbook restore" in out
    code, out, err = cli("--home", home, "restore")
    assert code == 0, err
    assert cli("--home", home, "today", "--at", AT)[0] == 0


def test_bad_settings_fall_back_for_reading_but_are_never_overwritten(home: Path) -> None:
    path = core_path(home)
    record_id = edit(path, set_field("settings", 0, "zone", "Mars/Olympus_Mons"))
    code, out, err = cli("--home", home, "today", "--at", AT)
    assert code == 0, err
    code, _, err = cli("--home", home, "research", "on", "--participant", "P-1")
    assert code != 0 and "Traceback" not in err
    assert f"settings record {record_id}" in err and "zone" in err
    assert json.loads(path.read_bytes())["settings"]["1"]["zone"] == "Mars/Olympus_Mons"


def test_a_backup_holding_a_bad_record_is_never_restored(home: Path) -> None:
    (older,) = (home / "backups").iterdir()
    assert cli("--home", home, "log", plan_ids(home)[1][:8], "--done", "--at", AT)[0] == 0
    assert cli("--home", home, "backup")[0] == 0
    newer = max((home / "backups").iterdir())
    edit(newer / "core.json", set_field("plans", 0, "minutes", "20"))
    with open(core_path(home), "r+b") as fh:
        fh.truncate(10)

    code, out, err = cli("--home", home, "today", "--at", AT)
    assert code == 1 and str(older) in err and str(newer) not in err  # the newest *good* backup is named
    code, out, err = cli("--home", home, "restore")
    assert code == 0 and str(older) in out, err  # the newest fully valid one, not the newest
    code, _, err = cli("--home", home, "restore", newer.name)
    assert code == 1
    line = one_line(err)
    assert str(newer / "core.json") in line and "minutes" in line
    code, out, _ = cli("--home", home, "doctor")
    assert code == 1 and f"backup {newer.name}" in out


def test_a_live_bad_record_never_reaches_a_daily_backup(home: Path) -> None:
    shutil.rmtree(home / "backups")
    edit(month_path(home), set_field("attempts", 0, "outcome", "sort of"))
    code, out, err = cli("--home", home, "today", "--at", AT)
    assert code == 0 and "Today" in out
    line = one_line(err)  # said once, after the work is done
    assert line.startswith("workbook: note: today's backup was not made") and str(month_path(home)) in line
    assert not (home / "backups").exists() or not any((home / "backups").iterdir())


def test_a_record_numbered_with_text_is_damage_not_a_traceback(home: Path) -> None:
    edit(core_path(home), lambda data: data["questions"].update({"x": {"id": "oops"}}))
    code, _, err = cli("--home", home, "today", "--at", AT)
    assert code == 0, err
    code, out, err = cli("--home", home, "log", plan_ids(home)[0][:8], "--done", "--at", AT)
    assert "Traceback" not in err
    code, out, _ = cli("--home", home, "doctor")
    assert code == 1 and "questions record" in out


@given(st.integers(0, 2**128 - 1))
def test_record_ids_are_the_same_text_the_uuid_module_writes(number: int) -> None:
    import uuid

    from workbook.core.records import is_uuid, uuid4_text

    assert uuid4_text(number) == str(uuid.UUID(int=number, version=4))
    assert is_uuid(uuid4_text(number))


@given(st.text(alphabet="0123456789abcdefABCDEF-{}:urnidxg ", max_size=50))
def test_an_id_is_accepted_exactly_when_the_uuid_module_accepts_it(text: str) -> None:
    import uuid

    from workbook.core.records import is_uuid

    try:
        uuid.UUID(text)
        accepted = True
    except ValueError:
        accepted = False
    assert is_uuid(text) == accepted
