"""Restore, backup and demo are all-or-nothing: killed at any moment, the next command finds the
old state or the new one, every file parses, and nothing acknowledged (or only kept) is lost.

Two kinds of test:

- A crash at each step, deterministically: every rename, link, unlink and folder change the
  operation makes is counted, and the N-th raises `Killed` (a BaseException, so no clean-up
  handler runs: as with a real kill, only the kernel's unlocking happens). Then the home is
  opened again, which finishes or rolls back the interrupted step. N runs from 0 until the
  operation completes, so every step boundary (each journal write, each file moved) is hit.
- Real SIGKILLs at random moments: the real command in a subprocess, killed after a random
  delay taken from the time the operation itself lasts (the child says "ready" just before
  calling it), or when a watcher sees the operation half done; 100+ trials across restore,
  backup, demo and log.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from workbook.cli import main
from workbook.storage import backups, journal, layout
from workbook.storage.opening import open_for_repair, open_store

AT = "2026-11-20T12:00:00"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def cli(*args: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def db_state(home: Path) -> dict[str, bytes]:
    db = home / "db"
    return {p.relative_to(db).as_posix(): p.read_bytes() for p in layout.data_files(db)}


def all_json_parses(home: Path) -> None:
    for path in sorted(home.rglob("*.json")):
        json.loads(path.read_bytes())  # raises on a torn or half-written file


def leftovers(home: Path) -> list[str]:
    """What a finished (or recovered) home must not hold: a journal, staged files, half backups, temps."""
    found = []
    if (home / "db" / layout.JOURNAL_FILE).exists():
        found.append("journal")
    staging = home / layout.STAGING_DIR
    if staging.exists() and any(staging.iterdir()):
        found.append(f"staging: {sorted(p.name for p in staging.iterdir())}")
    if (home / "backups").is_dir():
        found += [p.name for p in (home / "backups").iterdir() if p.name.startswith(".")]
    found += [str(p) for p in home.rglob("*.tmp")]
    return found


def valid_backups(home: Path) -> dict[str, dict[str, bytes]]:
    """Every backup by name, with its files; each must restore cleanly."""
    found = {}
    for backup in backups.list_backups(home):
        assert backups.backup_problem(backup) is None, backups.backup_problem(backup)
        found[backup.name] = {rel: (backup.path / rel).read_bytes() for rel in backup.files}
    return found


def aside_states(home: Path) -> list[dict[str, bytes]]:
    root = home / "set-aside"
    if not root.is_dir():
        return []
    return [{p.relative_to(f).as_posix(): p.read_bytes() for p in layout.data_files(f)} for f in sorted(root.iterdir())]


def next_command_succeeds(home: Path) -> None:
    code, out, err = cli("--home", home, "today", "--at", AT)
    assert code == 0 and "Today" in out, err
    assert leftovers(home) == []
    all_json_parses(home)


# -- homes --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def restore_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A home whose live database (OLD) differs from its one backup (NEW): (home, OLD, NEW)."""
    home = tmp_path_factory.mktemp("restore") / "home"
    assert cli("--home", home, "demo", "--weeks", "12", "--at", AT)[0] == 0
    (new,) = valid_backups(home).values()
    plan = cli("--home", home, "today", "--at", AT)[1].split("\n")[1].split()[0]
    for outcome in ("--done", "--not-done"):
        assert cli("--home", home, "log", plan, outcome, "--at", AT)[0] == 0
    old = db_state(home)
    assert old != new
    return home, old, new


@pytest.fixture(scope="module")
def demo_reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    home = tmp_path_factory.mktemp("demo-ref") / "home"
    assert cli("--home", home, "demo", "--weeks", "3", "--at", AT)[0] == 0
    return db_state(home)


def fresh_copy(template: Path, where: Path) -> Path:
    if where.exists():
        shutil.rmtree(where)
    shutil.copytree(template, where, symlinks=True)
    return where


# -- a crash at every step, deterministically ------------------------------------------------


class Killed(BaseException):
    """Stands for SIGKILL: not an Exception, so no `except Exception` clean-up runs."""


class CrashAt:
    """Count the file-system changes made inside `home`; the `n`-th raises Killed."""

    NAMES = ("replace", "rename", "link", "unlink", "rmdir", "mkdir", "utime")

    def __init__(self, monkeypatch: pytest.MonkeyPatch, home: Path, n: int) -> None:
        self.home, self.n, self.count, self.fired = str(home), n, 0, False
        self.journal_step: str | None = None
        for name in self.NAMES:
            monkeypatch.setattr(os, name, self._wrap(getattr(os, name)))

    def _wrap(self, real: Callable) -> Callable:
        def op(*args, **kwargs):
            if args and str(args[0]).startswith(self.home) and not self.fired:
                if self.count == self.n:
                    self.fired = True
                    entry = journal.read(Path(self.home))
                    self.journal_step = entry.step if entry else None
                    raise Killed(f"killed before {real.__name__}{args}")
                self.count += 1
            return real(*args, **kwargs)

        return op


def crash_each_step(monkeypatch: pytest.MonkeyPatch, run: Callable[[], object], home_for: Callable[[int], Path],
                    check: Callable[[Path, bool, str | None], None], limit: int = 400) -> dict[str, int]:
    """Run `run` crashing at step 0, 1, 2, ... until it completes; `check(home, completed, step)` each time."""
    seen = {"old": 0, "new": 0, "steps": 0}
    steps_hit: set[str | None] = set()
    for n in range(limit):
        home = home_for(n)
        with monkeypatch.context() as patch:
            crash = CrashAt(patch, home, n)
            try:
                run()
                completed = True
            except Killed:
                completed = False
        steps_hit.add(crash.journal_step)
        check(home, completed, crash.journal_step)
        seen["steps"] = n
        if completed:
            seen["journal steps"] = len(steps_hit - {None})
            return seen
    raise AssertionError(f"the operation never completed in {limit} steps")


def test_restore_crashed_at_every_step_leaves_old_or_new(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_template) -> None:
    template, old, new = restore_template
    home = tmp_path / "home"
    results = {"old": 0, "new": 0}

    def run() -> None:
        backups.restore(open_for_repair(home), now=NOW)

    def check(home: Path, completed: bool, step: str | None) -> None:
        before_backups = valid_backups(template)
        next_command_succeeds(home)
        state = db_state(home)
        assert state in (old, new), f"a half-restored database after a crash at step {step}"
        if state == new:
            results["new"] += 1
            assert old in aside_states(home), "the files the restore replaced were not kept"
        else:
            results["old"] += 1
            assert not completed and step in (None, journal.STAGING)
            assert all(not s for s in aside_states(home))
        assert valid_backups(home) == before_backups  # the backup itself is never touched

    seen = crash_each_step(monkeypatch, run, lambda n: fresh_copy(template, home), check)
    assert results["old"] >= 3 and results["new"] >= 3, results
    assert seen["journal steps"] == 3, seen  # crashes landed at staging, set-aside and swap-in


def test_backup_crashed_at_every_step_leaves_no_half_backup(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_template) -> None:
    template, old, _ = restore_template
    home = tmp_path / "home"
    before = valid_backups(template)
    results = {"none": 0, "made": 0}

    def run() -> None:
        backups.make_backup(open_for_repair(home), "manual", now=NOW)

    def check(home: Path, completed: bool, step: str | None) -> None:
        next_command_succeeds(home)
        after = valid_backups(home)
        assert db_state(home) == old
        added = set(after) - set(before)
        assert set(before) <= set(after) and len(added) <= 1
        if added:
            results["made"] += 1
            assert after[added.pop()] == old  # a whole copy of the live files
        else:
            results["none"] += 1
            assert not completed

    crash_each_step(monkeypatch, run, lambda n: fresh_copy(template, home), check)
    assert results["none"] >= 3 and results["made"] >= 1, results


def test_demo_crashed_at_every_step_leaves_an_empty_or_a_whole_home(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_reference: dict[str, bytes]) -> None:
    from workbook.outputs.demo import make_demo

    results = {"empty": 0, "full": 0}
    homes = iter(tmp_path / f"home-{i}" for i in range(1000))
    current: list[Path] = []

    def home_for(n: int) -> Path:
        current[:] = [next(homes)]
        return current[0]

    def run() -> None:
        make_demo(current[0], weeks=3, seed=1, now=datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc))

    def check(home: Path, completed: bool, step: str | None) -> None:
        if home.exists():
            open_store(home, now=NOW)  # the next open finishes or rolls back
            assert leftovers(home) == []
        state = db_state(home) if home.exists() else {}
        if len(state) <= 1:  # empty (at most core.json with the schema record): demo can fill it again
            results["empty"] += 1
            assert not completed
            code, _, err = cli("--home", home, "demo", "--weeks", "3", "--at", AT)
            assert code == 0, err
        else:
            results["full"] += 1
            code, _, err = cli("--home", home, "demo", "--weeks", "3", "--at", AT)
            assert code == 1 and "already holds a workbook" in err
        assert db_state(home) == demo_reference
        all_json_parses(home)

    crash_each_step(monkeypatch, run, home_for, check)
    assert results["empty"] >= 3 and results["full"] >= 2, results


def test_a_killed_backup_folder_without_manifest_is_cleaned_by_the_next_open(restore_template, tmp_path: Path) -> None:
    home = fresh_copy(restore_template[0], tmp_path / "home")
    partial = home / "backups" / ".partial-2026-11-20T120000-manual"
    (partial / "attempts").mkdir(parents=True)
    (partial / "core.json").write_bytes(b"{}")
    staged = home / ".staging" / "restore-0123456789ab"
    staged.mkdir(parents=True)
    (staged / "core.json").write_bytes(b"{}")
    code, out, _ = cli("--home", home, "doctor")
    assert code == 1 and str(partial) in out and str(home / ".staging") in out
    next_command_succeeds(home)
    assert not partial.exists() and not staged.exists()


def test_a_journal_that_is_not_ours_is_refused_not_obeyed(restore_template, tmp_path: Path) -> None:
    home = fresh_copy(restore_template[0], tmp_path / "home")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.json").write_text("{}")
    before = db_state(home)
    planted = {"op": "restore", "step": "swap-in", "staged": "../outside", "source": "../outside",
               "aside": "../../elsewhere", "files": ["../keep.json"]}
    (home / "db" / layout.JOURNAL_FILE).write_text(json.dumps(planted))
    code, _, err = cli("--home", home, "today", "--at", AT)
    assert code == 1 and "is not a journal this Workbook wrote" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert db_state(home) == before and (outside / "keep.json").read_text() == "{}"


# -- real kills at random moments --------------------------------------------------------------

CHILD = r"""
import sys
from workbook.cli import main
print("ready", flush=True)
code = main(sys.argv[1:])
print("exit", code, flush=True)
"""

LOG_CHILD = r"""
import sys
from pathlib import Path
from workbook.facade.workbook import Workbook
from workbook.core.times import system_now
workbook = Workbook.open(Path(sys.argv[1]), clock=system_now, daily_backup=False)
plan_id = workbook.plans()[0].id
print("ready", flush=True)
while True:
    attempt = workbook.log_attempt(plan_id, "done", note="x" * 200)
    print("ack", attempt.id, flush=True)
"""


def spawn(script: str, *args: object) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, bufsize=0)
    line = proc.stdout.readline().decode()
    assert line.startswith("ready"), (line, proc.stderr.read() if proc.poll() is not None else "")
    return proc


def kill_after(proc: subprocess.Popen, delay: float) -> list[str]:
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=60)
    return out.decode().split("\n")[:-1]  # whole lines only


def midway_now(home: Path) -> bool:
    """A cheap look for what only a half-done operation leaves: a journal, staged files, a half backup."""
    if (home / "db" / layout.JOURNAL_FILE).exists():
        return True
    with contextlib.suppress(FileNotFoundError):
        if any(os.scandir(home / layout.STAGING_DIR)):
            return True
    with contextlib.suppress(FileNotFoundError):
        if any(entry.name.startswith(".") for entry in os.scandir(home / "backups")):
            return True
    return False


class Timing:
    """How long the operation runs after "ready", and for how long a watcher saw it half done.

    Kills spread over the whole run land mostly before or after the few milliseconds an operation is
    half done, and how few depends on the machine (fast fsyncs shrink that window). So half the
    kills come when a watcher sees the operation half done (after a random part of how long the
    pilot run stayed so), and half at a random moment of the whole run.
    """

    def __init__(self, script: str, home: Path, make_home: Callable[[], object], *args: object) -> None:
        make_home()
        took, _ = self._run(script, home, args, watched=False)  # a watcher takes a core: not timed
        self.whole = took * 1.3
        make_home()
        _, seen = self._run(script, home, args, watched=True)
        self.midway_for = seen[-1] - seen[0] if seen else 0.0

    @staticmethod
    def _run(script: str, home: Path, args: tuple[object, ...], watched: bool) -> tuple[float, list[float]]:
        proc = spawn(script, *args)
        started = time.monotonic()
        seen: list[float] = []
        while watched and proc.poll() is None:
            if midway_now(home):
                seen.append(time.monotonic() - started)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and b"exit 0" in out, err.decode()
        return time.monotonic() - started, seen

    def kill(self, proc: subprocess.Popen, home: Path, rng: random.Random) -> list[str]:
        if rng.random() < 0.5:
            return kill_after(proc, rng.uniform(0, self.whole))
        while proc.poll() is None and not midway_now(home):
            pass
        return kill_after(proc, rng.uniform(0, self.midway_for))


@pytest.mark.slow
def test_random_kills_during_restore_backup_demo_and_log(tmp_path: Path, restore_template,
                                                         demo_reference: dict[str, bytes]) -> None:
    rng = random.Random(20261120)
    template, old, new = restore_template
    started = time.monotonic()
    stats: dict[str, dict[str, int]] = {}
    midway = 0  # kills that left a journal, staged files or a half backup for the next command to deal with
    timings: list[Timing] = []

    # restore: 40 kills
    home = tmp_path / "restore"
    timing = Timing(CHILD, home, lambda: fresh_copy(template, home), "--home", home, "restore")
    timings.append(timing)
    outcome = stats.setdefault("restore", {"old": 0, "new": 0})
    for _ in range(40):
        fresh_copy(template, home)
        lines = timing.kill(spawn(CHILD, "--home", home, "restore"), home, rng)
        midway += bool(leftovers(home))
        next_command_succeeds(home)
        state = db_state(home)
        assert state in (old, new)
        if any(line.startswith("exit 0") for line in lines):
            assert state == new  # acknowledged: it must have happened
        if state == new:
            assert old in aside_states(home)
        outcome["new" if state == new else "old"] += 1

    # backup: 25 kills, one home, backups accumulating (and being pruned)
    home = fresh_copy(template, tmp_path / "backup")
    timing = Timing(CHILD, home, lambda: None, "--home", home, "backup")
    timings.append(timing)
    outcome = stats.setdefault("backup", {"none": 0, "made": 0})
    for _ in range(25):
        before = valid_backups(home)
        lines = timing.kill(spawn(CHILD, "--home", home, "backup"), home, rng)
        midway += bool(leftovers(home))
        next_command_succeeds(home)
        after = valid_backups(home)
        added = set(after) - set(before)
        assert len(added) <= 1 and all(after[name] == old for name in added)
        made = [line.split("Backup made: ")[1] for line in lines if line.startswith("Backup made: ")]
        for path in made:
            assert Path(path).name in after  # acknowledged: it is there, whole
        assert db_state(home) == old
        outcome["made" if added else "none"] += 1

    # demo: 25 kills, each into an empty home
    pilot = tmp_path / "demo-timing"
    timing = Timing(CHILD, pilot, lambda: shutil.rmtree(pilot, ignore_errors=True), "--home", pilot, "demo",
                    "--weeks", "3", "--at", AT)
    timings.append(timing)
    outcome = stats.setdefault("demo", {"empty": 0, "full": 0})
    for trial in range(25):
        home = tmp_path / f"demo-{trial}"
        lines = timing.kill(spawn(CHILD, "--home", home, "demo", "--weeks", "3", "--at", AT), home, rng)
        midway += home.exists() and bool(leftovers(home))
        code, _, err = cli("--home", home, "demo", "--weeks", "3", "--at", AT)  # the next command
        assert code == 0 or "already holds a workbook" in err, err
        if any(line.startswith("exit 0") for line in lines) or code == 1:
            outcome["full"] += 1
        else:
            outcome["empty"] += 1
        assert db_state(home) == demo_reference
        next_command_succeeds(home)

    # log: at least 15 kills, and on until 15 attempts were acknowledged (a busy machine acknowledges
    # fewer before each kill); every acknowledged attempt is kept
    home = fresh_copy(template, tmp_path / "log")
    acked: set[str] = set()
    log_kills = 0
    while log_kills < 15 or (len(acked) < 15 and log_kills < 60):
        log_kills += 1
        lines = kill_after(spawn(LOG_CHILD, home), rng.uniform(0, 0.15))
        acked |= {line.split()[1] for line in lines if line.startswith("ack ")}
        next_command_succeeds(home)
        stored = {row["id"] for p in (home / "db" / "attempts").glob("*.json")
                  for row in json.loads(p.read_bytes()).get("attempts", {}).values()}
        assert acked <= stored, "an acknowledged attempt was lost"
    stats["log"] = {"acked": len(acked)}

    trials = 40 + 25 + 25 + log_kills
    assert trials >= 100
    # The kills landed on both sides: some before the change, some after (and so some within it).
    assert min(stats["restore"].values()) >= 1, stats
    assert min(stats["backup"].values()) >= 1, stats
    assert min(stats["demo"].values()) >= 1, stats
    assert stats["log"]["acked"] >= 15, stats
    assert midway >= 5, (midway, stats, [t.midway_for for t in timings])  # the windows were really hit
    assert time.monotonic() - started < 150, "the kill loop is meant to stay well under a minute or so"
