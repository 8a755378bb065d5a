"""Review packs for the caseload tests, written as the format document describes (docs/review-pack.md).

`pack()` gives a whole version-1 pack as a dict; keyword arguments change the parts a test is
about. `write_pack` saves one as JSON, `seal` encrypts one with the real `age` command.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any


def since(first: float, latest: float, standing: str, *, worse: bool = False, better: bool = False,
          recovered: bool | None = None) -> dict[str, Any]:
    return {"first": first, "latest": latest, "change": latest - first, "standing": standing,
            "reliable_improvement": better, "reliable_deterioration": worse, "recovered": recovered,
            "reliably_recovered": bool(recovered and better),
            "words": f"PHQ-9: {first:g} at the first check-in, {latest:g} now."}


def questionnaire(measure: str, totals: list[tuple[str, float]], since_first: dict[str, Any] | None = None,
                  band: str = "Moderate") -> dict[str, Any]:
    name = {"phq9": "PHQ-9", "gad7": "GAD-7", "wsas": "WSAS"}[measure]
    return {"measure": measure, "name": name,
            "scores": [{"completed_at": at, "total": total, "band": band, "risk": False} for at, total in totals],
            "since_first": since_first}


def pack(name: str = "Sam", *, participant_id: str | None = None, generated_at: str = "2026-11-30T09:00:00Z",
         last_activity: str | None = "2026-11-29T19:40:00Z", completion: float | None = 0.58,
         planned: int = 12, done: int = 7, risk: list[dict[str, Any]] | None = None,
         questionnaires: list[dict[str, Any]] | None = None, barriers: list[dict[str, Any]] | None = None,
         questions: list[dict[str, Any]] | None = None, plans: list[dict[str, Any]] | None = None,
         **extra: Any) -> dict[str, Any]:
    """A version-1 review pack for one patient."""
    body: dict[str, Any] = {
        "format": "workbook-review-pack", "version": 1, "generated_at": generated_at, "workbook_version": "0.1.0",
        "patient": {"first_name": name, "participant_id": participant_id},
        "practitioner": {"name": "Alex Morgan"},
        "period": {"start": "2026-11-16", "end": generated_at[:10], "last_call": "2026-11-16",
                   "next_call": "2026-12-01T10:00:00Z", "zone": "Europe/London"},
        "last_activity": last_activity,
        "included": {"notes": True, "ratings": True, "questions": True, "barrier_notes": True},
        "risk": risk or [],
        "totals": {"planned": planned, "done": done, "partly": 2, "not_done": 1, "not_logged": planned - done - 3,
                   "entries": 4, "extra": 1, "minutes": 140, "completion": completion},
        "plans": plans if plans is not None else [walk_plan()],
        "barriers": barriers if barriers is not None else [
            {"code": "no_time", "label": "Not enough time", "count": 3, "changes": []},
            {"code": "forgot", "label": "Forgot", "count": 1, "changes": []}],
        "ratings": [],
        "questionnaires": questionnaires if questionnaires is not None else [
            questionnaire("phq9", [("2026-11-02T09:00:00Z", 15), ("2026-11-29T09:00:00Z", 9)],
                          since(15, 9, "reliable_recovery", better=True, recovered=True))],
        "questions": questions if questions is not None else [
            {"text": "Is it OK to skip a day?", "asked": False}, {"text": "Old question", "asked": True}],
        "declined": [],
    }
    body.update(extra)
    return body


def walk_plan(**changes: Any) -> dict[str, Any]:
    plan = {"id": "5b1f3c1e-0000-4000-8000-000000000001", "exercise_id": "activity-scheduling",
            "exercise": "Activity scheduling", "what": "Walk round the park", "kind": "set_time", "status": "active",
            "planned": 8, "done": 5, "partly": 1, "not_done": 1, "not_logged": 1, "entries": 0, "extra": 0,
            "minutes": 100, "agreed": "agreed with Alex Morgan on Mon 16 Nov",
            "schedule": {"start_date": "2026-11-16", "time": "19:00", "rrule": "FREQ=WEEKLY;BYDAY=MO,WE,FR",
                         "until": None, "aim_per_week": None, "routine": ""},
            "planned_minutes": 20, "where": "the park", "why": "I feel better outside",
            "if_then": [{"if": "it rains", "then": "walk round the shopping centre"}], "notes": []}
    plan.update(changes)
    return plan


def item9(at: str, answer: int = 1, label: str = "Several days") -> dict[str, Any]:
    return {"completed_at": at, "measure": "phq9", "item": 9, "answer": answer, "answer_label": label}


def write_pack(path: Path, body: dict[str, Any]) -> Path:
    path.write_text(json.dumps(body, indent=2), encoding="utf-8")
    return path


def make_key(folder: Path, name: str = "key.txt") -> tuple[Path, str]:
    """An identity made by the real `age-keygen`; returns its file and its age1… recipient."""
    key = folder / name
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    recipient = subprocess.run(["age-keygen", "-y", str(key)], check=True, capture_output=True, text=True).stdout.strip()
    return key, recipient


def seal(plain: Path, recipient: str, out: Path, *, armor: bool = False) -> Path:
    """`plain` encrypted to `recipient` by the real `age` command."""
    subprocess.run(["age", *(["-a"] if armor else []), "-r", recipient, "-o", str(out), str(plain)], check=True,
                   capture_output=True)
    return out
