"""Rolling backups of the database, and bringing one back.

A backup is a folder under `<home>/backups/` mirroring `db/`. A file that
changed since the previous backup is checked to parse and then *copied* in; a
file unchanged since then (same size and modification time as the previous
backup's copy) is a hard link to that copy, so backups share unchanged months
with each other at no cost. A backup never shares a file (an inode) with the
live database: damage written into a live file in place (a disk error, another
program) must not reach the backups meant to repair it. `manifest.json` is
written last, so a backup without one is incomplete (and is removed if making
it fails).
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path

from workbook.core.errors import StorageError, WorkbookError
from workbook.core.times import to_iso
from workbook.storage import layout
from workbook.storage.atomic import DamagedFileError, fsync_folder, read_json_file, write_atomically, write_temp
from workbook.storage.backup_index import (  # noqa: F401 - list_backups and newest_good are used through this module too
    MANIFEST,
    Backup,
    backup_problem,
    backups_dir,
    list_backups,
    newest_good,
    read_backup,
)
from workbook.storage.store import Store

KEEP_PER_LABEL = 14


def make_backup(store: Store, label: str = "manual", *, now: datetime) -> Path | None:
    """Snapshot the database now; None if there is nothing to back up yet."""
    with store.locked():
        files = layout.data_files(store.db)
        if not files:
            return None
        root = backups_dir(store.home)
        previous = list_backups(store.home)
        stamp = now.strftime("%Y-%m-%dT%H%M%S")
        target = root / f"{stamp}-{label}"
        suffix = 1
        while target.exists():
            suffix += 1
            target = root / f"{stamp}-{label}-{suffix}"
        try:
            layout.make_private_dir(root)
            layout.make_private_dir(target)
            relative = []
            for source in files:
                rel = source.relative_to(store.db)
                destination = target / rel
                layout.make_private_dir(destination.parent)
                unchanged = _unchanged_copy(source, rel, previous)
                if unchanged is not None:
                    _link_or_copy(unchanged, destination)
                else:
                    try:
                        read_json_file(source)
                    except DamagedFileError as exc:
                        raise store.corrupt(exc) from None
                    _copy(source, destination)
                relative.append(rel.as_posix())
            for folder in {(target / rel).parent for rel in relative} - {target}:
                fsync_folder(folder)  # the manifest's own write makes `target` durable
            manifest = {"label": label, "created_at": to_iso(now), "files": relative}
            write_atomically(target / MANIFEST, json.dumps(manifest, indent=1).encode())
        except BaseException as exc:
            shutil.rmtree(target, ignore_errors=True)
            if isinstance(exc, OSError):  # e.g. a full disk while copying
                raise StorageError(
                    f"Could not make a backup in {root} ({exc.strerror or exc}); your data was not changed."
                ) from exc
            raise
        _prune(store.home, label)
        return target


def ensure_daily(store: Store, *, now: datetime) -> Path | None:
    """Make today's daily backup if there is none yet (cheap when there is)."""
    today = now.strftime("%Y-%m-%d")
    folder = backups_dir(store.home)
    if folder.is_dir() and any(
        p.name.startswith(today) and p.name.endswith("-daily") and (p / MANIFEST).exists()
        for p in folder.iterdir()
    ):
        return None
    return make_backup(store, "daily", now=now)


def _unchanged_copy(source: Path, rel: Path, previous: list[Backup]) -> Path | None:
    """The newest backup's copy of `source` if the live file has not changed since
    (same size and modification time; checked when that backup was made), else None.

    Every save replaces a file, so a save always changes its modification time.
    A backup file that *is* the live file (a hard link, as older versions made)
    does not count: it would share any damage done to the live file in place.
    """
    if not previous:
        return None
    copy = previous[0].path / rel
    try:
        live, kept = source.stat(), copy.stat()
    except OSError:
        return None
    if (live.st_dev, live.st_ino) == (kept.st_dev, kept.st_ino):
        return None
    if (live.st_size, live.st_mtime_ns) != (kept.st_size, kept.st_mtime_ns):
        return None
    return copy


def _copy(source: Path, destination: Path) -> None:
    """A private, durable copy keeping the modification time (which `_unchanged_copy` compares)."""
    shutil.copy2(source, destination)
    os.chmod(destination, 0o600)
    fd = os.open(destination, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _link_or_copy(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination)
    except OSError:
        _copy(source, destination)


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
    backup = read_backup(candidate)
    if backup is None:
        raise WorkbookError(f"{name_or_path} is not a Workbook backup folder (it has no readable {MANIFEST}).")
    return backup


def restore(store: Store, name_or_path: str | None = None, *, now: datetime) -> tuple[Backup, Path | None]:
    """Bring a backup back; the current files are moved aside, never deleted.

    With no name, the newest backup whose files all parse is used. Returns the
    backup used and the folder the replaced files were moved to.
    """
    with store.locked():
        candidates = [resolve(store.home, name_or_path)] if name_or_path else list_backups(store.home)
        if not candidates:
            raise WorkbookError(f"There are no backups in {backups_dir(store.home)} yet.")
        chosen, problems = None, []
        for backup in candidates:
            problem = backup_problem(backup)
            if problem is not None:
                problems.append(problem)
                continue
            chosen = backup
            break
        if chosen is None:
            raise WorkbookError("No backup could be read: " + "; ".join(problems))
        # Stage every file first (this is what needs room on the disk), so a failure
        # leaves the current files exactly where they are; then swap by renames.
        staged: list[tuple[Path, Path]] = []
        try:
            for rel in chosen.files:
                destination = store.db / rel
                layout.make_private_dir(destination.parent)
                staged.append((write_temp(destination, (chosen.path / rel).read_bytes()), destination))
        except (OSError, StorageError) as exc:
            for temp, _ in staged:
                temp.unlink(missing_ok=True)
            detail = exc if isinstance(exc, StorageError) else f"{exc.strerror or exc}"
            raise StorageError(f"Could not restore {chosen.path}: {detail}") from exc
        aside = _set_aside(store, now)
        for temp, destination in staged:
            os.replace(temp, destination)
        for folder in {destination.parent for _, destination in staged}:
            fsync_folder(folder)
        return chosen, aside


def _set_aside(store: Store, now: datetime) -> Path | None:
    """Move the current database files (not the lock) into `<home>/set-aside/<stamp>/`."""
    current = layout.data_files(store.db)
    if not current:
        return None
    root = layout.make_private_dir(store.home / layout.SET_ASIDE_DIR)
    stamp = f"db-{now.strftime('%Y-%m-%dT%H%M%S')}"
    target, suffix = root / stamp, 1
    while target.exists():  # two restores in one second must not overwrite what the first set aside
        suffix += 1
        target = root / f"{stamp}-{suffix}"
    layout.make_private_dir(target)
    for source in current:
        destination = target / source.relative_to(store.db)
        layout.make_private_dir(destination.parent)
        os.replace(source, destination)
    return target
