"""Period statistics: what was planned, what happened, what got in the way. Pure; clock passed in.

The practitioner report, the Review screen and the research export's
engagement table all count from `slots()`, so "planned", "done" and "not
logged" mean the same thing everywhere. Counting rules:

- A plan's occurrences come from `schedule.occurrences` (daylight-saving safe).
- An occurrence before the plan was made does not count (it was never planned),
  nor one after a paused or ended plan's last change (`updated_at` is the best
  record of when it stopped), unless an attempt was logged for it.
- An attempt whose occurrence the current rule no longer produces (the plan was
  moved) still counts, as its own occurrence, so done never exceeds planned.
- Several attempts for one occurrence: the latest logged wins.
- An attempt with no occurrence is an extra practice, counted apart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from workbook.core.model import Attempt, Plan, SessionNote, Supporter
from workbook.core.outcomes import OccurrenceState
from workbook.core.plan_history import PlanPause
from workbook.core.times import from_iso, zone
from workbook.insight.field_changes import FieldChange, field_changes
from workbook.insight.summaries import ExerciseSummary, summaries
from workbook.planning.schedule import occurrences
from workbook.planning.today import attempts_by_occurrence

STATES = (OccurrenceState.DONE, OccurrenceState.PARTLY, OccurrenceState.NOT_DONE, OccurrenceState.NOT_LOGGED,
          OccurrenceState.LATER)
DEFAULT_DAYS = 14


class Slot(NamedTuple):
    """One occurrence of a plan in the period (or one extra practice, `at` None) and what happened.

    A named tuple: a five-year history makes 60,000 of them for the export's engagement table."""

    plan: Plan
    at: datetime | None
    attempt: Attempt | None
    state: str  # done | partly | not_done | not_logged | later (not yet due)

    @property
    def entry(self) -> bool:
        """A when-it-happens record written down: counted as an entry, never as due or missed."""
        return self.at is None and self.plan.as_needed

    @property
    def extra(self) -> bool:
        """Practice logged beyond a set-time plan's occurrences."""
        return self.at is None and not self.plan.as_needed

    @property
    def when(self) -> datetime:
        """When it happened or was meant to: the occurrence, else the logging time."""
        return self.at if self.at is not None else from_iso(self.attempt.logged_at)  # type: ignore[union-attr]


@dataclass(frozen=True)
class Tally:
    """Counts for a set of slots. `planned` is every due occurrence (not `later`, not extras)."""

    planned: int = 0
    done: int = 0
    partly: int = 0
    not_done: int = 0
    not_logged: int = 0
    later: int = 0
    extra: int = 0
    minutes: int = 0
    entries: int = 0  # when-it-happens records written (each one counts)

    @property
    def logged(self) -> int:
        return self.done + self.partly + self.not_done

    @property
    def completion(self) -> float | None:
        """done / planned (None when nothing was due)."""
        return self.done / self.planned if self.planned else None


@dataclass(frozen=True)
class PlanStats:
    plan: Plan
    tally: Tally


@dataclass(frozen=True)
class ExerciseStats:
    exercise_id: str
    title: str
    tally: Tally


@dataclass(frozen=True)
class BarrierNote:
    """A patient's own words about a barrier, with where it came from."""

    note: str
    attempt_id: str
    plan_id: str
    when: datetime


@dataclass(frozen=True)
class BarrierTally:
    code: str
    label: str
    count: int
    notes: tuple[BarrierNote, ...]


RatingChange = FieldChange  # the older name: every number's change over the period (see field_changes)


@dataclass(frozen=True)
class SupporterStats:
    supporter_id: str
    name: str
    relationship: str
    helped: int  # attempts in the period where this supporter helped
    plan_ids: tuple[str, ...]  # plans in the period they are linked to


@dataclass(frozen=True)
class Review:
    """Everything the Review screen and the report show for [start, end)."""

    start: datetime
    end: datetime
    now: datetime
    total: Tally
    plans: tuple[PlanStats, ...]
    exercises: tuple[ExerciseStats, ...]
    barriers: tuple[BarrierTally, ...]
    ratings: tuple[FieldChange, ...]  # every number logged (fields and derived values), charted or not
    supporters: tuple[SupporterStats, ...]
    helped_unnamed: int  # supporter_helped attempts with no (known) supporter named
    slots: tuple[Slot, ...] = field(repr=False, default=())
    summaries: tuple[ExerciseSummary, ...] = ()  # what was logged, per exercise (choices counted, numbers' spread)

    @property
    def minutes(self) -> int:
        return self.total.minutes

    @property
    def changed_ratings(self) -> tuple[FieldChange, ...]:
        return tuple(r for r in self.ratings if r.changed)

    @property
    def compared(self) -> tuple[FieldChange, ...]:
        """The numbers with two or more entries (so there is something to compare), in order."""
        return tuple(r for r in self.ratings if r.count >= 2)


# -- slots ---------------------------------------------------------------------------------


def stopped_at(plan: Plan) -> datetime | None:
    """When a paused or ended plan stopped, for a plan with no pause records (its last change)."""
    return None if plan.is_active else from_iso(plan.updated_at)


def paused_during(plan: Plan, pauses: Iterable[PlanPause]) -> Callable[[datetime], bool]:
    """Is an occurrence of `plan` inside one of its pauses (so it was never due)?

    Pause history is kept as records (`PlanPause`); a paused or ended plan that has none
    (made before that history was kept) counts as stopped from its last change.
    """
    own = [p for p in pauses if p.plan_id == plan.id]
    if own:
        return lambda at: any(p.covers(at) for p in own)
    stop = stopped_at(plan)
    return lambda at: stop is not None and at >= stop


def _due(plan: Plan, at: datetime) -> datetime:
    """When an occurrence falls due: its time, or the end of its day for an any-time plan."""
    return at + timedelta(days=1) if plan.start_time is None else at


def slots(plans: Iterable[Plan], attempts: Iterable[Attempt], start: datetime, end: datetime,
          *, now: datetime | None = None, pauses: Sequence[PlanPause] = ()) -> list[Slot]:
    """Every occurrence in [start, end) that counts, with its outcome, plus extra practices
    and when-it-happens entries (each entry its own slot, never due, never missed)."""
    now = now or end
    attempts = list(attempts)
    index = attempts_by_occurrence(attempts)
    unmatched: dict[str, dict[float, Attempt]] = defaultdict(dict)
    for (plan_id, stamp), attempt in index.items():
        unmatched[plan_id][stamp] = attempt
    first, last = start.timestamp(), end.timestamp()  # instants compare fastest as numbers
    found: list[Slot] = []
    plan_list = list(plans)
    for plan in plan_list:
        created, paused = from_iso(plan.created_at), paused_during(plan, pauses)
        left = unmatched.get(plan.id, {})
        for at in ([] if plan.as_needed else occurrences(plan, start, end)):
            key = at.timestamp()
            matched = left.pop(key) if key in left else None
            if matched is not None:
                found.append(Slot(plan, at, matched, matched.outcome))
                continue
            due = _due(plan, at)
            if due <= created or paused(at):
                continue
            found.append(Slot(plan, at, None, "later" if due > now else "not_logged"))
        if plan.as_needed:
            continue  # its entries, even ones logged against an old repeat rule, are counted below
        tz = zone(plan.zone)
        for stamp, attempt in left.items():  # logged for an occurrence the rule no longer makes
            if first <= stamp < last:
                found.append(Slot(plan, datetime.fromtimestamp(stamp, tz), attempt, attempt.outcome))
    known = {p.id: p for p in plan_list}
    for attempt in attempts:
        owner = known.get(attempt.plan_id)
        if owner is not None and (attempt.occurrence is None or owner.as_needed):
            logged = from_iso(attempt.logged_at)
            if start <= logged < end:
                found.append(Slot(owner, None, attempt, attempt.outcome))
    found.sort(key=lambda s: (s.when, s.plan.id))
    return found


def tally(items: Iterable[Slot]) -> Tally:
    counts: Counter[str] = Counter()
    minutes = extra = entries = 0
    for slot in items:
        if slot.attempt is not None:
            minutes += slot.attempt.minutes or 0
        if slot.entry:
            entries += 1
        elif slot.extra:
            extra += 1
        else:
            counts[slot.state] += 1
    planned = sum(counts[s] for s in STATES if s != OccurrenceState.LATER)
    return Tally(planned, counts["done"], counts["partly"], counts["not_done"], counts["not_logged"],
                 counts["later"], extra, minutes, entries)


# -- the review ----------------------------------------------------------------------------


def review(plans: Sequence[Plan], attempts: Iterable[Attempt], start: datetime, end: datetime, *,
           now: datetime | None = None, exercises: Any = None, supporters: Sequence[Supporter] = (),
           taxonomy: Any = None, pauses: Sequence[PlanPause] = ()) -> Review:
    """Statistics for [start, end). `exercises` (an ExerciseLibrary) adds titles, every number's
    change and the summaries of what was logged; `taxonomy` adds barrier labels; `supporters` names who helped."""
    now = now or end
    found = slots(plans, attempts, start, end, now=now, pauses=pauses)
    by_plan: dict[str, list[Slot]] = defaultdict(list)
    by_exercise: dict[str, list[Slot]] = defaultdict(list)
    for slot in found:
        by_plan[slot.plan.id].append(slot)
        by_exercise[slot.plan.exercise_id].append(slot)
    plan_stats = tuple(PlanStats(p, tally(by_plan[p.id])) for p in plans if by_plan.get(p.id))
    exercise_stats = tuple(
        ExerciseStats(ex_id, _title(exercises, ex_id), tally(items)) for ex_id, items in by_exercise.items())
    logged = [s for s in found if s.attempt is not None]
    entries = [(s.when.astimezone(zone(s.plan.zone)), s.attempt) for s in logged if s.attempt is not None]
    people, unnamed = _supporters(logged, plan_stats, supporters)
    return Review(
        start=start, end=end, now=now, total=tally(found), plans=plan_stats,
        exercises=tuple(sorted(exercise_stats, key=lambda e: e.title.casefold())),
        barriers=_barriers(logged, taxonomy), ratings=field_changes(entries, exercises),
        supporters=people, helped_unnamed=unnamed, slots=tuple(found), summaries=summaries(entries, exercises),
    )


def _title(exercises: Any, exercise_id: str) -> str:
    if exercises is not None and exercise_id in exercises:
        return exercises.get(exercise_id).title
    return exercise_id


def _barriers(logged: list[Slot], taxonomy: Any) -> tuple[BarrierTally, ...]:
    counts: Counter[str] = Counter()
    notes: dict[str, list[BarrierNote]] = defaultdict(list)
    for slot in logged:
        for item in slot.attempt.barriers:  # type: ignore[union-attr]
            code = item["code"]
            counts[code] += 1
            if item.get("note", "").strip():
                notes[code].append(BarrierNote(item["note"].strip(), slot.attempt.id, slot.plan.id, slot.when))  # type: ignore[union-attr]
    order = [b.code for b in taxonomy.barriers] if taxonomy is not None else []
    rank = lambda code: (-counts[code], order.index(code) if code in order else len(order), code)  # noqa: E731
    return tuple(BarrierTally(code, _barrier_label(taxonomy, code), counts[code], tuple(notes[code]))
                 for code in sorted(counts, key=rank))


def _barrier_label(taxonomy: Any, code: str) -> str:
    if taxonomy is None:
        return code
    try:
        return taxonomy.get(code).label
    except LookupError:
        return code


def _supporters(logged: list[Slot], plan_stats: tuple[PlanStats, ...],
                supporters: Sequence[Supporter]) -> tuple[tuple[SupporterStats, ...], int]:
    known = {s.id: s for s in supporters}
    helped: Counter[str] = Counter()
    unnamed = 0
    for slot in logged:
        attempt = slot.attempt
        if attempt is None or not attempt.supporter_helped:
            continue
        if attempt.supporter_id is not None and attempt.supporter_id in known:
            helped[attempt.supporter_id] += 1
        else:
            unnamed += 1
    linked: dict[str, list[str]] = defaultdict(list)
    for stats in plan_stats:
        for supporter_id in stats.plan.supporter_ids:
            linked[supporter_id].append(stats.plan.id)
    people = [SupporterStats(s.id, s.name, s.relationship, helped[s.id], tuple(linked.get(s.id, ())))
              for s in supporters if helped[s.id] or linked.get(s.id)]
    return tuple(people), unnamed


# -- periods -------------------------------------------------------------------------------


def day_start(day: date, zone_name: str) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=zone(zone_name))


def last_call(notes: Iterable[SessionNote], now: datetime, zone_name: str) -> date | None:
    """The date of the most recent practitioner call on or before today."""
    today = now.astimezone(zone(zone_name)).date()
    past = [n.call_date for n in notes if n.call_date <= today]
    return max(past) if past else None


def since_last_call(notes: Iterable[SessionNote], now: datetime, zone_name: str,
                    default_days: int = DEFAULT_DAYS) -> tuple[datetime, date | None]:
    """Start of the period "since the last call" (the call day's midnight), else `default_days` ago."""
    call = last_call(notes, now, zone_name)
    if call is not None:
        return day_start(call, zone_name), call
    today = now.astimezone(zone(zone_name)).date()
    return day_start(today - timedelta(days=default_days), zone_name), None


def this_week(now: datetime, zone_name: str) -> tuple[datetime, datetime]:
    """Monday 00:00 to next Monday 00:00 (local) of the week holding `now`."""
    today = now.astimezone(zone(zone_name)).date()
    monday = today - timedelta(days=today.weekday())
    return day_start(monday, zone_name), day_start(monday + timedelta(days=7), zone_name)

