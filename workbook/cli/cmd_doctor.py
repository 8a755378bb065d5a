"""`workbook doctor`: check the data folder, database, backups and exercise packs."""

from __future__ import annotations

import argparse
import os
import stat

from ..errors import WorkbookError
from ..home import resolve_home
from ..storage import backups, layout
from ..storage.atomic import DamagedFileError, read_json_file


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("doctor", help="check the data folder, database, backups and notifications", description="Check that your data folder, database, backups and exercise files are healthy.")
    parser.add_argument("--notify", action="store_true", help="also send a test notification (not available yet)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.notify:
        raise WorkbookError("'workbook doctor --notify' is not available in this version yet.")
    home = resolve_home(args.home)
    problems = 0

    def report(ok: bool, text: str) -> None:
        nonlocal problems
        problems += 0 if ok else 1
        print(f"{'ok     ' if ok else 'PROBLEM'}  {text}")

    if not home.is_dir():
        report(True, f"no workbook yet at {home} (it is made when you first use Workbook)")
        return 0
    report(True, f"data folder: {home}")
    if os.name == "posix":
        for path in [home, *sorted(p for p in home.rglob("*"))]:
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode & 0o077:
                report(False, f"{path} can be read by other users (mode {mode:o}); fix with: chmod go-rwx {path}")
                break
        else:
            report(True, "only you can read the data folder")
    files = layout.data_files(layout.db_dir(home))
    damaged = 0
    for path in files:
        try:
            read_json_file(path)
        except DamagedFileError as exc:
            damaged += 1
            report(False, f"{exc.path} {exc.detail}; 'workbook restore' brings back the newest good backup")
    if not damaged:
        report(True, f"database: {len(files)} files, all readable")
    found = backups.list_backups(home)
    report(bool(found) or not files, f"backups: {len(found)} in {backups.backups_dir(home)}" + (f", newest {found[0].name}" if found else ""))
    from ..exercises import ExerciseLibrary

    library = ExerciseLibrary.load(home)
    for warning in library.warnings:
        report(False, f"exercise file: {warning}")
    if not library.warnings:
        report(True, f"exercises: {len(library)} loaded")
    print("All is well." if not problems else f"{problems} problem(s) found.")
    return 0 if not problems else 1
