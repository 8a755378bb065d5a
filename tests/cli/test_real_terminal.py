"""`workbook` in a real (pseudo-)terminal: a fresh home shows Welcome, no traceback, Ctrl+Q exits 0."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from workbook.core.times import system_now

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


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


def _run_in_terminal(home: Path, wanted: bytes) -> tuple[int, bytes]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    proc = subprocess.Popen([sys.executable, "-m", "screens", "--home", str(home)],
                            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    try:
        screen = _read_until(master, wanted, 20)
        os.write(master, b"\x11")  # Ctrl+Q
        screen += _read_until(master, b"\x00never", 3)
        code = proc.wait(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return code, screen


def test_fresh_home_opens_on_welcome_and_quits_cleanly(tmp_path: Path) -> None:
    code, screen = _run_in_terminal(tmp_path / "fresh", b"Welcome")
    assert b"Welcome" in screen
    assert b"Traceback" not in screen
    assert code == 0
    assert (tmp_path / "fresh" / "db" / "core.json").exists()


def test_demo_home_opens_on_today(tmp_path: Path) -> None:
    from workbook.outputs.demo import make_demo

    make_demo(tmp_path / "demo", weeks=4, seed=2, now=system_now())  # the app in the terminal reads the real clock
    code, screen = _run_in_terminal(tmp_path / "demo", b"Today")
    assert b"Today" in screen and b"Traceback" not in screen
    assert code == 0


def test_quitting_gives_the_terminal_back_whole_and_keeps_what_was_typed(tmp_path: Path) -> None:
    """The process leaves without Python's tear-down once the app has closed: everything written
    before that (the terminal's own screen back, the draft kept) must still be there."""
    from workbook.outputs.demo import make_demo

    home = tmp_path / "demo"
    make_demo(home, weeks=2, seed=2, now=system_now())
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    proc = subprocess.Popen([sys.executable, "-m", "screens", "--home", str(home)],
                            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    try:
        assert b"Today" in _read_until(master, b"Today", 20)
        time.sleep(0.3)
        os.write(master, b"e")  # change the highlighted plan: the form opens with "what" focused
        assert b"Change plan" in _read_until(master, b"Change plan", 15)
        time.sleep(0.5)
        for _ in range(3):  # typed again if dropped: a form still opening on a busy machine drops keys
            os.write(master, b" to the corner")
            if b"corner" in _read_until(master, b"corner", 5):
                break
        else:
            raise AssertionError("what was typed never showed")
        os.write(master, b"\x11")  # Ctrl+Q
        after = _read_until(master, b"\x1b[?1049l", 10)
        code = proc.wait(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert code == 0
    assert b"\x1b[?1049l" in after  # the alternate screen left: the person's terminal is back
    assert " to the corner" in (home / "drafts.json").read_text()
