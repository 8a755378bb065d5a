"""Reminders while the workbook is open: what comes due is offered on Today, never over a form.

Every half minute the engine's pure due-check is asked what came due since the last look (never
inside quiet hours: what came due then waits for their end). A reminder is offered as a dialog
on Today only; on any other screen a short notice says it is waiting there. The same look tells
whether the data was saved elsewhere meanwhile (`workbook log`, another window), so Today is
read again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import work
from textual.app import App

from workbook.content.copy import text as copy_text
from workbook.core.words import counted

REMINDER_CHECK_SECONDS = 30.0  # how often the open workbook asks the engine what is due


class ShowsReminders(App[int]):
    """The app's side of reminders; it sets `_reminders_since` and calls `check_reminders` on a timer."""

    _reminders_since: Any
    _reminders_seen: set[tuple]
    _reminders_waiting: list[Any]
    _data_stamp: tuple | None = None  # what Today last read (see Workbook.changed_since)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reminders_seen = set()
        self._reminders_waiting = []

    @work(exit_on_error=False, thread=True, exclusive=True, group="reminders")
    def check_reminders(self) -> None:
        """Ask the engine's pure due-check what came due since the last tick (never sleeps)."""
        now = self.now()
        due = []
        if self.workbook.quiet_until(now) is None:
            due = self.workbook.due_now(now, since=self._reminders_since)
            self._reminders_since = now
        # Inside quiet hours nothing is shown, and `since` stays: what came due is shown at their end.
        changed, self._data_stamp = self.workbook.changed_since(self._data_stamp, now)
        self.call_from_thread(self.show_reminders, due)
        if changed:  # saved elsewhere (`workbook log`, another window): show it
            self.call_from_thread(self._refresh_today)

    def _refresh_today(self) -> None:
        if _on_today(self.screen):
            self.screen.reload()

    def show_reminders(self, due: Iterable[Any]) -> None:
        for item in due:
            if item.key in self._reminders_seen:
                continue
            self._reminders_seen.add(item.key)
            self._reminders_waiting.append(item)
            if not _on_today(self.screen):
                self.notify(copy_text("reminder.waiting", reminder=item.text), title=copy_text("app.titles.reminder"),
                            timeout=15)
        self.offer_reminder()

    def offer_reminder(self) -> None:
        """Show the next waiting reminder, but only on Today: never over a half-filled form."""
        if not self._reminders_waiting or not _on_today(self.screen):
            return
        from screens.reminder_dialog import SNOOZE_MINUTES, ReminderDialog

        item = self._reminders_waiting.pop(0)

        def chosen(choice: str | None) -> None:
            if choice == "log":
                self.open_log(item.plan_id, item.occurrence)
            elif choice == "snooze":
                self.workbook.snooze(item.plan_id, item.occurrence, SNOOZE_MINUTES, now=self.now())
                self.notify(copy_text("reminder.snoozed", minutes=counted(SNOOZE_MINUTES, "minute")), timeout=4)
            elif choice == "skip":
                self.workbook.skip(item.plan_id, item.occurrence, now=self.now())
                self.notify(copy_text("reminder.skipped"), timeout=4)
            if choice != "log":
                self.call_after_refresh(self.offer_reminder)

        self.push_screen(ReminderDialog(item), chosen)


def _on_today(screen: object) -> bool:
    from screens.today import TodayScreen

    return isinstance(screen, TodayScreen)
