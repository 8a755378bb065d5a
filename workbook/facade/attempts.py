"""The façade's attempts: logging one, noting barriers on it, and what Today shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from workbook.core.errors import NotFound, ValidationError
from workbook.core.model import Attempt, Plan, Settings
from workbook.core.outcomes import Outcome
from workbook.core.records import new_id
from workbook.core.times import from_iso, months_between, to_iso, utc_iso
from workbook.facade.base import FacadeBase, created_within, settings_from
from workbook.planning.today import (
    OPEN_WINDOW,
    Occurrence,
    TodayView,
    build_today,
    choose_occurrence,
    loggable_occurrences,
    occurrence_on,
)


class AttemptsPart(FacadeBase):
    def _recent_logged(self, now: datetime, plan_id: str) -> list[LoggedOccurrence]:
        """Just enough of a plan's recent attempts to tell which occurrences are logged.

        Logging is the hot path; building full records here cost more than the save.
        """
        since, until = recent_window(now)
        found = self.store.records(  # only this plan's recent rows are built (and validated)
            Attempt, months_between(since, until),
            keep=lambda r: r.get("plan_id") == plan_id and created_within(r.get("created_at"), since, until))
        return [LoggedOccurrence(a.plan_id, a.occurrence, a.logged_at) for a in found]

    def recent_attempts(self, now: datetime) -> list[Attempt]:
        """Attempts that can belong to occurrences shown on Today (the open window and ahead)."""
        since, until = recent_window(now)
        return self.attempts(since=since, until=until)

    def log_attempt(
        self,
        plan_ref: str,
        outcome: Outcome | str,
        *,
        barriers: Sequence[str | dict[str, str]] = (),
        note: str = "",
        values: dict[str, Any] | None = None,
        minutes: int | None = None,
        supporter_helped: bool = False,
        supporter_id: str | None = None,
        occurrence: datetime | None = None,
        for_when: date | datetime | None = None,
        now: datetime | None = None,
        attempt_id: str | None = None,
        opened_at: datetime | None = None,
    ) -> Attempt:
        """Log an attempt for the plan's current occurrence (see `today.choose_occurrence`), or for
        the occurrence `for_when` names (a day or a time in the last week: "I did it but forgot to log").

        A when-it-happens record is an entry of its own, for no occurrence. Minutes are stored
        as entered; left out, they come from the exercise's duration field if it has one, and
        for a done attempt from the plan.

        `attempt_id` makes the save idempotent: a form chooses it when it opens (`opened_at`) and
        keeps it in its draft, and a second save with the same id (a draft left by a kill just
        after saving) returns the attempt already saved instead of adding a duplicate.
        """
        now = now or self.clock()
        try:
            outcome = Outcome(outcome)
        except ValueError:
            raise ValidationError("outcome", f"must be one of {', '.join(Outcome)} (got {outcome!r})") from None
        plan = self.plan(plan_ref)
        settings = self.settings()
        barrier_items = [self._barrier_item(b) for b in barriers]
        if outcome == Outcome.DONE and barrier_items:
            raise ValidationError("barriers", "barriers are noted for 'partly' or 'not done' attempts")
        exercise = self.exercises.get(plan.exercise_id) if plan.exercise_id in self.exercises else None
        clean_values = dict(values or {})
        if exercise is not None and clean_values:
            from workbook.content.exercises import ValuesError, validate_values

            try:
                clean_values = validate_values(exercise, clean_values, outcome=outcome)
            except ValuesError as exc:
                field, message = next(iter(exc.errors.items()))
                raise ValidationError(field, message) from None
        if plan.as_needed:
            if for_when is not None or occurrence is not None:
                raise ValidationError("for", f"'{plan.what}' is written when it happens, so it has no set times to log for")
        elif for_when is not None:
            try:
                occurrence = occurrence_on(plan, self.recent_attempts(now), for_when, now, settings.zone)
            except ValueError as exc:
                raise ValidationError("for", str(exc)) from None
        elif occurrence is None:
            occurrence = choose_occurrence(plan, self._recent_logged(now, plan.id), now, settings.zone)
        if minutes is None and exercise is not None and exercise.duration_field:
            duration = clean_values.get(exercise.duration_field)
            minutes = int(duration) if isinstance(duration, (int, float)) and not isinstance(duration, bool) else None
        if minutes is None and outcome == Outcome.DONE and not plan.as_needed:
            minutes = plan.minutes  # a diary entry written down is not timed practice
        attempt = Attempt(
            id=attempt_id or new_id(),
            plan_id=plan.id,
            exercise_id=plan.exercise_id,
            occurrence=to_iso(occurrence) if occurrence else None,
            logged_at=utc_iso(now),
            created_at=utc_iso(now),
            updated_at=utc_iso(now),
            outcome=outcome.value,
            values=clean_values,
            minutes=minutes,
            note=note,
            barriers=barrier_items,
            supporter_helped=supporter_helped,
            supporter_id=supporter_id,
        )
        with self.store.transaction() as tx:
            if attempt_id is not None:
                earlier = self.saved_attempt(attempt_id, opened_at or now, now)
                if earlier is not None:
                    return earlier  # saved before (under this lock, so never twice)
            tx.insert(attempt)  # a new record: no look-up for an old version
        self.record_event("attempt_logged", now=now, settings=settings, plan=plan.id, attempt=attempt.id, outcome=outcome.value)
        for item in barrier_items:
            self.record_event("barrier_noted", now=now, settings=settings, attempt=attempt.id, barrier=item["code"])
        return attempt

    def saved_attempt(self, attempt_id: str, opened_at: datetime, now: datetime | None = None) -> Attempt | None:
        """The attempt saved with this id (see `log_attempt`), if any: it was logged after its form opened."""
        now = now or self.clock()
        since = min(opened_at, recent_window(now)[0]) - timedelta(days=1)
        found = self.store.records(Attempt, months_between(since, now + timedelta(days=1)),
                                   keep=lambda r: r.get("id") == attempt_id)
        damaged = None if found else self.store.problem_for(Attempt.table, attempt_id)
        if damaged is not None and damaged.record_id == attempt_id:
            raise damaged.error()  # saved, but it no longer fits: never saved a second time
        return found[0] if found else None

    def log_choices(self, plan_ref: str, now: datetime | None = None) -> tuple[list[Occurrence], datetime | None]:
        """The occurrences a log can be for (today's and the last week's, newest first, each with what is
        logged for it) and the one a log made now counts for by default (None: an entry, or an extra)."""
        now = now or self.clock()
        plan = self.plan(plan_ref)
        if plan.as_needed:
            return [], None
        zone_name = self.settings().zone
        choices = loggable_occurrences(plan, self.recent_attempts(now), now, zone_name)
        return choices, choose_occurrence(plan, self._recent_logged(now, plan.id), now, zone_name)

    def add_barriers(self, attempt: Attempt, barriers: Sequence[str | dict[str, str]]) -> Attempt:
        added = [self._barrier_item(b) for b in barriers]
        saved = self._save(attempt.changed(barriers=attempt.barriers + added))
        now = saved.updated
        for item in added:
            self.record_event("barrier_noted", now=now, attempt=attempt.id, barrier=item["code"])
        return saved

    def _barrier_item(self, barrier: str | dict[str, str]) -> dict[str, str]:
        from workbook.content.barriers import UnknownBarrier

        code, note = (barrier, "") if isinstance(barrier, str) else (barrier.get("code", ""), barrier.get("note", ""))
        try:
            self.barriers.get(code)
        except UnknownBarrier as exc:
            raise NotFound(str(exc)) from None
        return {"code": code, "note": note}

    def today(self, now: datetime | None = None) -> TodayView:
        """Everything the Today view shows; reads only the recent months of attempts."""
        now = now or self.clock()
        core = self.store.core()  # one read for settings and plans: this is the opening screen's path
        settings = settings_from(core.get(Settings))
        plans = core.get(Plan, keep=lambda row: row.get("status") != "ended")
        next_call = from_iso(settings.next_call) if settings.next_call else None
        view = build_today(plans, self.recent_attempts(now), now, settings.zone, next_call)
        return replace(view, settings=settings)

    def changed_since(self, stamp: tuple | None, now: datetime | None = None) -> tuple[bool, tuple]:
        """Did another process (`workbook log`, a second window) save something Today shows?

        Cheap: compares the identity of the files Today reads (every save replaces a
        file, so a new inode or mtime means new data). Returns (changed, new stamp).
        """
        from workbook.storage import layout

        paths = [layout.core_path(self.home)] + [
            layout.partition_path(self.home, "attempts", month) for month in months_between(*recent_window(now or self.clock()))
        ]
        current = []
        for path in paths:
            try:
                info = path.stat()
                current.append((str(path), info.st_ino, info.st_mtime_ns, info.st_size))
            except FileNotFoundError:
                current.append((str(path), 0, 0, 0))
        new = tuple(current)
        return (stamp is not None and new != stamp), new


class LoggedOccurrence(NamedTuple):
    """The three fields of an attempt that `today.choose_occurrence` reads."""

    plan_id: str
    occurrence: str | None
    logged_at: str


def recent_window(now: datetime) -> tuple[datetime, datetime]:
    """When attempts that Today can show were logged: the open week (plus slack) up to tomorrow."""
    return now - OPEN_WINDOW - timedelta(days=2), now + timedelta(days=1)
