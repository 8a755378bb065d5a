"""The "what to ask" message for one supporter: tick what to share, then copy it or save it.

Nothing is sent: the patient sends it themselves, in whatever way suits them.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from screens.access import WorkbookAccess
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.widgets.chrome import HelpLine, TitleBar
from screens.widgets.footer import KeysFooter
from screens.widgets.ticks import TickBox, TickList
from workbook.content.copy import text as copy_text
from workbook.core.errors import WorkbookError
from workbook.planning.asking import Sharing


class AskMessageScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    CSS_PATH = "ask_message.tcss"
    BINDINGS = [
        Binding("c", "copy", "Copy", id="ask.copy", tooltip=copy_text("ask_message.tooltips.copy")),
        Binding("w", "save", "Save to a file", id="ask.save",
                tooltip=copy_text("ask_message.tooltips.save")),
        Binding("escape", "back", "Back", id="ask.back", tooltip=copy_text("ask_message.tooltips.back")),
    ]

    def __init__(self, supporter_id: str) -> None:
        super().__init__()
        workbook = self.workbook
        self.person = next(s for s in workbook.supporters() if s.id == supporter_id)
        self.plans = workbook.plans(include_ended=False)
        self.text = ""

    def compose(self) -> ComposeResult:
        linked = {p.id for p in self.plans if self.person.id in p.supporter_ids}
        yield TitleBar(f"A message for {self.person.name}")
        yield HelpLine(copy_text("ask_message.help"))
        with Horizontal(id="main"):
            with VerticalScroll(id="choices"):
                yield Static(copy_text("ask_message.plans_heading"), classes="label")
                if self.plans:
                    yield TickList(*[(p.what, p.id, p.id in linked) for p in self.plans],
                                             id="plans", compact=True)
                else:
                    yield Static(copy_text("ask_message.no_plans"), classes="hint")
                yield Static(copy_text("ask_message.each_plan_heading"), classes="label")
                yield TickBox("when (days and time)", id="times", compact=True)
                yield TickBox("why it matters to me", id="why", compact=True)
                yield Static(copy_text("ask_message.also_heading"), classes="label")
                yield TickBox("it's part of my therapy", id="therapy", compact=True)
            with Vertical(id="right"):
                with VerticalScroll(id="preview"):
                    yield Static(id="message", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button("Copy  (c)", id="copy", variant="primary", compact=True)
                    yield Button("Save to a file  (w)", id="save", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self._update()
        focus = self.query("#plans")
        (focus.first() if focus else self.query_one("#times")).focus()

    @on(TickList.SelectedChanged)
    @on(TickBox.Changed)
    def _update(self) -> None:
        plans = self.query("#plans")
        sharing = Sharing(
            plan_ids=tuple(plans.first(TickList).selected) if plans else (),
            times=self.query_one("#times", TickBox).value,
            why=self.query_one("#why", TickBox).value,
            therapy=self.query_one("#therapy", TickBox).value,
        )
        self.text = self.workbook.ask_message(self.person.id, sharing)
        self.query_one("#message", Static).update(self.text)

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify(copy_text("ask_message.copied"), timeout=6)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            path = self.workbook.save_message(self.person.id, self.text, now=self.workbook_app.now())
        except WorkbookError as exc:
            self.notify(copy_text("ask_message.not_saved", problem=exc), timeout=6)
            return
        self.notify(copy_text("ask_message.saved", path=path), timeout=8)

    def action_back(self) -> None:
        self.app.pop_screen()
