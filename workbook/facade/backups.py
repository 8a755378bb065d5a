"""The façade's backups: the daily one, one now, the list, and restoring one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.core.errors import WorkbookError
from workbook.facade.base import FacadeBase
from workbook.storage import backups

if TYPE_CHECKING:  # types only: the modules load when a method needs them, keeping start-up short
    from workbook.storage.backup_index import Backup


class BackupsPart(FacadeBase):
    #: Why today's backup could not be made ("" if it was, or was not needed): reported, never fatal.
    backup_warning: str = ""

    def daily_backup(self, *, now: datetime | None = None) -> Path | None:
        """Today's rolling backup, if there isn't one yet (cheap when there is).

        It never stops the work it runs beside: a full disk, a stray file named `backups` or a
        damaged record (which is never copied as good) leaves `backup_warning` saying why, for
        the front end to show, and the command goes on.
        """
        self.backup_warning = ""
        try:
            return backups.ensure_daily(self.store, now=now or self.clock())
        except WorkbookError as exc:
            self.backup_warning = f"today's backup was not made: {exc}"
            return None

    def backup_now(self, *, now: datetime | None = None) -> Path | None:
        return backups.make_backup(self.store, "manual", now=now or self.clock())

    def backups(self) -> list[Backup]:
        """Complete backups, newest first."""
        return backups.list_backups(self.home)

    def restore_backup(self, name: str | None = None, *, now: datetime | None = None) -> tuple[Backup, Path | None]:
        """Bring a backup back (the current files are set aside): (backup, set-aside folder)."""
        return backups.restore(self.store, name, now=now or self.clock())
