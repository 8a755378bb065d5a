"""Plain words and symbols the screens share: states, times and days.

No state is shown by colour alone: each has a symbol and words.
"""

from __future__ import annotations

from datetime import date, datetime

STATES = {
    "done": ("✓", "done"),
    "partly": ("◐", "partly done"),
    "not_done": ("–", "not done"),
    "open": ("○", "still to log"),
    "later": ("·", "later"),
}
OUTCOME_CHOICES = (("done", "Done"), ("partly", "Partly"), ("not_done", "Not done"))


def state_words(state: str) -> str:
    symbol, words = STATES.get(state, ("·", state))
    return f"{symbol} {words}"


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
