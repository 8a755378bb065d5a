"""No symbolic link inside the home or a backup is followed, and a backup's manifest cannot
point outside the home.

Each attack plants a link (or a manifest entry) pointing into a folder outside the home, then
runs the ordinary commands. Every one must either work without going through the link or
refuse with one clear line naming it; `doctor` must name it; and nothing outside the home may
be created, written, removed or chmod'ed (the folder outside is 0755 with 0644 files, so a
chmod to 0700/0600 would show).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import stat
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from workbook.cli import main

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX links and modes")

AT = "2026-11-20T12:00:00"
LATER = "2026-11-25T12:00:00"  # a day with no daily backup yet, so commands try to make one
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def cli(*args: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def snapshot(root: Path) -> dict[str, tuple]:
    """Everything under `root`: kind, mode, size, modification time and bytes."""
    found = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in [*dirs, *files, "."]:
            path = Path(folder) / name if name != "." else Path(folder)
            info = path.lstat()
            content = path.read_bytes() if stat.S_ISREG(info.st_mode) else b""
            found[str(path)] = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode), info.st_size,
                                info.st_mtime_ns, content)
    return found


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    home = tmp_path_factory.mktemp("links") / "home"
    assert cli("--home", home, "demo", "--weeks", "3", "--at", AT)[0] == 0
    plan = cli("--home", home, "today", "--at", AT)[1].split("\n")[1].split()[0]
    return home, plan


@pytest.fixture
def setting(template: tuple[Path, str], tmp_path: Path) -> tuple[Path, Path, str]:
    """(a fresh copy of the home, a folder outside it with a file in it, a plan's short id)."""
    home = tmp_path / "home"
    shutil.copytree(template[0], home, symlinks=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.json").write_text('{"_default": {}}')
    (outside / "precious.json").chmod(0o644)
    outside.chmod(0o755)
    return home, outside, template[1]


def move_out(path: Path, outside: Path) -> Path:
    """Move a folder or file of the home outside it, and leave a link to it in its place."""
    target = outside / path.name
    shutil.move(path, target)
    for folder, dirs, files in os.walk(target):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(Path(folder) / name, 0o644)
    path.symlink_to(target)
    return target


PLANTS: dict[str, Callable[[Path, Path], Path]] = {
    "db/attempts": lambda home, out: move_out(home / "db" / "attempts", out),
    "db": lambda home, out: move_out(home / "db", out),
    "db/core.json": lambda home, out: move_out(home / "db" / "core.json", out),
    "db/attempts/<month>.json": lambda home, out: move_out(home / "db" / "attempts" / "2026-11.json", out),
    "db/.lock (dangling)": lambda home, out: _link(home / "db" / ".lock", out / "made-by-lock", remove=True),
    "backups": lambda home, out: move_out(home / "backups", out),
    "set-aside": lambda home, out: _link(home / "set-aside", out),
    ".staging": lambda home, out: _link(home / ".staging", out),
    "messages": lambda home, out: _link(home / "messages", out),
    "reports": lambda home, out: _link(home / "reports", out),
}


def _link(path: Path, target: Path, remove: bool = False) -> Path:
    if remove:
        path.unlink()
    path.symlink_to(target)
    return target


@pytest.mark.parametrize("where", list(PLANTS))
def test_a_planted_link_is_never_followed(setting: tuple[Path, Path, str], where: str) -> None:
    from workbook.facade.workbook import Workbook
    from workbook.outputs.report import write_report

    home, outside, plan = setting
    PLANTS[where](home, outside)
    link = home / where.split(" ")[0].replace("<month>", "2026-11")
    assert link.is_symlink()
    before = snapshot(outside)
    code, out, _ = cli("--home", home, "doctor")
    assert code == 1 and f"{link} is a symbolic link" in out, out

    results = {}
    for name, args in {"today": ["today", "--at", LATER], "log": ["log", plan, "--done", "--at", LATER],
                       "backup": ["backup"], "restore": ["restore"], "demo": ["demo", "--at", AT],
                       "export": ["export", "--out", home.parent / "export-out", "--at", LATER]}.items():
        code, out, err = cli("--home", home, *args)
        assert "Traceback" not in err
        errors = [line for line in err.strip().splitlines() if not line.startswith("workbook: note:")]
        assert len(errors) <= 1, (name, err)
        if code != 0:
            assert errors and (str(link) in errors[0] or name == "demo"), (name, err)
        results[name] = code
    try:
        workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
        supporter = workbook.supporters()[0]
        workbook.save_message(supporter.id, "Could you text me at six?", now=NOW)
        write_report(workbook, now=NOW)
    except Exception as exc:  # a WorkbookError naming the link is the only acceptable failure
        from workbook.core.errors import WorkbookError

        assert isinstance(exc, WorkbookError) and str(link) in str(exc), exc

    assert snapshot(outside) == before, f"something outside the home changed through {where}"
    assert not (outside / "made-by-lock").exists()
    if where in ("messages", "reports", "backups", "set-aside"):
        assert results["today"] == 0 and results["log"] == 0, results  # a link there stops only its own work


def test_a_linked_backup_data_file_is_refused_and_the_older_good_backup_used(setting: tuple[Path, Path, str]) -> None:
    home, outside, _ = setting
    (older,) = (home / "backups").iterdir()
    assert cli("--home", home, "backup")[0] == 0
    newer = max((home / "backups").iterdir())
    # The newer backup's core.json becomes a link to a (valid-looking) file outside the home.
    planted = outside / "core.json"
    shutil.copy(newer / "core.json", planted)
    planted.chmod(0o644)
    (newer / "core.json").unlink()
    (newer / "core.json").symlink_to(planted)
    before = snapshot(outside)
    code, out, err = cli("--home", home, "restore")
    assert code == 0, err
    assert str(older) in out and str(newer) not in out
    assert not (home / "db" / "core.json").is_symlink()
    code, _, err = cli("--home", home, "restore", newer.name)
    assert code == 1 and "symbolic link" in err and str(newer / "core.json") in err
    code, out, _ = cli("--home", home, "doctor")
    assert code == 1 and str(newer / "core.json") in out
    assert snapshot(outside) == before


def test_a_linked_backup_folder_is_not_listed_or_restored(setting: tuple[Path, Path, str]) -> None:
    home, outside, _ = setting
    (backup,) = (home / "backups").iterdir()
    copy = outside / "evil-backup"
    shutil.copytree(backup, copy)
    (home / "backups" / "2099-01-01T000000-manual").symlink_to(copy)
    before = snapshot(outside)
    code, out, _ = cli("--home", home, "backup", "--list")
    assert "2099" not in out
    code, _, err = cli("--home", home, "restore", "2099-01-01T000000-manual")
    assert code == 1 and "symbolic link" in err and "Traceback" not in err
    assert snapshot(outside) == before


@pytest.mark.parametrize("entry", ["../../outside/escaped.json", "/tmp/workbook-absolute-escape.json",
                                   "attempts/../../../outside/escaped.json", "attempts/sub/2026-11.json",
                                   "core.json/../../x", "manifest.json", "", 7])
def test_a_manifest_naming_anything_but_a_database_file_is_refused(setting: tuple[Path, Path, str], entry) -> None:
    home, outside, _ = setting
    (backup,) = (home / "backups").iterdir()
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["files"].append(entry)
    (backup / "manifest.json").write_text(json.dumps(manifest))
    with open(home / "db" / "core.json", "r+b") as fh:  # damage the live file, so restore is wanted
        fh.truncate(10)
    live = (home / "db" / "core.json").read_bytes()
    before, absolute = snapshot(outside), Path("/tmp/workbook-absolute-escape.json")
    absolute_before = absolute.exists()

    code, _, err = cli("--home", home, "restore")
    assert code == 1 and "Traceback" not in err
    assert "not a Workbook database file" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli("--home", home, "restore", backup.name)
    assert code == 1 and "not a Workbook database file" in err
    assert (home / "db" / "core.json").read_bytes() == live  # nothing was moved aside or replaced
    assert not (home / "set-aside").exists() or not any((home / "set-aside").iterdir())
    assert snapshot(outside) == before and absolute.exists() == absolute_before
    assert not (outside / "escaped.json").exists() and not (home.parent / "x").exists()
    code, out, _ = cli("--home", home, "doctor")
    assert code == 1 and "not a Workbook database file" in out


def test_a_backup_whose_table_folder_is_a_link_is_refused(setting: tuple[Path, Path, str]) -> None:
    home, outside, _ = setting
    (backup,) = (home / "backups").iterdir()
    move_out(backup / "attempts", outside)
    before = snapshot(outside)
    code, _, err = cli("--home", home, "restore")
    assert code == 1 and str(backup / "attempts") in err and "symbolic link" in err
    assert snapshot(outside) == before


def test_a_linked_drafts_file_is_set_aside_as_a_link_never_read(setting: tuple[Path, Path, str]) -> None:
    from workbook.storage.drafts import DraftStore

    home, outside, _ = setting
    secret = outside / "secret.json"
    secret.write_text('{"log:x": {"note": "not yours"}}')
    secret.chmod(0o644)
    (home / "drafts.json").symlink_to(secret)
    before = snapshot(outside)
    drafts = DraftStore(home, lambda: NOW)
    assert dict(drafts) == {} and "symbolic link" in drafts.warning
    drafts["plan:new:walk"] = {"what": "a walk"}
    drafts.save()
    assert not (home / "drafts.json").is_symlink()
    assert snapshot(outside) == before


def test_a_linked_drafts_lock_is_refused_in_one_line_and_never_followed(setting: tuple[Path, Path, str]) -> None:
    from workbook.core.errors import UnsafePathError
    from workbook.storage.drafts import DraftStore

    home, outside, _ = setting
    (home / ".drafts.lock").symlink_to(outside / "lock")
    before = snapshot(outside)
    drafts = DraftStore(home, lambda: NOW)
    drafts["plan:new:walk"] = {"what": "a walk"}
    with pytest.raises(UnsafePathError, match=r"\.drafts\.lock is a symbolic link; Workbook never follows links"):
        drafts.save()
    assert snapshot(outside) == before and not (home / "drafts.json").exists()


def test_doctor_names_every_link_and_a_home_that_is_a_file(setting: tuple[Path, Path, str], tmp_path: Path) -> None:
    home, outside, _ = setting
    (home / "set-aside").symlink_to(outside)
    (home / "messages").symlink_to(outside / "nowhere")
    code, out, _ = cli("--home", home, "doctor")
    assert code == 1
    assert f"{home / 'set-aside'} is a symbolic link" in out and f"{home / 'messages'} is a symbolic link" in out
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    code, out, _ = cli("--home", a_file, "doctor")
    assert code == 1 and f"{a_file} is a file, not a folder" in out and "no workbook yet" not in out
