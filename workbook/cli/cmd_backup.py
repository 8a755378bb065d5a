"""`workbook backup` and `workbook restore [BACKUP]`."""

from __future__ import annotations

import argparse

from workbook.core.times import system_now
from workbook.core.words import counted
from workbook.storage.home import resolve_home
from workbook.storage.store import Store


def register(sub: argparse._SubParsersAction) -> None:
    backup = sub.add_parser("backup", help="make a backup now", description="Make a backup of your data now (kept in <home>/backups).")
    backup.add_argument("--list", action="store_true", help="list the backups instead")
    backup.set_defaults(func=run_backup)
    restore = sub.add_parser("restore", help="bring a backup back", description="Bring a backup back. Your current files are moved to <home>/set-aside, never deleted.")
    restore.add_argument("backup", metavar="FILE", nargs="?", help="a backup folder (path or name); default: the newest one that reads cleanly")
    restore.set_defaults(func=run_restore)


def _store(args: argparse.Namespace) -> Store:
    # Opened without the migration step: a damaged database must still be restorable. Tidied,
    # though: an interrupted restore, demo or import is finished or rolled back first, and half-made
    # backups are removed.
    from workbook.cli.common import NOTES
    from workbook.storage.opening import open_for_repair

    store = open_for_repair(resolve_home(args.home))
    if store.recovered:
        NOTES.append(f"note: {store.recovered}")
    return store


def run_backup(args: argparse.Namespace) -> int:
    from workbook.storage import backups
    store = _store(args)
    if args.list:
        found = backups.list_backups(store.home)
        if not found:
            print("No backups yet.")
        for item in found:
            print(f"{item.name}  ({counted(len(item.files), 'file')})")
        return 0
    made = backups.make_backup(store, "manual", now=system_now())
    print(f"Backup made: {made}" if made else "Nothing to back up yet.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from workbook.storage import backups
    store = _store(args)
    chosen, aside = backups.restore(store, args.backup, now=system_now())
    print(f"Restored the backup {chosen.path}.")
    if aside is not None:
        print(f"The files it replaced are kept in {aside}.")
    return 0
