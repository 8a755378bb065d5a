"""The façade every front end uses: the CLI, the reminder runner and the screens.

It turns user intentions ("log this plan as partly done, I forgot") into
validated records and store transactions, so no front end touches storage or
scheduling directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from workbook.core.errors import NotFound, ValidationError
from workbook.core.lookup import by_prefix as _by_prefix
from workbook.core.model import (
    Attempt,
    Plan,
    Question,
    QuestionnaireResponse,
    Record,
    SessionNote,
    Settings,
    Supporter,
)
from workbook.core.times import Clock, from_iso, months_between, to_iso, utc_iso
from workbook.facade.care import CareMixin
from workbook.facade.reminders import RemindersMixin
from workbook.facade.research import EVENT_KINDS, ResearchMixin  # noqa: F401 - EVENT_KINDS re-exported
from workbook.planning.today import OPEN_WINDOW, TodayView, build_today, choose_occurrence
from workbook.storage.opening import open_store
from workbook.storage.store import Store

R = TypeVar("R", bound=Record)
SETTINGS_ID = "00000000-0000-4000-8000-000000000001"
SHORT_ID_MIN = 6


class Workbook(RemindersMixin, ResearchMixin, CareMixin):
    """One patient's workbook at `home`. Open with `Workbook.open(home)`."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.home = store.home
        self.clock = clock  # the front end's "now": the engine never reads the real time itself

    @classmethod
    def open(cls, home: Path, *, clock: Clock, daily_backup: bool = True) -> "Workbook":
        store = open_store(home, now=clock())
        workbook = cls(store, clock)
        if daily_backup:
            workbook.daily_backup()
        return workbook

    # -- content ---------------------------------------------------------------

    @cached_property
    def exercises(self):
        """The exercise library: built-ins plus the home's own packs."""
        from workbook.content.exercises import ExerciseLibrary

        return ExerciseLibrary.load(self.home)

    @cached_property
    def barriers(self):
        from workbook.content.barriers import load_taxonomy

        return load_taxonomy()

    # -- generic helpers -------------------------------------------------------

    def _core(self, cls: type[R]) -> list[R]:
        return [cls.from_dict(row) for row in self.store.read_table(cls.table)]

    def _save(self, record: Record, now: datetime | None = None) -> Record:
        """Write `record`, stamped as changed at `now` (the clock's time by default)."""
        stamped = record.touched(now or self.clock())
        with self.store.transaction() as tx:
            tx.put(stamped)
        return stamped

    # -- settings --------------------------------------------------------------

    def settings(self) -> Settings:
        return _settings_from(self.store.read_table("settings"))

    def update_settings(self, **changes: Any) -> Settings:
        current = self.settings()
        updated = self._save(current.changed(**changes))
        if changes.get("research_mode") is not None and changes["research_mode"] != current.research_mode:
            # The last event of a research period is its end, logged under the settings it ran with.
            self.record_event("research_on" if updated.research_mode else "research_off",
                              settings=updated if updated.research_mode else current)
        return updated

    # -- plans -----------------------------------------------------------------

    def plans(self, *, include_ended: bool = True) -> list[Plan]:
        plans = self._core(Plan)
        if not include_ended:
            plans = [p for p in plans if p.status != "ended"]
        return sorted(plans, key=lambda p: p.created_at)

    def plan(self, ref: str) -> Plan:
        """A plan by full id or unique id prefix (as `workbook today` prints it)."""
        return _by_prefix(self.plans(), ref, "plan")

    def short_ids(self, records: Sequence[Record] | None = None) -> dict[str, str]:
        return short_ids([r.id for r in (records if records is not None else self.plans())])

    def add_plan(self, plan: Plan) -> Plan:
        if plan.exercise_id not in self.exercises:
            raise ValidationError("exercise_id", f"there is no exercise called {plan.exercise_id!r}")
        self._check_supporters(plan.supporter_ids)
        if plan.stamped:  # made elsewhere with its own times (an import, a fixture): kept as given
            with self.store.transaction() as tx:
                saved = tx.put(plan)
        else:
            saved = self._save(plan)
        self.record_event("plan_created", plan=plan.id, exercise=plan.exercise_id)
        return saved

    def update_plan(self, plan: Plan, *, event: str = "plan_changed") -> Plan:
        self.plan(plan.id)  # must exist
        self._check_supporters(plan.supporter_ids)
        updated = self._save(plan)
        self.record_event(event, plan=plan.id)
        return updated

    def set_plan_status(self, ref: str, status: str) -> Plan:
        plan = self.plan(ref)
        return self.update_plan(replace(plan, status=status), event=f"plan_{status}" if status != "active" else "plan_resumed")

    def preview_response(self, plan_ref: str, code: str, *, now: datetime | None = None, **params: Any):
        """What a proactive response (see `adjust`) would change, without saving."""
        return self._propose(self.plan(plan_ref), code, now, params)

    def apply_response(self, plan_ref: str, code: str, *, attempt_id: str | None = None, now: datetime | None = None, **params: Any):
        """Apply a proactive response in one step; returns the Proposal that was applied."""
        plan = self.plan(plan_ref)
        proposal = self._propose(plan, code, now, params)
        if proposal.needs:
            raise ValidationError(proposal.needs[0], proposal.summary)
        if proposal.plan is not None:
            self.update_plan(proposal.plan, event="plan_changed")
        if proposal.question:
            self.save_question(proposal.question, plan_id=plan.id)
        self.record_event("response_applied", now=now, plan=plan.id, response=code, attempt=attempt_id or "")
        return proposal

    def _propose(self, plan: Plan, code: str, now: datetime | None, params: dict[str, Any]):
        from workbook.planning.adjust import propose

        return propose(plan, code, now=now or self.clock(), **self._response_context(plan, code, params))

    def _response_context(self, plan: Plan, code: str, params: dict[str, Any]) -> dict[str, Any]:
        extra = dict(params)
        if code == "reread_why" and plan.exercise_id in self.exercises:
            extra.setdefault("exercise_why", self.exercises.get(plan.exercise_id).why.strip())
        if code == "ask_supporter" and params.get("supporter_id"):
            supporter = next((s for s in self.supporters() if s.id == params["supporter_id"]), None)
            if supporter is None:
                raise NotFound(f"There is no supporter with id {params['supporter_id']}.")
            extra.setdefault("supporter_name", supporter.name)
        return extra

    def _check_supporters(self, ids: Iterable[str]) -> None:
        known = {s.id for s in self.supporters()}
        for supporter_id in ids:
            if supporter_id not in known:
                raise NotFound(f"There is no supporter with id {supporter_id}.")

    # -- attempts --------------------------------------------------------------

    def attempts(self, *, since: datetime | None = None, until: datetime | None = None) -> list[Attempt]:
        """Attempts logged (created) in [since, until]; all of them without bounds."""
        months = None
        if since is not None:
            months = months_between(since, until or self.clock())
        rows = self.store.read_partitioned("attempts", months)
        # Filter the stored rows before building records: building is the costly part.
        if since is not None or until is not None:
            rows = (r for r in rows if _within(r.get("created_at"), since, until))
        found = [Attempt.from_dict(r) for r in rows]
        return sorted(found, key=lambda a: a.logged_at)

    def _recent_logged(self, now: datetime, plan_id: str) -> list[LoggedOccurrence]:
        """Just enough of a plan's recent attempts to tell which occurrences are logged.

        Logging is the hot path; building full records here cost more than the save.
        """
        since, until = recent_window(now)
        rows = self.store.read_partitioned("attempts", months_between(since, until))
        return [
            LoggedOccurrence(r["plan_id"], r.get("occurrence"), r["logged_at"])
            for r in rows
            if r.get("plan_id") == plan_id and _within(r.get("created_at"), since, until)
        ]

    def recent_attempts(self, now: datetime) -> list[Attempt]:
        """Attempts that can belong to occurrences shown on Today (the open window and ahead)."""
        since, until = recent_window(now)
        return self.attempts(since=since, until=until)

    def log_attempt(
        self,
        plan_ref: str,
        outcome: str,
        *,
        barriers: Sequence[str | dict[str, str]] = (),
        note: str = "",
        values: dict[str, Any] | None = None,
        minutes: int | None = None,
        supporter_helped: bool = False,
        supporter_id: str | None = None,
        occurrence: datetime | None = None,
        now: datetime | None = None,
    ) -> Attempt:
        """Log an attempt for the plan's current occurrence (see `today.choose_occurrence`)."""
        now = now or self.clock()
        plan = self.plan(plan_ref)
        settings = self.settings()
        barrier_items = [self._barrier_item(b) for b in barriers]
        if outcome == "done" and barrier_items:
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
        if occurrence is None:
            occurrence = choose_occurrence(plan, self._recent_logged(now, plan.id), now, settings.zone)
        attempt = Attempt(
            plan_id=plan.id,
            exercise_id=plan.exercise_id,
            occurrence=to_iso(occurrence) if occurrence else None,
            logged_at=utc_iso(now),
            created_at=utc_iso(now),
            updated_at=utc_iso(now),
            outcome=outcome,
            values=clean_values,
            minutes=minutes,
            note=note,
            barriers=barrier_items,
            supporter_helped=supporter_helped,
            supporter_id=supporter_id,
        )
        with self.store.transaction() as tx:
            tx.insert(attempt)  # a new record: no look-up for an old version
        self.record_event("attempt_logged", now=now, settings=settings, plan=plan.id, attempt=attempt.id, outcome=outcome)
        for item in barrier_items:
            self.record_event("barrier_noted", now=now, settings=settings, attempt=attempt.id, barrier=item["code"])
        return attempt

    def add_barriers(self, attempt: Attempt, barriers: Sequence[str | dict[str, str]]) -> Attempt:
        items = attempt.barriers + [self._barrier_item(b) for b in barriers]
        return self._save(attempt.changed(barriers=items))

    def _barrier_item(self, barrier: str | dict[str, str]) -> dict[str, str]:
        from workbook.content.barriers import UnknownBarrier

        code, note = (barrier, "") if isinstance(barrier, str) else (barrier.get("code", ""), barrier.get("note", ""))
        try:
            self.barriers.get(code)
        except UnknownBarrier as exc:
            raise NotFound(str(exc)) from None
        return {"code": code, "note": note}

    # -- today -----------------------------------------------------------------

    def today(self, now: datetime | None = None) -> TodayView:
        """Everything the Today view shows; reads only the recent months of attempts."""
        now = now or self.clock()
        core = self.store.read_core()  # one read for settings and plans: this is the opening screen's path
        settings = _settings_from(core["settings"])
        plans = [Plan.from_dict(row) for row in core["plans"] if row.get("status") != "ended"]
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

    # -- people, questions, calls, measures --------------------------------------

    def supporters(self) -> list[Supporter]:
        return sorted(self._core(Supporter), key=lambda s: s.name.lower())

    def save_supporter(self, supporter: Supporter) -> Supporter:
        return self._save(supporter)

    def remove_supporter(self, ref: str) -> None:
        supporter = _by_prefix(self.supporters(), ref, "supporter")
        with self.store.transaction(self.clock()) as tx:
            tx.delete("supporters", supporter.id)
            for row in tx.all("plans"):
                if supporter.id in row.get("supporter_ids", []):
                    row["supporter_ids"] = [s for s in row["supporter_ids"] if s != supporter.id]
                    tx.put_dict("plans", row)

    def questions(self, *, include_asked: bool = True) -> list[Question]:
        found = sorted(self._core(Question), key=lambda q: q.created_at)
        return found if include_asked else [q for q in found if not q.asked]

    def save_question(self, text: str, plan_id: str | None = None) -> Question:
        return self._save(Question(text=text.strip(), plan_id=plan_id))

    def session_notes(self) -> list[SessionNote]:
        return sorted(self._core(SessionNote), key=lambda n: n.call_date)

    def save_session_note(self, note: SessionNote) -> SessionNote:
        saved = self._save(note)
        if note.next_call:
            self.update_settings(next_call=note.next_call)
        return saved

    def responses(self, measure: str | None = None) -> list[QuestionnaireResponse]:
        found = sorted(self._core(QuestionnaireResponse), key=lambda r: r.completed_at)
        return [r for r in found if measure is None or r.measure == measure]

    def record_questionnaire(self, measure: str, answers: Sequence[int | None], *, now: datetime | None = None) -> QuestionnaireResponse:
        """Score and save a check-in; `risk` is set when PHQ-9 item 9 is above 0."""
        response = score_response(measure, answers, now or self.clock())
        return self.save_response(response)

    def save_response(self, response: QuestionnaireResponse) -> QuestionnaireResponse:
        saved = self._save(response, from_iso(response.completed_at))
        self.record_event("questionnaire_completed", now=saved.updated, response=saved.id, measure=saved.measure)
        return saved


def score_response(measure: str, answers: Sequence[int | None], now: datetime) -> QuestionnaireResponse:
    """A validated, scored questionnaire response (not yet saved)."""
    from workbook.content.measures import score

    try:
        result = score(measure, list(answers))
    except (ValueError, KeyError) as exc:
        raise ValidationError("answers", str(exc)) from None
    moment = utc_iso(now)
    return QuestionnaireResponse(
        measure=measure,
        answers=list(answers),
        completed_at=moment,
        created_at=moment,
        updated_at=moment,
        total=result.total,
        band=result.band.label if result.band else None,
        risk=result.risk,
    )


def _within(created_at: Any, since: datetime | None, until: datetime | None) -> bool:
    try:
        moment = from_iso(created_at)
    except (TypeError, ValueError):
        return True  # let the record's own validation say what is wrong with it
    return (since is None or moment >= since) and (until is None or moment <= until)


class LoggedOccurrence(NamedTuple):
    """The three fields of an attempt that `today.choose_occurrence` reads."""

    plan_id: str
    occurrence: str | None
    logged_at: str


def recent_window(now: datetime) -> tuple[datetime, datetime]:
    """When attempts that Today can show were logged: the open week (plus slack) up to tomorrow."""
    return now - OPEN_WINDOW - timedelta(days=2), now + timedelta(days=1)


def _settings_from(rows: Sequence[dict[str, Any]]) -> Settings:
    """The stored settings, or first-run defaults (in this computer's time zone)."""
    if rows:
        return Settings.from_dict(rows[0])
    from workbook.core.times import local_zone_name

    return Settings(id=SETTINGS_ID, zone=local_zone_name())


def short_ids(ids: Sequence[str], minimum: int = SHORT_ID_MIN) -> dict[str, str]:
    """The shortest prefix (at least `minimum` characters) that tells each id apart."""
    result = {}
    for record_id in ids:
        length = minimum
        while length < len(record_id) and any(
            other != record_id and other.startswith(record_id[:length]) for other in ids
        ):
            length += 1
        result[record_id] = record_id[:length]
    return result
