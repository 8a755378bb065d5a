"""The store: durable, lock-protected reads and writes of Workbook's tables.

Every read-modify-write happens inside `transaction()`, which holds an
exclusive cross-process lock and opens fresh TinyDB instances (TinyDB caches
queries and its next id per instance, which go stale across processes).
Plain reads need no lock: writes replace whole files atomically, so a reader
sees either the old or the new file, never a torn one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from workbook.core.errors import BusyError, CorruptDataError
from workbook.core.records import Record
from workbook.core.times import month_key
from workbook.storage import backup_index, layout
from workbook.storage.atomic import AtomicJSONStorage, DamagedFileError, read_json_file
from workbook.storage.lock import HomeLock, LockTimeout

LOCK_TIMEOUT_SECONDS = 30.0


class Store:
    """One Workbook home's database. Open with `storage.opening.open_store(home, now=...)`."""

    def __init__(self, home: Path, *, lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        self.home = Path(home)
        self.db = layout.db_dir(self.home)
        self._lock = HomeLock(self.db / layout.LOCK_FILE, timeout=lock_timeout)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the home's exclusive lock (re-entrant within one thread)."""
        try:
            self._lock.acquire()
        except LockTimeout:
            raise BusyError(
                "Another Workbook window or reminder is saving right now; please try again in a moment."
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    # -- reading -----------------------------------------------------------------

    def read_file(self, path: Path) -> dict[str, Any]:
        """All tables of one database file ({} if missing); CorruptDataError if damaged."""
        try:
            return read_json_file(path) or {}
        except DamagedFileError as exc:
            raise self.corrupt(exc) from None

    def corrupt(self, exc: DamagedFileError) -> CorruptDataError:
        return CorruptDataError(exc.path, backup_index.newest_good(self.home), exc.detail)

    def read_core(self) -> dict[str, list[dict[str, Any]]]:
        """Every core table, from one parse of the core file."""
        data = self.read_file(layout.core_path(self.home))
        return {name: list(data.get(name, {}).values()) for name in layout.CORE_TABLES}

    def read_table(self, table: str) -> list[dict[str, Any]]:
        if table in layout.PARTITIONED_TABLES:
            return list(self.read_partitioned(table))
        return self.read_core()[table]

    def months(self, table: str) -> list[str]:
        return layout.partition_months(self.home, table)

    def read_partitioned(self, table: str, months: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
        """Records of a monthly table, oldest month first; only `months` if given."""
        wanted = self.months(table) if months is None else sorted(set(months))
        for month in wanted:
            data = self.read_file(layout.partition_path(self.home, table, month))
            yield from data.get(table, {}).values()

    # -- writing -----------------------------------------------------------------

    @contextmanager
    def transaction(self, now: datetime | None = None) -> Iterator["Transaction"]:
        """Lock, then read-modify-write through fresh TinyDB instances.

        `now` stamps records written without their times (new ones); a
        transaction given no time refuses such records rather than guess.

        A damaged file met inside (TinyDB reads a file before every change to it)
        becomes CorruptDataError, and nothing is written over it.
        """
        with self.locked():
            try:
                yield Transaction(self, now)
            except DamagedFileError as exc:
                raise self.corrupt(exc) from None


class Transaction:
    """Writes inside one lock hold. Each change is saved (atomically) as it is made."""

    def __init__(self, store: Store, now: datetime | None = None) -> None:
        self.store = store
        self.now = now
        self._dbs: dict[Path, TinyDB] = {}

    def _stamped(self, record: Record) -> Record:
        if record.stamped:
            return record
        if self.now is None:
            raise ValueError(f"a new {record.table} record needs the time it was made (transaction(now=...))")
        return record.touched(self.now)

    def _db(self, path: Path) -> TinyDB:
        if path not in self._dbs:
            layout.make_private_dir(path.parent)
            self._dbs[path] = TinyDB(path, storage=AtomicJSONStorage)
        return self._dbs[path]

    def _path(self, table: str, month: str | None) -> Path:
        if table in layout.PARTITIONED_TABLES:
            if month is None:
                raise ValueError(f"{table} records need their month")
            return layout.partition_path(self.store.home, table, month)
        if table not in layout.CORE_TABLES:
            raise ValueError(f"unknown table {table!r}")
        return layout.core_path(self.store.home)

    def table(self, table: str, month: str | None = None) -> Table:
        return self._db(self._path(table, month)).table(table)

    def put(self, record: Record) -> Record:
        """Insert or replace `record` (by its UUID) in the file it belongs to."""
        record = self._stamped(record)
        self.put_dict(record.table, record.to_dict())
        return record

    def insert(self, record: Record) -> Record:
        """Add a record known to be new (a fresh UUID), without looking for an old version."""
        record = self._stamped(record)
        self._write(record.table, record.to_dict(), new=True)
        return record

    def put_dict(self, table: str, data: dict[str, Any]) -> None:
        """Insert `data`, or replace the stored record with its id."""
        self._write(table, data, new=False)

    def _write(self, table: str, data: dict[str, Any], *, new: bool) -> None:
        """One parse and one atomic write of the record's file.

        Not TinyDB's `upsert`: that merges into the old document (a key the new
        version dropped would stay on disk) and, for a new record, parses the file
        three times and writes it twice (an update that matches nothing, then the
        insert). Here the file is parsed once, under the lock, and that parse is
        handed to TinyDB for the change instead of a second one.
        """
        month = month_key(_created(data)) if table in layout.PARTITIONED_TABLES else None
        db = self._db(self._path(table, month))
        storage = db.storage
        assert isinstance(storage, AtomicJSONStorage)
        tables = storage.read() or {}
        documents = tables.get(table, {})
        old_id = None if new else next((key for key, row in documents.items() if row.get("id") == data["id"]), None)
        storage.prime(tables)
        try:
            if old_id is None:
                next_id = max((int(key) for key in documents), default=0) + 1
                db.table(table).insert(Document(data, doc_id=next_id))
            else:

                def replace_document(document: MutableMapping[str, Any]) -> None:
                    document.clear()
                    document.update(data)

                db.table(table).update(replace_document, doc_ids=[int(old_id)])
        finally:
            storage.prime(None)

    def put_many(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Bulk insert of new records (one file write per month touched)."""
        by_month: dict[str | None, list[dict[str, Any]]] = {}
        for row in rows:
            month = month_key(_created(row)) if table in layout.PARTITIONED_TABLES else None
            by_month.setdefault(month, []).append(row)
        for month, group in by_month.items():
            self.table(table, month).insert_multiple(group)

    def get(self, table: str, record_id: str, month: str | None = None) -> dict[str, Any] | None:
        found = self.table(table, month).get(Query().id == record_id)
        return dict(found) if found is not None else None

    def all(self, table: str, month: str | None = None) -> list[dict[str, Any]]:
        return [dict(d) for d in self.table(table, month).all()]

    def delete(self, table: str, record_id: str, month: str | None = None) -> bool:
        return bool(self.table(table, month).remove(Query().id == record_id))


def _created(data: dict[str, Any]) -> datetime:
    from workbook.core.times import from_iso

    return from_iso(data["created_at"])
