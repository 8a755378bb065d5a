"""Opening a home: create it if new, tidy after a crash, migrate an older schema.

Before anything else, under the lock, the home is checked and tidied: a symbolic link at
any of its own places is refused; a restore, demo or import a kill interrupted is finished or rolled
back (`storage.journal`, done by `Store.locked`); then temp files, half-made backups and
staged folders that no journal names are removed (each only ever a copy).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from workbook.core.errors import WorkbookError
from workbook.storage import layout, nofollow
from workbook.storage.atomic import remove_stale_temps
from workbook.storage.backup_leftovers import remove_partial
from workbook.storage.home import HomeError, is_empty_home, prepare_home
from workbook.storage.migrations import prepare
from workbook.storage.store import LOCK_TIMEOUT_SECONDS, Store

T = TypeVar("T")


def open_store(home: Path, *, now: datetime, lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> Store:
    """The home's store, ready to use (`now` dates a migration's backup and the schema record)."""
    store = _store(home, lock_timeout)
    with store.locked():
        tidy(store)
        prepare(store, now)
    return store


def open_for_repair(home: Path, *, lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> Store:
    """The store tidied but not migrated or read: a damaged database can still be backed up from or restored."""
    store = _store(home, lock_timeout)
    with store.locked():
        tidy(store)
    return store


def tidy(store: Store) -> None:
    """Remove what a killed writer left that is only ever a copy. Call holding the lock."""
    remove_stale_temps(store.db)
    if nofollow.lstat_or_none(store.home / layout.STAGING_DIR) is not None:  # else no staged folder is left
        from workbook.storage import journal  # most opens have nothing staged: the journal code stays unloaded

        journal.remove_leftovers(store.home)
    remove_partial(store.home)


def _store(home: Path, lock_timeout: float) -> Store:
    home = prepare_home(Path(home))  # refuses a file, a read-only or another user's folder; never chmods one
    try:
        layout.private_subdir(home, layout.DB_DIR)  # refuses a db/ that is a link or a file
    except OSError as exc:
        raise HomeError(f"Could not make {layout.db_dir(home)}: {exc.strerror or exc}.") from None
    return Store(home, lock_timeout=lock_timeout)


def fill_empty_home(home: Path, build: Callable[[Path], T], *, now: datetime, not_empty: str) -> T:
    """Fill an empty home all at once: `build(staging_home)` writes a whole home into a staged
    folder, whose database files are then moved in (through the journal, so a kill leaves the
    home empty, and fillable again, or full). WorkbookError(`not_empty`) if the home holds records."""
    from workbook.storage import journal

    store = open_store(home, now=now)
    with store.locked():
        if not is_empty_home(store.home):
            raise WorkbookError(not_empty)
        staged = journal.new_staged(store.home, "demo")
        entry = journal.begin(store.home, journal.Entry(op="demo", step=journal.STAGING, staged=staged,
                                                        source=f"{staged}/{layout.DB_DIR}"))
        try:
            result = build(store.home / staged)
        except Exception:
            journal.roll_back(store.home, entry)
            raise
        journal.complete(store.home, dataclasses.replace(entry, files=journal.staged_files(store.home, entry)))
    return result
