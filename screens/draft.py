"""A base for form screens that keep a draft: nothing typed is lost by leaving.

The draft lives in `app.drafts` (keyed by `draft_key`; on disk in the home, see
`workbook.storage.drafts`) and is refreshed on every change, so it survives any way of
leaving the screen (Esc, the palette, Today) and closing or losing the terminal.
Saving clears it; opening the form again restores it.
"""

from __future__ import annotations

from textual import on
from textual.screen import Screen
from textual.widgets import Checkbox, Input, RadioSet, Select, SelectionList, TextArea

from screens.access import WorkbookAccess
from screens.widgets.form import form_state, restore_form
from screens.widgets.rating import RatingSlider


class DraftScreen(WorkbookAccess, Screen):
    draft_key: str = ""

    def start_draft(self) -> None:
        """Call at the end of `on_mount`: remember the starting values, restore any draft."""
        self._saved = False
        self._initial = form_state(self)
        draft = self.workbook_app.drafts.get(self.draft_key)
        if draft:
            restore_form(self, draft)
            self.notify("Picked up where you left off.", timeout=3)

    def draft_saved(self) -> None:
        self._saved = True
        self.workbook_app.drafts.pop(self.draft_key, None)
        self._drafts_changed()

    def _drafts_changed(self) -> None:
        self.workbook_app.save_drafts_soon()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(RadioSet.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(Checkbox.Changed)
    @on(RatingSlider.Changed)
    def _keep_draft(self) -> None:
        if getattr(self, "_initial", None) is None or self._saved:
            return
        state = form_state(self)
        if state != self._initial:
            self.workbook_app.drafts[self.draft_key] = state
        else:
            self.workbook_app.drafts.pop(self.draft_key, None)
        self._drafts_changed()

    def on_unmount(self) -> None:
        if not getattr(self, "_saved", True) and self.draft_key in self.workbook_app.drafts:
            self.app.notify("What you typed is kept as a draft; it'll be here when you come back.", timeout=4)
