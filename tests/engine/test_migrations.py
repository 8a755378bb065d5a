"""Schema migrations: a version-1 home (fixtures/home-v1 beside this file: plans with a `repeat` word,
no `rrule`) upgrades once, after a backup; a home from a newer Workbook is refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import NOW, NOW_ARG, run_cli

from workbook.core.errors import NewerDataError
from workbook.facade.workbook import Workbook
from workbook.storage import backups
from workbook.storage.migrations import SCHEMA_VERSION, _v1_repeat_words_to_rrule, stored_version
from workbook.storage.opening import open_store
from workbook.storage.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "home-v1"
EXPECTED_RULES = {
    "Walk round the park": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    "Go through my worry list": "FREQ=DAILY",
    "Thought record on a weekend morning": "FREQ=WEEKLY;BYDAY=SA,SU",
    "Slow breathing before the dentist": None,
    "Fill in my sleep diary": None,  # no repeat word at all: once
}


@pytest.fixture
def v1_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    shutil.copytree(FIXTURE, home)
    return home


def _core(home: Path) -> dict:
    return json.loads((home / "db" / "core.json").read_bytes())


def test_fixture_really_is_version_1() -> None:
    core = json.loads((FIXTURE / "db" / "core.json").read_bytes())
    assert core["_meta"]["1"]["schema_version"] == 1
    assert all("rrule" not in plan for plan in core["plans"].values())
    assert SCHEMA_VERSION == 3  # this fixture is two versions behind


def test_v1_home_upgrades_after_a_backup(v1_home: Path) -> None:
    old_core = (v1_home / "db" / "core.json").read_bytes()
    old_attempts = (v1_home / "db" / "attempts" / "2026-03.json").read_bytes()

    workbook = Workbook.open(v1_home, clock=lambda: NOW, daily_backup=False)

    rules = {plan.what: plan.rrule for plan in workbook.plans()}
    assert rules == EXPECTED_RULES
    assert stored_version(workbook.store) == SCHEMA_VERSION
    raw_plans = _core(v1_home)["plans"].values()
    assert all("repeat" not in plan for plan in raw_plans)
    # The rest of the record came through untouched.
    walk = next(p for p in workbook.plans() if p.what == "Walk round the park")
    assert (walk.start_date.isoformat(), walk.start_time.isoformat(), walk.zone) == ("2026-02-02", "18:30:00", "Europe/London")
    assert len(workbook.attempts()) == 3
    assert workbook.settings().first_name == "Alex"

    (backup,) = backups.list_backups(v1_home)
    assert backup.label == f"before-schema-{SCHEMA_VERSION}"
    assert (backup.path / "core.json").read_bytes() == old_core
    assert (backup.path / "attempts" / "2026-03.json").read_bytes() == old_attempts


def test_opening_again_is_a_no_op(v1_home: Path) -> None:
    Workbook.open(v1_home, clock=lambda: NOW, daily_backup=False)
    core = v1_home / "db" / "core.json"
    before = (core.read_bytes(), core.stat().st_ino, core.stat().st_mtime_ns)
    backups_before = backups.list_backups(v1_home)

    Workbook.open(v1_home, clock=lambda: NOW, daily_backup=False)
    open_store(v1_home, now=NOW)

    assert (core.read_bytes(), core.stat().st_ino, core.stat().st_mtime_ns) == before
    assert backups.list_backups(v1_home) == backups_before


def test_upgraded_home_works_from_the_cli(v1_home: Path) -> None:
    result = run_cli("--home", v1_home, "today", "--at", "2026-03-06T09:00:00")  # a Friday
    assert result.code == 0, result.err
    assert "Walk round the park" in result.out and "worry list" in result.out
    today_section = result.out.split("\n\n")[0]
    assert "Walk round the park" in today_section and "weekend morning" not in today_section  # a Friday


def test_a_migration_killed_before_the_version_was_written_runs_again_safely(v1_home: Path) -> None:
    """Steps are idempotent: re-running one on half-migrated data changes nothing twice."""
    store = Store(v1_home)
    with store.transaction(NOW) as tx:
        _v1_repeat_words_to_rrule(tx)  # the step ran, then the process died
    assert stored_version(store) == 1
    workbook = Workbook.open(v1_home, clock=lambda: NOW, daily_backup=False)
    assert {p.what: p.rrule for p in workbook.plans()} == EXPECTED_RULES
    assert stored_version(workbook.store) == SCHEMA_VERSION


def test_a_home_with_data_but_no_meta_is_treated_as_version_1(v1_home: Path) -> None:
    core = _core(v1_home)
    del core["_meta"]
    (v1_home / "db" / "core.json").write_text(json.dumps(core))
    workbook = Workbook.open(v1_home, clock=lambda: NOW, daily_backup=False)
    assert {p.what: p.rrule for p in workbook.plans()} == EXPECTED_RULES


def test_a_new_home_starts_at_the_current_version(tmp_path: Path) -> None:
    workbook = Workbook.open(tmp_path / "new", clock=lambda: NOW, daily_backup=False)
    assert stored_version(workbook.store) == SCHEMA_VERSION
    assert backups.list_backups(workbook.home) == []  # nothing to back up, nothing migrated


def test_a_newer_schema_is_refused_and_left_alone(v1_home: Path) -> None:
    core_path = v1_home / "db" / "core.json"
    core = _core(v1_home)
    core["_meta"]["1"]["schema_version"] = 99
    core_path.write_text(json.dumps(core))
    before = core_path.read_bytes()

    with pytest.raises(NewerDataError, match="schema 99"):
        Workbook.open(v1_home, clock=lambda: NOW, daily_backup=False)

    for args in (["today", "--at", NOW_ARG], ["log", "1111", "--done"]):
        result = run_cli("--home", v1_home, *args)
        assert result.code == 1
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and "newer Workbook" in lines[0] and "update Workbook" in lines[0]
    assert core_path.read_bytes() == before
    assert not (v1_home / "backups").exists()
