"""The low-confidence offer on the Plan screen: a smaller version, applied in one step."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Static

from workbook.content.copy import text as copy_text
from workbook.planning.adjust import LOW_CONFIDENCE, Smaller, smaller_version  # noqa: F401 - re-exported for plan.py


class SmallerOffer(Vertical):
    """Shown while confidence is below 7; says what the smaller plan would be."""

    DEFAULT_CSS = """
    SmallerOffer { height: auto; display: none; border-left: thick $accent; padding: 0 1; margin-top: 1; }
    SmallerOffer.-shown { display: block; }
    SmallerOffer #smaller-preview { text-style: bold; margin-top: 1; }
    SmallerOffer Button { margin-top: 1; }
    """

    @dataclass
    class Accepted(Message):
        smaller: Smaller

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.smaller: Smaller | None = None

    def compose(self) -> ComposeResult:
        yield Static(copy_text("plan.low_confidence"), markup=False)
        yield Static("", id="smaller-preview", markup=False)
        yield Button("Make it smaller", id="make-smaller", variant="primary", compact=True)

    def update_offer(self, confidence: int | None, smaller: Smaller | None, reason: str = "") -> None:
        self.set_class(confidence is not None and confidence < LOW_CONFIDENCE, "-shown")
        self.smaller = smaller
        preview = (copy_text("plan.smaller_version", summary=smaller.summary) if smaller
                   else reason or copy_text("plan.cannot_shrink"))
        self.query_one("#smaller-preview", Static).update(preview)
        self.query_one("#make-smaller", Button).display = smaller is not None

    @on(Button.Pressed, "#make-smaller")
    def _accept(self, event: Button.Pressed) -> None:
        event.stop()
        if self.smaller is not None:
            self.post_message(self.Accepted(self.smaller))
