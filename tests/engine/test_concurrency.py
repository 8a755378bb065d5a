"""Two real processes write to one home at the same moment; no write is lost or doubled.

TinyDB alone has no locking, caches per instance and hands out its next id from a
per-instance counter (tinydb issues 84, 260, 276). The store's file lock and fresh
TinyDB instances per transaction must make two writers safe.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from helpers import NOW, db_files

from workbook.facade.workbook import Workbook

WRITER = r"""
import sys, time
from dataclasses import replace
from pathlib import Path
from workbook.core.records import StaleRecordError
from workbook.facade.workbook import Workbook
from workbook.core.times import system_now

home, barrier, name = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
workbook = Workbook.open(home, clock=system_now, daily_backup=False)
plan_id = workbook.plans()[0].id
print("ready", flush=True)
while not barrier.exists():
    time.sleep(0.001)
print("go", "-", time.monotonic(), flush=True)
for i in range(50):
    attempt = workbook.log_attempt(plan_id, "done", note=f"{name} {i}")
    print("logged", attempt.id, time.monotonic(), flush=True)
    if i % 10 == 0:  # core.json is shared too: change the plan now and then
        while True:  # as a form does: a copy the other process changed meanwhile is read again
            try:
                workbook.update_plan(replace(workbook.plan(plan_id), where=f"{name} {i}"))
                break
            except StaleRecordError:
                continue
"""


def test_two_processes_log_50_attempts_each_at_once(plan_home: tuple[Path, str], tmp_path: Path) -> None:
    home, plan_id = plan_home
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    workbook.log_attempt(plan_id, "done", note="before")
    before = workbook.attempts()
    barrier = tmp_path / "go"

    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(home), str(barrier), name],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in ("first", "second")]
    for proc in procs:  # both are imported and open before either starts writing
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    barrier.touch()
    started = time.monotonic()
    outputs = [proc.communicate(timeout=120) for proc in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
    elapsed = time.monotonic() - started

    printed = [line.split()[1] for out, _ in outputs for line in out.splitlines() if line.startswith("logged")]
    assert len(printed) == 100

    for path in db_files(home):
        json.loads(path.read_bytes())
    after = Workbook.open(home, clock=lambda: NOW, daily_backup=False).attempts()
    ids = [a.id for a in after]
    assert len(after) == len(before) + 100
    assert not [i for i, n in Counter(ids).items() if n > 1], "duplicate attempt ids"
    assert set(printed) <= set(ids)
    notes = Counter(a.note.split()[0] for a in after)
    assert notes == {"before": 1, "first": 50, "second": 50}
    # Both were writing at once: each began before the other had finished (the monotonic
    # clock is system-wide). Which one gets the lock first is up to the lock.
    spans = [[float(line.split()[2]) for line in out.splitlines() if line.startswith(("go", "logged"))] for out, _ in outputs]
    assert max(span[0] for span in spans) < min(span[-1] for span in spans), "one writer finished before the other began"
    assert elapsed < 60
