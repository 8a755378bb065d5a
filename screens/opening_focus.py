"""A screen opens at its top, whichever widget takes the focus first.

Textual focuses a screen's first control while composing it, before any layout, and asks to
scroll that control to the centre unless it can be seen whole. Before the first layout
nothing can be seen whole, so every form opened scrolled a few rows down: the Log form hid
what was being logged, Settings its first row, Review everything above its questions. On a
slow machine that scroll could also land after a click had been aimed.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widget import Widget


class OpensAtItsTop(Screen[Any]):
    """Mixed into a screen: focus given before its first layout scrolls only if the control is then out of view."""

    _laid_out = False

    def set_focus(self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False) -> None:
        if self._laid_out or not scroll_visible:
            super().set_focus(widget, scroll_visible=scroll_visible, from_app_focus=from_app_focus)
            return
        super().set_focus(widget, scroll_visible=False, from_app_focus=from_app_focus)
        self.call_after_refresh(self._show_the_focus)

    def _show_the_focus(self) -> None:
        """Laid out now: a focused control below the fold (a small terminal) is brought into view."""
        self._laid_out = True
        focused = self.focused
        if focused is not None and not self.can_view_entire(focused):
            self.scroll_to_center(focused, origin_visible=True, animate=False)
