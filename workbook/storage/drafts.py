"""Unsaved form contents, kept on disk so a closed terminal or a crash doesn't lose them.

A half-written thought record is not a saved entry yet, but it is still the
patient's words. Drafts live in `<home>/drafts.json` (owner-only, written
atomically like the database) until the form is saved or emptied. A damaged
drafts file is moved aside, never overwritten, and the workbook carries on.
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

DRAFTS_FILE = "drafts.json"


class DraftStore(MutableMapping[str, dict[str, Any]]):
    """Form key -> {control id: value}. Changes are in memory until `save()`."""

    def __init__(self, home: Path, clock: Clock) -> None:
        self.path = Path(home) / DRAFTS_FILE
        self.clock = clock
        self.warning = ""
        self._data: dict[str, dict[str, Any]] = self._load()
        self._dirty = False

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            return read_json_file(self.path) or {}
        except (DamagedFileError, UnsafePathError) as exc:  # a link is moved aside as a link, never followed
            detail = exc.detail if isinstance(exc, DamagedFileError) else exc.what
            aside = self.path.with_name(f"drafts.damaged-{self.clock().strftime('%Y%m%dT%H%M%S')}.json")
            try:
                os.replace(self.path, aside)
                self.warning = f"Unsaved drafts could not be read ({detail}); the file was kept as {aside.name}."
            except OSError:
                self.warning = f"Unsaved drafts could not be read ({detail})."
            return {}

    def __getitem__(self, key: str) -> dict[str, Any]:
        return self._data[key]

    def __setitem__(self, key: str, value: dict[str, Any]) -> None:
        self._data[key] = dict(value)
        self._dirty = True

    def __delitem__(self, key: str) -> None:
        del self._data[key]
        self._dirty = True

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def save(self) -> None:
        """Write the drafts durably (or remove the file when there are none)."""
        if not self._dirty:
            return
        if self._data:
            write_atomically(self.path, orjson.dumps(self._data))
        else:
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass
        self._dirty = False


def log_draft_key(plan_id: str, occurrence: datetime | str | None) -> str:
    """Which draft a Log form keeps: one per plan and occurrence ("extra" for an extra practice)."""
    at = occurrence.isoformat() if isinstance(occurrence, datetime) else (occurrence or "extra")
    return f"{plan_id}@{at}"


def plan_draft_key(plan_id: str | None, exercise_id: str) -> str:
    """Which draft a Plan form keeps: the plan's own, or a new plan's for its exercise."""
    return f"plan:{plan_id or 'new:' + exercise_id}"
