"""Support: who to contact for help now. Always one key away (F1) from every screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from screens.access import WorkbookAccess
from screens.widgets.chrome import HelpLine, ReadingPane, TitleBar
from workbook.content.copy import text as copy_text
from workbook.content.crisis import load_crisis


class SupportScreen(WorkbookAccess, Screen):
    CSS_PATH = "support.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="support.close", tooltip="Go back to where you were."),
    ]

    def compose(self) -> ComposeResult:
        info = load_crisis(self.workbook.home)
        yield TitleBar("Support")
        yield HelpLine("Who to contact for help now. Press Esc to go back to where you were.")
        with ReadingPane(id="support", title="Who to contact"):
            yield Static(info.title, classes="heading", markup=False)
            yield Static(info.intro, classes="intro", markup=False)
            if info.warning:
                yield Static(f"Note: {info.warning}", classes="warning", markup=False)
            for contact in info.contacts:
                body = Text()
                body.append(contact.name, style="bold")
                body.append(f"\n{contact.how}", style="bold")
                body.append(f"\n{contact.when}. {contact.what_for}")
                yield Static(body, classes="contact")
            yield Static(info.not_notified, classes="para", markup=False)
            yield Static(copy_text("disclaimer"), classes="para", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#support").focus()
        self.workbook_app.record("screen_viewed", screen="support")

    def action_close(self) -> None:
        self.app.pop_screen()
