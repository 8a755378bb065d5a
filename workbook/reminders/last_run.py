"""`<home>/remind-last-run`: when the reminder runner last made a pass, and how it went.

A tiny JSON file (0600 like everything in the home), cheap for `reminders status`,
`doctor` and the due check's catch-up window to read. A pass inside quiet hours also
writes `due_from`: what it held back is still new when they end.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from workbook.core.times import from_iso, to_iso
from workbook.storage.atomic import write_atomically

LAST_RUN_FILE = "remind-last-run"


def read_last_run(home: Path) -> dict[str, Any] | None:
    """What the last pass wrote ({"at", "delivered", "failed"}), or None."""
    try:
        data = json.loads((home / LAST_RUN_FILE).read_text(encoding="utf-8"))
        from_iso(data["at"])
        return data if isinstance(data, dict) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def last_run_time(home: Path) -> datetime | None:
    """Where the next due check's window starts: the last pass, or what it held for after quiet hours."""
    data = read_last_run(home)
    if not data:
        return None
    try:
        return from_iso(data["due_from"]) if data.get("due_from") else from_iso(data["at"])
    except (TypeError, ValueError):
        return from_iso(data["at"])


def write_last_run(home: Path, now: datetime, delivered: int, failed: int, reason: str = "",
                   due_from: datetime | None = None) -> None:
    """`due_from`: a pass inside quiet hours sent nothing, so the next window starts there, not at `now`."""
    data: dict[str, Any] = {"at": to_iso(now), "delivered": delivered, "failed": failed}
    if reason:
        data["reason"] = reason
    if due_from is not None and due_from < now:
        data["due_from"] = to_iso(due_from)
    write_atomically(home / LAST_RUN_FILE, json.dumps(data).encode("utf-8"))
