"""A TinyDB storage that never leaves a half-written file behind.

TinyDB's own JSONStorage rewrites the live file in place (seek, write,
truncate), so a kill at the wrong moment leaves trailing bytes. Here every
write goes to a temp file in the same folder, is flushed and fsynced, then
atomically replaces the live file, and the folder is fsynced so the rename
itself survives a power cut. Readers therefore always see a whole file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from workbook.core.errors import StorageError
from workbook.storage import json_codec, nofollow

TEMP_SUFFIX = ".tmp"


class DamagedFileError(Exception):
    """The file exists but is not a Workbook/TinyDB JSON document."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"{path}: {detail}")
        self.path = path
        self.detail = detail


def read_json_file(path: Path) -> dict[str, Any] | None:
    """Parse a database file; None if it does not exist, DamagedFileError if it is not valid."""
    try:
        raw = nofollow.read_bytes(path)  # a symbolic link is refused (UnsafePathError), never read through
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DamagedFileError(path, f"cannot be read ({exc.strerror})") from exc
    return parse_json_bytes(path, raw)


def parse_json_bytes(path: Path, raw: bytes) -> dict[str, Any]:
    """Parse the bytes of a database file read from `path`; DamagedFileError if they are not one."""
    if not raw:
        raise DamagedFileError(path, "is empty")
    try:
        data = json_codec.loads(raw)
    except (UnicodeDecodeError, json_codec.DecodeError) as exc:
        raise DamagedFileError(path, f"is not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise DamagedFileError(path, "does not hold Workbook tables")
    return data


def write_atomically(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload` so that it is either wholly old or wholly new."""
    temp = write_temp(path, payload)
    try:
        os.replace(temp, path)
    except OSError as exc:
        _remove_quietly(temp)
        raise _save_failed(path, exc) from exc
    fsync_folder(path.parent)


def write_temp(path: Path, payload: bytes) -> Path:
    """Write `payload` to a new, fsynced temp file beside `path` and return it.

    The caller renames it over `path` (or removes it). On failure nothing is
    left behind and StorageError says why.
    """
    temp = path.parent / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}{TEMP_SUFFIX}"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | nofollow.NOFOLLOW, 0o600)
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        _remove_quietly(temp)
        raise _save_failed(path, exc) from exc
    return temp


def _save_failed(path: Path, exc: OSError) -> StorageError:
    return StorageError(f"Could not save to {path} ({exc.strerror or exc}); nothing saved before was changed.")


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temps(folder: Path) -> int:
    """Delete temp files a killed writer left. Call only while holding the store lock."""
    removed = 0
    for path, info in nofollow.walk(folder):  # links are never entered: only the home's own temps go
        if path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX) and stat.S_ISREG(info.st_mode):
            _remove_quietly(path)
            removed += 1
    return removed


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


class AtomicJSONStorage(Storage):
    """TinyDB Storage: whole-file atomic, durable writes; refuses to read a damaged file.

    A damaged file raises DamagedFileError on read, and since every write is a
    read-modify-write under the store lock, a damaged file is never overwritten.
    """

    def __init__(self, path: str | os.PathLike[str], read_only: bool = False) -> None:
        super().__init__()
        self.path = Path(path)
        self.read_only = read_only
        self._primed: dict[str, Any] | None = None

    def prime(self, data: dict[str, Any] | None) -> None:
        """Make the next read return `data` (parsed just now, under the lock) instead of
        parsing the file again; once only. The caller must not keep or share `data`."""
        self._primed = data

    def read(self) -> dict[str, Any] | None:
        if self._primed is not None:
            data, self._primed = self._primed, None
            return data
        return read_json_file(self.path)

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            raise RuntimeError(f"{self.path} was opened read-only")
        payload = json_codec.dumps(data)
        write_atomically(self.path, payload)

    def close(self) -> None:
        pass
