"""Proactive responses to a missed or partly done task, as concrete changes to the plan.

Each response code in `data/barriers.toml` maps to one function here that
returns the changed plan and a plain preview of the change ("30 → 15
minutes"), so the patient sees exactly what one key will do before doing it.
`propose` is pure; the façade's `apply_response` saves the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from workbook.core.errors import ValidationError
from workbook.core.model import Plan
from workbook.core.recurrence import DAY_CODES, parse_parts
from workbook.core.repeat_words import describe
from workbook.core.times import format_hhmm, parse_hhmm, to_iso
from workbook.core.words import counted

MIN_MINUTES = 5
LOW_CONFIDENCE = 7  # below this (0-10), the Plan screen offers a smaller version


@dataclass(frozen=True)
class Proposal:
    """What a response would do. `plan` is None when the plan itself does not change."""

    response: str
    summary: str
    plan: Plan | None = None
    needs: tuple[str, ...] = ()
    question: str | None = None  # for save_question


def _make_smaller(plan: Plan, **_: Any) -> Proposal:
    if plan.minutes <= MIN_MINUTES:
        return Proposal("make_smaller", f"It is already {counted(plan.minutes, 'minute')}; fewer days might help instead.")
    smaller = max(MIN_MINUTES, plan.minutes // 2)
    return Proposal("make_smaller", f"{plan.minutes} → {smaller} minutes", replace(plan, minutes=smaller))


def fewer_days_rule(body: str | None) -> str | None:
    """Roughly halve how often a rule repeats; None if it cannot get any smaller."""
    if not body:
        return None
    parts = parse_parts(body)
    interval = int(parts.get("INTERVAL", "1"))
    if parts["FREQ"] == "DAILY":
        if interval == 1:
            return "FREQ=WEEKLY;BYDAY=MO,WE,FR"
        return f"FREQ=DAILY;INTERVAL={interval * 2}"
    if parts["FREQ"] == "WEEKLY" and "BYDAY" in parts:
        days = [d for d in DAY_CODES if d in parts["BYDAY"].split(",")]
        if len(days) <= 1:
            return None
        kept = days[::2]
        if len(kept) == len(days):
            kept = days[:-1]
        prefix = f"FREQ=WEEKLY;INTERVAL={interval}" if interval > 1 else "FREQ=WEEKLY"
        return f"{prefix};BYDAY={','.join(kept)}"
    return None


def _fewer_days(plan: Plan, **_: Any) -> Proposal:
    new_rule = fewer_days_rule(plan.rrule)
    if new_rule is None:
        return Proposal("fewer_days", "This plan can't repeat any less often; making it smaller might help instead.")
    return Proposal("fewer_days", f"{describe(plan.rrule)} → {describe(new_rule)}", replace(plan, rrule=new_rule))


def _move_time(plan: Plan, time: str | None = None, **_: Any) -> Proposal:  # noqa: A002 - the patient's word
    if not time:
        return Proposal("move_time", "Choose a time that suits you better.", needs=("time",))
    try:
        new_time = parse_hhmm(time) if isinstance(time, str) else time
    except ValueError as exc:
        raise ValidationError("time", str(exc)) from None
    before = format_hhmm(plan.start_time) if plan.start_time else "any time"
    return Proposal("move_time", f"{before} → {format_hhmm(new_time)}", replace(plan, start_time=new_time))


def _link_routine(plan: Plan, routine: str | None = None, **_: Any) -> Proposal:
    if not routine or not routine.strip():
        return Proposal("link_routine", "Name something you already do every day.", needs=("routine",))
    linked = f"I {routine.strip()}"
    pair = {"if": f"after {linked}", "then": plan.what}  # the if-then form of the link, kept with the others
    return Proposal("link_routine", f"New plan: after {linked}, I will {plan.what}",
                    replace(plan, if_then=[*plan.if_then, pair], routine=linked[:120]))


def _ask_supporter(plan: Plan, supporter_id: str | None = None, supporter_name: str = "", **_: Any) -> Proposal:
    if not supporter_id:
        return Proposal("ask_supporter", "Choose who you could ask.", needs=("supporter_id",))
    if supporter_id in plan.supporter_ids:
        return Proposal("ask_supporter", f"{supporter_name or 'They'} already help with this plan.")
    who = supporter_name or "your supporter"
    return Proposal("ask_supporter", f"Ask {who} to help with this plan", replace(plan, supporter_ids=[*plan.supporter_ids, supporter_id]))


def _reread_why(plan: Plan, exercise_why: str = "", **_: Any) -> Proposal:
    mine = f" You said it matters because: {plan.why}" if plan.why else ""
    return Proposal("reread_why", f"{exercise_why}{mine}".strip() or "Look again at why this exercise helps.")


def _add_if_then(plan: Plan, if_text: str | None = None, then_text: str | None = None, **_: Any) -> Proposal:
    missing = tuple(name for name, value in (("if_text", if_text), ("then_text", then_text)) if not (value or "").strip())
    if missing:
        return Proposal("add_if_then", "Write what might get in the way, and what you will do then.", needs=missing)
    pair = {"if": (if_text or "").strip(), "then": (then_text or "").strip()}
    return Proposal("add_if_then", f"If {pair['if']}, then I will {pair['then']}", replace(plan, if_then=[*plan.if_then, pair]))


def _save_question(plan: Plan, question: str | None = None, **_: Any) -> Proposal:
    if not question or not question.strip():
        return Proposal("save_question", "Write the question you'd like to ask.", needs=("question",))
    return Proposal("save_question", f"Saved for your next call: {question.strip()}", question=question.strip())


def _pause_plan(plan: Plan, **_: Any) -> Proposal:
    if plan.status == "paused":
        return Proposal("pause_plan", "This plan is already paused.")
    return Proposal("pause_plan", "Pause this plan for now (you can pick it up again any time)", replace(plan, status="paused"))


def _step_down(plan: Plan, step: str | None = None, **_: Any) -> Proposal:
    """An easier step of the ladder for the same time: exposure is never made shorter."""
    if not step or not step.strip():
        return Proposal("step_down", "Write the easier step you'll practise next.", needs=("step",))
    step = " ".join(step.split())[:200]
    return Proposal("step_down", f"{plan.what} → {step} (still {counted(plan.minutes, 'minute')})", replace(plan, what=step))


def _reassure(plan: Plan, **_: Any) -> Proposal:
    """Nothing about the plan changes: the response's own words are the help."""
    return Proposal("reassure", "Nothing about the plan changes.")


OPERATIONS: dict[str, Callable[..., Proposal]] = {
    "make_smaller": _make_smaller,
    "fewer_days": _fewer_days,
    "move_time": _move_time,
    "link_routine": _link_routine,
    "ask_supporter": _ask_supporter,
    "reread_why": _reread_why,
    "add_if_then": _add_if_then,
    "save_question": _save_question,
    "pause_plan": _pause_plan,
    "step_down": _step_down,
    "reassure": _reassure,
}


def propose(plan: Plan, code: str, *, now: datetime, operation: str | None = None, **params: Any) -> Proposal:
    """What response `code` would do to `plan` (nothing is saved). `operation` is the engine operation
    that applies it (data/barriers.toml); by default the one named like the response."""
    try:
        apply = OPERATIONS[operation or code]
    except KeyError:
        raise ValidationError("response", f"unknown response {code!r} (known: {', '.join(OPERATIONS)})") from None
    proposal = replace(apply(plan, **params), response=code)
    if proposal.plan is None:
        return proposal
    note = {"at": to_iso(now), "response": code, "summary": proposal.summary}
    changed = replace(proposal.plan, adjustments=[*plan.adjustments, note])
    return replace(proposal, plan=changed)






@dataclass(frozen=True)
class Smaller:
    """A smaller version of a plan being written: fewer minutes and fewer days."""

    summary: str
    minutes: int
    rrule: str | None


def smaller_version(exercise_id: str, minutes: int, rrule: str | None, technique: str | None = None) -> Smaller | None:
    """What "make it smaller" and "fewer days" together would make of a plan (None if neither can).

    Used while a plan is still a form, before it is a saved Plan; it applies the
    same two responses the Barriers screen offers, so the two always agree. For a technique
    that is never shortened (exposure: data/barriers.toml), only the days are fewer.
    """
    from datetime import date, timezone

    from workbook.content.barriers import load_taxonomy

    probe = Plan(exercise_id=exercise_id, what="(preview)", start_date=date(2000, 1, 3), minutes=minutes, rrule=rrule)
    noted_at = datetime(2000, 1, 3, tzinfo=timezone.utc)  # a probe's change notes are thrown away
    shortening = load_taxonomy().responses["make_smaller"].fits(technique)
    shorter = propose(probe, "make_smaller", now=noted_at) if shortening else Proposal("make_smaller", "")
    current = shorter.plan or probe
    fewer = propose(current, "fewer_days", now=noted_at)
    final = fewer.plan or current
    summaries = [p.summary for p in (shorter, fewer) if p.plan is not None]
    return Smaller("; ".join(summaries), final.minutes, final.rrule) if summaries else None


__all__ = ["Proposal", "OPERATIONS", "propose", "fewer_days_rule", "smaller_version", "Smaller", "LOW_CONFIDENCE"]
