"""How an attempt went, and the states a planned occurrence can be in.

`Outcome` is what a patient logs. A `StrEnum`, so stored records keep their plain
text ("done", "partly", "not_done") and compare equal to it. The words for each
state live in `data/copy.toml` ([states.*]); `content.states` reads them, so the
CLI, the screens and the report name them the same way.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    DONE = "done"
    PARTLY = "partly"
    NOT_DONE = "not_done"


class OccurrenceState(StrEnum):
    """An outcome, or what an occurrence with no attempt is: still open to log, or later."""

    DONE = "done"
    PARTLY = "partly"
    NOT_DONE = "not_done"
    OPEN = "open"
    LATER = "later"
    NOT_LOGGED = "not_logged"


OUTCOMES: tuple[str, ...] = tuple(o.value for o in Outcome)
