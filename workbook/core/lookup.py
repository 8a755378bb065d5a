"""Finding a record by the start of its id, as the CLI and screens let people type it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from workbook.core.errors import NotFound, WorkbookError
from workbook.core.inputs import shown
from workbook.core.records import Record

R = TypeVar("R", bound=Record)


def by_prefix(records: Sequence[R], ref: str, what: str) -> R:
    ref = (ref or "").strip().lower()
    if len(ref) < 2:
        raise NotFound(f"Please give at least two characters of the {what}'s id.")
    matches = [r for r in records if r.id.startswith(ref)]
    if not matches:
        raise NotFound(f"No {what} has an id starting with {shown(ref)}; 'workbook today' lists them.")
    if len(matches) > 1:
        raise WorkbookError(f"{len(matches)} {what}s have ids starting with {shown(ref)}; please give more characters.")
    return matches[0]
