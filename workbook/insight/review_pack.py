"""The review pack's content: one object for the period since the last call. Pure; clock passed in.

The patient sends it to their practitioner before a call (as HTML, `review.json` and a FHIR
Bundle; see `outputs.review_pack`). Every figure comes from the functions the Review screen and
the Markdown report use (`review.review`'s tallies, `field_changes`, `checkin.risk_answers`,
`content.recovery.since_first`), so the three always agree. What the patient chose to leave out
(`Included`) is never put in the object at all, so no writer can show it by mistake.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from workbook.content.recovery import ChangeSinceFirst, since_first
from workbook.core.model import PLAN_KINDS, Attempt, Plan, Question, QuestionnaireResponse, SessionNote, Settings
from workbook.core.suggestions import DeclinedSuggestion
from workbook.core.times import from_iso, zone
from workbook.insight.checkin import risk_answers
from workbook.insight.field_changes import FieldChange, change_words
from workbook.insight.review import Review, Tally, day_start, since_last_call
from workbook.planning.pack_import import agreed_words

FORMAT, VERSION = "workbook-review-pack", 1
MAX_PACK_DAYS = 3653  # as the report: a period is never more than about ten years long


@dataclass(frozen=True)
class Included:
    """What the patient chose to send (stored in Settings as `pack_*`, remembered between packs)."""

    name: bool = True  # their first name
    notes: bool = True  # free text: where, why, if-then plans, notes on attempts
    barrier_notes: bool = True  # their own words about what got in the way
    ratings: bool = True  # every logged number's change
    questions: bool = True  # questions saved for the call

    @classmethod
    def from_settings(cls, settings: Settings) -> Included:
        return cls(name=settings.pack_name, notes=settings.pack_notes, barrier_notes=settings.pack_barrier_notes,
                   ratings=settings.pack_ratings, questions=settings.pack_questions)

    def as_dict(self) -> dict[str, bool]:
        return {"name": self.name, "notes": self.notes, "barrier_notes": self.barrier_notes,
                "ratings": self.ratings, "questions": self.questions}


@dataclass(frozen=True)
class PackPeriod:
    start: datetime  # the last call's midnight (local), else 14 days back
    end: datetime  # when the pack was written
    last_call: date | None
    next_call: datetime | None
    zone: str


@dataclass(frozen=True)
class PlanEntry:
    plan: Plan
    exercise: str  # the exercise's title
    tally: Tally
    agreed: str | None  # "agreed with Alex Morgan on Thu 19 Nov", None if set up alone
    notes: tuple[str, ...]  # free text logged with its attempts in the period (empty when left out)


@dataclass(frozen=True)
class PlanChange:
    """A change made to a plan in the period (a response to what got in the way)."""

    plan_id: str
    what: str
    response: str  # the response code (make_smaller, move_time, ...)
    change: str  # its label and preview: "Make it smaller (30 → 15 minutes)"
    at: datetime


@dataclass(frozen=True)
class BarrierEntry:
    code: str
    label: str
    count: int
    notes: tuple[str, ...]  # the patient's own words (empty when left out)
    changes: tuple[PlanChange, ...]  # changes to the plans it got in the way of, by its responses


@dataclass(frozen=True)
class RatingEntry:
    change: FieldChange
    exercise: str
    plan_id: str | None  # the plan it was logged for, when one plan of that exercise ran
    words: str  # the report's line


@dataclass(frozen=True)
class ScoreEntry:
    response: QuestionnaireResponse
    total: float | None
    band: str | None  # the published band name
    risk: bool
    in_period: bool


@dataclass(frozen=True)
class QuestionnaireEntry:
    measure: str
    name: str
    max_total: int
    scores: tuple[ScoreEntry, ...]  # every check-in up to now, oldest first
    since_first: ChangeSinceFirst | None  # None with fewer than two scores


@dataclass(frozen=True)
class RiskEntry:
    completed_at: datetime
    measure: str
    short_name: str
    item: int
    answer: int
    answer_label: str
    question: str
    lowest: str
    highest: str
    item_max: int


@dataclass(frozen=True)
class QuestionEntry:
    text: str
    asked: bool
    about: str | None  # the plan it is about


@dataclass(frozen=True)
class ReviewPack:
    """Everything a review pack says, with only what the patient chose to include."""

    generated_at: datetime
    workbook_version: str
    first_name: str
    participant_id: str | None
    practitioner: str
    period: PackPeriod
    last_activity: datetime | None
    included: Included
    risk: tuple[RiskEntry, ...]  # newest first
    totals: Tally
    by_kind: Mapping[str, Tally]
    plans: tuple[PlanEntry, ...]
    barriers: tuple[BarrierEntry, ...]
    changes: tuple[PlanChange, ...]  # every change made to a plan in the period, oldest first
    ratings: tuple[RatingEntry, ...]
    questionnaires: tuple[QuestionnaireEntry, ...]
    questions: tuple[QuestionEntry, ...]
    declined: tuple[DeclinedSuggestion, ...]
    agreed_at_last_call: tuple[str, ...] = field(default=())


def pack_period(notes: Iterable[SessionNote], settings: Settings, now: datetime) -> PackPeriod:
    """Since the last call (from its day's midnight), else the last 14 days; the report's period."""
    start, call = since_last_call(notes, now, settings.zone)
    today = now.astimezone(zone(settings.zone)).date()
    start = max(start, day_start(today - timedelta(days=MAX_PACK_DAYS), settings.zone))
    upcoming = from_iso(settings.next_call) if settings.next_call else None
    return PackPeriod(start, now, call, upcoming if upcoming is not None and upcoming >= now else None, settings.zone)


def build_pack(*, stats: Review, period: PackPeriod, settings: Settings, plans: Sequence[Plan],
               attempts: Sequence[Attempt], responses: Sequence[QuestionnaireResponse],
               questions: Sequence[Question], notes: Sequence[SessionNote], declined: Sequence[DeclinedSuggestion],
               exercises: Any, taxonomy: Any, included: Included, workbook_version: str) -> ReviewPack:
    """The pack for `period` from `stats` (the `Review` for [period.start, period.end))."""
    titles = {p.id: p.what for p in plans}
    shown = _plans_shown(plans, stats, period.start)
    tallies = {s.plan.id: s.tally for s in stats.plans}
    agreed = _agreed(notes, settings)
    plan_entries = tuple(
        PlanEntry(p, _title(exercises, p.exercise_id), tallies.get(p.id, Tally()),
                  agreed_words(p) or agreed.get(p.id) or ("agreed in session" if p.agreed_in_session else None),
                  _attempt_notes(stats, p.id) if included.notes else ())
        for p in shown)
    changes = _changes(plans, period, taxonomy)
    last_notes = [n for n in notes if n.call_date == period.last_call]
    return ReviewPack(
        generated_at=period.end, workbook_version=workbook_version,
        first_name=settings.first_name if included.name else "",
        participant_id=settings.participant_id or None if settings.research_mode else None,
        practitioner=settings.practitioner_name, period=period,
        last_activity=_last_activity(attempts, responses, questions, period.end), included=included,
        risk=_risk(responses, period), totals=stats.total, by_kind=_by_kind(stats),
        plans=plan_entries, barriers=_barriers(stats, changes, taxonomy, included), changes=changes,
        ratings=_ratings(stats, exercises) if included.ratings else (),
        questionnaires=_questionnaires(responses, period),
        questions=tuple(QuestionEntry(q.text, q.asked, titles.get(q.plan_id or "")) for q in questions
                        if not q.asked) if included.questions else (),
        declined=tuple(sorted(declined, key=lambda d: d.decided_at)),
        agreed_at_last_call=tuple(n.agreed.strip() for n in last_notes if n.agreed.strip()) if included.notes else (),
    )


# -- pieces --------------------------------------------------------------------------------


def _title(exercises: Any, exercise_id: str) -> str:
    return exercises.get(exercise_id).title if exercises is not None and exercise_id in exercises else exercise_id


def _plans_shown(plans: Sequence[Plan], stats: Review, start: datetime) -> list[Plan]:
    """Active plans, plans that changed in the period and plans with anything in it (the report's, and more)."""
    counted = {s.plan.id for s in stats.plans}
    return [p for p in plans if p.is_active or from_iso(p.updated_at) >= start or p.id in counted]


def _agreed(notes: Sequence[SessionNote], settings: Settings) -> dict[str, str]:
    """Provenance from the calls noted: "agreed with Alex Morgan on Thu 19 Nov" (the latest call naming it)."""
    who = f" with {settings.practitioner_name}" if settings.practitioner_name else ""
    found: dict[str, str] = {}
    for note in notes:  # oldest first, so the latest call wins
        for plan_id in note.agreed_plan_ids:
            found[plan_id] = f"agreed{who} on {note.call_date:%a} {note.call_date.day} {note.call_date:%b}"
    return found


def _attempt_notes(stats: Review, plan_id: str) -> tuple[str, ...]:
    return tuple(s.attempt.note.strip() for s in stats.slots
                 if s.plan.id == plan_id and s.attempt is not None and s.attempt.note.strip())


def _by_kind(stats: Review) -> dict[str, Tally]:
    from workbook.insight.review import tally

    return {kind: tally(s for s in stats.slots if s.plan.kind == kind) for kind in PLAN_KINDS
            if any(s.plan.kind == kind for s in stats.slots)}


def _changes(plans: Sequence[Plan], period: PackPeriod, taxonomy: Any) -> tuple[PlanChange, ...]:
    """Every response applied to a plan in the period (the report's "Changes made to plans")."""
    found = []
    for plan in plans:
        for item in plan.adjustments:
            try:
                at = from_iso(item.get("at", ""))
            except (TypeError, ValueError):
                continue
            if period.start <= at < period.end:
                code = item.get("response", "")
                known = taxonomy is not None and code in taxonomy.responses
                label = taxonomy.responses[code].label if known else code
                summary = f" ({item['summary']})" if item.get("summary") else ""
                found.append(PlanChange(plan.id, plan.what, code, f"{label}{summary}", at))
    return tuple(sorted(found, key=lambda c: c.at))


def _barriers(stats: Review, changes: tuple[PlanChange, ...], taxonomy: Any,
              included: Included) -> tuple[BarrierEntry, ...]:
    """Barriers, most frequent first, each with the changes made to the plans it got in the way of
    by one of the responses it offers."""
    plans_hit: dict[str, set[str]] = {}
    for slot in stats.slots:
        for item in slot.attempt.barriers if slot.attempt is not None else ():
            plans_hit.setdefault(item["code"], set()).add(slot.plan.id)
    out = []
    for barrier in stats.barriers:
        offered = _responses_for(taxonomy, barrier.code)
        mine = tuple(c for c in changes if c.plan_id in plans_hit.get(barrier.code, set())
                     and (offered is None or c.response in offered))
        words = tuple(n.note for n in barrier.notes) if included.barrier_notes else ()
        out.append(BarrierEntry(barrier.code, barrier.label, barrier.count, words, mine))
    return tuple(out)


def _responses_for(taxonomy: Any, code: str) -> frozenset[str] | None:
    if taxonomy is None:
        return None
    try:
        return frozenset(taxonomy.get(code).responses)
    except LookupError:
        return None


def _ratings(stats: Review, exercises: Any) -> tuple[RatingEntry, ...]:
    plans_of: dict[str, set[str]] = {}
    for slot in stats.slots:
        if slot.attempt is not None and slot.attempt.values:
            plans_of.setdefault(slot.plan.exercise_id, set()).add(slot.plan.id)
    out = []
    for change in stats.ratings:
        ids = plans_of.get(change.exercise_id, set())
        out.append(RatingEntry(change, _title(exercises, change.exercise_id), next(iter(ids)) if len(ids) == 1 else None,
                               change_words(change)))
    return tuple(out)


def _questionnaires(responses: Sequence[QuestionnaireResponse], period: PackPeriod) -> tuple[QuestionnaireEntry, ...]:
    """Each questionnaire done up to now: every score with its band, and the change since the first."""
    from workbook.content.measures import all_measures
    from workbook.content.scoring import score

    out = []
    for measure in all_measures():
        mine = [r for r in responses if r.measure == measure.id and from_iso(r.completed_at) < period.end]
        if not mine:
            continue
        mine.sort(key=lambda r: from_iso(r.completed_at))
        scored = [(r, score(r.measure, r.answers)) for r in mine]
        entries = tuple(
            ScoreEntry(r, s.total, (s.band.clinical_label or s.band.label) if s.band else None, s.risk,
                       period.start <= from_iso(r.completed_at) < period.end) for r, s in scored)
        change = since_first(measure.id, scored[0][1], scored[-1][1]) if len(scored) >= 2 else None
        out.append(QuestionnaireEntry(measure.id, measure.short_name, measure.max_total, entries, change))
    return tuple(out)


def _risk(responses: Sequence[QuestionnaireResponse], period: PackPeriod) -> tuple[RiskEntry, ...]:
    from workbook.content.measures import all_measures

    ids = {m.short_name: m.id for m in all_measures()}
    found = risk_answers(responses, period.start, period.end)
    return tuple(RiskEntry(r.when, ids.get(r.short_name, r.short_name), r.short_name, r.number, r.value, r.label,
                           r.question, r.lowest, r.highest, r.item_max) for r in reversed(found))


def _last_activity(attempts: Sequence[Attempt], responses: Sequence[QuestionnaireResponse],
                   questions: Sequence[Question], now: datetime) -> datetime | None:
    moments = [from_iso(a.logged_at) for a in attempts] + [from_iso(r.completed_at) for r in responses]
    moments += [from_iso(q.created_at) for q in questions if q.created_at]
    past = [m for m in moments if m <= now]
    return max(past, default=None)
