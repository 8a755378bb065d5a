"""Unsaved form contents, kept on disk so a closed terminal or a crash doesn't lose them.

A half-written thought record is not a saved entry yet, but it is still the
patient's words. Drafts live in `<home>/drafts.json` (owner-only, written
atomically like the database) until the form is saved or emptied. A damaged
drafts file is moved aside, never overwritten, and the workbook carries on.

Two windows on one home share the file without overwriting each other: each
`DraftStore` remembers which drafts *it* changed, and `save()` reads the file
again under a lock of its own (`.drafts.lock`) and writes back only those, so
another window's drafts stay as that window left them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, MutableMapping
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from workbook.core.errors import UnsafePathError
from workbook.core.times import Clock
from workbook.storage.atomic import DamagedFileError, read_json_file, write_atomically
from workbook.storage.lock import HomeLock

DRAFTS_FILE = "drafts.json"
DRAFTS_LOCK = ".drafts.lock"
LOCK_SECONDS = 5.0
_GONE = object()  # a change that removes a draft


class DraftStore(MutableMapping[str, dict[str, Any]]):
    """Form key -> {control id: value}. Changes are in memory until `save()`."""

    def __init__(self, home: Path, clock: Clock) -> None:
        self.path = Path(home) / DRAFTS_FILE
        self.clock = clock
        self.warning = ""
        self._lock = HomeLock(self.path.with_name(DRAFTS_LOCK), timeout=LOCK_SECONDS)
        self._changes: dict[str, Any] = {}  # this window's changes since its last save (_GONE: removed)
        self._stamp: tuple[int, int, int] | None = None
        self._disk: dict[str, dict[str, Any]] = self._load()

    def _file_stamp(self) -> tuple[int, int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return (info.st_ino, info.st_mtime_ns, info.st_size)

    def _load(self) -> dict[str, dict[str, Any]]:
        self._stamp = self._file_stamp()
        try:
            data = read_json_file(self.path) or {}
        except (DamagedFileError, UnsafePathError) as exc:  # a link is moved aside as a link, never followed
            detail = exc.detail if isinstance(exc, DamagedFileError) else exc.what
            aside = self.path.with_name(f"drafts.damaged-{self.clock().strftime('%Y%m%dT%H%M%S')}.json")
            try:
                os.replace(self.path, aside)
                self.warning = f"Unsaved drafts could not be read ({detail}); the file was kept as {aside.name}."
            except OSError:
                self.warning = f"Unsaved drafts could not be read ({detail})."
            self._stamp = None
            return {}
        return {k: v for k, v in data.items() if isinstance(v, dict)}

    def _current(self) -> dict[str, dict[str, Any]]:
        """The drafts on disk (read again if another window wrote them) with this window's changes on top."""
        if self._file_stamp() != self._stamp:
            self._disk = self._load()
        merged = dict(self._disk)
        for key, value in self._changes.items():
            if value is _GONE:
                merged.pop(key, None)
            else:
                merged[key] = value
        return merged

    def __getitem__(self, key: str) -> dict[str, Any]:
        return self._current()[key]

    def __setitem__(self, key: str, value: dict[str, Any]) -> None:
        self._changes[key] = dict(value)

    def __delitem__(self, key: str) -> None:
        if key not in self._current():
            raise KeyError(key)
        self._changes[key] = _GONE

    def __iter__(self) -> Iterator[str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())

    def save(self) -> None:
        """Write this window's changes durably, over the drafts file as it is now (under its lock).

        Drafts other windows keep are left as they are; the file is removed when none are left.
        """
        if not self._changes:
            return
        self._lock.acquire()
        try:
            self._disk = self._load()
            merged = self._current()
            if merged:
                write_atomically(self.path, orjson.dumps(merged))
            else:
                try:
                    self.path.unlink()
                except FileNotFoundError:
                    pass
            self._disk, self._changes = merged, {}
            self._stamp = self._file_stamp()
        finally:
            self._lock.release()


def log_draft_key(plan_id: str, occurrence: datetime | str | None) -> str:
    """Which draft a Log form keeps: one per plan and occurrence ("extra" for an extra practice)."""
    at = occurrence.isoformat() if isinstance(occurrence, datetime) else (occurrence or "extra")
    return f"{plan_id}@{at}"


def plan_draft_key(plan_id: str | None, exercise_id: str) -> str:
    """Which draft a Plan form keeps: the plan's own, or a new plan's for its exercise."""
    return f"plan:{plan_id or 'new:' + exercise_id}"


def suggestion_draft_key(suggestion_id: str) -> str:
    """The draft a Plan form keeps while a practitioner's suggestion is being adjusted."""
    return f"plan:suggestion:{suggestion_id}"
