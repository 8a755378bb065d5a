"""A checkbox and a selection list whose ticked state is a mark (✓), not just a colour.

Textual draws the same "X" for on and off and tells them apart by colour only;
these show "✓" when ticked and a blank when not, so they read the same in
every theme (including high contrast) and on a monochrome terminal.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

TICK, BLANK = "✓", " "


class TickBox(Checkbox):
    """A Checkbox showing ✓ when ticked."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return TICK if self.value else BLANK


class TickList(SelectionList):
    """A SelectionList showing ✓ beside each chosen item."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 2 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        mark = TICK if selection.value in self._selected else BLANK
        segments[1] = Segment(mark, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)
