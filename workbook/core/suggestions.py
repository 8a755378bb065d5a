"""A practitioner's suggested plan that the patient declined, as the review pack reports it.

The session pack (practitioner → patient) suggests plans; the patient accepts, adjusts or declines
each. A declined one, with the patient's reason, goes back to the practitioner in the next review
pack, because the patient's preferences are part of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class DeclinedSuggestion:
    """One declined suggestion: what was suggested, by whom and when, and why the patient said no."""

    what: str
    exercise_id: str
    practitioner: str
    session_date: date
    reason: str
    decided_at: datetime
