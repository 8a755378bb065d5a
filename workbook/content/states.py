"""The words and symbols for each outcome and occurrence state, from `data/copy.toml` [states]."""

from __future__ import annotations

from dataclasses import dataclass

from workbook.content.copy import text
from workbook.core.outcomes import OccurrenceState, Outcome


@dataclass(frozen=True)
class StateWords:
    symbol: str
    words: str

    @property
    def marked(self) -> str:
        """'✓ done': the symbol first, so no state is told by colour alone."""
        return f"{self.symbol} {self.words}"


def state_words(state: str) -> StateWords:
    """The symbol and words for an outcome or occurrence state (an unknown one is named as it is)."""
    if state not in set(OccurrenceState) and state != "entry":
        return StateWords("·", state.replace("_", " "))
    return StateWords(text(f"states.{state}.symbol"), text(f"states.{state}.words"))


def choice_label(outcome: Outcome) -> str:
    """The Log form's button for an outcome: 'Done', 'Partly', 'Not done'."""
    return text(f"states.{outcome.value}.choice")


def logged_words(outcome: Outcome | str) -> str:
    """What the CLI says once an attempt with this outcome is logged."""
    return text(f"states.{Outcome(outcome).value}.logged")
