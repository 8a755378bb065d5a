"""`review.json`: the review pack's content as versioned JSON (documented in docs/review-pack.md).

The caseload view and other tools read it; `read_pack_json` is the reader's side of the
format's promise: refuse a foreign `format` or a newer `version`, ignore keys it does not know.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Any

from workbook.core.errors import WorkbookError
from workbook.insight.review import Tally
from workbook.insight.review_pack import FORMAT, VERSION, PlanEntry, QuestionnaireEntry, ReviewPack


class PackFormatError(WorkbookError):
    """A file that is not a review pack this Workbook can read (one line, naming why)."""


def instant(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, to the second."""
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _number(value: float | None) -> int | float | None:
    """Whole numbers as integers (15, not 15.0), the rest to one decimal place."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 1)


def _tally(t: Tally) -> dict[str, Any]:
    return {"planned": t.planned, "done": t.done, "partly": t.partly, "not_done": t.not_done,
            "not_logged": t.not_logged, "entries": t.entries, "extra": t.extra, "minutes": t.minutes,
            "completion": round(t.completion, 4) if t.completion is not None else None, "later": t.later}


def _plan(entry: PlanEntry, notes: bool) -> dict[str, Any]:
    p, t = entry.plan, entry.tally
    return {
        "id": p.id, "exercise_id": p.exercise_id, "exercise": entry.exercise, "what": p.what, "kind": p.kind,
        "status": p.status, **{k: v for k, v in _tally(t).items() if k != "completion"},
        "agreed": entry.agreed,
        "schedule": {"start_date": p.start_date.isoformat(), "time": p.start_time.strftime("%H:%M") if p.start_time else None,
                     "rrule": p.rrule, "until": _day(p.until), "aim_per_week": p.aim_per_week,
                     "routine": p.routine if notes else ""},
        "planned_minutes": p.minutes, "where": p.where if notes else "", "why": p.why if notes else "",
        "if_then": [dict(pair) for pair in p.if_then] if notes else [], "notes": list(entry.notes),
    }


def _questionnaire(q: QuestionnaireEntry) -> dict[str, Any]:
    change = q.since_first
    since = None
    if change is not None:
        since = {"first": _number(change.first), "latest": _number(change.latest), "change": _number(change.change),
                 "standing": change.standing.value, "reliable_improvement": change.reliable_improvement,
                 "reliable_deterioration": change.reliable_deterioration, "recovered": change.recovered,
                 "reliably_recovered": change.reliably_recovered, "words": change.words}
    return {"measure": q.measure, "name": q.name, "max_total": q.max_total,
            "scores": [{"completed_at": instant(_at(s.response.completed_at)), "total": _number(s.total),
                        "band": s.band, "risk": s.risk, "in_period": s.in_period} for s in q.scores],
            "since_first": since}


def _at(text: str) -> datetime:
    from workbook.core.times import from_iso

    return from_iso(text)


def pack_data(pack: ReviewPack) -> dict[str, Any]:
    """The pack as the JSON object docs/review-pack.md describes."""
    period = pack.period
    notes = pack.included.notes
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": instant(pack.generated_at),
        "workbook_version": pack.workbook_version,
        "patient": {"first_name": pack.first_name, "participant_id": pack.participant_id},
        "practitioner": {"name": pack.practitioner},
        "period": {"start": period.start.date().isoformat(), "end": period.end.astimezone(period.start.tzinfo).date().isoformat(),
                   "last_call": _day(period.last_call), "next_call": instant(period.next_call), "zone": period.zone},
        "last_activity": instant(pack.last_activity),
        "included": pack.included.as_dict(),
        "risk": [{"completed_at": instant(r.completed_at), "measure": r.measure, "item": r.item, "answer": r.answer,
                  "answer_label": r.answer_label, "question": r.question} for r in pack.risk],
        "totals": _tally(pack.totals),
        "by_kind": {kind: _tally(t) for kind, t in pack.by_kind.items()},
        "plans": [_plan(e, notes) for e in pack.plans],
        "barriers": [{"code": b.code, "label": b.label, "count": b.count, "notes": list(b.notes),
                      "changes": [_change(c) for c in b.changes]} for b in pack.barriers],
        "changes": [_change(c) for c in pack.changes],
        "ratings": [{"plan_id": r.plan_id, "exercise_id": r.change.exercise_id, "exercise": r.exercise,
                     "field": r.change.field_id, "label": r.change.label, "kind": r.change.kind,
                     "first": _number(r.change.first), "latest": _number(r.change.last),
                     "change": _number(r.change.difference), "count": r.change.count, "unit": r.change.unit,
                     "start": _number(r.change.start), "end": _number(r.change.end), "basis": r.change.basis,
                     "direction": r.change.direction, "better": r.change.better, "words": r.words}
                    for r in pack.ratings],
        "questionnaires": [_questionnaire(q) for q in pack.questionnaires],
        "questions": [{"text": q.text, "asked": q.asked, "about": q.about} for q in pack.questions],
        "declined": [{"what": d.what, "exercise_id": d.exercise_id, "practitioner": d.practitioner,
                      "session_date": d.session_date.isoformat(), "reason": d.reason,
                      "decided_at": instant(d.decided_at)} for d in pack.declined],
        "agreed_at_last_call": list(pack.agreed_at_last_call),
    }


def _change(c: Any) -> dict[str, Any]:
    return {"plan_id": c.plan_id, "what": c.what, "response": c.response, "change": c.change, "at": instant(c.at)}


def pack_json(pack: ReviewPack) -> str:
    """`review.json`'s text: UTF-8, indented, keys in the documented order."""
    return json.dumps(pack_data(pack), ensure_ascii=False, indent=2) + "\n"


def read_pack_json(data: bytes | str) -> dict[str, Any]:
    """A `review.json` read back, checked as the format asks a reader to (PackFormatError if not)."""
    try:
        found = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise PackFormatError("This is not a review pack: it is not JSON.") from None
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        raise PackFormatError("This is not a Workbook review pack (its format is not workbook-review-pack).")
    version = found.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PackFormatError("This review pack has no version number Workbook can read.")
    if version > VERSION:
        raise PackFormatError(f"This review pack is format version {version}; this Workbook reads up to "
                              f"version {VERSION}. Please update Workbook.")
    return found


def read_pack(path: Any, identity_file: Any = None) -> dict[str, Any]:
    """A review pack's `review.json` from disk, decrypted first if it is sealed (`.age`), then checked.

    `identity_file` is the practitioner's age key file (`age-keygen -o key.txt`); every problem
    is a one-line WorkbookError (a wrong key, a damaged file, a foreign or newer format).
    """
    from pathlib import Path

    from workbook.storage.sealed import open_file

    return read_pack_json(open_file(Path(path), Path(identity_file) if identity_file is not None else None))
