"""What the reminder runner keeps: each reminder sent (or failed), and the patient's answers to them.

Kept apart from the patient's own records (`model.py`) because the runner, started by a timer
every few minutes, writes these and little else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from workbook.core.errors import ValidationError
from workbook.core.records import Record, require_choice, require_instant, require_int, require_uuid

REMINDER_KINDS = ("reminder", "catch_up", "check_in", "snoozed", "test")


@dataclass(kw_only=True)
class ReminderSent(Record):
    """One reminder for one (plan, occurrence): sent, or failed with the reason."""

    table: ClassVar[str] = "reminders"
    plan_id: str  # the supporter's id for a check_in
    occurrence: str
    kind: str = "reminder"  # reminder | catch_up | check_in | snoozed | test
    delivered: bool = False
    channel: str = ""
    reason: str = ""
    tries: int = 1  # a failed reminder is retried a few times, updating this record
    tried_at: str | None = None  # when the last try started (the runner's clock)
    snooze_id: str | None = None  # set for the reminder a snooze brought back

    def validate(self) -> None:
        require_instant("occurrence", self.occurrence)
        require_choice("kind", self.kind, REMINDER_KINDS)
        require_int("tries", self.tries, 1, 100)
        require_instant("tried_at", self.tried_at, optional=True)
        require_uuid("snooze_id", self.snooze_id, optional=True)


@dataclass(kw_only=True)
class Snooze(Record):
    """The patient's answer to a reminder: "later" (until a time) or "skip this one".

    Kept apart from the reminders sent, because it is a choice the patient
    made, and the runner must honour it even if it has not sent anything yet.
    """

    table: ClassVar[str] = "snoozes"
    plan_id: str  # the supporter's id for a check-in
    occurrence: str  # aware ISO time of the occurrence it is about
    until: str | None = None  # remind again at this instant; None with skip
    skip: bool = False

    def validate(self) -> None:
        require_instant("occurrence", self.occurrence)
        require_instant("until", self.until, optional=self.skip)
        if not isinstance(self.skip, bool):
            raise ValidationError("skip", "must be yes or no")
