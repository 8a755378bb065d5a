"""What every part of the façade shares: the store, the clock, the content, and reading records.

Each topic part (plans, attempts, people, measures, insight, backups, reminders,
research) subclasses `FacadeBase`, so a part reads any table through the same
typed readers and writes through `_save`, stamped with the front end's clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from workbook.core.errors import NotFound, ValidationError
from workbook.core.lookup import by_prefix
from workbook.core.model import (
    Attempt,
    Event,
    Plan,
    Question,
    QuestionnaireResponse,
    Record,
    SessionNote,
    Settings,
    Supporter,
)
from workbook.core.plan_history import PlanPause
from workbook.core.records import StaleRecordError
from workbook.core.times import Clock, from_iso, month_key, months_between
from workbook.facade.research_events import append_event
from workbook.facade.stored_settings import SETTINGS_ID, settings_from  # noqa: F401 - SETTINGS_ID re-exported
from workbook.storage.layout import PARTITIONED_TABLES
from workbook.storage.store import Store, Transaction

if TYPE_CHECKING:
    from workbook.content.barriers import Taxonomy
    from workbook.content.library import ExerciseLibrary

R = TypeVar("R", bound=Record)
SHORT_ID_MIN = 6


class FacadeBase:
    """One patient's workbook at `store.home`, read and written at the times `clock` gives."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.home = store.home
        self.clock = clock  # the front end's "now": the engine never reads the real time itself

    # -- content ---------------------------------------------------------------

    @cached_property
    def exercises(self) -> ExerciseLibrary:
        """The exercise library: built-ins plus the home's own packs."""
        from workbook.content.library import ExerciseLibrary

        return ExerciseLibrary.load(self.home)

    @cached_property
    def barriers(self) -> Taxonomy:
        from workbook.content.barriers import load_taxonomy

        return load_taxonomy()

    # -- reading ---------------------------------------------------------------

    def _core(self, cls: type[R]) -> list[R]:
        """A core table's records, each validated as read; one that does not fit is skipped (see `store.records`)."""
        return self.store.records(cls)

    def _by_prefix(self, records: Sequence[R], ref: str, what: str, table: str) -> R:
        """`by_prefix`, but a record skipped as damaged is named as such rather than "not found"."""
        try:
            return by_prefix(records, ref, what)
        except NotFound:
            problem = self.store.problem_for(table, ref)
            if problem is not None and len((ref or "").strip()) >= 2:
                raise problem.error() from None
            raise

    def settings(self) -> Settings:
        """The stored settings; first-run defaults if none are saved, or if the saved ones do not fit."""
        return settings_from(self.store.records(Settings))

    def plans(self, *, include_ended: bool = True) -> list[Plan]:
        plans = self._core(Plan)
        if not include_ended:
            plans = [p for p in plans if p.status != "ended"]
        return sorted(plans, key=lambda p: p.created_at)

    def plan(self, ref: str) -> Plan:
        """A plan by full id or unique id prefix (as `workbook today` prints it)."""
        return self._by_prefix(self.plans(), ref, "plan", Plan.table)

    def pauses(self, plan_id: str | None = None) -> list[PlanPause]:
        """Pause (and end) intervals, oldest first; one plan's only, if given."""
        found = sorted(self._core(PlanPause), key=lambda p: p.paused_at)
        return [p for p in found if plan_id is None or p.plan_id == plan_id]

    def supporters(self) -> list[Supporter]:
        return sorted(self._core(Supporter), key=lambda s: s.name.lower())

    def questions(self, *, include_asked: bool = True) -> list[Question]:
        found = sorted(self._core(Question), key=lambda q: q.created_at)
        return found if include_asked else [q for q in found if not q.asked]

    def session_notes(self) -> list[SessionNote]:
        return sorted(self._core(SessionNote), key=lambda n: n.call_date)

    def responses(self, measure: str | None = None) -> list[QuestionnaireResponse]:
        found = sorted(self._core(QuestionnaireResponse), key=lambda r: r.completed_at)
        return [r for r in found if measure is None or r.measure == measure]

    def attempts(self, *, since: datetime | None = None, until: datetime | None = None) -> list[Attempt]:
        """Attempts logged (created) in [since, until]; all of them without bounds."""
        months = months_between(since, until or self.clock()) if since is not None else None
        # Filter the stored rows before building records: building is the costly part.
        keep = (lambda r: created_within(r.get("created_at"), since, until)) if since or until else None
        found = self.store.records(Attempt, months, keep=keep)
        return sorted(found, key=lambda a: a.logged_at)

    def short_ids(self, records: Sequence[Record] | None = None) -> dict[str, str]:
        return short_ids([r.id for r in (records if records is not None else self.plans())])

    def _check_supporters(self, ids: Iterable[str]) -> None:
        known = {s.id for s in self.supporters()}
        for supporter_id in ids:
            if supporter_id not in known:
                raise NotFound(f"There is no supporter with id {supporter_id}.")

    # -- writing ---------------------------------------------------------------

    def _save(self, record: R, now: datetime | None = None, *, base: R | None = None) -> R:
        """Write `record`, stamped as changed at `now` (the clock's time by default).

        A record read from the store is written only over the version it was read at
        (see `_check_version`): a copy made stale by another window raises StaleRecordError.
        """
        stamped = record.touched(now or self.clock())
        with self.store.transaction() as tx:
            self._check_version(tx, record, base)
            tx.put(stamped)
        return stamped

    def _check_version(self, tx: Transaction, record: Record, base: Record | None = None) -> None:
        """Inside the lock: refuse to write over a version of `record` its writer has not seen.

        `base` is the version a form was opened with (compared in full, so two saves in the same
        second still count); without it, the record's own `updated_at` is the version it was read at.
        A new record (never written) has nothing to be stale against.
        """
        expected = base if base is not None else record
        if not expected.updated_at:
            return
        month = month_key(from_iso(record.created_at)) if record.table in PARTITIONED_TABLES and record.created_at else None
        if record.table in PARTITIONED_TABLES and month is None:
            return
        stored = tx.record(type(record), record.id, month)  # BadRecordError if the stored one does not fit
        if stored is None:
            if base is not None:  # removed meanwhile: saving would bring it back
                raise NotFound("This was removed meanwhile, in another window or by the workbook command, "
                               "so it was not saved.")
            return
        if base is not None:
            stale = stored.to_dict() != base.to_dict()
        else:
            stale = stored.updated_at != record.updated_at
        if stale:
            raise StaleRecordError(stored)

    def update_settings(self, **changes: Any) -> Settings:
        """Change only the fields named, over the settings as stored now (read again under the lock).

        So a form saving a name never puts back a `research_mode` that `workbook research on`
        changed while the form was open: each front end passes only what its person changed.
        Stored settings that do not fit the model are refused, never overwritten with defaults.
        """
        now = self.clock()
        with self.store.transaction(now) as tx:
            found = tx.records(Settings)
            damaged = self.store.record_problems(Settings.table)
            if damaged:
                raise damaged[0].error()
            current = settings_from(found)
            updated = current.changed(**changes).touched(now)
            tx.put(updated)
        if changes.get("research_mode") is not None and changes["research_mode"] != current.research_mode:
            # The last event of a research period is its end, logged under the settings it ran with.
            self.record_event("research_on" if updated.research_mode else "research_off",
                              settings=updated if updated.research_mode else current)
        return updated

    def try_update_settings(self, changes: dict[str, Any]) -> dict[str, str]:
        """Save settings typed into a form; {field: problem} instead when a rule refuses one."""
        try:
            self.update_settings(**changes)
        except ValidationError as exc:
            return {exc.field: exc.message}
        return {}

    def record_event(self, kind: str, *, now: datetime | None = None, settings: Settings | None = None,
                     **refs: str) -> Event | None:
        """Append an engagement event, only when research mode is on. Ids only, never free text."""
        return append_event(self.store, kind, now or self.clock(), settings or self.settings(), refs, stacklevel=3)


def created_within(created_at: Any, since: datetime | None, until: datetime | None) -> bool:
    try:
        moment = from_iso(created_at)
    except (TypeError, ValueError):
        return True  # let the record's own validation say what is wrong with it
    return (since is None or moment >= since) and (until is None or moment <= until)


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
