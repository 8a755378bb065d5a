"""The façade's backups: the daily one, one now, the list, and restoring one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.facade.base import FacadeBase
from workbook.storage import backups

if TYPE_CHECKING:  # types only: the modules load when a method needs them, keeping start-up short
    from workbook.storage.backup_index import Backup


class BackupsPart(FacadeBase):
    def daily_backup(self, *, now: datetime | None = None) -> Path | None:
        """Today's rolling backup, if there isn't one yet (cheap when there is)."""
        return backups.ensure_daily(self.store, now=now or self.clock())

    def backup_now(self, *, now: datetime | None = None) -> Path | None:
        return backups.make_backup(self.store, "manual", now=now or self.clock())

    def backups(self) -> list[Backup]:
        """Complete backups, newest first."""
        return backups.list_backups(self.home)

    def restore_backup(self, name: str | None = None, *, now: datetime | None = None) -> tuple[Backup, Path | None]:
        """Bring a backup back (the current files are set aside): (backup, set-aside folder)."""
        return backups.restore(self.store, name, now=now or self.clock())
