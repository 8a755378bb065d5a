"""Messages the screens post to the app when something is finished.

Small dataclasses, handled with `@on(...)` in `app.py`, which decides where to go next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # types only: the model loads with the façade, after the first import
    from workbook.core.model import Attempt, Plan


@dataclass
class WelcomeFinished(Message):
    skipped: bool


@dataclass
class PlanSaved(Message):
    plan: Plan
    created: bool
    from_suggestion: bool = False  # a practitioner's suggestion, adjusted and accepted


@dataclass
class AttemptLogged(Message):
    attempt: Attempt
    plan: Plan


@dataclass
class BarriersFinished(Message):
    plan_id: str
    applied: tuple[str, ...] = ()
    noted: bool = False  # were any barriers saved?
    logged: bool = False  # was an attempt logged (before, or by noting barriers)?
