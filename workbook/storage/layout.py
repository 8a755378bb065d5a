"""Where each table lives on disk, and the owner-only permissions of the home.

Small, slowly growing tables share one core file. Tables that grow with
every day of use (attempts, events, reminders sent) get one file per UTC month
of their record's creation, so a write rewrites one small file however long
the history is, while reads that need everything walk all the months.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from workbook.storage.nofollow import private_dir, refuse_link

CORE_TABLES = ("_meta", "settings", "plans", "supporters", "responses", "session_notes", "questions", "snoozes",
               "pauses", "plan_versions", "session_packs", "suggestions", "consents")
PARTITIONED_TABLES = ("attempts", "events", "reminders")
DB_DIR = "db"
CORE_FILE = "core.json"
LOCK_FILE = ".lock"
BACKUPS_DIR = "backups"
SET_ASIDE_DIR = "set-aside"
JOURNAL_FILE = ".journal.json"  # in db/: the step a restore, demo or import has reached (see storage.journal)
STAGING_DIR = ".staging"  # in the home: new files made ready before they are moved in
MESSAGES_DIR = "messages"
REPORTS_DIR = "reports"
DRAFTS_FILE = "drafts.json"
#: The only names a database file (or a backup's copy of one) may have, relative to db/.
_DATA_NAME = re.compile(r"core\.json|(?:" + "|".join(PARTITIONED_TABLES) + r")/[0-9]{4}-[0-9]{2}\.json")


def is_data_name(rel: object) -> bool:
    """True for "core.json" or "<table>/<YYYY-MM>.json": a plain relative name, no "..", no other folder."""
    return isinstance(rel, str) and _DATA_NAME.fullmatch(rel) is not None


def table_of(rel: str) -> str | None:
    """The monthly table a data file holds ("attempts/2026-11.json" -> "attempts"); None for core.json."""
    return rel.split("/", 1)[0] if "/" in rel else None


def db_dir(home: Path) -> Path:
    return home / DB_DIR


def core_path(home: Path) -> Path:
    return db_dir(home) / CORE_FILE


def journal_path(home: Path) -> Path:
    """Where an unfinished restore, demo or import says how far it got (see storage.journal)."""
    return db_dir(home) / JOURNAL_FILE


def partition_path(home: Path, table: str, month: str) -> Path:
    return db_dir(home) / table / f"{month}.json"


def partition_months(home: Path, table: str) -> list[str]:
    """The months that have a file for `table`, oldest first."""
    folder = db_dir(home) / table
    refuse_link(folder)
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if not p.name.startswith("."))


def data_files(root: Path) -> list[Path]:
    """Every database file under a db folder (or a backup of one), relative paths sorted."""
    core = root / CORE_FILE
    files = [core] if core.exists() or core.is_symlink() else []
    for table in PARTITIONED_TABLES:
        folder = root / table
        refuse_link(folder)  # a linked table folder is refused, never walked
        if folder.is_dir():
            files.extend(sorted(p for p in folder.glob("*.json") if not p.name.startswith(".")))
    return files


def make_private_dir(path: Path) -> Path:
    """Create `path`, and any parents missing, readable by its owner only (0700, whatever the umask).

    A folder that already exists is left exactly as it is: Workbook sets the mode only of
    folders it makes itself (a shared 1777 folder given as --home keeps its sticky bit).
    Raises OSError (FileExistsError, NotADirectoryError...) when a folder cannot be made.
    """
    path = Path(path)
    missing = []
    probe = path
    while not probe.is_dir():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            if folder.is_dir():  # made meanwhile by another process: theirs to set
                continue
            raise
        _owner_only(folder)
    return path


def _owner_only(folder: Path) -> None:
    """chmod 0700 the folder just made, through a handle, so a swapped-in link is not followed."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0))
    try:
        if stat.S_IMODE(os.fstat(fd).st_mode) != 0o700:
            os.fchmod(fd, 0o700)
    finally:
        os.close(fd)


def private_subdir(home: Path, *parts: str) -> Path:
    """`home/parts...`, created 0700 where missing; a link or a file on the way is refused (never followed)."""
    return private_dir(Path(home), Path(home).joinpath(*parts))


def database_paths(home: Path) -> list[Path]:
    """The places every read and save of the database goes through (each must not be a link).

    The home's other folders (backups, set-aside, messages, reports) are checked where they are
    used, so a link planted there stops only the work that would go through it.
    """
    db = db_dir(home)
    return [db, db / LOCK_FILE, db / CORE_FILE, db / JOURNAL_FILE, *(db / t for t in PARTITIONED_TABLES),
            home / STAGING_DIR]


def refuse_links(home: Path) -> None:
    """UnsafePathError naming the first of the database's own places that is a symbolic link."""
    for path in database_paths(home):
        refuse_link(path)
