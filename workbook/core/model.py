"""Workbook's records: what a patient plans, logs and keeps, with validation.

Every record type can be imported from here. Settings (`core.settings_record`) and plans,
attempts and supporters (`core.plan_records`) live in modules of their own, so a reminder
pass loads only those. Each class knows its table; storage decides which file the table lives in.
Times the patient means locally (a plan at 19:00) are wall time plus an IANA
zone; record-keeping times are UTC instants (see `records.Record`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from workbook.core.consent import StudyConsent
from workbook.core.errors import ValidationError
from workbook.core.outcomes import OUTCOMES  # noqa: F401 - re-exported
from workbook.core.pack_records import SessionPackRecord, Suggestion
from workbook.core.plan_history import PlanPause, PlanVersion
from workbook.core.plan_records import (  # noqa: F401 - re-exported: every record type is importable from here
    AS_NEEDED,
    DAILY_DIARY,
    PLAN_KINDS,
    PLAN_STATUSES,
    SET_TIME,
    SUPPORT_WAY_WORDS,
    SUPPORT_WAYS,
    Attempt,
    Plan,
    Supporter,
)
from workbook.core.records import (
    ID_WORD,
    Record,
    require_choice,
    require_id_list,
    require_instant,
    require_int,
    require_text,
    require_uuid,
)
from workbook.core.reminder_records import ReminderSent, Snooze
from workbook.core.settings_record import (  # noqa: F401 - re-exported
    MEASURES,
    PACK_CHOICES,
    REGIONS,
    THEMES,
    Settings,
    require_age_recipient,
)


@dataclass(kw_only=True)
class QuestionnaireResponse(Record):
    """A completed PHQ-9, GAD-7 or WSAS with its item answers (None: not answered / not applicable)."""

    table: ClassVar[str] = "responses"
    measure: str
    answers: list[int | None]
    completed_at: str
    total: float | None = None
    band: str | None = None
    risk: bool = False
    difficulty: int | None = None  # the unscored closing question (PHQ-9's), as its option's position from 0

    def validate(self) -> None:
        require_choice("measure", self.measure, MEASURES)
        require_int("difficulty", self.difficulty, 0, 3, optional=True)
        if not isinstance(self.answers, list):
            raise ValidationError("answers", "must be a list")
        for i, answer in enumerate(self.answers):
            require_int(f"answers[{i}]", answer, 0, 8, optional=True)
        require_instant("completed_at", self.completed_at)
        if not isinstance(self.risk, bool):
            raise ValidationError("risk", "must be yes or no")


@dataclass(kw_only=True)
class SessionNote(Record):
    """What was agreed at a call with the practitioner."""

    table: ClassVar[str] = "session_notes"
    call_date: date
    agreed: str = ""
    agreed_plan_ids: list[str] = field(default_factory=list)
    next_call: str | None = None

    def validate(self) -> None:
        if not isinstance(self.call_date, date):
            raise ValidationError("call_date", "must be a date")
        require_text("agreed", self.agreed, max_len=5000)
        require_id_list("agreed_plan_ids", self.agreed_plan_ids)
        require_instant("next_call", self.next_call, optional=True)


@dataclass(kw_only=True)
class Question(Record):
    """A question the patient saved for their practitioner."""

    table: ClassVar[str] = "questions"
    text: str
    plan_id: str | None = None
    asked: bool = False
    answer: str = ""  # the practitioner's answer, from a session pack
    answered_on: date | None = None  # the session it was answered at

    def validate(self) -> None:
        require_text("text", self.text, max_len=1000, allow_empty=False)
        require_text("answer", self.answer, max_len=2000)
        require_uuid("plan_id", self.plan_id, optional=True)


@dataclass(kw_only=True)
class Event(Record):
    """A research engagement event: a kind, a time and ids, never free text."""

    table: ClassVar[str] = "events"
    kind: str
    at: str
    participant_id: str = ""
    study_id: str = ""
    refs: dict[str, str] = field(default_factory=dict)

    def validate(self) -> None:
        if not isinstance(self.kind, str) or not ID_WORD.match(self.kind):
            raise ValidationError("kind", f"{self.kind!r} is not an event kind")
        require_instant("at", self.at)
        if not isinstance(self.refs, dict):
            raise ValidationError("refs", "must be a table of ids")
        for key, value in self.refs.items():
            if not ID_WORD.match(str(key)) or not isinstance(value, str) or len(value) > 64:
                raise ValidationError("refs", "holds only short ids, never free text")


#: Each stored table's record class (`_meta`, which holds the schema version, is the store's own).
RECORD_TYPES: dict[str, type[Record]] = {
    cls.table: cls
    for cls in (Settings, Plan, PlanPause, PlanVersion, Attempt, Supporter, QuestionnaireResponse, SessionNote,
                Question, ReminderSent, Snooze, Event, SessionPackRecord, Suggestion, StudyConsent)
}
