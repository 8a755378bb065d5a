"""What is due: today's, this week's and still-open occurrences. Pure; clock passed in.

Used by `workbook today`, the Today screen and `workbook log` (to choose the
occurrence an attempt belongs to), so "is it due?" is decided in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol, TypeVar

from workbook.core.model import Attempt, Plan, Settings
from workbook.core.times import from_iso, local_day_bounds, zone
from workbook.planning.schedule import days_of, occurrence_key

OPEN_WINDOW = timedelta(days=7)  # how far back an unlogged occurrence stays "still open"


@dataclass(frozen=True)
class Occurrence:
    """One scheduled time of one plan, with the attempt logged for it, if any."""

    plan: Plan
    at: datetime
    attempt: Attempt | None

    @property
    def key(self) -> str:
        return occurrence_key(self.at)

    @property
    def anytime(self) -> bool:
        return self.plan.start_time is None

    def state(self, now: datetime) -> str:
        """'done' | 'partly' | 'not_done' | 'open' (time passed, not logged) | 'later'."""
        if self.attempt is not None:
            return self.attempt.outcome
        due = self.at + timedelta(days=1) if self.anytime else self.at
        return "open" if due <= now else "later"


@dataclass(frozen=True)
class TodayView:
    day: date
    now: datetime
    today: list[Occurrence]
    still_open: list[Occurrence]  # earlier days, not logged (gently flagged, never "failed")
    this_week: list[Occurrence]  # the next six days
    next_call: datetime | None
    plans_kept: int = 0  # plans not ended (active or paused), whether or not they fall in view
    settings: Settings | None = None  # as read with the view (the façade fills it in)
    records: tuple[AsNeededRecord, ...] = ()  # when-it-happens records: written any time, never due

    def record_for(self, plan_id: str) -> AsNeededRecord | None:
        return next((r for r in self.records if r.plan.id == plan_id), None)


@dataclass(frozen=True)
class AsNeededRecord:
    """A when-it-happens plan on Today: how many entries this week, against its aim if it has one."""

    plan: Plan
    this_week: int  # entries written since Monday

    @property
    def aim_words(self) -> str:
        """'2 so far this week (aim: about 3)' or '2 so far this week'."""
        aim = f" (aim: about {self.plan.aim_per_week})" if self.plan.aim_per_week else ""
        return f"{self.this_week} so far this week{aim}"


class Logged(Protocol):
    """What `choose_occurrence` reads of an attempt (an Attempt, or a lighter row of its fields)."""

    @property
    def plan_id(self) -> str: ...

    @property
    def occurrence(self) -> str | None: ...

    @property
    def logged_at(self) -> str: ...


L = TypeVar("L", bound=Logged)


def attempts_by_occurrence(attempts: Iterable[L]) -> dict[tuple[str, float], L]:
    """Index attempts by (plan id, occurrence instant); the latest logged wins."""
    index: dict[tuple[str, float], L] = {}
    for attempt in sorted(attempts, key=lambda a: a.logged_at):
        if attempt.occurrence:
            index[(attempt.plan_id, from_iso(attempt.occurrence).timestamp())] = attempt
    return index


def plan_occurrences(plan: Plan, first: date, last: date, index: dict[tuple[str, float], Attempt]) -> list[Occurrence]:
    return [Occurrence(plan, at, index.get((plan.id, at.timestamp()))) for at in days_of(plan, first, last)]


def build_today(
    plans: Iterable[Plan],
    attempts: Iterable[Attempt],
    now: datetime,
    zone_name: str,
    next_call: datetime | None = None,
) -> TodayView:
    """Today's occurrences, unlogged ones from the last week, and the coming six days."""
    day = now.astimezone(zone(zone_name)).date()
    index = attempts_by_occurrence(attempts)
    today: list[Occurrence] = []
    still_open: list[Occurrence] = []
    week: list[Occurrence] = []
    week_start = day - timedelta(days=OPEN_WINDOW.days)
    plans = list(plans)
    attempts = list(attempts)
    monday_start, _ = local_day_bounds(day - timedelta(days=day.weekday()), zone_name)
    records: list[AsNeededRecord] = []
    for plan in plans:
        if not plan.is_active:
            continue
        if plan.as_needed:
            written = sum(a.plan_id == plan.id and from_iso(a.logged_at) >= monday_start for a in attempts)
            records.append(AsNeededRecord(plan, written))
            continue
        for occ in plan_occurrences(plan, week_start, day + timedelta(days=6), index):
            local_day = occ.at.date()
            if local_day == day:
                today.append(occ)
            elif local_day < day:
                if occ.attempt is None:
                    still_open.append(occ)
            else:
                week.append(occ)
    order = lambda o: (o.at, o.plan.what)  # noqa: E731 - a sort key, named for reading
    if next_call is not None and next_call < now:
        next_call = None
    kept = sum(plan.status != "ended" for plan in plans)
    return TodayView(day, now, sorted(today, key=order), sorted(still_open, key=order), sorted(week, key=order),
                     next_call, kept, records=tuple(sorted(records, key=lambda r: r.plan.what)))


def choose_occurrence(plan: Plan, attempts: Iterable[Logged], now: datetime, zone_name: str) -> datetime | None:
    """The occurrence a new attempt is for: the latest passed one not yet logged in the
    last week; else today's next one (done early); else None (an extra practice)."""
    day = now.astimezone(zone(zone_name)).date()
    logged = attempts_by_occurrence(attempts)
    candidates = days_of(plan, day - timedelta(days=OPEN_WINDOW.days), day)
    unlogged = [at for at in candidates if (plan.id, at.timestamp()) not in logged]
    passed = [at for at in unlogged if at <= now]
    if passed:
        return passed[-1]
    _, end = local_day_bounds(day, zone_name)
    later_today = [at for at in unlogged if now < at < end]
    return later_today[0] if later_today else None


def loggable_occurrences(plan: Plan, attempts: Iterable[Attempt], now: datetime, zone_name: str) -> list[Occurrence]:
    """The occurrences a log can be for, newest first: today's and the last week's, each with
    what is logged for it (the Log form's choice, and `workbook log --for`)."""
    if plan.as_needed:
        return []
    day = now.astimezone(zone(zone_name)).date()
    index = attempts_by_occurrence(attempts)
    found = plan_occurrences(plan, day - timedelta(days=OPEN_WINDOW.days), day, index)
    return sorted(found, key=lambda o: o.at, reverse=True)


def occurrence_on(plan: Plan, attempts: Iterable[Attempt], wanted: date | datetime, now: datetime,
                  zone_name: str) -> datetime:
    """The occurrence a log "for" a day or a time means: that time exactly, or on that day the first
    one not yet logged (else the first). ValueError with a plain message when there is none."""
    choices = loggable_occurrences(plan, attempts, now, zone_name)
    if isinstance(wanted, datetime):
        exact = [o for o in choices if o.at == wanted.astimezone(o.at.tzinfo)]
        if not exact:
            raise ValueError(_not_loggable(plan, wanted, now, zone_name, f" at {wanted:%H:%M}"))
        return exact[0].at
    on_day = sorted((o for o in choices if o.at.date() == wanted), key=lambda o: o.at)
    if not on_day:
        raise ValueError(_not_loggable(plan, wanted, now, zone_name, ""))
    open_ones = [o for o in on_day if o.attempt is None]
    return (open_ones or on_day)[0].at


def _not_loggable(plan: Plan, wanted: date | datetime, now: datetime, zone_name: str, at: str) -> str:
    """Why a log can't be for that day: too far back for the log window, or not a planned day."""
    day = wanted.date() if isinstance(wanted, datetime) else wanted
    named = f"{day:%a} {day.day} {day:%b}"
    today = now.astimezone(zone(zone_name)).date()
    if day < today - timedelta(days=OPEN_WINDOW.days):
        return f"'{plan.what}' can be logged for the last week only, and {named} is further back"
    if day > today:
        return f"'{plan.what}' can't be logged for {named} yet: that day hasn't come"
    return f"'{plan.what}' wasn't planned for {named}{at}"
