"""Every file Workbook writes for the user (report, calendar, export, messages, review packs).

One function, `write_output`, so every output keeps the same promises:

- `-` and `/dev/stdout` mean standard output;
- a device or a FIFO (`/dev/null`, a named pipe) is written *into* with a plain open and
  write; it is never replaced by a regular file;
- a path inside the home's own data (the home folder itself, `db/`, `backups/`,
  `set-aside/`) is refused, judged by the real path after every symlink, so a link into
  the home is refused too and the database can never be overwritten by a report;
- anything else is written to a new file made 0600 (whatever the umask), flushed and
  fsynced, then renamed into place, so a crash never leaves a half-written file that
  looks complete. A symlink to a file outside the home is followed, as a shell would.

`output_folder` is the same for a folder to write into (`export --out`).
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from workbook.core.errors import WorkbookError
from workbook.core.inputs import shown_path
from workbook.storage import layout
from workbook.storage.atomic import fsync_folder

STDOUT_NAMES = frozenset({"-", "/dev/stdout"})
#: The parts of a home that hold its data; nothing is ever written into them from outside.
DATA_FOLDERS = (layout.DB_DIR, layout.BACKUPS_DIR, layout.SET_ASIDE_DIR)
TEMP_SUFFIX = ".tmp"


class OutputError(WorkbookError):
    """An output file or folder that cannot (or must not) be written."""


@dataclass(frozen=True)
class Written:
    """Where an output went: a file (`path`), or standard output (`path` is None)."""

    path: Path | None
    special: bool = False  # written into a device or FIFO

    @property
    def to_stdout(self) -> bool:
        return self.path is None

    def __str__(self) -> str:
        return "standard output" if self.path is None else str(self.path)


def write_output(target: str | os.PathLike[str], data: str | bytes, *, home: Path | None) -> Written:
    """Write `data` to `target` as described above; `home` is the workbook whose data is protected."""
    text = os.fspath(target)
    if not text.strip():
        raise OutputError("The output file name is empty; please give a file name (or - for the screen).")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if text in STDOUT_NAMES:
        _to_stdout(payload)
        return Written(None)
    path = _absolute(text)
    info = _stat(path)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{shown_path(path)} is a folder; please give a file name.")
    if home is not None and in_home_data(path, home, folder=False):
        raise OutputError(_refusal(path, home))
    if info is not None and _is_special(info):
        _into_special(path, payload)
        return Written(path, special=True)
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{shown_path(path)} is not a file Workbook can write to; please give another name.")
    real = Path(os.path.realpath(path))  # a link to a file outside the home: write where it leads
    if not real.parent.is_dir():
        raise OutputError(f"The folder {shown_path(path.parent)} does not exist.")
    _replace(real, payload, shown=path)
    return Written(path)


def output_folder(target: str | os.PathLike[str], *, home: Path | None) -> Path:
    """A folder to write output files into: refused inside the home's data; made 0700 if new.

    An existing folder is used as it is (its permissions are its owner's to choose).
    """
    text = os.fspath(target)
    if not text.strip():
        raise OutputError("The output folder's name is empty; please give a folder.")
    path = _absolute(text)
    if home is not None and in_home_data(path, home, folder=True):
        raise OutputError(f"{shown_path(path)} is inside the workbook's own data folder; "
                          "please export to a folder outside it.")
    info = _stat(path)
    if info is not None:
        if not stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{shown_path(path)} is a file, not a folder.")
        return path
    try:
        return layout.make_private_dir(path)
    except OSError as exc:
        raise OutputError(f"Could not create the folder {shown_path(path)}: {exc.strerror or exc}.") from None


def in_home_data(path: Path, home: Path, *, folder: bool) -> bool:
    """Would writing `path` (a file, or with `folder` a folder) land in the home's own data?

    Judged on real paths (every symlink followed) and on the folders' identities (device and
    inode), so neither a link, a second spelling nor a bind mount gets round it. For a file,
    the home folder itself counts as data; for a folder, being the home does.
    """
    real = Path(os.path.realpath(path))
    home_real = Path(os.path.realpath(home))
    own = real if folder else real.parent
    above = (real, *real.parents)
    if own == home_real or any(home_real / name in above for name in DATA_FOLDERS):
        return True  # by name: also a data folder that does not exist yet
    home_id = _identity(home_real)
    protected = {i for i in (_identity(Path(home) / name) for name in DATA_FOLDERS) if i is not None}
    if home_id is not None and _identity(own) == home_id:
        return True
    return any(identity in protected for identity in map(_identity, above))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _refusal(path: Path, home: Path) -> str:
    return (f"{shown_path(path)} is inside the workbook's own data folder ({shown_path(home)}), and writing "
            "there could overwrite your saved work; please choose a file outside it.")


def _absolute(text: str) -> Path:
    try:
        return Path(text).expanduser().absolute()
    except (OSError, RuntimeError) as exc:  # RuntimeError: '~someone' with no such user
        raise OutputError(f"{shown_path(text)} cannot be used: {exc}.") from None


def _stat(path: Path) -> os.stat_result | None:
    """What writing to `path` would reach (links followed); None if nothing is there yet."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise OutputError(f"{shown_path(path)} cannot be written: a part of it is a file, not a folder.") from None
    except OSError as exc:
        raise OutputError(f"Could not write {shown_path(path)}: {exc.strerror or exc}.") from None


def _is_special(info: os.stat_result) -> bool:
    return stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) or stat.S_ISFIFO(info.st_mode)


def _to_stdout(payload: bytes) -> None:
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    stream.flush()
    if buffer is not None:
        buffer.write(payload)
        buffer.flush()
    else:  # a text-only stream (tests capture stdout this way)
        stream.write(payload.decode("utf-8"))
        stream.flush()


def _into_special(path: Path, payload: bytes) -> None:
    """Write into a device or FIFO as a shell's `>` would: never create, never rename over it."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
        try:
            _write_all(fd, payload)
        finally:
            os.close(fd)
    except OSError as exc:
        raise OutputError(f"Could not write {shown_path(path)}: {exc.strerror or exc}.") from None


def _replace(path: Path, payload: bytes, *, shown: Path) -> None:
    """A new 0600 file beside `path`, written, fsynced, then renamed over it (atomic)."""
    temp = path.parent / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}{TEMP_SUFFIX}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(temp, flags, 0o600)
        try:
            if os.name == "posix":
                os.fchmod(fd, 0o600)  # explicitly: the umask may have taken bits away
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise OutputError(f"Could not write {shown_path(shown)}: {exc.strerror or exc}.") from None
    fsync_folder(path.parent)


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]
