"""Workbook's records: what a patient plans, logs and keeps, with validation.

Each class knows its table; storage decides which file the table lives in.
Times the patient means locally (a plan at 19:00) are wall time plus an IANA
zone; record-keeping times are UTC instants (see `records.Record`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, ClassVar

from workbook.core.consent import StudyConsent, check_study_choices
from workbook.core.errors import ValidationError
from workbook.core.outcomes import OUTCOMES
from workbook.core.pack_records import SessionPackRecord, Suggestion
from workbook.core.plan_history import PlanPause, PlanVersion
from workbook.core.records import (
    Record,
    require_choice,
    require_instant,
    require_int,
    require_text,
    require_uuid,
)
from workbook.core.recurrence import RuleError, normalise
from workbook.core.reminder_records import ReminderSent, Snooze
from workbook.core.times import zone

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
MEASURES = ("phq9", "gad7", "wsas")
THEMES = ("workbook", "workbook-light", "high-contrast")
#: Where the person lives, for the right crisis contacts (each a [regions.<code>] table in data/crisis.toml).
REGIONS = ("unset", "england", "wales", "scotland", "northern_ireland", "ireland", "elsewhere")
_ID_WORD = re.compile(r"^[a-z][a-z0-9_-]{0,47}$")
PACK_CHOICES = ("pack_name", "pack_notes", "pack_barrier_notes", "pack_ratings", "pack_questions")
# An age X25519 recipient: "age1" then 58 bech32 characters (lower case; no b, i, o or 1).
_AGE_RECIPIENT = re.compile(r"^age1[02-9ac-hj-np-z]{58}$")


@dataclass(kw_only=True)
class Settings(Record):
    """The single settings record (one per home)."""

    table: ClassVar[str] = "settings"
    first_name: str = ""
    practitioner_name: str = ""
    next_call: str | None = None  # aware ISO datetime (local offset) of the next practitioner call
    zone: str = "UTC"
    quiet_start: time | None = time(21, 30)
    quiet_end: time | None = time(8, 0)
    discreet: bool = False
    theme: str = "workbook"
    default_lead_minutes: int = 15
    research_mode: bool = False
    participant_id: str = ""
    study_id: str = ""
    welcome_done: bool = False
    offered_exercises: list[str] = field(default_factory=list)  # a study's choice; empty: every exercise
    checkin_every_days: int = 7  # how often the check-in nudge comes
    checkin_measures: list[str] = field(default_factory=list)  # ticked at a check-in; empty: all three
    caseload_identity: str = ""  # a practitioner's age identity file, for the caseload view
    # The practitioner's age public key ("age1..."): review packs are encrypted to it when set.
    practitioner_key: str = ""
    # What the patient chose to put in a review pack (remembered from one pack to the next).
    pack_name: bool = True
    pack_notes: bool = True
    pack_barrier_notes: bool = True
    pack_ratings: bool = True
    pack_questions: bool = True
    region: str = "unset"  # not chosen yet: Support shows UK-wide contacts and asks where you live

    def validate(self) -> None:
        require_choice("region", self.region, REGIONS)
        require_text("first_name", self.first_name, max_len=60)
        require_text("practitioner_name", self.practitioner_name, max_len=80)
        require_instant("next_call", self.next_call, optional=True)
        _require_zone("zone", self.zone)
        for name in ("quiet_start", "quiet_end"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, time):
                raise ValidationError(name, "must be a time like 21:30")
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise ValidationError("quiet_end", "quiet hours need both a start and an end")
        require_choice("theme", self.theme, THEMES)
        require_int("default_lead_minutes", self.default_lead_minutes, 0, 1440)
        require_text("participant_id", self.participant_id, max_len=64)
        require_text("study_id", self.study_id, max_len=64)
        check_study_choices(self.offered_exercises, self.checkin_every_days, self.checkin_measures, MEASURES)
        require_text("caseload_identity", self.caseload_identity, max_len=4096)
        if self.research_mode and not self.participant_id.strip():
            raise ValidationError("participant_id", "research mode needs a participant ID")
        require_age_recipient("practitioner_key", self.practitioner_key)
        for name in PACK_CHOICES:
            if not isinstance(getattr(self, name), bool):
                raise ValidationError(name, "must be yes or no")


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
        if not isinstance(self.exercise_id, str) or not _ID_WORD.match(self.exercise_id):
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
        _require_zone("zone", self.zone)
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
        _require_id_list("supporter_ids", self.supporter_ids)
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
        if not isinstance(self.exercise_id, str) or not _ID_WORD.match(self.exercise_id):
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
        _require_id_list("agreed_plan_ids", self.agreed_plan_ids)
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
        if not isinstance(self.kind, str) or not _ID_WORD.match(self.kind):
            raise ValidationError("kind", f"{self.kind!r} is not an event kind")
        require_instant("at", self.at)
        if not isinstance(self.refs, dict):
            raise ValidationError("refs", "must be a table of ids")
        for key, value in self.refs.items():
            if not _ID_WORD.match(str(key)) or not isinstance(value, str) or len(value) > 64:
                raise ValidationError("refs", "holds only short ids, never free text")


#: Each stored table's record class (`_meta`, which holds the schema version, is the store's own).
RECORD_TYPES: dict[str, type[Record]] = {
    cls.table: cls
    for cls in (Settings, Plan, PlanPause, PlanVersion, Attempt, Supporter, QuestionnaireResponse, SessionNote,
                Question, ReminderSent, Snooze, Event, SessionPackRecord, Suggestion, StudyConsent)
}


def require_age_recipient(name: str, value: Any) -> None:
    """An age public key ("age1" and 58 more letters and digits), or empty for none."""
    if not isinstance(value, str):
        raise ValidationError(name, "must be text")
    if value and not _AGE_RECIPIENT.match(value):
        raise ValidationError(name, "is not an age public key: it starts with age1 and is 62 letters and digits "
                                    "long (the 'public key' line of your practitioner's key file)")


def _require_zone(name: str, value: Any) -> None:
    if not isinstance(value, str):
        raise ValidationError(name, "must be a time zone name")
    try:
        zone(value)
    except ValueError as exc:
        raise ValidationError(name, str(exc)) from None


def _require_id_list(name: str, value: Any) -> None:
    if not isinstance(value, list):
        raise ValidationError(name, "must be a list of ids")
    for i, item in enumerate(value):
        require_uuid(f"{name}[{i}]", item)
