"""Before a review pack is written: what goes in (ticked boxes, remembered) and whether it is
encrypted to the practitioner's key. Returns the choices as Settings fields, or None (Esc)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from screens.widgets.ticks import TickBox
from workbook.content.copy import text
from workbook.core.model import PACK_CHOICES, Settings


class PackChoicesDialog(ModalScreen[dict[str, bool] | None]):
    DEFAULT_CSS = """
    PackChoicesDialog { align: center middle; }
    PackChoicesDialog > Vertical {
        width: 72; max-width: 95%; height: auto; max-height: 95%; padding: 1 2;
        background: $panel; border: round $primary;
    }
    PackChoicesDialog .question { text-style: bold; }
    PackChoicesDialog .detail { margin: 1 0 0 0; }
    PackChoicesDialog Horizontal { height: auto; margin-top: 1; }
    PackChoicesDialog Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pack.cancel", tooltip=text("review_pack.tooltips.cancel"))]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        key = self.settings.practitioner_key
        with Vertical():
            yield Static(text("review_pack.dialog_question"), classes="question", markup=False)
            yield Static(text("review_pack.always_line"), classes="detail", markup=False)
            for name in PACK_CHOICES:
                label = text(f"review_pack.choice_names.{name.removeprefix('pack_')}")
                yield TickBox(label[0].upper() + label[1:], getattr(self.settings, name), id=name, compact=True)
            sealed = (text("review_pack.sealed_line", recipient=f"{key[:10]}…{key[-6:]}") if key
                      else text("review_pack.dialog_plain"))
            yield Static(sealed, id="sealing", classes="detail", markup=False)
            with Horizontal():
                yield Button(text("review_pack.dialog_write"), id="write", variant="primary")
                yield Button(text("review_pack.dialog_cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#write", Button).focus()

    @on(Button.Pressed, "#write")
    def _write(self) -> None:
        self.dismiss({name: self.query_one(f"#{name}", TickBox).value for name in PACK_CHOICES})

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
