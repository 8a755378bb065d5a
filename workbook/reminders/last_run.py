"""`<home>/remind-last-run`: when the reminder runner last made a pass, and how it went.

A tiny JSON file (0600 like everything in the home), cheap for `reminders status`,
`doctor` and the due check's catch-up window to read.
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
    data = read_last_run(home)
    return from_iso(data["at"]) if data else None


def write_last_run(home: Path, now: datetime, delivered: int, failed: int, reason: str = "") -> None:
    data: dict[str, Any] = {"at": to_iso(now), "delivered": delivered, "failed": failed}
    if reason:
        data["reason"] = reason
    write_atomically(home / LAST_RUN_FILE, json.dumps(data).encode("utf-8"))
