"""The façade's plans: add, change, pause or end them, and apply a proactive response to one."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from workbook.core.errors import BadRecordError, NotFound, ValidationError, WorkbookError
from workbook.core.model import PLAN_STATUSES, Plan, Question
from workbook.core.plan_history import PlanPause, PlanVersion
from workbook.core.records import require_choice
from workbook.core.times import utc_iso
from workbook.facade.base import FacadeBase
from workbook.storage import layout
from workbook.storage.store import Transaction

if TYPE_CHECKING:  # types only: the modules load when a method needs them, keeping start-up short
    from workbook.planning.adjust import Proposal


class PlansPart(FacadeBase):
    def add_plan(self, plan: Plan) -> Plan:
        if plan.exercise_id not in self.exercises:
            raise ValidationError("exercise_id", f"there is no exercise called {plan.exercise_id!r}")
        offered = self.settings().offered_exercises
        if offered and plan.exercise_id not in offered:
            raise ValidationError("exercise_id", f"the study you joined offers {', '.join(offered)}, "
                                                 f"not {plan.exercise_id!r}")
        self._check_supporters(plan.supporter_ids)
        if plan.stamped:  # made elsewhere with its own times (an import, a fixture): kept as given
            with self.store.transaction() as tx:
                tx.put(plan)
            saved = plan
        else:
            saved = self._save(plan)
        self.record_event("plan_created", plan=plan.id, exercise=plan.exercise_id)
        return saved

    def update_plan(self, plan: Plan, *, event: str = "plan_changed", now: datetime | None = None,
                    base: Plan | None = None) -> Plan:
        """Save a changed plan, keeping the version it replaces (see `undo_plan`).

        Only over the version it was read at: `base` (the plan as a form opened it) or, without
        one, the plan's own `updated_at`. If the stored plan changed meanwhile (another window,
        `workbook`), nothing is saved and StaleRecordError carries the newer version.

        The plan's status is never changed here: pausing, resuming and ending are
        `set_plan_status`, which records the pause. So a form opened before another
        window paused the plan cannot quietly resume it.
        """
        now = now or self.clock()
        self.plan(plan.id)  # NotFound, in the plan's own words, before taking the lock
        self._check_supporters(plan.supporter_ids)
        with self.store.transaction(now) as tx:
            self._check_version(tx, plan, base)
            current = tx.record(Plan, plan.id)  # validated: BadRecordError, naming it, if it does not fit
            if current is None:
                raise NotFound(f"There is no plan with id {plan.id}.")
            plan = replace(plan, status=current.status)
            if plan.to_dict() | {"updated_at": ""} == current.to_dict() | {"updated_at": ""}:
                return current  # nothing changed: no new version, no event
            version = PlanVersion(plan_id=plan.id, saved_at=utc_iso(now), change=event, data=current.to_dict())
            updated = plan.touched(now)
            tx.put(version)
            tx.put(updated)
        self.record_event(event, now=now, plan=plan.id)
        return updated

    def set_plan_status(self, ref: str, status: str, *, now: datetime | None = None,
                        base: Plan | None = None) -> Plan:
        """Pause, resume or end a plan; each pause is kept as a record of its own (`PlanPause`).

        With `base` (the plan as a form showed it), only if the plan has not changed since:
        a stale "Pause" button never un-ends a plan ended meanwhile (StaleRecordError).
        """
        require_choice("status", status, PLAN_STATUSES)
        now = now or self.clock()
        plan_id = self.plan(ref).id
        stamp = utc_iso(now)
        with self.store.transaction(now) as tx:
            if base is not None:
                self._check_version(tx, base, base)
            current = tx.record(Plan, plan_id)
            if current is None:
                raise NotFound(f"There is no plan with id {plan_id}.")
            if status == current.status:
                return current
            pauses = sorted(tx.records(PlanPause, keep=lambda r: r.get("plan_id") == plan_id), key=lambda p: p.paused_at)
            open_pause = next((p for p in pauses if p.resumed_at is None), None)
            version = PlanVersion(plan_id=current.id, saved_at=stamp, change=f"plan_{status}", data=current.to_dict())
            updated = current.touched(now, status=status)
            tx.put(version)
            if status == "active" and open_pause is not None:
                tx.put(open_pause.touched(now, resumed_at=stamp))
            elif status == "ended" and open_pause is not None:
                tx.put(open_pause.touched(now, ended=True))  # ended while paused: the pause becomes the end
            elif status in ("paused", "ended") and open_pause is None:
                tx.put(PlanPause(plan_id=current.id, paused_at=stamp, ended=status == "ended"))
            tx.put(updated)
        self.record_event("plan_resumed" if status == "active" else f"plan_{status}", now=now, plan=current.id)
        return updated

    def plan_versions(self, ref: str) -> list[PlanVersion]:
        """Earlier versions of a plan, oldest first."""
        plan_id = self.plan(ref).id
        return sorted((v for v in self._core(PlanVersion) if v.plan_id == plan_id), key=lambda v: v.saved_at)

    def undo_plan(self, ref: str, *, now: datetime | None = None) -> Plan:
        """Put back the plan as it was before its last change (its words, times, status and pauses)."""
        now = now or self.clock()
        current = self.plan(ref)
        versions = self.plan_versions(current.id)
        if not versions:
            raise WorkbookError(f"'{current.what}' has no earlier version to go back to.")
        last = versions[-1]
        try:
            before = Plan.from_dict(last.data)
        except ValidationError as exc:  # the kept version does not fit: refuse, naming it
            raise BadRecordError(layout.core_path(self.home), PlanVersion.table, last.id, f"data.{exc.field}",
                                 exc.message) from None
        restored = before.touched(now)
        with self.store.transaction(now) as tx:
            tx.delete("plan_versions", last.id)
            if before.status != current.status:
                self._undo_status(tx, current, before, now)
            tx.put(restored)
        self.record_event("plan_changed", now=now, plan=current.id)
        return restored

    def _undo_status(self, tx: Transaction, current: Plan, before: Plan, now: datetime) -> None:
        """Undoing a pause, resume or end undoes what it did to the pause records."""
        pauses = self.pauses(current.id)
        if not pauses:
            return
        latest = pauses[-1]
        if current.status == "active":  # undo a resume: the pause goes on
            tx.put(latest.touched(now, resumed_at=None))
        elif before.status == "paused":  # undo an end made while paused: paused again
            tx.put(latest.touched(now, ended=False))
        else:  # undo a pause, or an end of an active plan: the interval never happened
            tx.delete("pauses", latest.id)

    def preview_response(self, plan_ref: str, code: str, *, now: datetime | None = None, **params: Any) -> Proposal:
        """What a proactive response (see `adjust`) would change, without saving."""
        return self._propose(self.plan(plan_ref), code, now, params)

    def apply_response(self, plan_ref: str, code: str, *, attempt_id: str | None = None, now: datetime | None = None,
                       **params: Any) -> Proposal:
        """Apply a proactive response in one step; returns the Proposal that was applied."""
        plan = self.plan(plan_ref)
        proposal = self._propose(plan, code, now, params)
        if proposal.needs:
            raise ValidationError(proposal.needs[0], proposal.summary)
        if proposal.plan is not None:
            self.update_plan(proposal.plan, event="plan_changed", now=now)
            if proposal.plan.status != plan.status:
                self.set_plan_status(plan.id, proposal.plan.status, now=now)
        if proposal.question:
            self._save(Question(text=proposal.question.strip(), plan_id=plan.id))
        self.record_event("response_applied", now=now, plan=plan.id, response=code, attempt=attempt_id or "")
        return proposal

    def _propose(self, plan: Plan, code: str, now: datetime | None, params: dict[str, Any]) -> Proposal:
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
