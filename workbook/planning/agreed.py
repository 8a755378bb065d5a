"""Where a plan came from, in the patient's words: "agreed with Alex Morgan on Thu 3 Dec".

Today, the Plan form and the report show it; kept apart from reading session packs so the
opening screen needs none of that.
"""

from __future__ import annotations

from datetime import date

from workbook.content.copy import text as copy_text
from workbook.core.model import Plan


def agreed_words(plan: Plan) -> str:
    """'agreed with Alex Morgan on Thu 3 Dec' for a plan a session pack suggested; '' for others."""
    if not plan.agreed_with or plan.agreed_on is None:
        return ""
    return copy_text("session_pack.agreed", name=plan.agreed_with, day=day_words(plan.agreed_on))


def day_words(day: date) -> str:
    """'Thu 3 Dec', as the session pack's words say a session's day."""
    return f"{day:%a} {day.day} {day:%b}"
