"""A session-pack import is all-or-nothing: killed at any moment, the home holds none of the pack or all of it.

The import runs in a real subprocess that SIGKILLs itself at the N-th change it makes to the
home's files (each rename, unlink, mkdir, rmdir), for N from 0 until an import completes, so
every step is hit: each record staged, each journal step, each file moved in. The next lock of
the home rolls back or finishes what the journal says; then importing the pack again must leave
exactly one whole import.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from helpers import NOW, REPO, db_files
from session_pack_sample import write_sample

from workbook.core.model import Question, Settings
from workbook.facade import SETTINGS_ID, Workbook
from workbook.storage import journal, layout

CHILD = r"""
import os, signal, sys
from datetime import datetime
from pathlib import Path
from workbook.facade.workbook import Workbook

home, pack, kill_at, now = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), datetime.fromisoformat(sys.argv[4])
workbook = Workbook.open(home, clock=lambda: now, daily_backup=False)
count = 0

def counted(real):
    def change(*args, **kwargs):
        global count
        if args and str(args[0]).startswith(str(home)):
            if count == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            count += 1
        return real(*args, **kwargs)
    return change

for name in ("replace", "rename", "unlink", "rmdir", "mkdir"):
    setattr(os, name, counted(getattr(os, name)))
workbook.import_session_pack(pack, now=now)
print("imported", flush=True)
"""


def _template(root: Path) -> Path:
    home = root / "template"
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    with workbook.store.transaction(NOW) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", welcome_done=True))
        tx.put(Question(text="Is it OK to skip a day?"))  # the pack answers it: one more record changed
    return home


def _what_is_stored(home: Path) -> dict[str, object]:
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    [question] = workbook.questions()
    return {"packs": len(workbook.session_packs()), "notes": len(workbook.session_notes()),
            "suggestions": len(workbook.suggestions()),
            "stored suggestions": len(workbook.store.read_table("suggestions")),
            "practitioner": workbook.settings().practitioner_name,
            "answered": bool(question.answer)}


def test_an_import_killed_at_every_step_leaves_none_of_the_pack_or_all_of_it(tmp_path: Path) -> None:
    template = _template(tmp_path)
    pack = write_sample(tmp_path)
    before = {p.relative_to(template): p.read_bytes() for p in db_files(template)}
    nothing = _what_is_stored(template)
    reference = tmp_path / "reference"
    shutil.copytree(template, reference)
    Workbook.open(reference, clock=lambda: NOW, daily_backup=False).import_session_pack(pack, now=NOW)
    whole = _what_is_stored(reference)
    assert whole == {"packs": 1, "notes": 1, "suggestions": 3, "stored suggestions": 3,
                     "practitioner": "Alex Morgan", "answered": True}, whole
    seen = {"nothing": 0, "all": 0}
    steps: set[str] = set()
    for kill_at in range(60):
        home = tmp_path / f"home-{kill_at}"
        shutil.copytree(template, home)
        child = subprocess.run([sys.executable, "-c", CHILD, str(home), str(pack), str(kill_at), NOW.isoformat()],
                               capture_output=True, text=True, cwd=REPO, timeout=60)
        completed = child.returncode == 0 and "imported" in child.stdout
        assert completed or child.returncode == -signal.SIGKILL, child.stderr
        left = journal.read(home)
        if left is not None:
            steps.add(left.step)
        stored = _what_is_stored(home)  # this open's lock rolls back or finishes the import
        assert not (home / "db" / layout.JOURNAL_FILE).exists() and not any((home / layout.STAGING_DIR).glob("*"))
        if stored == nothing:
            assert not completed
            assert {p.relative_to(home): p.read_bytes() for p in db_files(home)} == before
            seen["nothing"] += 1
        else:
            assert stored == whole, f"a part of the pack was kept after a kill at change {kill_at}: {stored}"
            seen["all"] += 1
        again = Workbook.open(home, clock=lambda: NOW, daily_backup=False).import_session_pack(pack, now=NOW)
        assert again.new == (stored == nothing) and len(again.pending) == 3
        assert _what_is_stored(home) == whole
        for path in db_files(home):
            json.loads(path.read_bytes())
        if completed:
            break
    else:
        raise AssertionError("the import never completed")
    assert seen["nothing"] >= 3 and seen["all"] >= 2, seen
    assert {journal.STAGING, journal.SWAP_IN} <= steps, steps  # kills landed before and during the move
