"""A plan's history, kept as records of their own: each pause (and its end), and each earlier version.

Occurrences inside a pause were never due; an earlier version is what `undo` puts back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from workbook.core.errors import ValidationError
from workbook.core.records import Record, require_instant, require_text, require_uuid
from workbook.core.times import from_iso


@dataclass(kw_only=True)
class PlanPause(Record):
    """One pause of a plan, from `paused_at` until `resumed_at` (open while paused); an end never resumes.

    Occurrences inside a pause were never due: Review, the report, engagement,
    reminders and the calendar all leave them out.
    """

    table: ClassVar[str] = "pauses"
    plan_id: str
    paused_at: str
    resumed_at: str | None = None
    ended: bool = False  # the plan was ended here rather than paused

    def validate(self) -> None:
        require_uuid("plan_id", self.plan_id)
        require_instant("paused_at", self.paused_at)
        require_instant("resumed_at", self.resumed_at, optional=True)
        if not isinstance(self.ended, bool):
            raise ValidationError("ended", "must be yes or no")

    def covers(self, moment: datetime) -> bool:
        start = from_iso(self.paused_at)
        return moment >= start and (self.resumed_at is None or moment < from_iso(self.resumed_at))


@dataclass(kw_only=True)
class PlanVersion(Record):
    """A plan as it was before a change, so the change can be undone (`data` is the stored plan)."""

    table: ClassVar[str] = "plan_versions"
    plan_id: str
    saved_at: str
    change: str  # the event the change was recorded as, e.g. "plan_changed"
    data: dict[str, Any] = field(default_factory=dict)

    def validate(self) -> None:
        require_uuid("plan_id", self.plan_id)
        require_instant("saved_at", self.saved_at)
        require_text("change", self.change, max_len=40, allow_empty=False)
        if not isinstance(self.data, dict) or self.data.get("id") != self.plan_id:
            raise ValidationError("data", "must be the stored plan it keeps")
