"""Work done on a second core while this process goes on: a long history's export counts its
weekly engagement in a forked copy of the process while it builds the attempt tables.

The copy only computes and sends back its (small) result through a pipe; it writes nothing and
leaves with `os._exit`, so no file, buffer or exit handler of the parent's is touched twice. Where
forking is unsafe or pointless (no `os.fork`, other threads running, one core) the work runs here,
and if the copy fails in any way the work is simply done again here: the result never depends
on which way it ran.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Forking is safe only with no other thread running (a thread's locks would be copied held)."""
    return hasattr(os, "fork") and threading.active_count() == 1 and cores() > 1


class Pending(Generic[T]):
    """A result being worked out, in a forked copy or (on `result()`) here."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._pid: int | None = None
        self._reader: int | None = None
        self._done = False
        self._value: T | None = None

    def start(self) -> None:
        if not can_fork():
            return
        reader, writer = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            return
        if pid == 0:  # the copy: work, send, leave without running anything of the parent's
            os.close(reader)
            code = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                data = pickle.dumps(self._work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(writer, "wb") as pipe:
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(writer)
        self._pid, self._reader = pid, reader

    def result(self) -> T:
        """The copy's result, or the work done here if there was no copy or it failed."""
        if self._done:
            return self._value  # type: ignore[return-value]
        received = self._collect()
        self._value = received[0] if received is not None else self._work()
        self._done = True
        return self._value

    def _collect(self) -> tuple[T] | None:
        """(the copy's result,), or None when there was no copy or it did not finish well."""
        if self._pid is None or self._reader is None:
            return None
        with os.fdopen(self._reader, "rb") as pipe:
            data = pipe.read()
        self._reader = None
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or not data:
            return None
        return (pickle.loads(data),)

    def cancel(self) -> None:
        """Stop and reap a copy whose result is no longer wanted."""
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self._pid = None
        if self._reader is not None:
            os.close(self._reader)
            self._reader = None


@contextmanager
def beside(work: Callable[[], T], *, worth_it: bool = True) -> Iterator[Pending[T]]:
    """`work` started on another core (when `worth_it` and safe); its copy is reaped on the way out
    whatever happens."""
    pending = Pending(work)
    if worth_it:
        pending.start()
    try:
        yield pending
    finally:
        pending.cancel()
