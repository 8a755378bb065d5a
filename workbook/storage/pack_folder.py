"""A folder of review packs that patients sent: which files are packs, and their bytes.

The folder is the practitioner's own (an email attachment folder, a USB stick), so it is only
read. Packs are `*.json` and `*.age` files in it or in one level of subfolders (a folder per
patient); the HTML page and FHIR Bundle written beside each pack are not packs and are passed over. Each file is read on its own: one that cannot be read gives its reason and the rest
still load. A file far bigger than any review pack is not read at all.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from workbook.core.errors import WorkbookError
from workbook.core.inputs import shown_path

__all__ = ["PACK_LIMIT", "PACK_SUFFIXES", "FolderError", "check_folder", "PackFile", "pack_files", "read_pack"]

PACK_SUFFIXES = (".json", ".age")
#: What the review-pack writer puts beside each pack: its HTML page and its FHIR Bundle (plain or sealed).
COMPANIONS = (".fhir.json", ".fhir.json.age", ".html.age")
PACK_LIMIT = 32 * 1024 * 1024  # a five-year pack is well under 2 MB
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class FolderError(WorkbookError):
    """The caseload folder itself cannot be read (missing, a file, no permission)."""


@dataclass(frozen=True)
class PackFile:
    """One file that may be a review pack: where it is, and its bytes or why it could not be read."""

    path: Path
    data: bytes | None
    problem: str = ""  # a few words, when `data` is None

    @property
    def sealed(self) -> bool:
        return self.path.name.lower().endswith(".age")


def check_folder(folder: Path) -> None:
    """FolderError when `folder` is not a folder that can be read."""
    where = shown_path(folder)
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        raise FolderError(f"The folder {where} does not exist.") from None
    except OSError as exc:
        raise FolderError(f"The folder {where} cannot be read: {exc.strerror or exc}.") from None
    if not stat.S_ISDIR(info.st_mode):
        raise FolderError(f"{where} is a file, not a folder; give the folder the review packs are in.")
    if not os.access(folder, os.R_OK | os.X_OK):
        raise FolderError(f"The folder {where} cannot be read: Permission denied.")


def pack_files(folder: Path) -> list[PackFile]:
    """Every `*.json`/`*.age` file in `folder` and its immediate subfolders, by path, read."""
    where = shown_path(folder)
    check_folder(folder)
    try:
        top = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise FolderError(f"The folder {where} cannot be read: {exc.strerror or exc}.") from None
    found: list[Path] = []
    for entry in top:
        if entry.name.startswith("."):
            continue
        if _is_pack_name(entry.name):
            found.append(Path(entry.path))
        elif _is_dir(entry):
            try:
                inner = sorted(os.scandir(entry.path), key=lambda e: e.name)
            except OSError:
                continue  # a subfolder we may not read is someone else's
            found.extend(Path(e.path) for e in inner if not e.name.startswith(".") and _is_pack_name(e.name))
    return [read_pack(path) for path in found]


def read_pack(path: Path) -> PackFile:
    """The bytes of one pack file, or the reason it cannot be read (never an exception)."""
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        return PackFile(path, None, "the file went away while the folder was read")
    except OSError as exc:
        return PackFile(path, None, f"cannot be read: {exc.strerror or exc}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return PackFile(path, None, "not a plain file")
        if info.st_size > PACK_LIMIT:
            return PackFile(path, None, f"far too big for a review pack ({info.st_size // (1024 * 1024)} MB)")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return PackFile(path, b"".join(chunks))
    except OSError as exc:
        return PackFile(path, None, f"cannot be read: {exc.strerror or exc}")
    finally:
        os.close(fd)


def _is_pack_name(name: str) -> bool:
    low = name.lower()
    return low.endswith(PACK_SUFFIXES) and not low.endswith(COMPANIONS)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
