"""Every Tab stop on every screen is a control a person can see and knows the name of.

Tab goes round the screen's whole focus chain; at each stop the focused widget must be shown
(inside the screen, once scrolled to) and carry words saying what it is: its own label, the
label of the form row it sits in, a title, a placeholder or a tooltip.
"""

from __future__ import annotations

import pytest
from harness import OPENERS, opened_on_friday, settle
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Select, Static, TextArea
from textual.widgets._tabbed_content import ContentTabs
from textual.widgets._toggle_button import ToggleButton

from screens.widgets.form import FieldRow


def label_of(widget: Widget) -> str:
    """The words that name a focusable widget ("" when nothing does)."""
    if isinstance(widget, (Button, ToggleButton)):
        return str(widget.label).strip()
    if isinstance(widget, ContentTabs):
        return " ".join(str(tab.label) for tab in widget.query("Tab"))
    for row in widget.ancestors:
        if isinstance(row, FieldRow):
            return str(row.query_one(".row-label", Static).content).strip()
    if widget.border_title:
        return str(widget.border_title)
    if isinstance(widget, Input) and widget.placeholder:
        return widget.placeholder
    if isinstance(widget, TextArea) and widget.placeholder:
        return str(widget.placeholder)
    if isinstance(widget, Select) and widget.prompt:
        return str(widget.prompt)
    if widget.tooltip:
        return str(widget.tooltip)
    if isinstance(widget, OptionList) and widget.option_count:
        return "a list"  # its options name themselves
    return ""


@pytest.mark.parametrize("screen", list(OPENERS))
async def test_every_tab_stop_is_a_visible_labelled_control(friday_demo, screen):
    async with opened_on_friday(friday_demo, screen) as pilot:
        app = pilot.app
        chain = app.screen.focus_chain
        assert chain, f"{screen}: nothing can take the focus"
        seen = []
        for _ in range(len(chain)):
            await pilot.press("tab")
            await settle(pilot)
            focused = app.focused
            assert focused is not None, f"{screen}: Tab left nothing focused"
            seen.append(focused)
            where = f"{screen}: the Tab stop {type(focused).__name__}#{focused.id}"
            assert focused.display and focused.visible, f"{where} is hidden"
            region = focused.region
            assert region.width > 0 and region.height > 0, f"{where} takes no room"
            assert app.screen.region.contains_region(region) or app.screen.region.overlaps(region), \
                f"{where} is off the screen"
            assert label_of(focused), f"{where} has no words saying what it is"
        assert set(map(id, seen)) == set(map(id, chain)), f"{screen}: Tab did not reach every stop"
