"""`workbook caseload` in real processes: the list and CSV, a made key, identity problems in one line, the screen."""

from __future__ import annotations

import csv
import fcntl
import io
import os
import pty
import select
import stat
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from caseload_packs import item9, make_key, pack, seal, write_pack
from helpers import NOW, NOW_ARG, run_module

from workbook.core.model import Settings
from workbook.facade.workbook import Workbook


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    packs = tmp_path / "packs"
    packs.mkdir()
    write_pack(packs / "sam.json", pack())
    write_pack(packs / "jo.json", pack("Jo", risk=[item9("2026-11-19T08:00:00Z")]))
    (packs / "damaged.json").write_text("{", encoding="utf-8")
    return packs


def caseload(tmp_path: Path, *args: str):
    return run_module("--home", tmp_path / "home", "caseload", *map(str, args), "--at", NOW_ARG)


def test_list_prints_rows_in_attention_order(tmp_path: Path, folder: Path) -> None:
    result = caseload(tmp_path, folder, "--list")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("Patient")
    assert lines[1].startswith("Jo ") and "item 9: 1 on Thu 19 Nov" in lines[1]
    assert lines[2].startswith("damaged.json") and "damaged: not readable JSON" in lines[2]
    assert lines[3].startswith("Sam ") and "9 (-6) reliable recovery" in lines[3]
    assert "Traceback" not in result.err


def test_csv(tmp_path: Path, folder: Path) -> None:
    result = caseload(tmp_path, folder, "--csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [r["patient"] for r in rows] == ["Jo", "", "Sam"]
    assert rows[0]["item9_at"] == "2026-11-19T08:00:00+00:00"


def test_csv_to_a_file_is_owner_only(tmp_path: Path, folder: Path) -> None:
    out = tmp_path / "caseload.csv"
    result = caseload(tmp_path, folder, "--csv", "--out", out)
    assert result.code == 0, result.err
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert [r["patient"] for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))] == ["Jo", "", "Sam"]
    assert caseload(tmp_path, folder, "--out", out).code == 2


def test_new_identity_then_encrypted_packs_open_and_the_key_is_remembered(tmp_path: Path, folder: Path) -> None:
    key = tmp_path / "my key.txt"
    made = caseload(tmp_path, "--new-identity", key)
    assert made.code == 0, made.err
    recipient = made.out.strip().splitlines()[-1]
    assert recipient.startswith("age1") and str(key) in made.out
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    again = caseload(tmp_path, "--new-identity", key)
    assert again.code == 1 and "already exists" in again.err and len(again.err.strip().splitlines()) == 1
    seal(write_pack(tmp_path / "ann.json", pack("Ann")), recipient, folder / "ann.json.age")
    listed = caseload(tmp_path, folder, "--list")  # no --identity: the one made is remembered
    assert listed.code == 0, listed.err
    assert any(line.startswith("Ann ") for line in listed.out.splitlines())
    settings = Workbook.open(tmp_path / "home", clock=lambda: NOW, daily_backup=False).settings()
    assert isinstance(settings, Settings) and settings.caseload_identity == str(key)


def test_identity_given_is_remembered(tmp_path: Path, folder: Path) -> None:
    key, recipient = make_key(tmp_path)
    seal(write_pack(tmp_path / "ann.json", pack("Ann")), recipient, folder / "ann.age")
    assert "Ann " in caseload(tmp_path, folder, "--list", "--identity", key).out
    assert "Ann " in caseload(tmp_path, folder, "--list").out


@pytest.mark.parametrize("content, expected", [
    (None, "cannot be read"),
    ("just some notes\n", "is not an age key file"),
    ("AGE-SECRET-KEY-1NOTAKEY\n", "damaged"),
])
def test_identity_file_problems_are_one_line(tmp_path: Path, folder: Path, content: str | None, expected: str) -> None:
    key = tmp_path / "key.txt"
    if content is not None:
        key.write_text(content, encoding="utf-8")
    for extra in (["--list"], []):
        result = caseload(tmp_path, folder, "--identity", key, *extra)
        assert result.code == 1
        assert expected in result.err and len(result.err.strip().splitlines()) == 1, result.err
        assert "Traceback" not in result.err


def test_folder_problems_and_usage(tmp_path: Path) -> None:
    missing = caseload(tmp_path, tmp_path / "nowhere", "--list")
    assert missing.code == 1 and "does not exist" in missing.err and len(missing.err.strip().splitlines()) == 1
    none = caseload(tmp_path)
    assert none.code == 2 and "give the folder of review packs" in none.err
    both = caseload(tmp_path, "--list", "--csv")
    assert both.code == 2


def _read_until(fd: int, wanted: bytes, seconds: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and wanted not in seen:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_the_screen_opens_in_a_real_terminal_and_quits(tmp_path: Path, folder: Path) -> None:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    proc = subprocess.Popen([sys.executable, "-m", "screens", "--home", str(tmp_path / "home"), "caseload",
                             str(folder)], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    try:
        screen = _read_until(master, b"Needs attention", 30)
        screen += _read_until(master, b"damaged.json", 5)
        os.write(master, b"\x11")  # Ctrl+Q
        screen += _read_until(master, b"\x00never", 3)
        code = proc.wait(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert b"Needs attention" in screen and b"damaged.json" in screen
    assert b"Traceback" not in screen
    assert code == 0
