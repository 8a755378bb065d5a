"""`doctor` checks what can go wrong with the home's storage and says exactly what to do; a stray
file named `backups` or a failing daily backup never stops normal commands."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
from pathlib import Path

import pytest

from workbook.cli import main

AT = "2026-11-20T12:00:00"
LATER = "2026-11-25T12:00:00"


def cli(*args: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("doctor") / "home"
    assert cli("--home", home, "demo", "--weeks", "3", "--at", AT)[0] == 0
    return home


@pytest.fixture
def home(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(template, copy, symlinks=True)
    return copy


def test_a_healthy_home_is_all_well(home: Path) -> None:
    code, out, _ = cli("--home", home, "doctor")
    assert code == 0 and "All is well." in out, out
    assert "every record fits" in out and "newest good" in out


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_every_file_open_to_others_is_named_not_just_the_first(home: Path) -> None:
    opened = [home / "db" / "core.json", *sorted((home / "db" / "attempts").glob("*.json")), home / "backups"]
    for path in opened:
        path.chmod(0o755 if path.is_dir() else 0o644)
    code, out, _ = cli("--home", home, "doctor")
    assert code == 1
    for path in opened:
        assert f"{path} can be read by other users" in out and f"chmod go-rwx {path}" in out
    assert f"chmod -R go-rwx '{home}'" in out


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write anywhere")
def test_a_read_only_home_is_a_problem(home: Path) -> None:
    home.chmod(0o500)
    try:
        code, out, _ = cli("--home", home, "doctor")
    finally:
        home.chmod(0o700)
    assert code == 1 and "read-only" in out and f"chmod u+rwx '{home}'" in out


def test_a_stray_file_named_backups_blocks_nothing_but_backups(home: Path) -> None:
    shutil.rmtree(home / "backups")
    (home / "backups").write_text("not a folder")
    (home / "backups").chmod(0o600)
    plan = cli("--home", home, "today", "--at", AT)[1].split("\n")[1].split()[0]
    for args in (["today", "--at", LATER], ["log", plan, "--done", "--at", LATER]):
        code, out, err = cli("--home", home, *args)
        assert code == 0, err
        (line,) = err.strip().splitlines()  # said once, after the work
        assert "today's backup was not made" in line and str(home / "backups") in line
    code, _, err = cli("--home", home, "backup")
    assert code == 1 and "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert "No backup was made" in line and f"{home / 'backups'} is a file, not a folder" in line
    code, out, _ = cli("--home", home, "doctor")
    assert code == 1 and f"{home / 'backups'} is a file, so no backup can be made" in out


def test_leftovers_of_an_interrupted_change_are_reported_then_finished(home: Path) -> None:
    import dataclasses

    from workbook.storage import backups, journal
    from workbook.storage.opening import open_for_repair

    # A restore stopped just after its journal reached "swap-in" (nothing moved in yet).
    store = open_for_repair(home)
    (backup,) = backups.list_backups(home)
    staged = journal.new_staged(home, "restore")
    entry = journal.Entry(op="restore", step=journal.STAGING, staged=staged, source=staged,
                          aside="set-aside/db-2026-11-20T120000", files=backup.files, backup=str(backup.path))
    journal.begin(home, entry)
    backups._stage(home / staged, backup)
    journal.write(home, dataclasses.replace(entry, step=journal.SET_ASIDE))
    before = {p.name: p.read_bytes() for p in (home / "db").glob("*.json")}
    del store

    code, out, _ = cli("--home", home, "doctor")
    assert code == 1 and "was interrupted at its 'set-aside' step" in out and "nothing is lost" in out
    assert {p.name: p.read_bytes() for p in (home / "db").glob("*.json")} == before  # doctor changes nothing
    code, _, err = cli("--home", home, "today", "--at", AT)
    assert code == 0 and "An interrupted restore was finished" in err
    assert not (home / "db" / ".journal.json").exists() and not (home / ".staging").exists()
    (aside,) = (home / "set-aside").iterdir()
    assert (aside / "core.json").read_bytes() == before["core.json"]  # the replaced files were kept
    assert cli("--home", home, "doctor")[0] == 0


def test_a_backup_folder_without_manifest_is_named(home: Path) -> None:
    stray = home / "backups" / "2026-01-01T000000-manual"
    stray.mkdir(mode=0o700)
    (stray / "core.json").write_text(json.dumps({"_meta": {}}))
    (stray / "core.json").chmod(0o600)
    code, out, _ = cli("--home", home, "doctor")
    assert code == 1 and f"{stray} has no manifest.json" in out and f"rm -r '{stray}'" in out
