"""`workbook demo`: a realistic, deterministic patient for trying Workbook and for tests.

The same seed and `now` always give the same records. Ten weeks show the core
loop; `--weeks 260` makes a heavy five-year home for the performance work.
Everything is written in bulk inside one lock hold (one file write per month).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from workbook.content.exercises import validate_values
from workbook.core.errors import WorkbookError
from workbook.core.model import Attempt, Plan, Question, QuestionnaireResponse, SessionNote, Settings, Supporter
from workbook.core.records import seeded_ids
from workbook.core.times import to_iso, utc_iso, zone
from workbook.facade.workbook import SETTINGS_ID, Workbook, score_response
from workbook.outputs.demo_values import PHRASES, attempt_values
from workbook.planning.schedule import days_of
from workbook.storage.opening import fill_empty_home

ZONE = "Europe/London"
BARRIER_WEIGHTS = {
    "forgot": 6, "no_time": 5, "tired_low": 4, "too_anxious": 3, "something_came_up": 3,
    "didnt_feel_like_it": 2, "too_hard": 2, "no_privacy": 1, "unwell": 1,
}
BARRIER_NOTES = ["Late shift ran over.", "Kids were off school.", "Just couldn't face it.", "Phone was on silent.", ""]


@dataclass(frozen=True)
class PlanSpec:
    exercise_id: str
    what: str
    where: str
    at: time | None
    rrule: str | None
    minutes: int
    why: str
    if_then: tuple[str, str] | None
    confidence: int
    supporter: int | None  # index into SUPPORTERS
    lead: int | None
    kind: str = "set_time"


SUPPORTERS = [
    ("Jo", "partner", ["remind", "join"], "text Jo"),
    ("Dev", "friend from work", ["encourage", "check_in"], "WhatsApp"),
]
PLANS = [
    PlanSpec("activity-scheduling", "Walk round the park after tea", "the park at the end of my road", time(18, 30),
             "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", 20, "I used to love being outside; I want that back.",
             ("it's raining", "I'll do the 10-minute stretch video indoors"), 8, 0, 15),
    PlanSpec("thought-record", "Write a thought record when my mood drops", "kitchen table", time(20, 0),
             "FREQ=WEEKLY;BYDAY=MO,TH", 15, "To stop the 'I'm useless' thoughts running the evening.",
             ("I'm too tired to write", "I'll jot just the situation and the hot thought"), 7, None, 10),
    PlanSpec("exposure-practice", "Take the bus two stops into town", "the 42 bus stop", time(10, 0),
             "FREQ=DAILY;INTERVAL=2", 30, "So I can get to my sister's on my own again.",
             ("my heart starts racing", "I'll stay on until my stop and breathe slowly"), 6, 1, 30),
    PlanSpec("worry-time", "Go through my worry list", "armchair in the spare room", time(17, 30),
             "FREQ=DAILY", 15, "Worries take my whole day; I want them in one box.",
             None, 7, None, 5),
    PlanSpec("sleep-diary", "Fill in my sleep diary", "bed, before getting up", time(7, 45),
             "FREQ=DAILY", 5, "To see what actually helps my sleep.", None, 9, None, None, kind="daily_diary"),
    PlanSpec("breathing-practice", "Slow breathing before bed", "bedroom", time(21, 45),
             "FREQ=WEEKLY;BYDAY=SU,TU,TH", 10, "To wind down instead of scrolling.",
             ("I'm already in bed on my phone", "I'll put the phone on the chair and breathe there"), 8, 0, 10),
]


def make_demo(home: Path, *, now: datetime, weeks: int = 10, seed: int = 1) -> dict[str, int]:
    """Fill an empty home; returns how many of each record were written."""
    with seeded_ids(seed):
        return _make_demo(home, weeks=weeks, seed=seed, now=now)


def _make_demo(home: Path, *, weeks: int, seed: int, now: datetime) -> dict[str, int]:
    if not 1 <= weeks <= 520:
        raise WorkbookError("--weeks must be from 1 to 520.")
    # Written into a staged home and moved in at the end: a killed demo leaves the home empty or full.
    return fill_empty_home(
        home, lambda staged: _write_demo(staged, weeks=weeks, seed=seed, now=now), now=now,
        not_empty=f"{home} already holds a workbook; the demo only fills an empty home (use --home with a new folder).")


def _write_demo(home: Path, *, weeks: int, seed: int, now: datetime) -> dict[str, int]:
    rng = random.Random(seed)
    workbook = Workbook.open(home, clock=lambda: now, daily_backup=False)
    tz = zone(ZONE)
    today = now.astimezone(tz).date()
    first_day = today - timedelta(weeks=weeks)
    stamp = lambda d, t=time(9, 0): utc_iso(datetime.combine(d, t, tzinfo=tz))  # noqa: E731

    supporters = [Supporter(name=n, relationship=r, how=h, contact=c, created_at=stamp(first_day), updated_at=stamp(first_day))
                  for n, r, h, c in SUPPORTERS]
    plans = [_plan(spec, first_day, supporters, stamp) for spec in PLANS]
    if weeks >= 6:  # one plan made smaller after barriers, as the Barriers screen would
        plans[2].minutes = 20
        plans[2].adjustments.append({"at": stamp(first_day + timedelta(weeks=3)), "response": "make_smaller", "summary": "30 → 20 minutes"})
    attempts = _attempts(workbook, plans, first_day, today, now, rng)
    responses = _questionnaires(first_day, weeks, rng, tz)
    notes = [SessionNote(call_date=first_day + timedelta(weeks=w), agreed=f"Keep going with the walks; review the bus practice (week {w}).",
                         agreed_plan_ids=[plans[0].id, plans[2].id], created_at=stamp(first_day + timedelta(weeks=w)),
                         updated_at=stamp(first_day + timedelta(weeks=w)))
             for w in range(0, weeks, 2)]
    questions = [Question(text="Is it OK to do the bus practice with Jo at first?", plan_id=plans[2].id, asked=True),
                 Question(text="What do I do when worry time runs over?", plan_id=plans[3].id)]
    next_call = datetime.combine(today + timedelta(days=3), time(10, 0), tzinfo=tz)
    settings = Settings(id=SETTINGS_ID, first_name="Sam", practitioner_name="Priya", zone=ZONE,
                        next_call=to_iso(next_call), welcome_done=True)
    with workbook.store.transaction(now) as tx:
        for record in [settings, *supporters, *plans, *notes, *questions]:
            tx.put(record)
        tx.put_many("responses", [r.to_dict() for r in responses])
        tx.put_many("attempts", [a.to_dict() for a in attempts])
    return {"plans": len(plans), "attempts": len(attempts), "supporters": len(supporters),
            "questionnaires": len(responses), "session_notes": len(notes)}


def _plan(spec: PlanSpec, first_day: date, supporters: list[Supporter], stamp: Callable[..., str]) -> Plan:
    return Plan(
        exercise_id=spec.exercise_id, what=spec.what, where=spec.where, start_date=first_day, start_time=spec.at,
        zone=ZONE, rrule=spec.rrule, minutes=spec.minutes, why=spec.why,
        if_then=[{"if": spec.if_then[0], "then": spec.if_then[1]}] if spec.if_then else [],
        confidence=spec.confidence, supporter_ids=[supporters[spec.supporter].id] if spec.supporter is not None else [],
        agreed_in_session=True, reminder_lead_minutes=spec.lead, kind=spec.kind, created_at=stamp(first_day - timedelta(days=1), time(20, 0)), updated_at=stamp(first_day - timedelta(days=1), time(20, 0)),
    )


def _attempts(workbook: Workbook, plans: list[Plan], first_day: date, today: date, now: datetime, rng: random.Random) -> list[Attempt]:
    codes = list(BARRIER_WEIGHTS)
    weights = list(BARRIER_WEIGHTS.values())
    total_days = max(1, (today - first_day).days)
    found = []
    for plan in plans:
        exercise = workbook.exercises.get(plan.exercise_id)
        for at in days_of(plan, first_day, today):
            if at >= now:
                continue
            progress = (at.date() - first_day).days / total_days
            roll = rng.random()
            done_share = 0.45 + 0.3 * progress
            if roll < done_share:
                outcome = "done"
            elif roll < done_share + 0.1:
                outcome = "partly"
            elif roll < done_share + 0.2:
                outcome = "not_done"
            else:
                continue  # not logged at all: shows as "still open" if recent
            logged = min(now, at + timedelta(minutes=plan.minutes + rng.randint(5, 180)))
            fill = 0.9 if outcome == "done" else 0.3
            values = validate_values(exercise, attempt_values(exercise, progress, rng, fill=fill), outcome=outcome) if outcome != "not_done" else {}
            barriers = []
            if outcome != "done":
                for code in sorted(set(rng.choices(codes, weights, k=rng.randint(1, 2)))):
                    barriers.append({"code": code, "note": rng.choice(BARRIER_NOTES)})
            found.append(Attempt(
                plan_id=plan.id, exercise_id=plan.exercise_id, occurrence=to_iso(at), logged_at=utc_iso(logged),
                created_at=utc_iso(logged), updated_at=utc_iso(logged), outcome=outcome, values=values,
                minutes=None if outcome == "not_done" else max(1, round(plan.minutes * (1 if outcome == "done" else 0.5))),
                note=rng.choice(PHRASES) if rng.random() < 0.3 else "", barriers=barriers,
                supporter_helped=bool(plan.supporter_ids) and outcome != "not_done" and rng.random() < 0.4,
                supporter_id=plan.supporter_ids[0] if plan.supporter_ids else None,
            ))
    return found


def _questionnaires(first_day: date, weeks: int, rng: random.Random, tz: tzinfo) -> list[QuestionnaireResponse]:
    """Weekly PHQ-9 and GAD-7 that improve unevenly; one early item-9 answer of 1."""
    found = []
    for week in range(weeks):
        when = datetime.combine(first_day + timedelta(weeks=week, days=1), time(9, 30), tzinfo=tz)
        progress = week / max(1, weeks - 1)
        for measure, items, start, end in (("phq9", 9, 17, 7), ("gad7", 7, 14, 6)):
            target = max(0, round(start + (end - start) * min(1.0, progress * 1.6) + rng.gauss(0, 2)))
            answers = _spread(target, items, rng)
            if measure == "phq9":
                answers[8] = 1 if week == 1 else 0
            found.append(score_response(measure, answers, when))
    return found


def _spread(total: int, items: int, rng: random.Random) -> list[int]:
    answers = [0] * items
    for _ in range(min(total, items * 3)):
        candidates = [i for i in range(items - (1 if items == 9 else 0)) if answers[i] < 3]
        if not candidates:
            break
        answers[rng.choice(candidates)] += 1
    return answers
