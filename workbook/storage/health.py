"""What `workbook doctor` checks in a home's storage; each finding is one line saying what to do.

Read-only: nothing here changes the home. It checks the folder itself (a file given as the
home, a read-only home), links and stray files at the home's own places, modes others could
read, what an interrupted restore, demo or backup left, every database file and every record
in it (validated by the model), and whether each backup would restore cleanly.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workbook.core.errors import BadRecordError, UnsafePathError
from workbook.core.words import agree, counted
from workbook.storage import journal, layout, nofollow
from workbook.storage.atomic import DamagedFileError, read_json_file
from workbook.storage.backup_index import (
    MANIFEST,
    PARTIAL_PREFIX,
    REMOVING_PREFIX,
    backup_problem,
    backups_dir,
    is_real_dir,
    list_backups,
)
from workbook.storage.checked import SCHEMA_VERSION, WHOLE, RecordProblem, file_problems, schema_version

#: The home's own folders: a file (or link) standing there blocks what Workbook keeps in it.
OWN_FOLDERS = (layout.DB_DIR, *(f"{layout.DB_DIR}/{t}" for t in layout.PARTITIONED_TABLES), layout.BACKUPS_DIR,
               layout.SET_ASIDE_DIR, layout.STAGING_DIR, layout.MESSAGES_DIR, layout.REPORTS_DIR)
USER_CONTENT = ("exercises",)  # the patient's own exercise files: a link there is theirs to make
Add = Callable[[bool, str], None]


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str


@dataclass
class Health:
    findings: list[Finding]
    database_readable: bool = True  # every database file parsed (later checks may read it)


def check(home: Path) -> Health:
    health = Health([])

    def add(ok: bool, text: str) -> None:
        health.findings.append(Finding(ok, text))

    info = nofollow.lstat_or_none(home)
    if info is not None and not stat.S_ISDIR(os.stat(home).st_mode):
        add(False, f"{home} is a file, not a folder: give --home (or WORKBOOK_HOME) a folder for your workbook")
        health.database_readable = False
        return health
    if info is None:
        add(True, f"no workbook yet at {home} (it is made when you first use Workbook)")
        return health
    add(True, f"data folder: {home}")
    entries = nofollow.walk(home)
    _writable(home, add)
    _links_and_strays(home, entries, add)
    _modes(home, entries, add)
    _leftovers(home, add)
    files = _database(home, add, health)
    _backups(home, files, add)
    return health


def _writable(home: Path, add: Add) -> None:
    if os.name != "posix":
        return
    for path in (home, layout.db_dir(home)):
        if path.is_dir() and not os.access(path, os.W_OK | os.X_OK):
            add(False, f"{path} is read-only for you, so nothing can be saved: fix with: chmod u+rwx '{path}'")
            return


def _links_and_strays(home: Path, entries: list[tuple[Path, os.stat_result]], add: Add) -> None:
    found = 0
    for path, info in entries:
        rel = path.relative_to(home)
        if not stat.S_ISLNK(info.st_mode) or (rel.parts and rel.parts[0] in USER_CONTENT):
            continue
        found += 1
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        add(False, f"{path} is a symbolic link (to {target}); Workbook never follows links in its home and refuses "
                   f"to work through it: remove the link (rm '{path}') or put the real folder or file there")
    for name in OWN_FOLDERS:
        path = home / name
        kind = nofollow.lstat_or_none(path)
        if kind is not None and not stat.S_ISDIR(kind.st_mode) and not stat.S_ISLNK(kind.st_mode):
            found += 1
            why = "so no backup can be made" if name == layout.BACKUPS_DIR else "where Workbook keeps a folder"
            add(False, f"{path} is a file, {why}: move it away (mv '{path}' '{path}.moved')")
    if not found:
        add(True, "no links or stray files where Workbook keeps its own")


def _modes(home: Path, entries: list[tuple[Path, os.stat_result]], add: Add) -> None:
    if os.name != "posix":
        return
    open_to_others = [(path, stat.S_IMODE(info.st_mode)) for path, info in entries
                      if not stat.S_ISLNK(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077]
    for path, mode in open_to_others:
        add(False, f"{path} can be read by other users (mode {mode:o}); fix with: chmod go-rwx {path}")
    if len(open_to_others) > 1:
        add(False, f"{len(open_to_others)} files and folders are open to others; all at once: chmod -R go-rwx '{home}'")
    if not open_to_others:
        add(True, "only you can read the data folder")


def _leftovers(home: Path, add: Add) -> None:
    clean = True
    try:
        entry = journal.read(home)
    except UnsafePathError as exc:
        add(False, str(exc))
        entry, clean = None, False
    if entry is not None:
        clean = False
        add(False, f"{journal.describe(entry)}; nothing is lost: the next Workbook command (for example "
                   f"'workbook today') finishes it or rolls it back")
    staging = home / layout.STAGING_DIR
    if entry is None and is_real_dir(staging) and any(staging.iterdir()):
        clean = False
        add(False, f"{staging} holds files an interrupted restore, demo or import staged (copies only); "
                   "the next Workbook command removes them")
    folder = backups_dir(home)
    if is_real_dir(folder):
        for child in sorted(folder.iterdir()):
            if child.name.startswith((PARTIAL_PREFIX, REMOVING_PREFIX)):
                clean = False
                add(False, f"{child} was left by an interrupted backup (it is not a whole backup); "
                           "the next Workbook command removes it")
            elif is_real_dir(child) and nofollow.lstat_or_none(child / MANIFEST) is None:
                clean = False
                add(False, f"{child} has no {MANIFEST}, so it is not a whole backup and is never restored: "
                           f"remove it (rm -r '{child}')")
    if clean:
        add(True, "no interrupted restore, demo or backup left anything behind")


def _database(home: Path, add: Add, health: Health) -> list[Path]:
    db = layout.db_dir(home)
    try:
        files = layout.data_files(db) if is_real_dir(db) else []
    except UnsafePathError:
        health.database_readable = False
        return []  # the link is reported above

    parsed: dict[Path, dict] = {}
    damaged = 0
    for path in files:
        try:
            data = read_json_file(path)
        except UnsafePathError:
            damaged += 1  # a link: named above, with what to do
            continue
        except DamagedFileError as exc:
            damaged += 1
            add(False, f"{exc.path} {exc.detail}; {_restore_advice(home)}")
            continue
        if data is not None:
            parsed[path] = data
    health.database_readable = damaged == 0
    version = None
    core = layout.core_path(home)
    try:
        version = schema_version(core, parsed.get(core, {}))
    except BadRecordError:
        pass  # reported with the core file's problems below
    problems: list[RecordProblem] = []
    for path, data in parsed.items():
        rel = path.relative_to(db).as_posix()
        problems.extend(file_problems(path, rel, data, records=version in (None, SCHEMA_VERSION)))
    for problem in problems:
        add(False, f"{problem}; {_record_advice(problem)}")
    if problems:
        add(False, f"{counted(len(problems), 'record')} {agree(len(problems), 'does', 'do')} not fit, "
                   f"{agree(len(problems), 'is', 'are')} skipped meanwhile, and {agree(len(problems), 'stops', 'stop')} new backups: "
                   f"{_restore_advice(home)}, or correct each field named above in its file")
    if version is not None and version < SCHEMA_VERSION:
        add(True, f"database: schema {version}; the next Workbook command brings it to {SCHEMA_VERSION}")
    if not damaged and not problems:
        add(True, f"database: {counted(len(files), 'file')}, all readable, every record fits")
    return files


def _record_advice(problem: RecordProblem) -> str:
    if problem.table == "_meta":
        return "set it to the schema version the data was saved with, or restore a backup"
    if problem.field in (WHOLE, "(number)"):
        return "remove that entry from the file, or restore a backup"
    return f"fix '{problem.field}' in that record, or remove the record"


def _restore_advice(home: Path) -> str:
    from workbook.storage.backup_index import newest_good

    good = newest_good(home)
    if good is None:
        return "no backup would restore cleanly, so please keep the file as it is and ask for help"
    return f"'workbook restore' brings back the newest good backup, {good} (your current files are kept in set-aside/)"


def _backups(home: Path, files: list[Path], add: Add) -> None:
    found = list_backups(home)
    folder = backups_dir(home)
    good = None
    for backup in found:
        problem = backup_problem(backup)
        if problem is None:
            good = good or backup
            continue
        add(False, f"backup {problem}; restore skips it, so you may remove it (rm -r '{backup.path}')")
    if good is not None:
        add(True, f"backups: {len(found)} in {folder}, newest good {good.name}")
    else:
        add(not files, f"backups: none that would restore cleanly in {folder}" if found
            else f"backups: none yet in {folder}")
