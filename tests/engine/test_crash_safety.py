"""Crash safety: a real process writing through the façade is SIGKILLed at random moments.

After every kill: each database file parses, each write the writer acknowledged (printed
after the call returned) is on disk, and the next open removes any temp file the kill
left. One home is reused across trials, so files grow and kills land in every phase:
opening, reading, writing the temp file, fsync, rename.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import NOW, db_files, make_plan_home

from workbook.storage.opening import open_store

WRITER = r"""
import sys
from dataclasses import replace
from pathlib import Path
from workbook.facade.workbook import Workbook
from workbook.core.times import system_now
from workbook.core.model import Supporter

home, mode, start = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
workbook = Workbook.open(home, clock=system_now, daily_backup=False)
plan_id = workbook.plans()[0].id

def ack(*words):
    print("ack", *words, flush=True)

i = start
while True:
    i += 1
    if mode == "mixed":
        step = i % 4
        if step in (0, 1):
            attempt = workbook.log_attempt(plan_id, "done", note=f"write {i}")
            ack("attempt", attempt.id)
        elif step == 2:
            plan = workbook.plan(plan_id)
            # the length varies, so core.json is sometimes rewritten shorter
            workbook.update_plan(replace(plan, where="." * (i * 37 % 120), what=f"Walk {i}", minutes=1 + i % 600))
            ack("plan", i)
        else:
            attempt = workbook.log_attempt(plan_id, "not_done", barriers=["forgot"])
            ack("attempt", attempt.id)
    else:  # shrink: core.json grows by a large supporter, then shrinks when it is removed
        supporter = workbook.save_supporter(Supporter(name=f"Helper {i}", contact="x" * 190, relationship="r" * 60))
        ack("added", supporter.id)
        print("removing", supporter.id, flush=True)
        workbook.remove_supporter(supporter.id)
        ack("removed", supporter.id)
"""


def _seed_history(home: Path, plan_id: str, n: int) -> None:
    """Put `n` attempts into the current month so each write rewrites a sizeable file."""
    from workbook.core.model import Attempt
    from workbook.core.times import system_now, to_iso

    now = system_now().replace(day=1, hour=0, minute=5)
    rows = [Attempt(plan_id=plan_id, exercise_id="activity-scheduling", logged_at=to_iso(now), created_at=to_iso(now),
                    updated_at=to_iso(now), outcome="done", note="seed " * 40).to_dict() for _ in range(n)]
    store = open_store(home, now=NOW)
    with store.transaction(NOW) as tx:
        tx.put_many("attempts", rows)


def _all_files_parse(home: Path) -> dict[str, dict]:
    parsed = {}
    for path in db_files(home):
        text = path.read_bytes()
        parsed[str(path.relative_to(home))] = json.loads(text)  # raises on a torn file ("Extra data")
    return parsed


def _temps(home: Path) -> list[Path]:
    return sorted((home / "db").rglob(".*.tmp"))


def _run_trials(home: Path, mode: str, trials: int, rng: random.Random) -> dict[str, int]:
    stats = {"acks": 0, "kills_leaving_temp": 0, "kills_before_first_ack": 0}
    for trial in range(trials):
        start = trial * 1_000_000  # every trial's plan versions are above the last trial's
        # Unbuffered bytes: communicate() reads the pipe itself, so nothing may sit in a buffer.
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(home), mode, str(start)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
        lines = []
        if rng.random() < 0.2:
            time.sleep(rng.uniform(0.05, 0.3))  # may land while opening (cleaning temps, migrating)
        else:
            lines.append(proc.stdout.readline().decode())  # the writer is in its loop now
            assert lines[0].startswith("ack"), (lines, proc.stderr.read() if proc.poll() is not None else "")
            time.sleep(rng.uniform(0.0, 0.12))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, f"the writer stopped by itself: {err.decode()}"
        # Only whole lines count: a kill can land in the middle of printing one ("ack added" + no id).
        lines += out.decode().split("\n")[:-1]
        acks = [line.split() for line in lines if line.startswith("ack")]
        removing = {line.split()[1] for line in lines if line.startswith("removing")}
        stats["acks"] += len(acks)
        stats["kills_before_first_ack"] += not acks
        stats["kills_leaving_temp"] += bool(_temps(home))

        parsed = _all_files_parse(home)
        attempts = {r["id"] for name, data in parsed.items() if "attempts" in name for r in data.get("attempts", {}).values()}
        core = parsed["db/core.json"]
        (plan,) = core["plans"].values()
        supporters = {r["id"] for r in core.get("supporters", {}).values()}
        for ack in acks:
            kind, value = ack[1], ack[2]
            if kind == "attempt":
                assert value in attempts, f"trial {trial}: acknowledged attempt {value} lost"
            elif kind == "plan":
                stored = int(plan["what"].split()[-1])
                assert stored >= int(value), f"trial {trial}: acknowledged plan change {value} lost (on disk: {stored})"
            elif kind == "added" and value not in removing:
                assert value in supporters, f"trial {trial}: acknowledged supporter {value} lost"
            elif kind == "removed":
                assert value not in supporters, f"trial {trial}: acknowledged removal of {value} undone"

        open_store(home, now=NOW)  # the next open tidies after the crash
        assert _temps(home) == [], f"trial {trial}: temp files survived the next open"
    return stats


@pytest.mark.slow
def test_random_sigkill_during_writes_loses_nothing_acknowledged(tmp_path: Path) -> None:
    home = tmp_path / "home"
    plan_id = make_plan_home(home)
    _seed_history(home, plan_id, 600)  # ~0.5 MB month file: each save takes a while
    stats = _run_trials(home, "mixed", trials=50, rng=random.Random(20261120))
    assert stats["acks"] >= 50, stats  # the writer really was writing when it was killed
    assert stats["kills_leaving_temp"] >= 1, stats  # and some kills landed mid-save


@pytest.mark.slow
def test_random_sigkill_while_core_shrinks(tmp_path: Path) -> None:
    """Removing a supporter rewrites core.json shorter: TinyDB's own storage could leave
    trailing bytes there ("Extra data"); ours never may."""
    home = tmp_path / "home"
    make_plan_home(home)
    stats = _run_trials(home, "shrink", trials=15, rng=random.Random(7))
    assert stats["acks"] >= 15, stats


def test_removing_a_supporter_writes_a_shorter_core_that_parses(plan_home: tuple[Path, str]) -> None:
    from workbook.core.model import Supporter
    from workbook.facade.workbook import Workbook

    home, plan_id = plan_home
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    supporter = workbook.save_supporter(Supporter(name="Jo", contact="x" * 200))
    from dataclasses import replace

    workbook.update_plan(replace(workbook.plan(plan_id), supporter_ids=[supporter.id]))
    core = home / "db" / "core.json"
    before = core.stat().st_size
    workbook.remove_supporter(supporter.id[:8])
    after = core.read_bytes()
    assert len(after) < before
    data = json.loads(after)  # no trailing bytes from the longer version
    assert data["supporters"] == {}
    assert list(data["plans"].values())[0]["supporter_ids"] == []


KILL_AT_RENAME = r"""
import os, signal, sys
from pathlib import Path
from workbook.facade.workbook import Workbook
from workbook.core.times import system_now
import workbook.storage.atomic as atomic

workbook = Workbook.open(Path(sys.argv[1]), clock=system_now, daily_backup=False)
plan_id = workbook.plans()[0].id
real_replace = os.replace

def die_instead(src, dst):  # the temp file is written and fsynced; the kill lands just before the rename
    os.kill(os.getpid(), signal.SIGKILL)

atomic.os.replace = die_instead
workbook.log_attempt(plan_id, "done", note="never acknowledged")
"""


def test_kill_between_temp_write_and_rename_keeps_old_file(plan_home: tuple[Path, str]) -> None:
    """The one moment TinyDB's JSONStorage is most fragile, hit on purpose."""
    home, plan_id = plan_home
    from workbook.facade.workbook import Workbook

    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    kept = workbook.log_attempt(plan_id, "done", note="saved before the crash")
    (month_file,) = [p for p in db_files(home) if "attempts" in p.parts]
    before = month_file.read_bytes()

    proc = subprocess.run([sys.executable, "-c", KILL_AT_RENAME, str(home)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert month_file.read_bytes() == before
    assert len(_temps(home)) == 1  # the fully written temp file is left behind...
    open_store(home, now=NOW)
    assert _temps(home) == []  # ...and removed by the next open
    assert [a.id for a in Workbook.open(home, clock=lambda: NOW, daily_backup=False).attempts()] == [kept.id]
