"""A database file that does not parse is refused, never overwritten, and `restore` brings it back.

Damage is done *in place* (the file keeps its inode), as a disk error or another program
writing into the file would do it: the backups must not share that damage.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import NOW, NOW_ARG, db_files, run_cli, run_module

MONTH = "2026-11"  # the month NOW is in: `today` and `log` read it


def _damage(path: Path, how: str) -> bytes:
    original = path.read_bytes()
    with open(path, "r+b") as fh:  # in place, like a disk error or another program
        if how == "truncated":
            fh.truncate(len(original) // 2)
        elif how == "garbage":
            fh.seek(len(original) // 3)
            fh.write(b"\x00\xff garbage \x9c" * 8)
        elif how == "empty":
            fh.truncate(0)
        elif how == "not-tables":
            fh.truncate(0)
            fh.write(b'["a list", "not tables"]')
        elif how == "extra-data":  # what TinyDB's own storage leaves after a killed shrink
            fh.seek(len(original))
            fh.write(original[-40:])
    return path.read_bytes()


def _target(home: Path, which: str) -> Path:
    return home / "db" / "core.json" if which == "core" else home / "db" / "attempts" / f"{MONTH}.json"


def _one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {err!r}"
    assert "Traceback" not in err
    return lines[0]


def _plan_id(home: Path) -> str:
    data = json.loads((home / "db" / "core.json").read_bytes())
    return next(iter(data["plans"].values()))["id"]


@pytest.mark.parametrize("which", ["core", "attempts"])
@pytest.mark.parametrize("how", ["truncated", "garbage", "empty", "not-tables", "extra-data"])
def test_damaged_file_is_refused_left_unchanged_and_restored(demo_home: Path, which: str, how: str) -> None:
    home = demo_home
    plan_id = _plan_id(home)
    assert run_cli("--home", home, "backup").code == 0  # a second, newer backup
    good = {p: p.read_bytes() for p in db_files(home)}
    target = _target(home, which)
    damaged = _damage(target, how)
    newest = sorted((home / "backups").iterdir())[-1]

    for args in (["today", "--at", NOW_ARG], ["log", plan_id[:8], "--done", "--at", NOW_ARG]):
        result = run_cli("--home", home, *args)
        assert result.code == 1, (args, result)
        line = _one_line_error(result.err)
        assert str(target) in line
        assert str(newest) in line and "workbook restore" in line
        assert target.read_bytes() == damaged  # byte for byte, untouched

    result = run_cli("--home", home, "restore")
    assert result.code == 0, result.err
    assert str(newest) in result.out
    for path, content in good.items():
        assert path.read_bytes() == content
    (aside,) = (home / "set-aside").iterdir()
    assert (aside / target.relative_to(home / "db")).read_bytes() == damaged  # kept, not deleted

    result = run_cli("--home", home, "today", "--at", NOW_ARG)
    assert result.code == 0 and "Today" in result.out, result.err


def test_real_process_shows_one_line_and_exit_1(demo_home: Path, clean_env: dict[str, str]) -> None:
    target = _target(demo_home, "core")
    damaged = _damage(target, "truncated")
    result = run_module("--home", demo_home, "today", "--at", NOW_ARG, env=clean_env)
    assert result.code == 1
    line = _one_line_error(result.err)
    assert line.startswith("workbook: ") and str(target) in line and "backup" in line
    assert target.read_bytes() == damaged


def test_backups_do_not_share_damage_done_in_place(demo_home: Path) -> None:
    """Hard-linking the live file into a backup would hand the damage to the backup too."""
    target = _target(demo_home, "core")
    (backup,) = (demo_home / "backups").iterdir()
    kept = (backup / "core.json").read_bytes()
    assert kept == target.read_bytes()
    _damage(target, "garbage")
    assert (backup / "core.json").read_bytes() == kept


def test_backup_refuses_a_damaged_file(demo_home: Path) -> None:
    before = sorted(p.name for p in (demo_home / "backups").iterdir())
    target = _target(demo_home, "attempts")
    damaged = _damage(target, "truncated")
    result = run_cli("--home", demo_home, "backup")
    assert result.code == 1
    line = _one_line_error(result.err)
    assert str(target) in line
    after = sorted(p.name for p in (demo_home / "backups").iterdir())
    assert after == before, "a half-made backup folder was left behind"
    assert all((demo_home / "backups" / name / "manifest.json").exists() for name in after)
    assert target.read_bytes() == damaged


def test_a_damaged_backup_is_skipped_for_an_older_good_one(demo_home: Path) -> None:
    from workbook.facade.workbook import Workbook

    (older,) = (demo_home / "backups").iterdir()
    Workbook.open(demo_home, clock=lambda: NOW).save_question("Can I do the walk with Jo?")  # core.json changes
    assert run_cli("--home", demo_home, "backup").code == 0
    newer = max((demo_home / "backups").iterdir())
    assert newer != older
    _damage(newer / "core.json", "truncated")
    target = _target(demo_home, "core")
    _damage(target, "empty")

    result = run_cli("--home", demo_home, "today", "--at", NOW_ARG)
    assert result.code == 1 and str(older) in result.err and str(newer) not in result.err
    result = run_cli("--home", demo_home, "restore")
    assert result.code == 0 and str(older) in result.out
    assert run_cli("--home", demo_home, "today", "--at", NOW_ARG).code == 0


def test_damaged_file_without_any_backup(demo_home: Path) -> None:
    shutil.rmtree(demo_home / "backups")
    target = _target(demo_home, "core")
    damaged = _damage(target, "garbage")
    result = run_cli("--home", demo_home, "today", "--at", NOW_ARG)
    assert result.code == 1
    line = _one_line_error(result.err)
    assert "no good backup" in line and str(target) in line
    assert target.read_bytes() == damaged

    result = run_cli("--home", demo_home, "restore")
    assert result.code == 1
    line = _one_line_error(result.err)
    assert "no backups" in line.lower() and str(demo_home / "backups") in line
    assert target.read_bytes() == damaged
    assert not (demo_home / "set-aside").exists()


def test_restore_of_a_named_backup_and_twice_in_a_row(demo_home: Path) -> None:
    (backup,) = (demo_home / "backups").iterdir()
    target = _target(demo_home, "core")
    original = target.read_bytes()
    first = _damage(target, "truncated")
    assert run_cli("--home", demo_home, "restore", backup.name).code == 0
    second = _damage(target, "garbage")
    assert run_cli("--home", demo_home, "restore", str(backup)).code == 0
    assert target.read_bytes() == original
    # Both sets of damaged files are kept, even when the restores fall in the same second.
    kept = sorted(p.read_bytes() for p in (demo_home / "set-aside").rglob("core.json"))
    assert kept == sorted([first, second])


def test_restore_names_a_folder_that_is_not_a_backup(demo_home: Path, tmp_path: Path) -> None:
    result = run_cli("--home", demo_home, "restore", str(tmp_path / "nowhere"))
    assert result.code == 1
    assert "not a Workbook backup" in _one_line_error(result.err)
    assert not (demo_home / "set-aside").exists()


def test_old_month_damage_does_not_block_today_but_doctor_finds_it(demo_home: Path) -> None:
    """Today reads only recent months; `doctor` checks every file."""
    old = sorted((demo_home / "db" / "attempts").glob("*.json"))[0]
    assert old.stem < MONTH
    damaged = _damage(old, "truncated")
    assert run_cli("--home", demo_home, "today", "--at", NOW_ARG).code == 0
    result = run_cli("--home", demo_home, "doctor")
    assert result.code == 1 and str(old) in result.out
    assert old.read_bytes() == damaged
    assert os.path.exists(old)


@pytest.mark.parametrize("which", ["core", "attempts"])
def test_a_transaction_never_writes_over_a_damaged_file(demo_home: Path, which: str) -> None:
    """Below the CLI: every store write path refuses a damaged file and leaves it as it is."""
    from workbook.core.errors import CorruptDataError
    from workbook.core.model import Attempt, Question
    from workbook.storage.store import Store

    target = _target(demo_home, which)
    damaged = _damage(target, "garbage")
    store = Store(demo_home)
    stamp = "2026-11-20T12:00:00+00:00"
    attempt = Attempt(plan_id=_plan_id(demo_home) if which == "attempts" else "11111111-1111-4111-8111-111111111111",
                      exercise_id="walk", logged_at=stamp, created_at=stamp, updated_at=stamp, outcome="done")
    record = attempt if which == "attempts" else Question(text="Is this all right?")
    for write in (lambda tx: tx.put(record), lambda tx: tx.insert(record), lambda tx: tx.put_many(record.table, [record.to_dict()]),
                  lambda tx: tx.delete(record.table, record.id, "2026-11" if which == "attempts" else None)):
        with pytest.raises(CorruptDataError) as info:
            with store.transaction(NOW) as tx:
                write(tx)
        assert info.value.path == target
        assert target.read_bytes() == damaged
    assert not list((demo_home / "db").rglob("*.tmp"))
