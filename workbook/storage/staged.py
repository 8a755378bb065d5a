"""A transaction of several records that reaches the home whole or not at all (a session-pack import).

An ordinary transaction saves each record as it is put, one atomic file replace each, so a
change of many records cut short by a kill keeps the first few. This one copies each database
file it touches into a staged folder under `.staging/`, makes every change to the copies, and
then moves the changed copies in through the journal (`storage.journal`, as restore and demo
do): killed before that, the next lock rolls it back and the home is as it was; killed while
moving, the next lock finishes it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from workbook.storage import journal, nofollow
from workbook.storage.atomic import DamagedFileError, write_atomically
from workbook.storage.store import Store, Transaction


class StagedTransaction(Transaction):
    """A Transaction whose files are staged copies of the live ones (paths in problems stay the live ones)."""

    def __init__(self, store: Store, now: datetime | None, staged: Path) -> None:
        super().__init__(store, now)
        self.staged = staged
        self._copied: dict[str, bytes | None] = {}  # name under db/ -> the live bytes copied (None: no file)

    def _path(self, table: str, month: str | None) -> Path:
        live = super()._path(table, month)
        rel = live.relative_to(self.store.db).as_posix()
        copy = self.staged / rel
        if rel not in self._copied:
            try:
                self._copied[rel] = nofollow.read_bytes(live)
            except FileNotFoundError:
                self._copied[rel] = None
            if self._copied[rel] is not None:
                nofollow.private_dir(self.store.home, copy.parent)
                write_atomically(copy, self._copied[rel] or b"")
        return copy

    def _raw(self, table: str, month: str | None) -> tuple[Path, dict[str, Any]]:
        path, rows = super()._raw(table, month)
        return self.live(path), rows

    def live(self, path: Path) -> Path:
        """The live file a staged copy stands for (any other path as it is)."""
        try:
            return self.store.db / Path(path).relative_to(self.staged)
        except ValueError:
            return Path(path)

    def changed(self) -> tuple[str, ...]:
        """The names (under db/) of the copies that now differ from the live files they were made from."""
        found = []
        for rel, before in sorted(self._copied.items()):
            try:
                now = nofollow.read_bytes(self.staged / rel)
            except FileNotFoundError:
                continue
            if now != before:
                found.append(rel)
        return tuple(found)


@contextmanager
def all_or_nothing(store: Store, now: datetime, op: str) -> Iterator[StagedTransaction]:
    """Lock, stage every change, then move the changed files in through the journal (`op`: its name there).

    An exception inside rolls everything back. Nothing changed (an import already made): nothing is moved.
    """
    with store.locked():
        entry = journal.begin(store.home, journal.Entry(
            op=op, step=journal.STAGING, staged=(staged := journal.new_staged(store.home, op)), source=staged))
        tx = StagedTransaction(store, now, store.home / staged)
        try:
            yield tx
            files = tx.changed()
        except DamagedFileError as exc:
            journal.roll_back(store.home, entry)
            raise store.corrupt(DamagedFileError(tx.live(exc.path), exc.detail)) from None
        except Exception:
            journal.roll_back(store.home, entry)
            raise
        if files:
            journal.complete(store.home, dataclasses.replace(entry, files=files))
        else:
            journal.roll_back(store.home, entry)
