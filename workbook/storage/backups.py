"""Rolling backups of the database, and bringing one back, each all-or-nothing.

A backup is a folder under `<home>/backups/` mirroring `db/`. A file that changed since the
previous backup is checked (it parses, and every record in it fits the model: a damaged
database is never copied as a good backup) and then *copied* in; a file unchanged since then
(same size and modification time as the previous backup's copy, which was checked the same
way) is a hard link to that copy, so backups share unchanged months at no cost. A backup
never shares a file (an inode) with the live database: damage written into a live file in
place (a disk error, another program) must not reach the backups meant to repair it.

A backup is made under a hidden name (`.partial-...`), its manifest written last, and only
then renamed into place, so a killed backup never looks whole; the next open removes what it
left. Restoring goes through `storage.journal`: the backup is staged in full first, then the
live files are set aside (never deleted) and the staged ones moved in, so a kill at any
moment leaves the old database or the restored one.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime
from pathlib import Path

from workbook.core.errors import BadRecordError, StorageError, UnsafePathError, WorkbookError
from workbook.core.times import to_iso
from workbook.storage import journal, layout, nofollow
from workbook.storage.atomic import DamagedFileError, fsync_folder, parse_json_bytes, write_atomically, write_temp
from workbook.storage.backup_index import (  # noqa: F401 - list_backups and newest_good are used through this module too
    MANIFEST,
    PARTIAL_PREFIX,
    REMOVING_PREFIX,
    Backup,
    backup_problem,
    backups_dir,
    is_real_dir,
    list_backups,
    newest_good,
    read_backup,
)
from workbook.storage.backup_leftovers import remove_partial, remove_tree  # noqa: F401 - remove_partial re-exported
from workbook.storage.checked import SCHEMA_VERSION, file_problems, schema_version
from workbook.storage.store import Store

KEEP_PER_LABEL = 14
NOT_BACKED_UP = "No backup was made (a damaged record is never copied into a backup as good): "


def make_backup(store: Store, label: str = "manual", *, now: datetime, check_records: bool = True) -> Path | None:
    """Snapshot the database now; None if there is nothing to back up yet.

    `check_records=False` is for the backup taken before a migration, whose records are of
    an older schema (they are checked against the model once migrated).
    """

    home = store.home
    with store.locked():
        files = layout.data_files(store.db)
        if not files:
            return None
        root = backups_dir(home)
        try:
            layout.private_subdir(home, layout.BACKUPS_DIR)
        except UnsafePathError as exc:
            raise StorageError(f"No backup was made: {exc}") from None
        except OSError as exc:
            raise StorageError(f"Could not make a backup in {root} ({exc.strerror or exc}); your data was not changed.") from exc
        core = store.read_file(layout.core_path(home))
        try:
            version = schema_version(layout.core_path(home), core) if core else None
        except BadRecordError as exc:
            raise BadRecordError(exc.path, exc.table, exc.record_id, exc.field, exc.problem, lead=NOT_BACKED_UP) from None
        check = check_records and version == SCHEMA_VERSION
        previous = [b for b in list_backups(home) if b.checked_schema == SCHEMA_VERSION] if check else []
        stamp = now.strftime("%Y-%m-%dT%H%M%S")
        target, suffix = root / f"{stamp}-{label}", 1
        while os.path.lexists(target):
            suffix += 1
            target = root / f"{stamp}-{label}-{suffix}"
        partial = root / f"{PARTIAL_PREFIX}{target.name}"
        remove_tree(partial)
        try:
            nofollow.private_dir(home, partial)
            relative = []
            for source in files:
                rel = source.relative_to(store.db).as_posix()
                destination = partial / rel
                nofollow.private_dir(home, destination.parent)
                unchanged = _unchanged_copy(source, rel, previous)
                if unchanged is not None:
                    _link_or_copy(unchanged, destination)
                else:
                    payload = nofollow.read_bytes(source)
                    try:
                        data = parse_json_bytes(source, payload)
                    except DamagedFileError as exc:
                        raise store.corrupt(exc) from None
                    problems = file_problems(source, rel, data, records=check)
                    if problems:
                        raise problems[0].error(lead=NOT_BACKED_UP)
                    _write_copy(destination, payload, source)
                relative.append(rel)
            for folder in {(partial / rel).parent for rel in relative}:
                fsync_folder(folder)
            manifest = {"label": label, "created_at": to_iso(now), "files": relative,
                        "checked_schema": SCHEMA_VERSION if check else None}
            write_atomically(partial / MANIFEST, json.dumps(manifest, indent=1).encode())
            os.rename(partial, target)  # whole, or not there at all
            fsync_folder(root)
        except Exception as exc:
            remove_tree(partial)
            cause = exc if isinstance(exc, OSError) else exc.__cause__ if type(exc) is StorageError else None
            if isinstance(cause, OSError):  # e.g. a full disk while copying
                raise StorageError(
                    f"Could not make a backup in {root} ({cause.strerror or cause}); your data was not changed."
                ) from exc
            raise
        _prune(home, label)
        return target


def ensure_daily(store: Store, *, now: datetime) -> Path | None:
    """Make today's daily backup if there is none yet (cheap when there is)."""
    today = now.strftime("%Y-%m-%d")
    folder = backups_dir(store.home)
    if is_real_dir(folder) and any(
        p.name.startswith(today) and p.name.endswith("-daily") and is_real_dir(p) and (p / MANIFEST).exists()
        for p in folder.iterdir()
    ):
        return None
    return make_backup(store, "daily", now=now)


def _unchanged_copy(source: Path, rel: str, previous: list[Backup]) -> Path | None:
    """The newest checked backup's copy of `source` if the live file has not changed since
    (same size and modification time; checked when that backup was made), else None.

    Every save replaces a file, so a save always changes its modification time.
    A backup file that *is* the live file (a hard link, as older versions made)
    does not count: it would share any damage done to the live file in place; nor does one
    that is not a plain file.
    """
    if not previous or rel not in previous[0].files:
        return None
    copy = previous[0].path / rel
    try:
        nofollow.refuse_links_below(previous[0].path, copy)
        live, kept = os.lstat(source), os.lstat(copy)
    except (OSError, UnsafePathError):
        return None
    if not (stat.S_ISREG(live.st_mode) and stat.S_ISREG(kept.st_mode)):
        return None
    if (live.st_dev, live.st_ino) == (kept.st_dev, kept.st_ino):
        return None
    if (live.st_size, live.st_mtime_ns) != (kept.st_size, kept.st_mtime_ns):
        return None
    return copy


def _write_copy(destination: Path, payload: bytes, source: Path) -> None:
    """A private, durable copy keeping the source's modification time (which `_unchanged_copy` compares)."""
    info = os.lstat(source)
    temp = write_temp(destination, payload)
    try:
        os.utime(temp, ns=(info.st_atime_ns, info.st_mtime_ns))
        os.replace(temp, destination)
    except OSError:
        temp.unlink(missing_ok=True)
        raise


def _link_or_copy(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination, follow_symlinks=False)
    except OSError:
        _write_copy(destination, nofollow.read_bytes(source), source)


def _prune(home: Path, label: str) -> None:
    same_label = [b for b in list_backups(home) if b.label == label]
    for old in same_label[KEEP_PER_LABEL:]:
        going = old.path.with_name(f"{REMOVING_PREFIX}{old.name}")
        try:
            os.rename(old.path, going)  # first out of sight, so a kill mid-removal leaves no half backup
        except OSError:
            continue
        remove_tree(going)


def resolve(home: Path, name_or_path: str | None) -> Backup:
    """The backup the user means: a path, a folder name in backups/, or (None) the newest."""
    if name_or_path is None:
        backups = list_backups(home)
        if not backups:
            raise WorkbookError(f"There are no backups in {backups_dir(home)} yet.")
        return backups[0]
    shown = name_or_path if len(name_or_path) <= 80 else name_or_path[:79] + "…"
    try:
        candidate = Path(name_or_path).expanduser()
        if not candidate.is_absolute() and not candidate.exists():
            candidate = backups_dir(home) / name_or_path
            nofollow.refuse_links_below(home, candidate)  # inside the home, a linked backup is never followed
        backup = read_backup(candidate)
    except (OSError, ValueError):
        backup = None
    if backup is None:
        raise WorkbookError(f"{shown} is not a Workbook backup folder (it has no readable {MANIFEST}).")
    return backup


def restore(store: Store, name_or_path: str | None = None, *, now: datetime) -> tuple[Backup, Path | None]:
    """Bring a backup back, all or nothing; the current files are moved aside, never deleted.

    With no name, the newest backup that would restore cleanly (see `backup_problem`) is used;
    a named one is checked the same way. Returns the backup used and the folder the replaced
    files were moved to.
    """
    home = store.home
    with store.locked():  # finishes or rolls back an earlier interrupted restore first
        nofollow.refuse_link(backups_dir(home))  # a linked backups folder is never read from
        candidates = [resolve(home, name_or_path)] if name_or_path else list_backups(home)
        if not candidates:
            raise WorkbookError(f"There are no backups in {backups_dir(home)} yet.")
        chosen, problems = None, []
        for backup in candidates:
            problem = backup_problem(backup)
            if problem is not None:
                problems.append(problem)
                continue
            chosen = backup
            break
        if chosen is None:
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            raise WorkbookError("No backup could be restored: " + "; ".join(problems[:3]) + more)
        live = layout.data_files(store.db)
        # Checked before the journal is written, so a link or a file there stops the restore
        # before anything has moved, not half way.
        for name in (layout.SET_ASIDE_DIR, layout.STAGING_DIR):
            _refuse_unless_folder(home / name)
        entry = journal.Entry(op="restore", step=journal.STAGING, staged=(staged := journal.new_staged(home, "restore")),
                              source=staged, aside=_aside_name(home, now), files=chosen.files, backup=str(chosen.path))
        try:
            journal.begin(home, entry)
            _stage(home / staged, chosen)
        except Exception as exc:
            journal.roll_back(home, entry)  # nothing in the home had changed: the staged copy goes
            if isinstance(exc, (OSError, StorageError)):
                detail = exc if isinstance(exc, StorageError) else f"{exc.strerror or exc}"
                raise StorageError(f"Could not restore {chosen.path}: {detail}") from exc
            raise
        try:
            aside = journal.complete(home, entry)
        except OSError as exc:
            raise StorageError(
                f"The restore of {chosen.path} was interrupted ({exc.strerror or exc}); nothing was deleted, and the "
                "next Workbook command finishes it."
            ) from exc
        return chosen, aside if live else None


def _refuse_unless_folder(path: Path) -> None:
    """UnsafePathError if `path` exists as anything but a plain folder (a link, a file)."""
    info = nofollow.lstat_or_none(path)
    if info is None or stat.S_ISDIR(info.st_mode):
        return
    raise UnsafePathError(path) if stat.S_ISLNK(info.st_mode) else UnsafePathError(path, nofollow.NOT_A_FOLDER)


def _aside_name(home: Path, now: datetime) -> str:
    """Where the current files go: `set-aside/db-<stamp>`, never one that exists already."""
    stamp = f"db-{now.strftime('%Y-%m-%dT%H%M%S')}"
    name, suffix = f"{layout.SET_ASIDE_DIR}/{stamp}", 1
    while os.path.lexists(home / name):  # two restores in one second must not overwrite what the first set aside
        suffix += 1
        name = f"{layout.SET_ASIDE_DIR}/{stamp}-{suffix}"
    return name


def _stage(staged: Path, backup: Backup) -> None:
    """Copy every file of the backup into `staged`, durably (this is what needs room on the disk)."""
    home = staged.parent.parent
    folders = {staged}
    for rel in backup.files:
        source = backup.path / rel
        nofollow.refuse_links_below(backup.path, source)
        destination = staged / rel
        nofollow.private_dir(home, destination.parent)
        temp = write_temp(destination, nofollow.read_bytes(source))
        os.replace(temp, destination)
        folders.add(destination.parent)
    for folder in folders:
        fsync_folder(folder)
