"""The store: durable, lock-protected reads and writes of Workbook's tables.

Every read-modify-write happens inside `transaction()`, which holds an
exclusive cross-process lock and opens fresh TinyDB instances (TinyDB caches
queries and its next id per instance, which go stale across processes).
Plain reads need no lock: writes replace whole files atomically, so a reader
sees either the old or the new file, never a torn one.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from tinydb import TinyDB
from tinydb.table import Document, Table

from workbook.core.errors import BusyError, CorruptDataError, StorageError, UnsafePathError
from workbook.core.records import Record
from workbook.core.times import month_key
from workbook.storage import layout, nofollow
from workbook.storage.atomic import AtomicJSONStorage, DamagedFileError, read_json_file
from workbook.storage.checked import RecordProblem, check_row, check_rows
from workbook.storage.lock import HomeLock, LockTimeout

LOCK_TIMEOUT_SECONDS = 30.0
R = TypeVar("R", bound=Record)
Keep = Callable[[dict[str, Any]], bool]


class Store:
    """One Workbook home's database. Open with `storage.opening.open_store(home, now=...)`."""

    def __init__(self, home: Path, *, lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        self.home = Path(home)
        self.db = layout.db_dir(self.home)
        self._lock = HomeLock(self.db / layout.LOCK_FILE, timeout=lock_timeout)
        #: Records that did not fit the model when read: (file, table) -> {record number: problem}.
        self.problems: dict[tuple[Path, str], dict[str, RecordProblem]] = {}
        #: What the last lock found and did about a change a kill interrupted (see storage.journal).
        self.recovered = ""

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the home's exclusive lock (re-entrant within one thread).

        Taking it (not re-entering it) first refuses a symbolic link planted at any of the home's
        own places, then finishes or rolls back a restore, demo or import that a kill interrupted, so
        nothing is ever read or written in a half-changed home.
        """
        outer = not self._lock.held
        if outer:
            layout.refuse_links(self.home)
        try:
            self._lock.acquire()
        except LockTimeout:
            raise BusyError(
                "Another Workbook window or reminder is saving right now; please try again in a moment."
            ) from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise UnsafePathError(self._lock.path) from None
            raise StorageError(f"Could not open {self._lock.path} ({exc.strerror or exc}); nothing was changed.") from None
        try:
            if outer and nofollow.lstat_or_none(layout.journal_path(self.home)) is not None:
                self._recover()
            yield
        finally:
            self._lock.release()

    def _recover(self) -> None:
        from workbook.storage import journal  # only when a journal is there: most opens have none to read

        try:
            self.recovered = journal.recover(self.home) or ""
        except OSError as exc:
            raise StorageError(
                f"An interrupted restore, demo or import could not be finished ({exc.strerror or exc}); nothing was deleted, "
                f"and the next command tries again ({layout.journal_path(self.home)} says where the files are)."
            ) from None

    # -- reading -----------------------------------------------------------------

    def read_file(self, path: Path) -> dict[str, Any]:
        """All tables of one database file ({} if missing); CorruptDataError if damaged.

        A symbolic link on the way (db/, a table folder, the file) is refused, never read through.
        """
        nofollow.refuse_links_below(self.home, path)
        try:
            return read_json_file(path) or {}
        except DamagedFileError as exc:
            raise self.corrupt(exc) from None

    def corrupt(self, exc: DamagedFileError) -> CorruptDataError:
        from workbook.storage import backup_index  # only for a damaged file: which backup would restore it

        return CorruptDataError(exc.path, backup_index.newest_good(self.home), exc.detail)

    def read_core(self) -> dict[str, list[dict[str, Any]]]:
        """Every core table's stored rows, unchecked, from one parse of the core file (see `core()`)."""
        data = self.read_file(layout.core_path(self.home))
        return {name: [row for row in data.get(name, {}).values() if isinstance(row, dict)] for name in layout.CORE_TABLES}

    def read_table(self, table: str) -> list[dict[str, Any]]:
        if table in layout.PARTITIONED_TABLES:
            return list(self.read_partitioned(table))
        return self.read_core()[table]

    def months(self, table: str) -> list[str]:
        return layout.partition_months(self.home, table)

    def read_partitioned(self, table: str, months: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
        """Stored rows of a monthly table, oldest month first; only `months` if given.

        Raw and unchecked (rows that are not even objects are left out): for migrations and
        counting. Code that uses records reads them through `records()`, which validates them.
        """
        wanted = self.months(table) if months is None else sorted(set(months))
        for month in wanted:
            data = self.read_file(layout.partition_path(self.home, table, month))
            yield from (row for row in data.get(table, {}).values() if isinstance(row, dict))

    # -- reading records (validated) ------------------------------------------------

    def records(self, cls: type[R], months: Iterable[str] | None = None, *, keep: Keep | None = None) -> list[R]:
        """The stored records of `cls`'s table, each validated by the model as it is read.

        A record that does not fit is skipped (and left exactly as it is); its problem is kept
        in `problems` for `doctor` and for refusing work on that record. `months` limits a
        monthly table; `keep` picks rows before they are built (building is the costly part).
        """
        if cls.table not in layout.PARTITIONED_TABLES:
            return self.core().get(cls, keep=keep)
        wanted = self.months(cls.table) if months is None else sorted(set(months))
        found: list[R] = []
        for month in wanted:
            path = layout.partition_path(self.home, cls.table, month)
            found.extend(self.checked(cls, path, self.read_file(path).get(cls.table, {}), keep))
        return found

    def core(self) -> "CoreRecords":
        """One parse of the core file, from which each table's validated records can be taken."""
        path = layout.core_path(self.home)
        return CoreRecords(self, path, self.read_file(path))

    def checked(self, cls: type[R], path: Path, rows: MutableMapping[str, Any] | dict[str, Any],
                keep: Keep | None = None) -> list[R]:
        """Validate `rows` (one table of the file at `path`), noting the problems of those that do not fit."""
        found, bad = check_rows(cls, path, rows, keep)
        key = (Path(path), cls.table)
        if keep is None:
            if bad:
                self.problems[key] = bad
            else:
                self.problems.pop(key, None)
        elif bad:
            self.problems.setdefault(key, {}).update(bad)
        return found

    def record_problems(self, table: str | None = None) -> list[RecordProblem]:
        """Problems of the records read so far that did not fit (one table's, if given)."""
        return [problem for (_, name), bad in list(self.problems.items()) if table in (None, name)
                for problem in bad.values()]

    def problem_for(self, table: str, ref: str) -> RecordProblem | None:
        """The problem of a skipped record of `table` whose id starts with `ref`, if there is one."""
        ref = (ref or "").strip().lower()
        if not ref:
            return None
        return next((p for p in self.record_problems(table) if p.record_id.lower().startswith(ref)), None)

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
            nofollow.private_dir(self.store.home, path.parent)  # db/<table>/ is made here, never through a link
            nofollow.refuse_link(path)
            self._dbs[path] = TinyDB(path, storage=AtomicJSONStorage)
        return self._dbs[path]

    def _raw(self, table: str, month: str | None) -> tuple[Path, dict[str, Any]]:
        """(file, {record number: stored row}) of `table`, parsed now, under the lock."""
        path = self._path(table, month)
        storage = self._db(path).storage
        assert isinstance(storage, AtomicJSONStorage)
        rows = (storage.read() or {}).get(table, {})
        _check_numbers(path, rows)
        return path, rows

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
        path = self._path(table, month)
        db = self._db(path)
        storage = db.storage
        assert isinstance(storage, AtomicJSONStorage)
        tables = storage.read() or {}
        documents = tables.get(table, {})
        _check_numbers(path, documents)
        old_id = None if new else next(
            (key for key, row in documents.items() if isinstance(row, dict) and row.get("id") == data["id"]), None)
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
            self._raw(table, month)  # refuses a file whose record numbers TinyDB could not count on
            self.table(table, month).insert_multiple(group)

    def get(self, table: str, record_id: str, month: str | None = None) -> dict[str, Any] | None:
        _, rows = self._raw(table, month)
        return next((dict(row) for row in rows.values() if isinstance(row, dict) and row.get("id") == record_id), None)

    def all(self, table: str, month: str | None = None) -> list[dict[str, Any]]:
        """The stored rows, unchecked (for migrations); a row that is not an object is left out, untouched."""
        _, rows = self._raw(table, month)
        return [dict(row) for row in rows.values() if isinstance(row, dict)]

    def records(self, cls: type[R], month: str | None = None, *, keep: Keep | None = None) -> list[R]:
        """The records of `cls`'s table, validated as read (see `Store.records`), under the lock."""
        path, rows = self._raw(cls.table, month)
        return self.store.checked(cls, path, rows, keep)

    def record(self, cls: type[R], record_id: str, month: str | None = None) -> R | None:
        """The stored record with this id, validated; None if there is none; BadRecordError if it does not fit."""
        path, rows = self._raw(cls.table, month)
        for key, row in rows.items():
            if isinstance(row, dict) and row.get("id") == record_id:
                result = check_row(cls, path, key, row)
                if isinstance(result, RecordProblem):
                    raise result.error()
                return result
        return None

    def delete(self, table: str, record_id: str, month: str | None = None) -> bool:
        _, rows = self._raw(table, month)
        keys = [int(key) for key, row in rows.items() if isinstance(row, dict) and row.get("id") == record_id]
        if not keys:
            return False
        self.table(table, month).remove(doc_ids=keys)
        return True


class CoreRecords:
    """The core file as parsed once; `get(cls)` gives one table's validated records."""

    def __init__(self, store: Store, path: Path, data: dict[str, Any]) -> None:
        self.store = store
        self.path = path
        self.data = data

    def get(self, cls: type[R], *, keep: Keep | None = None) -> list[R]:
        return self.store.checked(cls, self.path, self.data.get(cls.table, {}), keep)


def _check_numbers(path: Path, rows: dict[str, Any]) -> None:
    """TinyDB numbers the records in a file; one it cannot count (a key like "x") makes the file unusable."""
    for key in rows:
        if not str(key).isdigit():
            raise DamagedFileError(path, f"has a record numbered {str(key)[:20]!r}, which is not a whole number")


def _created(data: dict[str, Any]) -> datetime:
    from workbook.core.times import from_iso

    return from_iso(data["created_at"])
