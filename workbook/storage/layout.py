"""Where each table lives on disk, and the owner-only permissions of the home.

Small, slowly growing tables share one core file. Tables that grow with
every day of use (attempts, events, reminders sent) get one file per UTC month
of their record's creation, so a write rewrites one small file however long
the history is, while reads that need everything walk all the months.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

CORE_TABLES = ("_meta", "settings", "plans", "supporters", "responses", "session_notes", "questions", "snoozes",
               "pauses", "plan_versions")
PARTITIONED_TABLES = ("attempts", "events", "reminders")
DB_DIR = "db"
CORE_FILE = "core.json"
LOCK_FILE = ".lock"
BACKUPS_DIR = "backups"
SET_ASIDE_DIR = "set-aside"


def db_dir(home: Path) -> Path:
    return home / DB_DIR


def core_path(home: Path) -> Path:
    return db_dir(home) / CORE_FILE


def partition_path(home: Path, table: str, month: str) -> Path:
    return db_dir(home) / table / f"{month}.json"


def partition_months(home: Path, table: str) -> list[str]:
    """The months that have a file for `table`, oldest first."""
    folder = db_dir(home) / table
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if not p.name.startswith("."))


def data_files(root: Path) -> list[Path]:
    """Every database file under a db folder (or a backup of one), relative paths sorted."""
    files = [root / CORE_FILE] if (root / CORE_FILE).exists() else []
    for table in PARTITIONED_TABLES:
        folder = root / table
        if folder.is_dir():
            files.extend(sorted(p for p in folder.glob("*.json") if not p.name.startswith(".")))
    return files


def make_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by its owner only; tighten it if it exists."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) != 0o700:
        path.chmod(0o700)
    return path
