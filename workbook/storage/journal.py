"""Changes of many files at once (restore, filling a demo, importing a session pack) are all-or-nothing,
through a journal.

Such a change first makes every new file ready in a folder of its own under `<home>/.staging/`,
then moves things into place by renames. Before each step it writes `db/.journal.json`
(atomically, fsynced) naming the step, the staged folder, the set-aside folder and the files:

- `staging`: the new files are being written to the staged folder; nothing in the home has
  changed. Interrupted here, the change is rolled back: the staged folder (a copy of a backup,
  the made-up demo, or the files an import changed: `storage.staged`) is removed, and the home is as it was.
- `set-aside`: the live database files are being moved into the set-aside folder. Interrupted
  here, the rest are moved, and the change goes on to:
- `swap-in`: the staged files are being moved into `db/`. Interrupted here, the rest are moved.

So a kill at any instant leaves either the old database or the new one once the journal has been
read, which the next lock of the home does before anything else (`Store.locked`, so every open,
save, backup and restore). Files are only ever moved, never deleted, while they are the only copy:
the set-aside folder is kept for the patient, and the staged files are removed only while
the journal says they are still copies (`staging`) or once they have all been moved in.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from workbook.core.errors import UnsafePathError
from workbook.storage import layout, nofollow
from workbook.storage.atomic import fsync_folder, write_atomically
from workbook.storage.layout import journal_path

STAGING, SET_ASIDE, SWAP_IN = "staging", "set-aside", "swap-in"
STEPS = (STAGING, SET_ASIDE, SWAP_IN)
OPS = ("restore", "demo", "import")
_STAGED = re.compile(r"\.staging/(?:restore|demo|import)-[0-9a-f]{8,32}")
_ASIDE = re.compile(r"set-aside/db-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}(?:-[0-9]{1,6})?")
NOT_A_JOURNAL = ("is not a journal this Workbook wrote "
                 "(if no restore, demo or import is running, it is safe to move away)")


@dataclass(frozen=True)
class Entry:
    """What one all-or-nothing change is doing. Paths are relative to the home, and checked."""

    op: str
    step: str
    staged: str  # the folder removed once done, e.g. ".staging/restore-0a1b2c3d"
    source: str  # the folder the new db files are moved from: `staged`, or `staged` + "/db" (demo)
    aside: str | None = None  # where the live files go (restore), e.g. "set-aside/db-2026-11-20T120000"
    files: tuple[str, ...] = ()  # the new database files, relative to db/ (checked names)
    backup: str = ""  # what is being restored, for messages only

    def to_json(self) -> bytes:
        return json.dumps({**dataclasses.asdict(self), "files": list(self.files)}, indent=1).encode()


def read(home: Path) -> Entry | None:
    """The journal of an unfinished change, or None; UnsafePathError if the file is not one of ours."""
    path = journal_path(home)
    try:
        raw = nofollow.read_bytes(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UnsafePathError(path, f"cannot be read ({exc.strerror})") from None
    try:
        data = json.loads(raw)
        entry = Entry(op=data["op"], step=data["step"], staged=data["staged"], source=data["source"],
                      aside=data.get("aside"), files=tuple(data.get("files") or ()), backup=str(data.get("backup", "")))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UnsafePathError(path, NOT_A_JOURNAL) from None
    if not _sound(entry):
        raise UnsafePathError(path, NOT_A_JOURNAL)
    return entry


def _sound(entry: Entry) -> bool:
    """Every name in the journal is one this module writes: nothing can point outside the home."""
    return (entry.op in OPS and entry.step in STEPS
            and isinstance(entry.staged, str) and _STAGED.fullmatch(entry.staged) is not None
            and entry.source in (entry.staged, entry.staged + "/db")
            and (entry.aside is None or (isinstance(entry.aside, str) and _ASIDE.fullmatch(entry.aside) is not None))
            and all(layout.is_data_name(rel) for rel in entry.files))


def write(home: Path, entry: Entry) -> Entry:
    if not _sound(entry):  # pragma: no cover - a bug in the caller, never the patient's doing
        raise ValueError(f"unsound journal entry {entry}")
    write_atomically(journal_path(home), entry.to_json())
    return entry


def clear(home: Path) -> None:
    try:
        os.unlink(journal_path(home))
    except FileNotFoundError:
        return
    fsync_folder(layout.db_dir(home))


def new_staged(home: Path, op: str) -> str:
    """A fresh staged folder's name (relative to the home); created, 0700, by `begin`."""
    return f"{layout.STAGING_DIR}/{op}-{os.urandom(6).hex()}"


def begin(home: Path, entry: Entry) -> Entry:
    """Write the journal (step `staging`), then make the staged folder. Call holding the lock."""
    write(home, dataclasses.replace(entry, step=STAGING))
    nofollow.private_dir(Path(home), Path(home) / entry.staged)
    return entry


def roll_back(home: Path, entry: Entry) -> None:
    """Undo a change still at `staging`: the staged copy goes, the home is as it was."""
    _remove_tree(Path(home) / entry.staged)
    clear(home)
    _remove_empty(Path(home) / layout.STAGING_DIR)


def complete(home: Path, entry: Entry) -> Path | None:
    """Carry a change from its step to the end. Returns the set-aside folder if files went there.

    Call holding the lock, with every staged file durable. Each step is idempotent, so this
    is also how an interrupted change is finished.
    """
    home = Path(home)
    aside = None
    if entry.step in (STAGING, SET_ASIDE) and entry.aside is not None:
        target = home / entry.aside
        entry = write(home, dataclasses.replace(entry, step=SET_ASIDE))
        aside = _set_aside(home, target)
    entry = write(home, dataclasses.replace(entry, step=SWAP_IN))
    _swap_in(home, home / entry.source, entry.files)
    _remove_tree(home / entry.staged)  # only empty folders (and a demo's lock) are left in it now
    clear(home)
    _remove_empty(home / layout.STAGING_DIR)
    return aside


def recover(home: Path) -> str | None:
    """Finish or roll back a change a kill interrupted; a sentence saying which, or None."""
    entry = read(home)
    if entry is None:
        return None
    if entry.step == STAGING:
        roll_back(home, entry)
        return f"An unfinished {entry.op} was rolled back; nothing it would have changed had been changed."
    complete(home, entry)
    return f"An interrupted {entry.op} was finished."


def _set_aside(home: Path, target: Path) -> Path | None:
    """Move every live database file (not the lock, not the journal) into `target`."""
    db = layout.db_dir(home)
    current = layout.data_files(db)
    if not current:
        return target if target.exists() else None
    nofollow.private_dir(home, target)
    parents: set[Path] = set()
    for source in current:
        destination = target / source.relative_to(db)
        nofollow.private_dir(home, destination.parent)
        os.replace(source, destination)  # a rename: a link would move as a link, never be followed
        parents.update((source.parent, destination.parent))
    for folder in parents:
        fsync_folder(folder)
    return target


def _swap_in(home: Path, source: Path, files: tuple[str, ...]) -> None:
    db = layout.db_dir(home)
    nofollow.refuse_links_below(home, source)
    parents: set[Path] = set()
    for rel in files:
        staged = source / rel
        info = nofollow.lstat_or_none(staged)
        if info is None:
            continue  # moved in before the interruption
        if not stat.S_ISREG(info.st_mode):
            raise UnsafePathError(staged, nofollow.NOT_A_FILE)
        destination = db / rel
        nofollow.private_dir(home, destination.parent)
        os.replace(staged, destination)
        parents.update((staged.parent, destination.parent))
    for folder in parents:
        fsync_folder(folder)


def staged_files(home: Path, entry: Entry) -> tuple[str, ...]:
    """The database files now in a demo's staged db folder, as names relative to db/."""
    source = Path(home) / entry.source
    return tuple(p.relative_to(source).as_posix() for p in layout.data_files(source))


def remove_leftovers(home: Path) -> int:
    """Remove staged folders no journal names (a kill before the journal was written). Hold the lock."""
    if read(home) is not None:
        return 0
    root = Path(home) / layout.STAGING_DIR
    info = nofollow.lstat_or_none(root)
    if info is None or not stat.S_ISDIR(info.st_mode):
        return 0
    removed = 0
    for child in root.iterdir():
        _remove_tree(child)
        removed += 1
    _remove_empty(root)
    return removed


def _remove_tree(path: Path) -> None:
    info = nofollow.lstat_or_none(path)
    if info is None:
        return
    if stat.S_ISDIR(info.st_mode):
        shutil.rmtree(path, ignore_errors=True)  # rmtree unlinks links inside, never follows them
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def _remove_empty(folder: Path) -> None:
    try:
        os.rmdir(folder)
    except OSError:
        pass


def describe(entry: Entry) -> str:
    what = {"restore": f"a restore of {entry.backup or 'a backup'}", "demo": "filling a demo",
            "import": "importing a session pack"}[entry.op]
    return f"{what} was interrupted at its '{entry.step}' step"
