"""Files Workbook writes for the user (report, export, calendar): owner-only, never half-written.

They hold health information, so they are created readable by their owner
only (0600), in folders made 0700, and written through a temp file so a
crash never leaves a truncated report that looks complete.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from workbook.core.errors import WorkbookError
from workbook.storage.layout import make_private_dir


def write_private(path: Path, data: str | bytes) -> Path:
    """Write `data` to `path` (replacing it) with 0600 permissions; returns the absolute path."""
    path = Path(path).expanduser().absolute()
    if path.is_dir():
        raise WorkbookError(f"{path} is a folder; please give a file name.")
    if not path.parent.is_dir():
        raise WorkbookError(f"The folder {path.parent} does not exist.")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o600)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise WorkbookError(f"Could not write {path}: {exc.strerror or exc}.") from None
    return path


def private_folder(path: Path) -> Path:
    """Create a folder for exported files (0700); an existing one is used as it is."""
    path = Path(path).expanduser().absolute()
    if path.exists():
        if not path.is_dir():
            raise WorkbookError(f"{path} is a file, not a folder.")
        return path  # the user's own folder: its permissions are theirs to choose
    try:
        return make_private_dir(path)
    except OSError as exc:
        raise WorkbookError(f"Could not create the folder {path}: {exc.strerror or exc}.") from None
