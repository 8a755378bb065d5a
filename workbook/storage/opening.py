"""Opening a home: create it if new, tidy after a crash, migrate an older schema."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from workbook.storage import layout
from workbook.storage.atomic import remove_stale_temps
from workbook.storage.migrations import prepare
from workbook.storage.store import LOCK_TIMEOUT_SECONDS, Store


def open_store(home: Path, *, now: datetime, lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> Store:
    """The home's store, ready to use (`now` dates a migration's backup and the schema record)."""
    layout.make_private_dir(Path(home))
    layout.make_private_dir(layout.db_dir(Path(home)))
    store = Store(Path(home), lock_timeout=lock_timeout)
    with store.locked():
        remove_stale_temps(store.db)
        prepare(store, now)
    return store
