"""The session pack as data: its dataclasses, its format's name and version, and its one error.

Kept apart from the reader (`pack_fields`) and the writer (`session_pack`), which both build
on it: the writer checks what it writes with the reader, so neither may be the other's base.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date, datetime, time

from workbook.core.errors import WorkbookError
from workbook.core.model import PLAN_KINDS

FORMAT = "workbook-session-pack"
VERSION = 1
#: A session pack is a few kilobytes; anything far bigger is not one.
MAX_BYTES = 256 * 1024
KINDS = PLAN_KINDS  # set_time | as_needed | daily_diary, as a plan's kind


class SessionPackError(WorkbookError):
    """A session pack that cannot be taken: one line naming the file, the field and the problem."""

    def __init__(self, source: str, where: str, problem: str) -> None:
        self.source, self.where, self.problem = source, where, problem
        lead = f"{source}: " if source else ""
        super().__init__(f"{lead}{where}: {problem}" if where else f"{lead}{problem}")


@dataclass(frozen=True)
class SuggestedPlan:
    """One agreed exercise, as a plan the patient can accept, adjust or decline.

    `key` names it within the pack (the patient's `--accept KEY`); `repeat` is an RRULE body
    (None: once, or every day for a daily diary); `minutes` None means the exercise's usual length; `start` None means the day
    the patient accepts it. `rationale` is the practitioner's reason, in their words: it becomes
    the plan's "why this matters".
    """

    key: str
    exercise_id: str
    what: str
    kind: str | None = None  # None: the exercise's usual kind
    time: time | None = None
    repeat: str | None = None
    start: date | None = None
    until: date | None = None
    where: str = ""
    minutes: int | None = None
    rationale: str = ""
    if_text: str = ""
    then_text: str = ""
    aim_per_week: int | None = None
    routine: str = ""


@dataclass(frozen=True)
class PackAnswer:
    """The practitioner's answer to one of the patient's saved questions (matched by its text or id)."""

    question: str
    answer: str


@dataclass(frozen=True)
class SessionPack:
    """A whole session pack. `next_call` without a zone means the patient's local time."""

    practitioner: str
    session_date: date
    plans: tuple[SuggestedPlan, ...] = ()
    notes: str = ""
    answers: tuple[PackAnswer, ...] = ()
    next_call: datetime | None = None
    questionnaires: tuple[str, ...] = ()
    version: int = VERSION

    def plan(self, key: str) -> SuggestedPlan | None:
        return next((p for p in self.plans if p.key == key), None)


def pack_hash(pack: SessionPack) -> str:
    """What identifies a pack's content: the same agreement gives the same hash, however it is laid out."""
    text = json.dumps(asdict(pack), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
