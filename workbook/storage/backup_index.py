"""The backups a home has, read from their manifests: which exist and which would restore cleanly.

Kept apart from making and restoring backups so the store can name the newest good
backup in a damaged-file message without importing the code that writes them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from workbook.storage import layout
from workbook.storage.atomic import DamagedFileError, read_json_file

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Backup:
    path: Path
    label: str
    created_at: str
    files: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.path.name


def backups_dir(home: Path) -> Path:
    return Path(home) / layout.BACKUPS_DIR


def list_backups(home: Path) -> list[Backup]:
    """Complete backups (with a readable manifest), newest first."""
    found = []
    folder = backups_dir(home)
    if not folder.is_dir():
        return []
    for entry in folder.iterdir():
        backup = read_backup(entry)
        if backup is not None:
            found.append(backup)
    return sorted(found, key=lambda b: b.name, reverse=True)


def newest_good(home: Path) -> Path | None:
    """The newest complete backup whose files all parse (what `restore` would bring back)."""
    for backup in list_backups(home):
        if backup_problem(backup) is None:
            return backup.path
    return None


def backup_problem(backup: Backup) -> str | None:
    """Why a backup cannot be restored, or None if every file in it parses."""
    try:
        for rel in backup.files:
            if read_json_file(backup.path / rel) is None:
                raise DamagedFileError(backup.path / rel, "is missing")
    except DamagedFileError as exc:
        return f"{backup.name}: {exc}"
    return None


def read_backup(folder: Path) -> Backup | None:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return Backup(folder, manifest["label"], manifest["created_at"], tuple(manifest["files"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
