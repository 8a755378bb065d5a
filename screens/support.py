"""Support: who to contact for help now, for where the person lives. Always one key away (F1).

Every word about emergency help comes from `Workbook.crisis()` (the region's data, or the
person's own crisis.toml). No notice is shown over this screen (see `notices.py`).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from screens.access import WorkbookAccess
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.widgets.chrome import HelpLine, ReadingPane, TitleBar
from workbook.content.copy import text as copy_text


class SupportScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    CSS_PATH = "support.tcss"
    RISK_NOTE = False  # the check-in's note after a risk answer, shown first (see checkin.RiskSupportScreen)
    BINDINGS = [
        Binding("escape", "close", "Back", id="support.close", tooltip=copy_text("support.tooltips.close")),
    ]

    def compose(self) -> ComposeResult:
        info = self.workbook.crisis()
        yield TitleBar("Support")
        yield HelpLine(copy_text("support.help"))
        with ReadingPane(id="support", title=copy_text("support.title")):
            if self.RISK_NOTE:
                yield Static(info.risk_note, id="risk-note", markup=False)
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
            yield from self._own_contact_form()
        yield Footer(compact=True)

    def _own_contact_form(self) -> list:
        """One step to add a local contact of your own (kept in crisis.toml, shown here from then on)."""
        from textual.containers import Horizontal
        from textual.widgets import Button

        from screens.widgets.form import Entry, FieldRow

        return [Static(copy_text("support.own_contact_heading"), classes="heading"),
                FieldRow("Who (for example your local crisis line)", Entry(id="own-name"), id="row-own-name"),
                FieldRow("How to reach them (for example Call 0123 456 789)", Entry(id="own-how"), id="row-own-how"),
                Horizontal(Button("Add to my contacts", id="own-add", compact=True), classes="buttons")]

    def on_button_pressed(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.button.id != "own-add":
            return
        from screens.widgets.form import Entry, FieldRow
        from workbook.core.errors import WorkbookError

        name, how = (self.query_one(f"#own-{k}", Entry).value for k in ("name", "how"))
        try:
            self.workbook.add_local_contact(name, how)
        except WorkbookError as exc:
            which = "name" if getattr(exc, "field", "") == "name" else "how"
            self.query_one(f"#row-own-{which}", FieldRow).set_error(getattr(exc, "message", str(exc)))
            return
        self.refresh(recompose=True)

    def on_mount(self) -> None:
        self.app.clear_notifications()  # nothing covers the contacts (and see notices.py)
        self.query_one("#support").focus()
        self.workbook_app.record("screen_viewed", screen="support")

    def action_close(self) -> None:
        self.app.pop_screen()
