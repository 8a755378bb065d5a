"""Where backups live, and tidying what a killed backup or prune left there.

Kept apart from reading and making backups, so opening a home (which tidies under the lock
every time, a reminder pass included) loads only this, not the backup index.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from workbook.storage import layout, nofollow

PARTIAL_PREFIX = ".partial-"  # a backup being made: renamed into place once whole
REMOVING_PREFIX = ".removing-"  # an old backup being pruned: renamed first, so it never looks whole


def backups_dir(home: Path) -> Path:
    return Path(home) / layout.BACKUPS_DIR


def is_real_dir(path: Path) -> bool:
    """A folder, not a link to one."""
    info = nofollow.lstat_or_none(path)
    return info is not None and stat.S_ISDIR(info.st_mode)


def remove_partial(home: Path) -> int:
    """Remove what a killed backup or prune left (hidden, never a whole backup). Hold the lock."""
    folder = backups_dir(home)
    if not is_real_dir(folder):
        return 0
    removed = 0
    for entry in folder.iterdir():
        if entry.name.startswith((PARTIAL_PREFIX, REMOVING_PREFIX)):
            remove_tree(entry)
            removed += 1
    return removed


def remove_tree(path: Path) -> None:
    """Remove a folder (or a file, or a link itself), quietly; never follows a link."""
    info = nofollow.lstat_or_none(path)
    if info is None:
        return
    if stat.S_ISDIR(info.st_mode):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass
