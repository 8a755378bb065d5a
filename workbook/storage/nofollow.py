"""Never follow a symbolic link inside the home (or a backup): lstat checks and O_NOFOLLOW opens.

A link planted where Workbook keeps its own folders and files (`db/attempts`, `db/.lock`,
`backups`, `set-aside`, ...) would send the patient's records somewhere else, or make Workbook
write into, or chmod, whatever the link points at. Every folder the workbook makes or uses
inside its home is checked here, component by component, and files are opened with
O_NOFOLLOW, so a link is refused with `UnsafePathError` naming it and its target is never
touched.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from workbook.core.errors import UnsafePathError

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
NOT_A_FOLDER = "is a file, not a folder"
NOT_A_FILE = "is not a plain file"


def lstat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None


def is_link(path: Path) -> bool:
    info = lstat_or_none(path)
    return info is not None and stat.S_ISLNK(info.st_mode)


def refuse_link(path: Path) -> None:
    """UnsafePathError if `path` is a symbolic link (a missing path is fine)."""
    if is_link(path):
        raise UnsafePathError(path)


def refuse_links_below(root: Path, path: Path) -> None:
    """UnsafePathError if any part of `path` below `root` (root itself not included) is a link."""
    try:
        parts = Path(path).relative_to(root).parts
    except ValueError:
        raise UnsafePathError(path, f"is outside {root}") from None
    current = Path(root)
    for part in parts:
        current = current / part
        info = lstat_or_none(current)
        if info is None:
            return
        if stat.S_ISLNK(info.st_mode):
            raise UnsafePathError(current)


def private_dir(root: Path, path: Path) -> Path:
    """Create `path` and any missing folders between `root` and it, each 0700, never following a link.

    An existing folder on the way is tightened to 0700 (these are the workbook's own folders);
    a link or a file on the way is refused with UnsafePathError, before anything is changed there.
    """
    try:
        parts = Path(path).relative_to(root).parts
    except ValueError:
        raise UnsafePathError(path, f"is outside {root}") from None
    current = Path(root)
    for part in parts:
        current = current / part
        _one_private_dir(current)
    return Path(path)


def _one_private_dir(path: Path) -> None:
    info = lstat_or_none(path)
    if info is None:
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise UnsafePathError(path)
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafePathError(path, NOT_A_FOLDER)
    if os.name != "posix" or stat.S_IMODE(info.st_mode) == 0o700:
        return
    try:
        fd = os.open(path, os.O_RDONLY | _DIRECTORY | NOFOLLOW)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):  # swapped for a link since the check
            raise UnsafePathError(path) from None
        raise
    try:
        os.fchmod(fd, 0o700)
    finally:
        os.close(fd)


def read_bytes(path: Path) -> bytes:
    """A plain file's bytes; UnsafePathError if it is a link (or a device, a FIFO, a folder).

    FileNotFoundError and other OSErrors pass through for the caller to word.
    """
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW | _NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.EMLINK and NOFOLLOW):  # EMLINK: FreeBSD's word
            raise UnsafePathError(path) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafePathError(path, NOT_A_FILE)
        chunks = []
        while True:
            chunk = os.read(fd, max(info.st_size, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def walk(root: Path) -> list[tuple[Path, os.stat_result]]:
    """Everything below `root` (root included) with its lstat, links listed but never entered."""
    found: list[tuple[Path, os.stat_result]] = []
    info = lstat_or_none(root)
    if info is None:
        return found
    found.append((Path(root), info))
    if not stat.S_ISDIR(info.st_mode):
        return found
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in sorted(dirs) + sorted(files):
            path = Path(folder) / name
            entry = lstat_or_none(path)
            if entry is not None:
                found.append((path, entry))
        dirs.sort()
    return found
