"""A full disk, for real: RLIMIT_FSIZE makes the kernel refuse to grow a file (EFBIG).

Each case runs the real CLI in a subprocess with the limit set (SIGXFSZ ignored, so the
write fails with an error instead of killing the process). The save must fail cleanly:
exit 1, one plain line, the old file byte for byte, no temp file left.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from helpers import NOW_ARG

LIMITED = r"""
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from workbook.cli import main
sys.exit(main(sys.argv[2:]))
"""

LIMITED_FACADE = r"""
import resource, signal, sys
from dataclasses import replace
from pathlib import Path
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
from workbook.core.errors import StorageError
from workbook.facade.workbook import Workbook
from workbook.core.times import system_now
workbook = Workbook.open(Path(sys.argv[2]), clock=system_now, daily_backup=False)
plan = workbook.plans()[0]
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    workbook.update_plan(replace(plan, what="Walk to the shops and back"))
except StorageError as exc:
    print(exc, file=sys.stderr)
    sys.exit(1)
"""


def _run(script: str, limit: int, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script, str(limit), *map(str, args)],
                          capture_output=True, text=True, timeout=60, cwd=tempfile.gettempdir())


def _snapshot(home: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted((home / "db").rglob("*")) if p.is_file()}


def _assert_clean_failure(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "File too large" in lines[0]
    return lines[0]


def _plan_id(home: Path) -> str:
    return next(iter(json.loads((home / "db" / "core.json").read_bytes())["plans"].values()))["id"]


def test_log_on_a_full_disk_fails_cleanly(demo_home: Path) -> None:
    month = demo_home / "db" / "attempts" / "2026-11.json"
    assert month.stat().st_size > 8192
    before = _snapshot(demo_home)
    proc = _run(LIMITED, 4096, "--home", demo_home, "log", _plan_id(demo_home)[:8], "--done", "--at", NOW_ARG)
    line = _assert_clean_failure(proc)
    assert str(month) in line and "nothing saved before was changed" in line
    assert _snapshot(demo_home) == before  # every file as it was, and no temp file
    assert not list(demo_home.rglob("*.tmp"))


def test_core_update_on_a_full_disk_fails_cleanly(demo_home: Path) -> None:
    core = demo_home / "db" / "core.json"
    before = _snapshot(demo_home)
    proc = _run(LIMITED_FACADE, 2048, demo_home)
    line = _assert_clean_failure(proc)
    assert str(core) in line
    assert _snapshot(demo_home) == before
    assert not list(demo_home.rglob("*.tmp"))


def test_the_same_write_succeeds_once_there_is_room(demo_home: Path) -> None:
    """The limit, not something else, made the write fail."""
    proc = _run(LIMITED, 50_000_000, "--home", demo_home, "log", _plan_id(demo_home)[:8], "--done", "--at", NOW_ARG)
    assert proc.returncode == 0, proc.stderr


def test_daily_backup_on_a_full_disk_fails_cleanly(demo_home: Path) -> None:
    """The day's backup failing is reported, never fatal: a full disk must not block `today`."""
    import shutil

    shutil.rmtree(demo_home / "backups")  # so opening makes today's backup, which needs room
    before = _snapshot(demo_home)
    proc = _run(LIMITED, 4096, "--home", demo_home, "today", "--at", NOW_ARG)
    assert proc.returncode == 0, proc.stderr
    assert "Today" in proc.stdout and "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert "today's backup was not made" in line and "File too large" in line
    assert _snapshot(demo_home) == before
    leftovers = list((demo_home / "backups").iterdir()) if (demo_home / "backups").exists() else []
    assert leftovers == [], "a half-made backup folder was left behind"


def test_restore_on_a_full_disk_fails_cleanly_and_moves_nothing(demo_home: Path) -> None:
    core = demo_home / "db" / "core.json"
    with open(core, "r+b") as fh:
        fh.truncate(10)
    before = _snapshot(demo_home)
    proc = _run(LIMITED, 4096, "--home", demo_home, "restore")
    line = _assert_clean_failure(proc)
    assert "Could not restore" in line
    # Nothing was set aside or half-copied: the files are exactly as they were.
    assert _snapshot(demo_home) == before
    assert not (demo_home / "set-aside").exists()
    assert not list(demo_home.rglob("*.tmp"))
    # Once there is room, restore does the job.
    proc = _run(LIMITED, 50_000_000, "--home", demo_home, "restore")
    assert proc.returncode == 0, proc.stderr
    proc = _run(LIMITED, 50_000_000, "--home", demo_home, "today", "--at", NOW_ARG)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("limit", [0, 1, 100])
def test_tiny_limits_never_corrupt(demo_home: Path, limit: int) -> None:
    before = _snapshot(demo_home)
    proc = _run(LIMITED, limit, "--home", demo_home, "log", _plan_id(demo_home)[:8], "--not-done", "--at", NOW_ARG)
    _assert_clean_failure(proc)
    assert _snapshot(demo_home) == before
