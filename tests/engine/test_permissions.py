"""Owner-only permissions: the home and every folder in it 0700, every file 0600,
whatever the umask; `doctor` flags anything others could read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from helpers import NOW_ARG, run_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _wrong_modes(home: Path) -> list[str]:
    wrong = []
    for path in [home, *sorted(home.rglob("*"))]:
        want = 0o700 if path.is_dir() else 0o600
        if _mode(path) != want:
            wrong.append(f"{path.relative_to(home.parent)} {_mode(path):o} (want {want:o})")
    return wrong


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_everything_a_full_flow_writes_is_owner_only(tmp_path: Path, umask: int) -> None:
    home = tmp_path / "new-home"
    assert run_cli("--home", home, "today", "--at", NOW_ARG).code == 0  # a brand-new home
    assert _mode(home) == 0o700 and _mode(home / "db") == 0o700
    assert _mode(home / "db" / ".lock") == 0o600
    assert _mode(home / "db" / "core.json") == 0o600

    home2 = tmp_path / "demo-home"
    assert run_cli("--home", home2, "demo", "--at", NOW_ARG).code == 0
    assert run_cli("--home", home2, "backup").code == 0
    with open(home2 / "db" / "core.json", "r+b") as fh:  # damage it, so restore sets files aside
        fh.truncate(5)
    assert run_cli("--home", home2, "restore").code == 0
    plan = run_cli("--home", home2, "today", "--at", NOW_ARG).out.split("\n")[1].split()[0]
    assert run_cli("--home", home2, "log", plan, "--partly", "--barrier", "forgot", "--at", NOW_ARG).code == 0

    assert (home2 / "backups").is_dir() and (home2 / "set-aside").is_dir()
    manifests = list((home2 / "backups").rglob("manifest.json"))
    assert len(manifests) >= 2
    assert _wrong_modes(home) == []
    assert _wrong_modes(home2) == []


def test_an_existing_open_home_folder_is_left_as_it_is_and_flagged(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    assert run_cli("--home", home, "today", "--at", NOW_ARG).code == 0
    assert _mode(home) == 0o755  # Workbook chmods only the folders it makes itself
    assert f"{home} can be read by other users (mode 755)" in run_cli("--home", home, "doctor").out


def test_doctor_flags_a_world_readable_file(demo_home: Path) -> None:
    result = run_cli("--home", demo_home, "doctor")
    assert result.code == 0, result.out
    assert "only you can read" in result.out

    core = demo_home / "db" / "core.json"
    core.chmod(0o644)
    result = run_cli("--home", demo_home, "doctor")
    assert result.code == 1
    assert f"{core} can be read by other users (mode 644)" in result.out
    assert f"chmod go-rwx {core}" in result.out


def test_doctor_flags_an_open_backup_folder(demo_home: Path) -> None:
    (backup,) = (demo_home / "backups").iterdir()
    backup.chmod(0o755)
    result = run_cli("--home", demo_home, "doctor")
    assert result.code == 1 and str(backup) in result.out
