"""`ReminderBook`: the way in for a reminder pass, opening only what the pass reads and writes.

`workbook remind --once` runs from a system timer every five minutes, so its start-up is
paid all day long: the full `Workbook` façade loads every topic (session packs, review
packs, measures, practitioners' caseloads), none of which a pass uses. This opens the same
store the same way (tidied and migrated under the lock) and offers just what
`outputs.remind_runner` needs; anything more belongs in `Workbook`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.core.settings_record import Settings
from workbook.core.times import Clock
from workbook.facade.research_events import append_event
from workbook.facade.stored_settings import settings_from
from workbook.storage.opening import open_store
from workbook.storage.store import Store

if TYPE_CHECKING:
    from workbook.core.model import Event
    from workbook.reminders.due import Inputs


class ReminderBook:
    """One home, for reminder passes: its settings, the due check's inputs, research events."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.home = store.home
        self.clock = clock

    @classmethod
    def open(cls, home: Path, *, clock: Clock) -> ReminderBook:
        return cls(open_store(home, now=clock()), clock)

    def settings(self) -> Settings:
        """The stored settings; first-run defaults if none are saved (as `Workbook.settings`)."""
        return settings_from(self.store.records(Settings))

    def reminder_inputs(self, now: datetime, *, last_run: datetime | None = None) -> Inputs:
        """Everything the due check reads, from one parse of the core file (as `Workbook.reminder_inputs`)."""
        from workbook.reminders.log import load_inputs

        return load_inputs(self.store, now, self.settings, last_run)

    def record_event(self, kind: str, *, now: datetime | None = None, settings: Settings | None = None,
                     **refs: str) -> Event | None:
        """Append a research event (only in research mode), as `Workbook.record_event` does."""
        return append_event(self.store, kind, now or self.clock(), settings or self.settings(), refs, stacklevel=3)
