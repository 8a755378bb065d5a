"""Every screen opens at its top, with the control that has the focus in view.

Textual scrolls the first focused control to the centre before anything is laid out; forms
opened a few rows down (the Log form hid what was being logged, Review all but its questions).
"""

from __future__ import annotations

import pytest
from harness import OPENERS, opened_on_friday
from textual.containers import ScrollableContainer


def _scrolled(screen) -> list[str]:
    return [f"#{w.id} by {w.scroll_y:g}" for w in screen.query(ScrollableContainer) if w.scroll_y]


@pytest.mark.parametrize("screen", list(OPENERS))
async def test_every_screen_opens_at_its_top_with_the_focus_in_view(friday_demo, screen):
    async with opened_on_friday(friday_demo, screen) as pilot:
        app = pilot.app
        assert not _scrolled(app.screen), f"{screen} opened scrolled: {_scrolled(app.screen)}"
        focused = app.focused
        assert focused is None or app.screen.can_view_entire(focused), f"{screen}: {focused} is out of view"


@pytest.mark.parametrize("size", [(60, 12), (50, 9)])
async def test_on_a_small_terminal_the_focused_control_is_scrolled_into_view(friday_demo, size):
    async with opened_on_friday(friday_demo, "log (thought record)", size) as pilot:
        app = pilot.app
        focused = app.focused
        assert focused is not None and focused.id == "outcome"
        assert app.screen.can_view_entire(focused)
