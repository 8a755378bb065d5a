"""Plain words and symbols the screens share: states, times and days.

No state is shown by colour alone: each has a symbol and words.
"""

from __future__ import annotations

from datetime import date, datetime

from workbook.content import states
from workbook.core.outcomes import Outcome


def outcome_choices() -> list[tuple[Outcome, str]]:
    """The Log form's choices, in order: (outcome, button label)."""
    return [(outcome, states.choice_label(outcome)) for outcome in Outcome]


def state_words(state: str) -> str:
    """'✓ done' (see `workbook.content.states`: the same words as the CLI and the report)."""
    return states.state_words(state).marked


def state_symbol(state: str) -> str:
    return states.state_words(state).symbol


def day_words(day: date) -> str:
    """'Mon 1 Dec'."""
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def long_day(day: date) -> str:
    """'Monday 1 December'."""
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B')}"


def clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def when_words(at: datetime, anytime: bool, *, with_day: bool = False) -> str:
    time_part = "any time" if anytime else clock(at)
    return f"{day_words(at.date())}, {time_part}" if with_day else time_part


def exercise_title(workbook, exercise_id: str) -> str:
    library = workbook.exercises
    return library.get(exercise_id).title if exercise_id in library else exercise_id


def library_loaded(workbook) -> bool:
    """True once the exercise library has been read (`Workbook.exercises` is cached on first use)."""
    return "exercises" in vars(workbook)
