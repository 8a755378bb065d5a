"""Rolling backups of the database, and bringing one back.

A backup is a folder under `<home>/backups/` mirroring `db/`. Files are hard
links where the file system allows: since every write replaces a file rather
than changing it, a link keeps the old content for as long as the backup
exists and costs no space or copying. Each file is checked to parse before it
goes in (files unchanged since the previous backup were checked then), and
`manifest.json` is written last, so a backup without one is incomplete.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import WorkbookError
from ..timeutil import to_iso, utc_now
from . import layout
from .atomic import DamagedFileError, read_json_file, write_atomically

if TYPE_CHECKING:
    from .store import Store

KEEP_PER_LABEL = 14
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
        backup = _read_backup(entry)
        if backup is not None:
            found.append(backup)
    return sorted(found, key=lambda b: b.name, reverse=True)


def newest_good(home: Path) -> Path | None:
    backups = list_backups(home)
    return backups[0].path if backups else None


def _read_backup(folder: Path) -> Backup | None:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return Backup(folder, manifest["label"], manifest["created_at"], tuple(manifest["files"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def make_backup(store: "Store", label: str = "manual", *, now: datetime | None = None) -> Path | None:
    """Snapshot the database now; None if there is nothing to back up yet."""
    now = now or utc_now()
    with store.locked():
        files = layout.data_files(store.db)
        if not files:
            return None
        root = layout.make_private_dir(backups_dir(store.home))
        previous = list_backups(store.home)
        stamp = now.strftime("%Y-%m-%dT%H%M%S")
        target = root / f"{stamp}-{label}"
        suffix = 1
        while target.exists():
            suffix += 1
            target = root / f"{stamp}-{label}-{suffix}"
        layout.make_private_dir(target)
        relative = []
        for source in files:
            rel = source.relative_to(store.db)
            if not _checked_before(source, rel, previous):
                try:
                    read_json_file(source)
                except DamagedFileError as exc:
                    shutil.rmtree(target, ignore_errors=True)
                    raise store.corrupt(exc) from None
            destination = target / rel
            layout.make_private_dir(destination.parent)
            _link_or_copy(source, destination)
            relative.append(rel.as_posix())
        manifest = {"label": label, "created_at": to_iso(now), "files": relative}
        write_atomically(target / MANIFEST, json.dumps(manifest, indent=1).encode())
        _prune(store.home, label)
        return target


def ensure_daily(store: "Store", *, now: datetime | None = None) -> Path | None:
    """Make today's daily backup if there is none yet (cheap when there is)."""
    now = now or utc_now()
    today = now.strftime("%Y-%m-%d")
    folder = backups_dir(store.home)
    if folder.is_dir() and any(
        p.name.startswith(today) and p.name.endswith("-daily") and (p / MANIFEST).exists()
        for p in folder.iterdir()
    ):
        return None
    return make_backup(store, "daily", now=now)


def _checked_before(source: Path, rel: Path, previous: list[Backup]) -> bool:
    """True if the newest backup holds this very file (same inode), checked when it was made."""
    if not previous:
        return False
    try:
        return os.path.samefile(source, previous[0].path / rel)
    except OSError:
        return False


def _link_or_copy(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)
        os.chmod(destination, 0o600)


def _prune(home: Path, label: str) -> None:
    same_label = [b for b in list_backups(home) if b.label == label]
    for old in same_label[KEEP_PER_LABEL:]:
        shutil.rmtree(old.path, ignore_errors=True)


def resolve(home: Path, name_or_path: str | None) -> Backup:
    """The backup the user means: a path, a folder name in backups/, or (None) the newest."""
    if name_or_path is None:
        backups = list_backups(home)
        if not backups:
            raise WorkbookError(f"There are no backups in {backups_dir(home)} yet.")
        return backups[0]
    candidate = Path(name_or_path).expanduser()
    if not candidate.is_absolute() and not candidate.exists():
        candidate = backups_dir(home) / name_or_path
    backup = _read_backup(candidate)
    if backup is None:
        raise WorkbookError(f"{name_or_path} is not a Workbook backup folder (it has no readable {MANIFEST}).")
    return backup


def restore(store: "Store", name_or_path: str | None = None, *, now: datetime | None = None) -> tuple[Backup, Path | None]:
    """Bring a backup back; the current files are moved aside, never deleted.

    With no name, the newest backup whose files all parse is used. Returns the
    backup used and the folder the replaced files were moved to.
    """
    now = now or utc_now()
    with store.locked():
        candidates = [resolve(store.home, name_or_path)] if name_or_path else list_backups(store.home)
        if not candidates:
            raise WorkbookError(f"There are no backups in {backups_dir(store.home)} yet.")
        chosen, problems = None, []
        for backup in candidates:
            try:
                for rel in backup.files:
                    if read_json_file(backup.path / rel) is None:
                        raise DamagedFileError(backup.path / rel, "is missing")
            except DamagedFileError as exc:
                problems.append(f"{backup.name}: {exc}")
                continue
            chosen = backup
            break
        if chosen is None:
            raise WorkbookError("No backup could be read: " + "; ".join(problems))
        aside = _set_aside(store, now)
        for rel in chosen.files:
            destination = store.db / rel
            layout.make_private_dir(destination.parent)
            shutil.copy2(chosen.path / rel, destination)
            os.chmod(destination, 0o600)
        return chosen, aside


def _set_aside(store: "Store", now: datetime) -> Path | None:
    """Move the current database files (not the lock) into `<home>/set-aside/<stamp>/`."""
    current = layout.data_files(store.db)
    if not current:
        return None
    root = layout.make_private_dir(store.home / layout.SET_ASIDE_DIR)
    target = layout.make_private_dir(root / f"db-{now.strftime('%Y-%m-%dT%H%M%S')}")
    for source in current:
        destination = target / source.relative_to(store.db)
        layout.make_private_dir(destination.parent)
        os.replace(source, destination)
    return target
