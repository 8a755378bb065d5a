"""A short question answered in a line of text (a reason, a file's place); Esc means never mind."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from screens.widgets.form import Entry
from workbook.content.copy import text as copy_text


class TextPrompt(ModalScreen[str | None]):
    DEFAULT_CSS = """
    TextPrompt { align: center middle; }
    TextPrompt > Vertical { width: 70; max-width: 95%; height: auto; padding: 1 2;
                            background: $panel; border: round $primary; }
    TextPrompt .question { text-style: bold; }
    TextPrompt .detail { margin: 1 0; }
    TextPrompt .problem { color: $text-warning; text-style: bold; }
    TextPrompt Horizontal { height: auto; margin-top: 1; }
    TextPrompt Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "never_mind", "Back", id="prompt.back",
                        tooltip=copy_text("text_prompt.tooltips.back"))]

    def __init__(self, question: str, detail: str = "", *, placeholder: str = "", yes: str = "OK",
                 needed: str = "") -> None:
        """`needed`: what to say if the answer is left empty (empty answers are then refused)."""
        super().__init__()
        self.question, self.detail, self.placeholder, self.yes, self.needed = question, detail, placeholder, yes, needed

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, classes="question", markup=False)
            if self.detail:
                yield Static(self.detail, classes="detail", markup=False)
            yield Entry(id="answer", placeholder=self.placeholder)
            yield Static("", classes="problem", id="problem", markup=False)
            with Horizontal():
                yield Button(self.yes, id="yes", variant="primary", compact=True)
                yield Button("Back", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#answer", Entry).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#yes")
    def _answered(self) -> None:
        text = self.query_one("#answer", Entry).value.strip()
        if not text and self.needed:
            self.query_one("#problem", Static).update(self.needed)
            return
        self.dismiss(text)

    @on(Button.Pressed, "#no")
    def action_never_mind(self) -> None:
        self.dismiss(None)
