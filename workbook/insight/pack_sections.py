"""A patient's review pack as sections to read, item 9 first, then everything else the pack holds.

The pack was checked when its row was made; values a section shows are still read gently
(a wrong-kind value shows as it is rather than failing the whole page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from workbook.content.copy import text
from workbook.core.repeat_words import describe
from workbook.core.words import counted, plural
from workbook.insight.caseload_words import day_words, moment_words

__all__ = ["Section", "pack_sections"]


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[str, ...]
    urgent: bool = False  # item 9 answered above 0: shown first and marked


def _s(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _when(value: Any, zone: str) -> str:
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is not None:
                return moment_words(moment, zone)
        except ValueError:
            pass
    return _s(value) or text("caseload.never")


def _day(value: Any) -> str:
    if isinstance(value, str):
        try:
            return day_words(date.fromisoformat(value))
        except ValueError:
            pass
    return _s(value)


def _list(pack: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = pack.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _items(value: Any) -> list[Any]:
    """A list read from a pack, or none (a changed or damaged pack may hold anything there)."""
    return value if isinstance(value, list) else []


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _or_none(lines: list[str]) -> tuple[str, ...]:
    return tuple(lines) if lines else (text("caseload.review.none"),)


def pack_sections(pack: dict[str, Any], *, zone: str) -> list[Section]:
    """Every section of the pack, item 9 first; times in the practitioner's `zone`."""
    risk = [text("caseload.review.risk_line", when=_when(r.get("completed_at"), zone), answer=_s(r.get("answer")),
                 label=_s(r.get("answer_label")), measure=_s(r.get("measure")).upper().replace("PHQ9", "PHQ-9"))
            for r in _list(pack, "risk")]
    sections = [Section(text("caseload.review.risk"), tuple(risk) or (text("caseload.review.risk_none"),),
                        urgent=bool(risk))]
    sections.append(Section(text("caseload.review.about"), tuple(_about(pack, zone))))
    sections.append(Section(text("caseload.review.totals"), tuple(_totals(_table(pack.get("totals"))))))
    sections.append(Section(text("caseload.review.plans"), _or_none(_plans(pack))))
    sections.append(Section(text("caseload.review.barriers"), _or_none(_barriers(pack))))
    sections.append(Section(text("caseload.review.ratings"), _or_none(_ratings(pack))))
    sections.append(Section(text("caseload.review.questionnaires"), _or_none(_questionnaires(pack, zone))))
    questions = [text("caseload.review.question_asked", text=_s(q.get("text"))) if q.get("asked") is True
                 else _s(q.get("text")) for q in _list(pack, "questions")]
    sections.append(Section(text("caseload.review.questions"), _or_none(questions)))
    declined = [text("caseload.review.declined_line", what=_s(d.get("what")), practitioner=_s(d.get("practitioner")),
                     day=_day(d.get("session_date")), reason=_s(d.get("reason")))
                for d in _list(pack, "declined")]
    sections.append(Section(text("caseload.review.declined"), _or_none(declined)))
    return sections


def _about(pack: dict[str, Any], zone: str) -> list[str]:
    patient, period = _table(pack.get("patient")), _table(pack.get("period"))
    lines = [text("caseload.review.patient", name=_s(patient.get("first_name")) or text("caseload.no_name"))]
    if patient.get("participant_id"):
        lines.append(text("caseload.review.participant", id=_s(patient.get("participant_id"))))
    practitioner = _table(pack.get("practitioner")).get("name")
    if practitioner:
        lines.append(text("caseload.review.practitioner", name=_s(practitioner)))
    lines.append(text("caseload.review.period", start=_day(period.get("start")), end=_day(period.get("end")),
                      zone=_s(period.get("zone"))))
    if period.get("last_call"):
        lines.append(text("caseload.review.last_call", day=_day(period.get("last_call"))))
    if period.get("next_call"):
        lines.append(text("caseload.review.next_call", when=_when(period.get("next_call"), zone)))
    lines.append(text("caseload.review.last_activity", when=_when(pack.get("last_activity"), zone)))
    lines.append(text("caseload.review.generated", when=_when(pack.get("generated_at"), zone),
                      version=_s(pack.get("workbook_version"))))
    left_out = [name.replace("_", " ") for name, kept in _table(pack.get("included")).items() if kept is False]
    if left_out:
        lines.append(text("caseload.review.left_out", what=", ".join(left_out)))
    return lines


def _counts(table: dict[str, Any]) -> dict[str, str]:
    names = ("planned", "done", "partly", "not_done", "not_logged", "entries", "extra", "minutes")
    return {name: _s(table.get(name)) or "0" for name in names}


def _many(value: Any, word: str) -> str:
    """'1 minute', '20 minutes': a count read from the pack, agreeing with its noun even when it isn't a number."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return counted(value, word)
    return f"{_s(value) or '0'} {plural(word)}"


def _totals(totals: dict[str, Any]) -> list[str]:
    completion = totals.get("completion")
    shown = f"{round(completion * 100)}%" if isinstance(completion, int | float) else text("caseload.no_plans")
    counts = _counts(totals)
    return [text("caseload.review.totals_line", **counts), text("caseload.review.totals_more", **counts,
                                                                completion=shown)]


def _schedule(schedule: dict[str, Any]) -> str:
    parts = [text("caseload.review.schedule_from", day=_day(schedule.get("start_date")))
             if schedule.get("start_date") else "",
             _s(schedule.get("time")), _repeat(schedule.get("rrule")),
             text("caseload.review.schedule_until", day=_day(schedule.get("until"))) if schedule.get("until") else "",
             text("caseload.review.schedule_aim", count=_s(schedule.get("aim_per_week")))
             if schedule.get("aim_per_week") else "",
             _s(schedule.get("routine"))]
    return ", ".join(part for part in parts if part)


def _repeat(rule: Any) -> str:
    """The repeat rule in words ("Mon, Wed, Fri"); as written if it is not one Workbook reads."""
    if rule is None or isinstance(rule, str):
        try:
            return describe(rule)
        except (ValueError, KeyError):
            pass
    return _s(rule)


def _plans(pack: dict[str, Any]) -> list[str]:
    lines = []
    for plan in _list(pack, "plans"):
        lines.append(text("caseload.review.plan_head", what=_s(plan.get("what")), exercise=_s(plan.get("exercise")),
                          kind=_s(plan.get("kind")).replace("_", " "), status=_s(plan.get("status"))))
        counts = _counts(plan) | {"minutes": _many(plan.get("minutes"), "minute")}
        lines.append(text("caseload.review.plan_counts", **counts))
        lines.append(text("caseload.review.plan_schedule", schedule=_schedule(_table(plan.get("schedule"))),
                          planned_minutes=_many(plan.get("planned_minutes"), "minute")))
        for key in ("where", "why", "agreed"):
            if plan.get(key):
                lines.append(text(f"caseload.review.plan_{key}", **{key: _s(plan.get(key))}))
        for pair in _items(plan.get("if_then")):
            if isinstance(pair, dict):
                lines.append(text("caseload.review.plan_if_then", if_=_s(pair.get("if")), then=_s(pair.get("then"))))
        for note in _items(plan.get("notes")):
            lines.append(text("caseload.review.plan_note", note=_s(note)))
    return lines


def _barriers(pack: dict[str, Any]) -> list[str]:
    lines = []
    for barrier in _list(pack, "barriers"):
        lines.append(text("caseload.review.barrier_line", label=_s(barrier.get("label") or barrier.get("code")),
                          count=_s(barrier.get("count"))))
        for change in _items(barrier.get("changes")):
            if isinstance(change, dict):
                at = change.get("at")
                lines.append(text("caseload.review.barrier_change", what=_s(change.get("what")),
                                  change=_s(change.get("change")), day=_day(at[:10] if isinstance(at, str) else at)))
    return lines


def _ratings(pack: dict[str, Any]) -> list[str]:
    lines = []
    for rating in _list(pack, "ratings"):
        change = rating.get("change")
        lines.append(text("caseload.review.rating_line", label=_s(rating.get("label")),
                          exercise=_s(rating.get("exercise_id")), first=_s(rating.get("first")),
                          latest=_s(rating.get("latest")), unit=_s(rating.get("unit")), logs=_many(rating.get("count"), "log"),
                          change=f"{change:+g}" if isinstance(change, int | float) else _s(change)))
    return lines


def _questionnaires(pack: dict[str, Any], zone: str) -> list[str]:
    lines = []
    for entry in _list(pack, "questionnaires"):
        lines.append(_s(entry.get("name") or entry.get("measure")))
        for score in _list(entry, "scores"):
            line = text("caseload.review.score_line", day=_when(score.get("completed_at"), zone),
                        total=_s(score.get("total")), band=_s(score.get("band")))
            lines.append(line + (text("caseload.review.score_risk") if score.get("risk") is True else ""))
        since = _table(entry.get("since_first"))
        if since.get("words"):
            lines.append(f"  {_s(since.get('words'))}")
    return lines
