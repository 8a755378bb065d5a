"""The façade's reminders: what is due, snooze and skip, what was sent.

The logic lives in `reminders.due` (pure) and `reminders.log` (storage).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from workbook.core.errors import NotFound, ValidationError
from workbook.core.reminder_records import ReminderSent, Snooze
from workbook.facade.base import FacadeBase

if TYPE_CHECKING:  # types only: the modules load when a method needs them, keeping start-up short
    from workbook.reminders.due import DueCheck, DueReminder, Inputs


class RemindersPart(FacadeBase):
    def reminder_inputs(self, now: datetime, *, last_run: datetime | None = None) -> Inputs:
        """Everything the due check reads (`reminders.due.Inputs`), from one parse of the core file."""
        from workbook.reminders.log import load_inputs

        return load_inputs(self.store, now, self.settings, last_run)

    def due_reminders(self, now: datetime) -> DueCheck:
        """What `workbook remind` would send at `now` (a `reminders.DueCheck`: due list and next time)."""
        from workbook.reminders.due import compute_due
        from workbook.reminders.last_run import last_run_time

        return compute_due(self.reminder_inputs(now, last_run=last_run_time(self.home)), now)

    def due_now(self, now: datetime, *, since: datetime | None = None) -> list[DueReminder]:
        """Reminders whose time came in (since, now], for the open workbook's toasts.

        `since` is the previous timer tick (first tick: when the workbook opened);
        default: the last 12 hours. Includes reminders a runner already sent; the
        screen remembers which it has shown. List of `reminders.DueReminder`.
        """
        from workbook.reminders.log import due_now

        return due_now(self.store, now, self.settings, since=since)

    def quiet_until(self, now: datetime) -> datetime | None:
        """If `now` is inside quiet hours, when they end; else None (no reminder is shown before)."""
        from workbook.reminders.due import in_quiet_hours

        return in_quiet_hours(now, self.settings())

    def snooze(self, plan_id: str, occurrence: datetime, minutes: int = 30, now: datetime | None = None) -> Snooze:
        """Remind again about this occurrence in `minutes` (quiet hours still apply)."""
        from workbook.reminders.log import save_choice

        if not 1 <= int(minutes) <= 1440:
            raise ValidationError("minutes", "a snooze is from 1 minute to 24 hours")
        now = now or self.clock()
        self._reminder_owner(plan_id)
        return save_choice(self.store, plan_id, occurrence, now, until=now + timedelta(minutes=int(minutes)))

    def skip(self, plan_id: str, occurrence: datetime, now: datetime | None = None) -> Snooze:
        """No more reminders for this occurrence (it is not logged as anything)."""
        from workbook.reminders.log import save_choice

        self._reminder_owner(plan_id)
        return save_choice(self.store, plan_id, occurrence, now or self.clock(), skip=True)

    def _reminder_owner(self, ref_id: str) -> None:
        if ref_id not in {p.id for p in self.plans()} | {s.id for s in self.supporters()}:
            raise NotFound(f"There is no plan or supporter with id {ref_id}.")

    def reminders_sent(self, since: datetime, until: datetime | None = None) -> list[ReminderSent]:
        """Reminder records (sent or failed) updated since `since`."""
        from workbook.reminders.log import sent_since

        return sent_since(self.store, since, until or self.clock())

    def reminder_failures(self, now: datetime | None = None, days: int = 7) -> list[ReminderSent]:
        """Reminders of the last `days` that no notification path delivered, newest first."""
        from workbook.reminders.log import failures

        return failures(self.store, now or self.clock(), days)
