"""The backups a home has, read from their manifests: which exist and which would restore cleanly.

Kept apart from making and restoring backups so the store can name the newest good
backup in a damaged-file message without importing the code that writes them.

A backup would restore cleanly ("is good") only if its manifest names plain database files
("core.json", "<table>/<YYYY-MM>.json": no "..", no absolute path, no other folder), none of
them (nor a folder on the way) is a symbolic link, every file parses, and, for a backup of
this schema, every record in it fits the model.
"""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from pathlib import Path

from workbook.core.errors import BadRecordError, UnsafePathError
from workbook.storage import layout, nofollow
from workbook.storage.atomic import DamagedFileError, read_json_file
from workbook.storage.backup_leftovers import (  # noqa: F401 - PARTIAL_PREFIX and REMOVING_PREFIX re-exported
    PARTIAL_PREFIX,
    REMOVING_PREFIX,
    backups_dir,
    is_real_dir,
)
from workbook.storage.checked import SCHEMA_VERSION, file_problems, schema_version

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Backup:
    path: Path
    label: str
    created_at: str
    files: tuple[str, ...]
    checked_schema: int | None = None  # the schema its records were validated against when it was made

    @property
    def name(self) -> str:
        return self.path.name


def list_backups(home: Path) -> list[Backup]:
    """Complete backups (with a readable manifest), newest first.

    A `backups` that is a link or a file holds no backups (doctor says so); nor do links or
    half-made folders inside it.
    """
    found = []
    folder = backups_dir(home)
    if not is_real_dir(folder):
        return []
    for entry in folder.iterdir():
        if entry.name.startswith(".") or not is_real_dir(entry):
            continue
        backup = read_backup(entry)
        if backup is not None:
            found.append(backup)
    return sorted(found, key=lambda b: b.name, reverse=True)


def newest_good(home: Path) -> Path | None:
    """The newest backup that would restore cleanly (what `restore` with no name brings back)."""
    for backup in list_backups(home):
        if backup_problem(backup) is None:
            return backup.path
    return None


#: Files found good, by identity: backups share unchanged files as hard links, so each is checked once.
_GOOD: set[tuple[int, int, int, int, str, bool]] = set()


def backup_problem(backup: Backup) -> str | None:
    """Why a backup cannot be restored, or None if it would restore cleanly."""
    problem = _problem(backup)
    return None if problem is None else f"{backup.name}: {problem}"


def _problem(backup: Backup) -> str | None:
    for rel in backup.files:
        if not layout.is_data_name(rel):
            return f"its manifest names {str(rel)[:80]!r}, which is not a Workbook database file"
    if len(set(backup.files)) != len(backup.files):
        return "its manifest names a file twice"
    if layout.CORE_FILE not in backup.files:
        return f"it has no {layout.CORE_FILE}"

    try:
        core = _read(backup, layout.CORE_FILE)
        version = schema_version(backup.path / layout.CORE_FILE, core)
        records = version == SCHEMA_VERSION  # an older backup is migrated after restoring: its records are checked then
        for rel in sorted(backup.files, key=lambda r: r != layout.CORE_FILE):
            path = backup.path / rel
            identity = _identity(path, rel, records)
            if identity in _GOOD:
                continue
            data = core if rel == layout.CORE_FILE else _read(backup, rel)
            problems = file_problems(path, rel, data, records=records)
            if problems:
                return f"{problems[0]}"
            if identity is not None:
                _GOOD.add(identity)
    except DamagedFileError as exc:
        return str(exc)
    except (UnsafePathError, BadRecordError) as exc:
        return str(exc)
    return None


def _read(backup: Backup, rel: str) -> dict:
    path = backup.path / rel
    nofollow.refuse_links_below(backup.path, path)
    data = read_json_file(path)
    if data is None:
        raise DamagedFileError(path, "is missing")
    return data


def _identity(path: Path, rel: str, records: bool) -> tuple[int, int, int, int, str, bool] | None:
    info = nofollow.lstat_or_none(path)
    if info is None or not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, rel, records)


def read_backup(folder: Path) -> Backup | None:
    """The backup in `folder`, or None if it has no readable manifest (a link to one is not read)."""
    try:
        manifest = json.loads(nofollow.read_bytes(Path(folder) / MANIFEST))
        label, created_at, files = manifest["label"], manifest["created_at"], manifest["files"]
        checked = manifest.get("checked_schema")
    except (OSError, ValueError, KeyError, TypeError, UnsafePathError):
        return None
    if not isinstance(label, str) or not isinstance(created_at, str) or not isinstance(files, list):
        return None
    names = tuple(rel if isinstance(rel, str) else repr(rel) for rel in files)
    return Backup(Path(folder), label, created_at, names,
                  checked if isinstance(checked, int) and not isinstance(checked, bool) else None)
