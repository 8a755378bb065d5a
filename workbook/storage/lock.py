"""The home's exclusive lock: one writer at a time, across processes and threads.

A few lines over the operating system's own file locks (flock on POSIX,
msvcrt.locking on Windows) instead of the filelock package, whose import alone
cost ~23 ms: a quarter of the budget for the workbook's first paint and a good
part of `remind --once`'s start-up (measured; see bench/first_paint.py).

Re-entrant within a thread (a backup taken while migrating holds it twice);
each thread opens its own descriptor, so threads of one process exclude each
other just as processes do.
"""

from __future__ import annotations

import errno
import os
import sys
import threading
import time
from pathlib import Path

from workbook.core.errors import UnsafePathError

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class LockTimeout(TimeoutError):
    """The lock was not free within the timeout."""


class HomeLock:
    def __init__(self, path: Path, *, timeout: float) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._local = threading.local()

    def acquire(self) -> None:
        depth = getattr(self._local, "depth", 0)
        if depth:
            self._local.depth = depth + 1
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # a link planted where the lock belongs: refused, never followed
                raise UnsafePathError(self.path) from None
            raise
        deadline = time.monotonic() + self.timeout
        pause = 0.002
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise LockTimeout(f"{self.path} stayed locked for {self.timeout:.0f} s")
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        self._local.fd = fd
        self._local.depth = 1

    def release(self) -> None:
        depth = getattr(self._local, "depth", 0)
        if not depth:
            raise RuntimeError("release() without acquire()")
        self._local.depth = depth - 1
        if depth == 1:
            fd = self._local.fd
            try:
                _unlock(fd)
            finally:
                os.close(fd)

    @property
    def held(self) -> bool:
        return bool(getattr(self._local, "depth", 0))
