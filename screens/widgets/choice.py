"""A radio button whose chosen state is a mark (●), not just a colour (see `ticks.py`)."""

from __future__ import annotations

from textual.widgets import RadioButton


class Choice(RadioButton):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "●" if self.value else " "
