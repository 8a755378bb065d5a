"""Which folder is the user's Workbook home (--home, else WORKBOOK_HOME, else the platform's),
and whether Workbook may keep its data there.

A home must be a folder (or a name Workbook can make into one) that belongs to the person
running Workbook and that they can write to; never a file, a device, a system folder such
as /proc, or someone else's folder. Each refusal is one `HomeError` line saying what to do.
An existing folder is used as it is (its mode is its owner's to choose); a new one is made
0700, with any parents it needs.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from workbook.core.errors import WorkbookError
from workbook.core.inputs import argument_problem, shown_path

ENV_VAR = "WORKBOOK_HOME"
#: Folders of the operating system itself, never a place for a person's data.
SYSTEM_FOLDERS = (Path("/proc"), Path("/sys"), Path("/dev"))


class HomeError(WorkbookError):
    """The data folder cannot be used (a file, read-only, another user's...)."""


def resolve_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit is not None:
        return _absolute(os.fspath(explicit), "--home")
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return _absolute(from_env, ENV_VAR)
    import platformdirs  # only here: the reminder timer always names its home with --home

    return Path(platformdirs.user_data_dir("workbook", appauthor=False))


def _absolute(text: str, source: str) -> Path:
    problem = argument_problem(text, is_path=True)
    if problem is not None:
        raise HomeError(f"{source} {problem}.")
    try:
        return Path(text).expanduser().resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: '~someone' with no such user
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise HomeError(f"{source} {shown_path(text)} cannot be used: {reason}.") from None


def home_problem(home: Path, *, check_writable: bool = True) -> str | None:
    """Why `home` cannot hold a workbook, or None if it can (it may not exist yet)."""
    home = Path(home)
    try:
        info: os.stat_result | None = os.stat(home)
    except (FileNotFoundError, NotADirectoryError):  # not there yet (perhaps under a file: said below)
        info = None
    except OSError as exc:
        return f"The data folder {shown_path(home)} cannot be used: {exc.strerror or exc}."
    if info is not None and not stat.S_ISDIR(info.st_mode):
        kind = "a file" if stat.S_ISREG(info.st_mode) else "a device or other special file"
        return (f"{shown_path(home)} is {kind}, not a folder; please give --home (or {ENV_VAR}) a folder, "
                "or the name of a new one.")
    if os.name == "posix" and any(home == f or f in home.parents for f in SYSTEM_FOLDERS):
        return (f"{shown_path(home)} is a system folder; please choose a folder of your own "
                "for Workbook's data (--home DIR).")
    inside = _inside_another_home(home)
    if inside is not None:
        return (f"{shown_path(home)} is inside the data of the workbook at {shown_path(inside)}; "
                f"please give --home {shown_path(inside)} itself, or a folder of its own.")
    if info is None:
        return _new_home_problem(home)
    if _other_owner(info):
        return (f"{shown_path(home)} belongs to another user (user id {info.st_uid}); Workbook keeps each "
                "person's data in a folder of their own. Run Workbook as that user, or choose another folder.")
    for folder in (home, home / "db") if check_writable else ():
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            return (f"The data folder {shown_path(folder)} is read-only for you, and Workbook needs to save "
                    f"there; make it writable (chmod u+rwx {shown_path(folder)}) or choose another folder.")
    return None


def _new_home_problem(home: Path) -> str | None:
    """For a home not made yet: can it be made (its nearest existing parent is a writable folder)?"""
    parent = home.parent
    while True:
        try:
            info = os.stat(parent)
            break
        except (FileNotFoundError, NotADirectoryError):
            if parent.parent == parent:
                return None
            parent = parent.parent
        except OSError as exc:
            return f"The data folder {shown_path(home)} cannot be made: {exc.strerror or exc}."
    if not stat.S_ISDIR(info.st_mode):
        return f"The data folder {shown_path(home)} cannot be made: {shown_path(parent)} is a file, not a folder."
    if not os.access(parent, os.W_OK | os.X_OK):
        return (f"The data folder {shown_path(home)} cannot be made: you cannot write in {shown_path(parent)}; "
                "please choose a folder of your own.")
    return None


def _inside_another_home(home: Path) -> Path | None:
    """The workbook whose db/, backups/ or set-aside/ folder `home` is, or is inside; else None."""
    from workbook.storage import layout

    for folder in (home, *home.parents):
        if folder.name in (layout.DB_DIR, layout.BACKUPS_DIR, layout.SET_ASIDE_DIR) and \
                layout.core_path(folder.parent).is_file():
            return folder.parent
    return None


def _other_owner(info: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)  # not on Windows, where folders have no owner id
    return getuid is not None and info.st_uid != getuid()


def check_home(home: Path) -> Path:
    """`home` if Workbook may use it; HomeError saying why not otherwise. Makes nothing."""
    problem = home_problem(home)
    if problem is not None:
        raise HomeError(problem)
    return Path(home)


def prepare_home(home: Path) -> Path:
    """Check `home` and make it (0700, with any missing parents) if it does not exist yet."""
    from workbook.storage.layout import make_private_dir

    check_home(home)
    try:
        return make_private_dir(Path(home))
    except OSError as exc:
        raise HomeError(f"The data folder {shown_path(home)} cannot be made: {exc.strerror or exc}.") from None


def is_empty_home(home: Path) -> bool:
    """True if the home has no saved records yet (it may not exist at all)."""
    from workbook.storage import layout

    db = layout.db_dir(home)
    if not db.is_dir():
        return True
    files = layout.data_files(db)
    if not files:
        return True
    if files == [layout.core_path(home)]:
        from workbook.storage.atomic import read_json_file

        data = read_json_file(files[0]) or {}
        return not any(table for name, table in data.items() if name != "_meta")
    return False
