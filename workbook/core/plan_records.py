"""What a patient plans and logs, and who helps: plans, attempts and supporters.

In a module of its own so a reminder pass, which reads only these and the settings, loads
just those records (`core.model` gathers every record type).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, ClassVar

from workbook.core.errors import ValidationError
from workbook.core.outcomes import OUTCOMES
from workbook.core.records import (
    ID_WORD,
    Record,
    require_choice,
    require_id_list,
    require_instant,
    require_int,
    require_text,
    require_uuid,
    require_zone,
)
from workbook.core.recurrence import RuleError, normalise

PLAN_STATUSES = ("active", "paused", "ended")
#: How a plan meets the patient's life: at a set time (an RRULE), when it happens (an as-needed
#: record with an optional weekly aim, never overdue), or a daily diary (a set time that can be
#: caught up the next day, as a sleep diary is).
SET_TIME, AS_NEEDED, DAILY_DIARY = "set_time", "as_needed", "daily_diary"
PLAN_KINDS = (SET_TIME, AS_NEEDED, DAILY_DIARY)
SUPPORT_WAYS = ("remind", "join", "encourage", "check_in")
SUPPORT_WAY_WORDS = {
    "remind": "remind me",
    "join": "do it with me",
    "encourage": "encourage me",
    "check_in": "check in with me",
}


@dataclass(kw_only=True)
class Plan(Record):
    """A specific, agreed exercise plan: what, when, where, why, and what might get in the way."""

    table: ClassVar[str] = "plans"
    exercise_id: str
    what: str
    where: str = ""
    start_date: date
    start_time: time | None = None  # None: some time that day (a vague plan; the screen warns)
    zone: str = "UTC"
    rrule: str | None = None  # RRULE body without DTSTART/UNTIL; None means once
    until: date | None = None  # last local day (inclusive)
    minutes: int = 10
    why: str = ""
    if_then: list[dict[str, str]] = field(default_factory=list)
    confidence: int | None = None
    supporter_ids: list[str] = field(default_factory=list)
    agreed_in_session: bool = False
    status: str = "active"
    reminder_lead_minutes: int | None = None  # None: no reminder
    adjustments: list[dict[str, str]] = field(default_factory=list)
    kind: str = SET_TIME
    aim_per_week: int | None = None  # "about 3 a week", for a when-it-happens record
    routine: str = ""  # "after dinner": the routine the plan is linked to, if any
    agreed_with: str = ""  # the practitioner whose session pack suggested it (see core.pack_records)
    agreed_on: date | None = None  # that session's date

    def validate(self) -> None:
        if not isinstance(self.exercise_id, str) or not ID_WORD.match(self.exercise_id):
            raise ValidationError("exercise_id", f"{self.exercise_id!r} is not an exercise id")
        require_choice("kind", self.kind, PLAN_KINDS)
        require_int("aim_per_week", self.aim_per_week, 1, 50, optional=True)
        if self.aim_per_week is not None and self.kind != AS_NEEDED:
            raise ValidationError("aim_per_week", "an aim is for a 'when it happens' record")
        require_text("routine", self.routine, max_len=120)
        require_text("what", self.what, max_len=200, allow_empty=False)
        require_text("where", self.where, max_len=120)
        if not isinstance(self.start_date, date):
            raise ValidationError("start_date", "must be a date")
        if self.start_time is not None:
            if not isinstance(self.start_time, time):
                raise ValidationError("start_time", "must be a time like 19:00")
            if self.start_time.second or self.start_time.microsecond or self.start_time.tzinfo:
                raise ValidationError("start_time", "must be a wall-clock time in whole minutes, like 19:00")
        require_zone("zone", self.zone)
        if self.rrule is not None:
            try:
                self.rrule = normalise(self.rrule)
            except RuleError as exc:
                raise ValidationError("rrule", str(exc)) from None
        if self.until is not None:
            if not isinstance(self.until, date):
                raise ValidationError("until", "must be a date")
            if self.until < self.start_date:
                raise ValidationError("until", "the end date is before the start date")
        require_int("minutes", self.minutes, 1, 600)
        require_text("why", self.why, max_len=1000)
        if not isinstance(self.if_then, list):
            raise ValidationError("if_then", "must be a list")
        for i, pair in enumerate(self.if_then):
            if not isinstance(pair, dict) or set(pair) != {"if", "then"}:
                raise ValidationError(f"if_then[{i}]", "needs an 'if' and a 'then'")
            require_text(f"if_then[{i}].if", pair["if"], max_len=300, allow_empty=False)
            require_text(f"if_then[{i}].then", pair["then"], max_len=300, allow_empty=False)
        require_int("confidence", self.confidence, 0, 10, optional=True)
        require_id_list("supporter_ids", self.supporter_ids)
        if not isinstance(self.agreed_in_session, bool):
            raise ValidationError("agreed_in_session", "must be yes or no")
        require_text("agreed_with", self.agreed_with, max_len=80)
        if self.agreed_on is not None and not isinstance(self.agreed_on, date):
            raise ValidationError("agreed_on", "must be a date")
        require_choice("status", self.status, PLAN_STATUSES)
        require_int("reminder_lead_minutes", self.reminder_lead_minutes, 0, 1440, optional=True)
        if not isinstance(self.adjustments, list):
            raise ValidationError("adjustments", "must be a list")

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def as_needed(self) -> bool:
        """A when-it-happens record: no occurrences, never due, never overdue."""
        return self.kind == AS_NEEDED


@dataclass(kw_only=True)
class Attempt(Record):
    """One logged attempt at a plan's occurrence (or an extra practice)."""

    table: ClassVar[str] = "attempts"
    plan_id: str
    exercise_id: str
    occurrence: str | None = None  # aware ISO datetime of the scheduled occurrence
    logged_at: str
    outcome: str
    values: dict[str, Any] = field(default_factory=dict)
    minutes: int | None = None
    note: str = ""
    barriers: list[dict[str, str]] = field(default_factory=list)  # [{"code", "note"}]
    supporter_helped: bool = False
    supporter_id: str | None = None

    def validate(self) -> None:
        require_uuid("plan_id", self.plan_id)
        if not isinstance(self.exercise_id, str) or not ID_WORD.match(self.exercise_id):
            raise ValidationError("exercise_id", f"{self.exercise_id!r} is not an exercise id")
        require_instant("occurrence", self.occurrence, optional=True)
        require_instant("logged_at", self.logged_at)
        require_choice("outcome", self.outcome, OUTCOMES)
        if not isinstance(self.values, dict):
            raise ValidationError("values", "must be a table of field values")
        require_int("minutes", self.minutes, 0, 1440, optional=True)
        require_text("note", self.note, max_len=5000)
        if not isinstance(self.barriers, list):
            raise ValidationError("barriers", "must be a list")
        for i, item in enumerate(self.barriers):
            if not isinstance(item, dict) or not isinstance(item.get("code"), str):
                raise ValidationError(f"barriers[{i}]", "needs a code")
            require_text(f"barriers[{i}].note", item.get("note", ""), max_len=1000)
        if not isinstance(self.supporter_helped, bool):
            raise ValidationError("supporter_helped", "must be yes or no")
        require_uuid("supporter_id", self.supporter_id, optional=True)


@dataclass(kw_only=True)
class Supporter(Record):
    """Someone from the patient's own life who helps: reminds, joins in, encourages or checks in."""

    table: ClassVar[str] = "supporters"
    name: str
    relationship: str = ""
    how: list[str] = field(default_factory=list)
    contact: str = ""
    check_in_rrule: str | None = None  # optional reminder to check in with them
    check_in_time: time | None = None

    def validate(self) -> None:
        require_text("name", self.name, max_len=80, allow_empty=False)
        require_text("relationship", self.relationship, max_len=60)
        if not isinstance(self.how, list) or any(w not in SUPPORT_WAYS for w in self.how):
            raise ValidationError("how", f"must list some of {', '.join(SUPPORT_WAYS)}")
        require_text("contact", self.contact, max_len=200)
        if self.check_in_rrule is not None:
            try:
                self.check_in_rrule = normalise(self.check_in_rrule)
            except RuleError as exc:
                raise ValidationError("check_in_rrule", str(exc)) from None
