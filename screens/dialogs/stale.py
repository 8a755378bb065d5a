"""Saved meanwhile elsewhere: a form whose record changed since it opened asks what to do.

Nothing is ever saved over the newer version without asking. The person can keep their
own edits on top of the newer version, start again from it, or go back to the form
(Esc) with nothing saved. Dismisses with "keep", "fresh" or None.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from workbook.content.copy import text as copy_text

KEEP, FRESH = "keep", "fresh"


class StaleDialog(ModalScreen[str | None]):
    DEFAULT_CSS = """
    StaleDialog { align: center middle; }
    StaleDialog > Vertical {
        width: 64; max-width: 95%; height: auto; padding: 1 2;
        background: $panel; border: round $primary;
    }
    StaleDialog .question { text-style: bold; }
    StaleDialog .detail { margin-top: 1; }
    StaleDialog Button { width: 100%; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "back", "Back to the form", id="stale.back",
                        tooltip=copy_text("stale.tooltips.back"))]

    def __init__(self, what: str, changed: list[str]) -> None:
        super().__init__()
        self.what = what
        self.changed = changed

    def compose(self) -> ComposeResult:
        detail = copy_text("stale.detail")
        if self.changed:
            detail += copy_text("stale.changed_there", fields=", ".join(self.changed))
        with Vertical():
            yield Static(copy_text("stale.question", what=self.what), classes="question", markup=False)
            yield Static(detail, classes="detail", markup=False)
            yield Button("Keep my changes on top of the newer version", id=KEEP, variant="primary")
            yield Button("Start again from the newer version", id=FRESH)
            yield Button("Back to the form (nothing saved)", id="back")

    def on_mount(self) -> None:
        self.query_one(f"#{KEEP}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id if event.button.id in (KEEP, FRESH) else None)

    def action_back(self) -> None:
        self.dismiss(None)


def changed_words(before: dict[str, object], after: dict[str, object], words: dict[str, str]) -> list[str]:
    """The person's words for the fields that differ between two versions of a record (in `words` order)."""
    found: list[str] = []
    for field, word in words.items():
        if before.get(field) != after.get(field) and word not in found:
            found.append(word)
    return found
