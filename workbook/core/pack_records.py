"""What a session pack leaves in the home: the pack as imported, and each suggestion with its decision.

A suggestion stays until the patient decides it (accepts, adjusts or declines it, with a
reason); a declined one goes back to the practitioner in the next review pack. The pack's
content hash is how a second import of the same file is known, and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from workbook.core.errors import ValidationError
from workbook.core.records import Record, require_choice, require_instant, require_text, require_uuid

DECISIONS = ("", "accepted", "adjusted", "declined")  # "": not decided yet
_HASH = re.compile(r"^[0-9a-f]{64}$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


@dataclass(kw_only=True)
class SessionPackRecord(Record):
    """One imported session pack: who, when, the notes, answers and next call, and what to do before it."""

    table: ClassVar[str] = "session_packs"
    content_hash: str
    practitioner: str
    session_date: date
    imported_at: str
    source_name: str = ""
    notes: str = ""
    next_call: str | None = None  # aware ISO time of the next call, in the patient's zone
    questionnaires: list[str] = field(default_factory=list)
    answers: list[dict[str, str]] = field(default_factory=list)  # {"question", "answer", "question_id"}
    note_id: str | None = None  # the SessionNote made for the call

    def validate(self) -> None:
        if not isinstance(self.content_hash, str) or not _HASH.match(self.content_hash):
            raise ValidationError("content_hash", "must be a SHA-256 in hex")
        require_text("practitioner", self.practitioner, max_len=80, allow_empty=False)
        if not isinstance(self.session_date, date):
            raise ValidationError("session_date", "must be a date")
        require_instant("imported_at", self.imported_at)
        require_text("source_name", self.source_name, max_len=255)
        require_text("notes", self.notes, max_len=5000)
        require_instant("next_call", self.next_call, optional=True)
        if not isinstance(self.questionnaires, list) or not all(isinstance(q, str) for q in self.questionnaires):
            raise ValidationError("questionnaires", "must be a list of questionnaire ids")
        if not isinstance(self.answers, list) or not all(
                isinstance(a, dict) and isinstance(a.get("question"), str) and isinstance(a.get("answer"), str)
                for a in self.answers):
            raise ValidationError("answers", "must be a list of questions and answers")
        require_uuid("note_id", self.note_id, optional=True)


@dataclass(kw_only=True)
class Suggestion(Record):
    """A plan a practitioner suggested in a session pack, and what the patient decided about it.

    `plan` holds the suggested plan's fields as the pack gave them (see
    `planning.session_pack.SuggestedPlan`); `plan_id` is the plan an acceptance made.
    """

    table: ClassVar[str] = "suggestions"
    pack_id: str
    key: str
    exercise_id: str
    what: str
    practitioner: str
    session_date: date
    rationale: str = ""
    plan: dict[str, Any] = field(default_factory=dict)
    decision: str = ""
    reason: str = ""
    decided_at: str | None = None
    plan_id: str | None = None

    def validate(self) -> None:
        require_uuid("pack_id", self.pack_id)
        if not isinstance(self.key, str) or not _KEY.match(self.key):
            raise ValidationError("key", f"{self.key!r} is not a suggestion key")
        require_text("exercise_id", self.exercise_id, max_len=48, allow_empty=False)
        require_text("what", self.what, max_len=200, allow_empty=False)
        require_text("practitioner", self.practitioner, max_len=80, allow_empty=False)
        if not isinstance(self.session_date, date):
            raise ValidationError("session_date", "must be a date")
        require_text("rationale", self.rationale, max_len=1000)
        if not isinstance(self.plan, dict):
            raise ValidationError("plan", "must be a table of plan fields")
        require_choice("decision", self.decision, DECISIONS)
        require_text("reason", self.reason, max_len=1000)
        require_instant("decided_at", self.decided_at, optional=self.decision == "")
        require_uuid("plan_id", self.plan_id, optional=self.decision in ("", "declined"))

    @property
    def decided(self) -> bool:
        return self.decision != ""
