"""Gentle notes on a plan being made: what would make it more specific, and when to shrink it.

One function behind the Plan form and `workbook plan add|edit`, so both say the same
thing. Notes are suggestions, never errors: a plan without a place is still saved.
"""

from __future__ import annotations

from workbook.content.copy import text as copy_text
from workbook.core.model import Plan
from workbook.planning.adjust import LOW_CONFIDENCE

TRY_WORDS = ("try to ", "try and ", "attempt to ")


def gentle_notes(what: str, *, has_time: bool, where: str, as_needed: bool = False) -> dict[str, str]:
    """{part of the plan: note} for what could be more specific ("what", "when", "where")."""
    notes: dict[str, str] = {}
    if not what.strip():
        return notes  # notes only make sense once there is a plan to be specific about
    if what.strip().lower().startswith(TRY_WORDS):
        notes["what"] = copy_text("plan.vague_try")
    if not has_time and not as_needed:
        notes["when"] = copy_text("plan.vague_time")
    if not where.strip() and not as_needed:
        notes["where"] = copy_text("plan.vague_place")
    return notes


def plan_notes(plan: Plan) -> dict[str, str]:
    """The gentle notes for a saved or about-to-be-saved plan, plus a low-confidence one."""
    notes = gentle_notes(plan.what, has_time=plan.start_time is not None, where=plan.where,
                         as_needed=plan.as_needed)
    if plan.confidence is not None and plan.confidence < LOW_CONFIDENCE:
        notes["confidence"] = copy_text("plan.low_confidence")
    return notes
