"""Closing the terminal keeps what was typed: the app in a real pseudo-terminal, hung up mid-typing.

The draft of a form is written half a second after typing pauses. A terminal window
closed sooner sends SIGHUP, whose default action ends the process at once; the app
listens for it, writes its drafts and exits cleanly. Self-contained: this file makes
its own pseudo-terminal.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from datetime import datetime
from pathlib import Path

import pytest

from workbook.core.times import system_now

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal and SIGHUP")


class Terminal:
    """`workbook --home HOME` (or the command given) in a fresh 80x24 pseudo-terminal."""

    def __init__(self, home: Path, command: list[str] | None = None, cwd: Path | None = None) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
        self.proc = subprocess.Popen(command or [sys.executable, "-m", "screens", "--home", str(home)],
                                     stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, cwd=cwd,
                                     start_new_session=True)  # its own session: the pty is its terminal
        os.close(slave)
        self.seen = b""

    def read_until(self, wanted: bytes, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        start = len(self.seen)
        while time.monotonic() < deadline and wanted not in self.seen[start:]:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                self.seen += chunk
        return wanted in self.seen[start:]

    def settle(self, quiet: float, seconds: float) -> bool:
        """Read until the app has painted something and then written nothing for `quiet` seconds."""
        deadline, last = time.monotonic() + seconds, None
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return False
                self.seen += chunk
                last = time.monotonic()
            elif last is not None and time.monotonic() - last > quiet:
                return True
        return False

    def type(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def type_until_shown(self, keys: bytes, wanted: bytes, tries: int = 3) -> bool:
        """Type, and type again if nothing showed: keys that reach a screen still opening (on a busy
        machine, a moment after it first appears) are dropped on purpose, as a person would retype."""
        for _ in range(tries):
            self.type(keys)
            if self.read_until(wanted, 5):
                return True
        return False

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        try:
            os.close(self.master)
        except OSError:
            pass


@pytest.fixture
def live_demo(tmp_path: Path) -> Path:
    from workbook.outputs.demo import make_demo

    home = tmp_path / "demo"
    make_demo(home, weeks=4, seed=2, now=system_now())  # the app in the terminal reads the real clock
    return home


def test_hang_up_within_a_moment_of_typing_keeps_the_draft(live_demo: Path) -> None:
    term = Terminal(live_demo)
    try:
        assert term.read_until(b"Today", 30), term.seen[-2000:]
        time.sleep(0.3)
        term.type(b"e")  # change the highlighted plan: the form opens with "what" focused
        assert term.read_until(b"Change plan", 15), term.seen[-2000:]
        time.sleep(0.5)
        assert term.type_until_shown(b" slowly", b"slowly")
        typed = time.monotonic()
        os.close(term.master)  # the terminal window closes, well inside the half second:
        term.proc.send_signal(signal.SIGHUP)  # its end of the terminal goes, and the app is hung up on
        assert time.monotonic() - typed < 0.3
        code = term.proc.wait(timeout=15)
    finally:
        term.close()
    drafts = json.loads((live_demo / "drafts.json").read_text(encoding="utf-8"))
    [(key, draft)] = drafts.items()
    assert key.startswith("plan:") and draft["what"].endswith(" slowly")
    assert code == 0  # a clean exit, not killed by the signal
    assert b"Traceback" not in term.seen


def test_a_terminal_that_goes_without_a_hang_up_signal_still_keeps_the_draft_and_ends(live_demo: Path) -> None:
    """Its own session, so the pty is not its controlling terminal: closing it sends no SIGHUP.

    Textual alone reads the EOF as piped input and spins a core for ever; the app must notice the
    terminal has gone (its input hangs up, its output fails), keep the draft and exit.
    """
    term = Terminal(live_demo)
    try:
        assert term.read_until(b"Today", 30), term.seen[-2000:]
        time.sleep(0.3)
        term.type(b"e")
        assert term.read_until(b"Change plan", 15), term.seen[-2000:]
        time.sleep(0.5)
        assert term.type_until_shown(b" quietly", b"quietly")
        os.close(term.master)  # the other end goes; no signal is sent
        closed = time.monotonic()
        code = term.proc.wait(timeout=10)
        took = time.monotonic() - closed
    finally:
        term.close()
    assert code == 0 and took < 3, took
    drafts = json.loads((live_demo / "drafts.json").read_text(encoding="utf-8"))
    [(key, draft)] = drafts.items()
    assert key.startswith("plan:") and draft["what"].endswith(" quietly")


@pytest.mark.parametrize("command", [["caseload", "packs"], ["session-pack", "new", "--form"]])
def test_the_practitioners_apps_end_when_their_terminal_goes_without_a_signal(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "packs").mkdir()
    term = Terminal(tmp_path / "home", [sys.executable, "-m", "screens", "--home", str(tmp_path / "home"), *command],
                    cwd=tmp_path)
    try:
        assert term.settle(0.5, 30), term.seen[-2000:]
        assert term.proc.poll() is None
        os.close(term.master)  # no SIGHUP: Textual alone would spin a core here for ever
        closed = time.monotonic()
        term.proc.wait(timeout=10)
        took = time.monotonic() - closed
    finally:
        term.close()
    assert took < 3, took
    assert not (tmp_path / "session.toml").exists()  # nothing half-written


@pytest.mark.parametrize("delay", [0.02, 0.3])
def test_a_kill_just_after_saving_a_log_leaves_no_draft_that_could_log_it_twice(live_demo: Path, delay: float) -> None:
    from workbook.facade.workbook import Workbook

    before = {a.id for a in Workbook.open(live_demo, clock=system_now, daily_backup=False).attempts()}
    term = Terminal(live_demo)
    try:
        assert term.read_until(b"Today", 30), term.seen[-2000:]
        time.sleep(0.3)
        term.type(b"l")  # log the highlighted plan
        assert term.read_until(b"How did it go", 15), term.seen[-2000:]
        time.sleep(0.6)  # as a person reads it first: keys reaching a form still opening are dropped
        term.type(b"\x1b[B\x1b[B ")  # down to "not done", and choose it: nothing else is needed
        deadline = time.monotonic() + 10  # typing paused: the draft is written half a second later
        while not (live_demo / "drafts.json").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (live_demo / "drafts.json").exists()
        term.type(b"\x13")  # Ctrl+S
        time.sleep(delay)
        term.proc.send_signal(signal.SIGKILL)  # killed within half a second of the save
        term.proc.wait(timeout=15)
    finally:
        term.close()
    workbook = Workbook.open(live_demo, clock=system_now, daily_backup=False)
    new = [a for a in workbook.attempts() if a.id not in before]
    drafts = json.loads((live_demo / "drafts.json").read_text(encoding="utf-8")) \
        if (live_demo / "drafts.json").exists() else {}
    assert len(new) <= 1
    for draft in drafts.values():  # a draft that is left can be saved again without a second attempt
        again = workbook.log_attempt(new[0].plan_id if new else workbook.plans()[0].id, "not_done",
                                     attempt_id=draft["_attempt_id"],
                                     opened_at=datetime.fromisoformat(draft["_opened_at"]))
        assert again.id == draft["_attempt_id"]
    if new:
        assert [a.id for a in workbook.attempts() if a.id not in before] == [new[0].id]  # still one
