"""Support: who to contact for help now, for where the person lives. Always one key away (F1).

Every word about emergency help comes from `Workbook.crisis()` (the region's data, or the
person's own crisis.toml). No notice is shown over this screen (see `notices.py`).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from screens.access import WorkbookAccess
from screens.widgets.chrome import HelpLine, TitleBar


class SupportScreen(WorkbookAccess, Screen):
    CSS_PATH = "support.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="support.close", tooltip="Go back to where you were."),
    ]

    def compose(self) -> ComposeResult:
        info = self.workbook.crisis()
        yield TitleBar("Support")
        yield HelpLine("Who to contact for help now. Press Esc to go back to where you were.")
        with VerticalScroll(id="support"):
            where = "your own contacts" if not info.is_default else "" if info.region == "unset" else info.region_name
            yield Static(f"{info.title} ({where})" if where else info.title, classes="heading", markup=False)
            yield Static(info.intro, classes="intro", markup=False)
            if info.warning:
                yield Static(f"Note: {info.warning}", classes="warning", markup=False)
            if info.prompt:
                yield Static(info.prompt, classes="prompt", id="region-prompt", markup=False)
            for contact in info.contacts:
                body = Text()
                body.append(contact.name, style="bold")
                body.append(f"\n{contact.how}", style="bold")
                body.append(f"\n{contact.when}. {contact.what_for}")
                yield Static(body, classes="contact")
            yield Static(info.not_notified, classes="para", markup=False)
            yield Static(info.disclaimer, classes="para", id="disclaimer", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.clear_notifications()  # nothing covers the contacts (and see notices.py)
        self.query_one("#support").focus()
        self.workbook_app.record("screen_viewed", screen="support")

    def action_close(self) -> None:
        self.app.pop_screen()
