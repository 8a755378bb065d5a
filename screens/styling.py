"""Styles worked out once as a screen opens, not again and again.

Textual styles every widget as it is mounted, then, when the new screen is first shown
(`ScreenResume`), styles the whole screen again; and a class set on a widget before it is
mounted (an Input made compact, a Button's variant) restyles it and its parts then too,
though mounting styles it anyway. On a form of a hundred widgets that doubles the styling,
the largest single cost of opening it. `StyledOnce` (on screens) and `MountedRestyles`
(on the app) skip both repeats; every later change of class or theme restyles as before.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode


class StyledOnce:
    """Mixed into a screen: its first showing keeps the styles its widgets were mounted with."""

    _shown_once = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._shown_once:  # runs before Screen's own handler, which restyles when asked
            self._shown_once = True
            event.refresh_styles = False


class MountedRestyles(App[Any]):
    """Mixed into the app: a widget not yet in the DOM is not restyled; mounting styles it."""

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        if node is not self and not node.is_attached:
            return
        super().update_styles(node, animate=animate)
