"""The façade's plans: add, change, pause or end them, and apply a proactive response to one."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from workbook.core.errors import NotFound, ValidationError
from workbook.core.model import Plan, Question
from workbook.facade.base import FacadeBase
from workbook.planning.adjust import Proposal


class PlansPart(FacadeBase):
    def add_plan(self, plan: Plan) -> Plan:
        if plan.exercise_id not in self.exercises:
            raise ValidationError("exercise_id", f"there is no exercise called {plan.exercise_id!r}")
        self._check_supporters(plan.supporter_ids)
        if plan.stamped:  # made elsewhere with its own times (an import, a fixture): kept as given
            with self.store.transaction() as tx:
                tx.put(plan)
            saved = plan
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
            self.update_plan(proposal.plan, event="plan_changed")
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
