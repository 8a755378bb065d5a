"""Opening a home: create it if new, tidy after a crash, migrate an older schema."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from workbook.storage import layout
from workbook.storage.atomic import remove_stale_temps
from workbook.storage.home import HomeError, prepare_home
from workbook.storage.migrations import prepare
from workbook.storage.store import LOCK_TIMEOUT_SECONDS, Store


def open_store(home: Path, *, now: datetime, lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> Store:
    """The home's store, ready to use (`now` dates a migration's backup and the schema record)."""
    prepare_home(Path(home))  # refuses a file, a read-only or another user's folder; never chmods one
    try:
        layout.make_private_dir(layout.db_dir(Path(home)))
    except OSError as exc:
        raise HomeError(f"Could not make {layout.db_dir(Path(home))}: {exc.strerror or exc}.") from None
    store = Store(Path(home), lock_timeout=lock_timeout)
    with store.locked():
        remove_stale_temps(store.db)
        prepare(store, now)
    return store
