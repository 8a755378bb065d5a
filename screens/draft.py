"""A base for form screens that keep a draft: nothing typed is lost by leaving.

The draft lives in `app.drafts` (keyed by `draft_key`; on disk in the home, see
`workbook.storage.drafts`) and is refreshed on every change, so it survives any way of
leaving the screen (Esc, the palette, Today) and closing or losing the terminal.
Saving clears it at once (not half a second later), so a draft never outlives the save
it belongs to; opening the form again restores it, and Ctrl+R throws a restored one away.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Checkbox, Input, RadioSet, Select, SelectionList, TextArea

from screens.access import WorkbookAccess
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.widgets.form import form_state, restore_form
from screens.widgets.rating import RatingSlider
from workbook.content.copy import text as copy_text


class DraftScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    BINDINGS = [
        Binding("ctrl+r", "discard_draft", "Discard draft", id="draft.discard",
                tooltip=copy_text("draft.tooltips.discard")),
    ]
    draft_key: str = ""

    def start_draft(self, *, restore: bool = True) -> None:
        """Call at the end of `on_mount`: remember the starting values, restore any draft."""
        self._saved = False
        self._restored = False
        self._initial = form_state(self)
        draft = self.workbook_app.drafts.get(self.draft_key) if restore else None
        if not draft:
            return
        if not self.draft_still_wanted(draft):
            self.workbook_app.drafts.pop(self.draft_key, None)
            self.workbook_app.save_drafts()
            return
        restore_form(self, draft)
        self.draft_restored(draft)
        self._restored = True
        self.refresh_bindings()
        self.notify(copy_text("draft.restored"), timeout=4)

    # -- hooks for a form's own extras (Log keeps the id its attempt will be saved with) -----------

    def draft_extra(self) -> dict[str, Any]:
        """Values kept in the draft beside the controls' (keys start with "_")."""
        return {}

    def draft_restored(self, draft: dict[str, Any]) -> None:
        """A draft was put back on the form."""

    def draft_still_wanted(self, draft: dict[str, Any]) -> bool:
        """False if the draft belongs to something saved already (it is then cleared, not restored)."""
        return True

    def draft_discarded(self) -> None:
        """The person threw the draft away."""

    # -- keeping and clearing -----------------------------------------------------------------------

    def draft_saved(self) -> None:
        """The form was saved: its draft goes now, on disk too (a kill a moment later leaves none)."""
        self._saved = True
        self.workbook_app.drafts.pop(self.draft_key, None)
        self.workbook_app.save_drafts()

    def _drafts_changed(self) -> None:
        self.workbook_app.save_drafts_soon()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "discard_draft":
            return bool(getattr(self, "_restored", False))  # shown only on a form that picked up a draft
        return True

    def action_discard_draft(self) -> None:
        if not getattr(self, "_restored", False):
            return
        self._restored = False
        restore_form(self, self._initial)
        self.workbook_app.drafts.pop(self.draft_key, None)
        self.workbook_app.save_drafts()
        self.draft_discarded()
        self.refresh_bindings()
        self.notify(copy_text("draft.discarded"), timeout=4)

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
            self.workbook_app.drafts[self.draft_key] = state | self.draft_extra()
        elif self.draft_key in self.workbook_app.drafts:
            self.workbook_app.drafts.pop(self.draft_key, None)
        else:
            return
        self._drafts_changed()

    def on_unmount(self) -> None:
        if not getattr(self, "_saved", True) and self.draft_key in self.workbook_app.drafts:
            self.app.notify(copy_text("draft.kept"), timeout=4)
