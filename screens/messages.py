"""Messages the screens post to the app when something is finished.

Small dataclasses, handled with `@on(...)` in `app.py`, which decides where to go next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class WelcomeFinished(Message):
    skipped: bool


@dataclass
class PlanSaved(Message):
    plan: Any  # workbook.model.Plan
    created: bool


@dataclass
class AttemptLogged(Message):
    attempt: Any  # workbook.model.Attempt
    plan: Any


@dataclass
class BarriersFinished(Message):
    plan_id: str
    applied: tuple[str, ...] = ()
    noted: bool = False  # were any barriers saved?
    logged: bool = False  # was an attempt logged (before, or by noting barriers)?
