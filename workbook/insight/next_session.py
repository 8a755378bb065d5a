"""*Prepare next session pack*: a session pack prefilled from the plans a patient's review pack shows.

`session_draft` turns the review pack's current plans (`plans[]`: what, schedule, minutes,
where, why, if-then) and open questions into a draft of plain text fields, as a form edits
them; `session_pack_from` reads the edited draft back into a `SessionPack` through the session
pack's own reader (`planning.pack_fields.pack_from_table`), which names the field at fault in
one line as it would in a file. The writer (`planning.session_pack`) checks it once more before
anything is written, so a draft never makes a pack the patient's Workbook would refuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from workbook.core.model import PLAN_KINDS
from workbook.core.recurrence import RuleError
from workbook.core.repeat_words import repeat_text
from workbook.core.times import zone as zone_info
from workbook.insight.caseload import CaseloadRow
from workbook.planning.pack_fields import pack_from_table
from workbook.planning.session_pack import FORMAT, VERSION, SessionPack, SessionPackError

__all__ = ["AnswerDraft", "PlanDraft", "SessionDraft", "session_draft", "session_pack_from"]

CURRENT = ("active", "paused")  # an ended plan is not carried into the next session
DEFAULT_QUESTIONNAIRES = ("phq9", "gad7")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class PlanDraft:
    """One suggested plan as the form shows it: every value as text, `include` to leave it out."""

    include: bool
    key: str
    exercise_id: str
    what: str
    kind: str
    time: str = ""
    repeat: str = ""
    where: str = ""
    minutes: str = ""
    rationale: str = ""
    if_text: str = ""
    then_text: str = ""
    aim: str = ""
    routine: str = ""


@dataclass
class AnswerDraft:
    question: str
    answer: str = ""  # an empty answer is left out of the pack


@dataclass
class SessionDraft:
    practitioner: str
    session_date: str
    next_call: str = ""
    questionnaires: str = ", ".join(DEFAULT_QUESTIONNAIRES)
    notes: str = ""
    plans: list[PlanDraft] = field(default_factory=list)
    answers: list[AnswerDraft] = field(default_factory=list)
    out: str = ""


def _slug(text: str, fallback: str) -> str:
    return _SLUG.sub("-", text.casefold()).strip("-")[:24].strip("-") or fallback


def _number(value: Any) -> str:
    return "" if value is None or isinstance(value, bool) or not isinstance(value, int | float) else f"{value:g}"


def _text(table: dict[str, Any], key: str) -> str:
    value = table.get(key)
    return value if isinstance(value, str) else ""


def _plan_draft(plan: dict[str, Any], taken: set[str]) -> PlanDraft:
    schedule = plan.get("schedule") if isinstance(plan.get("schedule"), dict) else {}
    assert isinstance(schedule, dict)
    base = _slug(_text(plan, "exercise_id"), "plan")
    key, n = base, 2
    while key in taken:
        key, n = f"{base[:29]}-{n}", n + 1
    taken.add(key)
    kind = _text(plan, "kind")
    rule = schedule.get("rrule")
    try:
        repeat = repeat_text(rule) if isinstance(rule, str) and rule else ""
    except (RuleError, ValueError, KeyError):
        repeat = ""
    pairs = [p for p in plan.get("if_then") or [] if isinstance(p, dict)]
    first = pairs[0] if pairs else {}
    return PlanDraft(
        include=_text(plan, "status") == "active", key=key, exercise_id=_text(plan, "exercise_id"),
        what=_text(plan, "what"), kind=kind if kind in PLAN_KINDS else "",
        time=_text(schedule, "time"), repeat=repeat if kind != "as_needed" else "",
        where=_text(plan, "where"), minutes=_number(plan.get("planned_minutes")), rationale=_text(plan, "why"),
        if_text=_text(first, "if"), then_text=_text(first, "then"), aim=_number(schedule.get("aim_per_week")),
        routine=_text(schedule, "routine"))


def session_draft(row: CaseloadRow, *, now: datetime, zone: str, practitioner: str = "") -> SessionDraft:
    """The next session pack for this patient, prefilled: their current plans and open questions.

    The session's day is the next call the pack names, if it is still ahead, else today; the
    practitioner's name is the one the pack names, else `practitioner`. The file goes beside the pack.
    """
    pack = row.pack or {}
    here = zone_info(zone)
    today = now.astimezone(here).date()
    day = today
    next_call = row.next_call
    if next_call is not None and next_call.astimezone(here).date() >= today:
        day = next_call.astimezone(here).date()
    named = pack.get("practitioner")
    name = _text(named, "name") if isinstance(named, dict) else ""
    taken: set[str] = set()
    plans = [_plan_draft(p, taken) for p in pack.get("plans") or []
             if isinstance(p, dict) and _text(p, "status") in CURRENT and _text(p, "exercise_id")]
    questions = [AnswerDraft(_text(q, "text")) for q in pack.get("questions") or []
                 if isinstance(q, dict) and q.get("asked") is not True and _text(q, "text")]
    who = _slug(row.name or row.participant_id, "patient")
    out = row.source.parent / f"session-{who}-{day.isoformat()}.toml"
    return SessionDraft(practitioner=name or practitioner, session_date=day.isoformat(), plans=plans,
                        answers=questions, out=str(out))


def _whole(text: str, where: str, low: int, high: int) -> int | str | None:
    """A typed number as the reader takes it; text that is not one is left for the reader to name."""
    value = text.strip()
    if not value:
        return None
    if value.isdigit():
        return int(value)
    raise SessionPackError("", where, f"must be a whole number from {low} to {high}")


def _plan_table(draft: PlanDraft) -> dict[str, Any]:
    """The plan as a `[[plan]]` table of session.toml holds it (empty fields left out)."""
    where = f"plan \"{draft.key}\": "
    table: dict[str, Any] = {"key": draft.key, "exercise": draft.exercise_id, "what": draft.what}
    for name, value in (("kind", draft.kind), ("time", draft.time), ("repeat", draft.repeat), ("where", draft.where),
                        ("rationale", draft.rationale), ("if", draft.if_text), ("then", draft.then_text),
                        ("routine", draft.routine)):
        if value.strip():
            table[name] = value.strip()
    for name, value, high in (("minutes", draft.minutes, 600), ("aim", draft.aim, 50)):
        number = _whole(value, where + name, 1, high)
        if number is not None:
            table[name] = number
    return table


def session_pack_from(draft: SessionDraft) -> SessionPack:
    """The session pack the edited draft describes, checked field by field by the session pack's own
    reader (`pack_from_table`), so a problem is named as it would be in the file."""
    table: dict[str, Any] = {
        "format": FORMAT, "version": VERSION, "practitioner": draft.practitioner, "session_date": draft.session_date,
        "questionnaires": [q for q in (w.strip().lower().replace("-", "") for w in draft.questionnaires.split(","))
                           if q],
        "plan": [_plan_table(p) for p in draft.plans if p.include],
        "answer": [{"question": a.question, "answer": a.answer.strip()} for a in draft.answers if a.answer.strip()],
    }
    if draft.notes.strip():
        table["notes"] = draft.notes.strip()
    if draft.next_call.strip():
        table["next_call"] = draft.next_call.strip()
    return pack_from_table(table, "")
