"""`workbook review-pack` in real subprocesses: what goes in is said before writing, a change
is remembered, the files are owner-only, a practitioner's key seals them, and bad input gets
one line and changes nothing."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import NOW_ARG, run_module

from workbook.facade import Workbook
from workbook.storage.sealed import unseal


def keygen(path: Path) -> str:
    subprocess.run(["age-keygen", "-o", str(path)], check=True, capture_output=True)
    return next(line.split(": ", 1)[1] for line in path.read_text().splitlines() if line.startswith("# public key: "))


def settings(home: Path):  # noqa: ANN201 - a Settings record
    return Workbook.open(home, clock=lambda: __import__("helpers").NOW, daily_backup=False).settings()


def test_it_says_what_goes_in_then_writes_three_private_files(demo_home: Path, tmp_path: Path) -> None:
    done = run_module("--home", demo_home, "review-pack", "--out", tmp_path / "pack.html", "--at", NOW_ARG)
    assert done.code == 0, done.err
    lines = done.out.splitlines()
    assert lines[0].startswith("Always in: how the plans went")
    assert lines[1].startswith("Goes in: your first name; your notes")
    assert "Not encrypted: no practitioner's key is saved" in done.out
    assert "--leave-out WHAT or --include WHAT (remembered)" in done.out
    names = [tmp_path / n for n in ("pack.html", "pack.json", "pack.fhir.json")]
    assert [line.strip() for line in lines[-3:]] == [str(p) for p in names]
    for path in names:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(names[1].read_text())["format"] == "workbook-review-pack"
    assert json.loads(names[2].read_text())["resourceType"] == "Bundle"


def test_leaving_something_out_is_remembered(demo_home: Path, tmp_path: Path) -> None:
    done = run_module("--home", demo_home, "review-pack", "--leave-out", "notes,barrier-notes", "--leave-out", "name",
                      "--out", tmp_path / "first", "--at", NOW_ARG)
    assert done.code == 0, done.err
    assert "Left out: your first name; your notes (where, why, if-then plans, notes on attempts); " \
           "your notes on what got in the way." in done.out
    saved = settings(demo_home)
    assert (saved.pack_notes, saved.pack_barrier_notes, saved.pack_name, saved.pack_ratings) == (False, False, False, True)
    again = run_module("--home", demo_home, "review-pack", "--out", tmp_path / "second", "--at", NOW_ARG)
    data = json.loads((tmp_path / "second.json").read_text())
    assert "Left out: your first name" in again.out
    assert data["included"]["notes"] is False and data["patient"]["first_name"] == ""
    assert all(p["where"] == "" for p in data["plans"])
    back = run_module("--home", demo_home, "review-pack", "--include", "name", "--show", "--at", NOW_ARG)
    assert back.code == 0 and settings(demo_home).pack_name is True
    assert not (demo_home / "reports").exists() or not list((demo_home / "reports").glob("review-pack-*"))  # --show writes nothing


def test_a_saved_key_seals_every_file(demo_home: Path, tmp_path: Path) -> None:
    recipient = keygen(tmp_path / "key.txt")
    done = run_module("--home", demo_home, "review-pack", "--key", recipient, "--out", tmp_path / "pack", "--at", NOW_ARG)
    assert done.code == 0, done.err
    assert "Your practitioner's key is saved" in done.out and "Encrypted to your practitioner's key" in done.out
    sealed = [tmp_path / n for n in ("pack.html.age", "pack.json.age", "pack.fhir.json.age")]
    assert all(p.exists() for p in sealed) and not (tmp_path / "pack.json").exists()
    assert json.loads(unseal(sealed[1].read_bytes(), tmp_path / "key.txt"))["version"] == 1
    plain = run_module("--home", demo_home, "review-pack", "--no-encrypt", "--out", tmp_path / "plain", "--at", NOW_ARG)
    assert plain.code == 0 and (tmp_path / "plain.json").exists()
    assert settings(demo_home).practitioner_key == recipient  # --no-encrypt is for this once


@pytest.mark.parametrize(("args", "code", "words"), [
    (["--key", "age1notakey"], 1, "That is not a whole age key"),
    (["--key", "AGE-SECRET-KEY-1ABC"], 1, "That is a secret key"),
    (["--leave-out", "everything"], 2, "'everything' is not one of name, notes"),
    (["--leave-out", "notes", "--include", "notes"], 2, "not both"),
    (["--out", "-"], 1, "cannot go to the screen"),
])
def test_bad_input_gets_one_line_and_changes_nothing(demo_home: Path, tmp_path: Path, args: list[str], code: int,
                                                     words: str) -> None:
    before = settings(demo_home)
    done = run_module("--home", demo_home, "review-pack", *args, "--at", NOW_ARG)
    assert done.code == code and words in done.err, done.err
    assert len(done.err.strip().splitlines()) == 1 and "Traceback" not in done.err
    assert settings(demo_home) == before


def test_other_commands_do_not_load_matplotlib_or_pyrage(demo_home: Path) -> None:
    script = ("import sys, json\nfrom workbook.cli import main\n"
              f"code = main(['--home', {str(demo_home)!r}, 'today', '--at', {NOW_ARG!r}])\n"
              "print(json.dumps([code, sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'pyrage', 'fhir'))]))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=os.environ.copy(), timeout=60)
    code, loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert code == 0 and loaded == []
