"""Taking a session pack into a patient's workbook: checked against the exercises, then made into records.

Pure functions: the façade (`facade.practitioner`) reads the store, calls these, and writes
what they return in one transaction. A pack naming an exercise this workbook does not have,
or a kind the exercise is not kept as, is refused whole, with one line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime, time
from typing import Any

from workbook.core.model import AS_NEEDED, DAILY_DIARY, Plan, Question
from workbook.core.pack_records import Suggestion
from workbook.core.times import to_iso, zone
from workbook.planning.agreed import agreed_words, day_words  # noqa: F401 - re-exported
from workbook.planning.plan_kind import usual_kind
from workbook.planning.session_pack import PackAnswer, SessionPack, SessionPackError, SuggestedPlan

_SPACES = re.compile(r"\s+")


def check_pack(pack: SessionPack, exercises: Any, source: str) -> None:
    """SessionPackError for the first plan this workbook cannot take (`exercises`: an ExerciseLibrary)."""
    for plan in pack.plans:
        where = f"plan \"{plan.key}\""
        if plan.exercise_id not in exercises:
            raise SessionPackError(source, where, f"exercise: there is no exercise called \"{plan.exercise_id}\" "
                                                  "in this workbook ('workbook exercises' lists them)")
        exercise = exercises.get(plan.exercise_id)
        timed = plan.time is not None or plan.repeat is not None or plan.until is not None
        kind = plan.kind or usual_kind(exercise.kinds, timed=timed)
        if kind not in exercise.kinds:
            raise SessionPackError(source, where, f"kind: {exercise.title} is kept as {', '.join(exercise.kinds)}, "
                                                  f"not {kind}")
        if kind == AS_NEEDED and timed:
            raise SessionPackError(source, where, f"kind: {exercise.title} is written down when it happens, "
                                                  "so it takes no time, repeat or end")
        if kind != AS_NEEDED and plan.aim_per_week is not None:
            raise SessionPackError(source, where, "aim: an aim per week goes with kind = \"as_needed\"")


def next_call_iso(pack: SessionPack, zone_name: str) -> str | None:
    """The next call as an aware ISO time; a time without a zone is the patient's own local time."""
    if pack.next_call is None:
        return None
    moment = pack.next_call if pack.next_call.tzinfo else pack.next_call.replace(tzinfo=zone(zone_name))
    return to_iso(moment)


def suggestion_fields(plan: SuggestedPlan) -> dict[str, Any]:
    """A suggested plan's fields as a Suggestion keeps them (JSON-ready)."""
    data = asdict(plan)
    for name in ("time", "start", "until"):
        value = data[name]
        data[name] = value.strftime("%H:%M") if isinstance(value, time) else (value.isoformat() if value else None)
    return data


def suggested_plan(suggestion: Suggestion, exercises: Any, zone_name: str, today: date) -> Plan:
    """The (unsaved) plan a suggestion makes: the pack's fields, the exercise's defaults for the rest.

    It starts on the pack's `start`, or today if that has passed or none was given, so an
    accepted plan never begins with days already overdue.
    """
    fields = suggestion.plan
    exercise = exercises.get(suggestion.exercise_id)
    kind = fields.get("kind") or usual_kind(exercise.kinds, timed=any(fields.get(k) for k in ("time", "repeat", "until")))
    start = date.fromisoformat(fields["start"]) if fields.get("start") else today
    until = date.fromisoformat(fields["until"]) if fields.get("until") else None
    rrule = fields.get("repeat")
    if kind == DAILY_DIARY and rrule is None:
        rrule = "FREQ=DAILY"
    pair = [{"if": fields["if_text"], "then": fields["then_text"]}] if fields.get("if_text") else []
    return Plan(
        exercise_id=suggestion.exercise_id, what=suggestion.what, kind=kind, zone=zone_name,
        start_date=max(start, today), until=until if until is None or until >= max(start, today) else max(start, today),
        start_time=time.fromisoformat(fields["time"]) if fields.get("time") and kind != AS_NEEDED else None,
        rrule=None if kind == AS_NEEDED else rrule, where=fields.get("where") or "",
        minutes=fields.get("minutes") or exercise.default_minutes, why=suggestion.rationale, if_then=pair,
        aim_per_week=fields.get("aim_per_week") if kind == AS_NEEDED else None, routine=fields.get("routine") or "",
        agreed_in_session=True, agreed_with=suggestion.practitioner, agreed_on=suggestion.session_date)


def matched_questions(answers: Sequence[PackAnswer], questions: Sequence[Question]) -> list[Question | None]:
    """For each answer, the patient's question it answers: by id (or its start), else by the same words."""
    by_words = {_words(q.text): q for q in questions}
    found: list[Question | None] = []
    for answer in answers:
        ref = answer.question.strip().lower()
        match = next((q for q in questions if len(ref) >= 6 and q.id.startswith(ref)), None)
        found.append(match or by_words.get(_words(answer.question)))
    return found


def _words(text: str) -> str:
    """Question text compared loosely: case, spacing and a closing question mark do not matter."""
    return _SPACES.sub(" ", text.casefold()).strip().rstrip("?").strip()


def local_day(moment: datetime, zone_name: str) -> date:
    return moment.astimezone(zone(zone_name)).date()
