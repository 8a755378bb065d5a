"""The home lock: exclusive across processes and threads, re-entrant in a thread, with a timeout."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from workbook.storage.lock import HomeLock, LockTimeout


def test_reentrant_in_one_thread(tmp_path: Path) -> None:
    lock = HomeLock(tmp_path / ".lock", timeout=1)
    lock.acquire()
    lock.acquire()
    lock.release()
    assert lock.held
    lock.release()
    assert not lock.held
    with pytest.raises(RuntimeError):
        lock.release()


def test_another_thread_waits_then_times_out(tmp_path: Path) -> None:
    lock = HomeLock(tmp_path / ".lock", timeout=0.3)
    lock.acquire()
    outcome = []

    def other() -> None:
        try:
            lock.acquire()
        except LockTimeout:
            outcome.append("timed out")

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert outcome == ["timed out"]
    lock.release()


def test_another_process_is_kept_out_until_release(tmp_path: Path) -> None:
    path = tmp_path / ".lock"
    lock = HomeLock(path, timeout=1)
    lock.acquire()
    code = (
        "import sys, time; from workbook.storage.lock import HomeLock; "
        f"l = HomeLock({str(path)!r}, timeout=5); t = time.monotonic(); l.acquire(); "
        "print(round(time.monotonic() - t, 2)); l.release()"
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    time.sleep(0.8)
    lock.release()
    waited = float(child.communicate(timeout=10)[0])
    assert waited >= 0.5  # it could only get the lock once this process let go


def test_lock_file_is_private(tmp_path: Path) -> None:
    lock = HomeLock(tmp_path / ".lock", timeout=1)
    lock.acquire()
    lock.release()
    assert (tmp_path / ".lock").stat().st_mode & 0o077 == 0
