"""Record a call with the practitioner: when, what was agreed, which plans, and the next call.

The note shows at the top of the next Review; plans ticked here are marked agreed in session.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Static

from screens.access import WorkbookAccess
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.widgets.chrome import FormScroll, HelpLine, TitleBar
from screens.widgets.footer import KeysFooter
from screens.widgets.form import Entry, FieldRow, LongEntry
from screens.widgets.ticks import TickList
from workbook.content.copy import text as copy_text
from workbook.core.dates import call_time, parse_day
from workbook.core.errors import ValidationError
from workbook.core.model import SessionNote
from workbook.core.times import zone


class SessionNoteScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="call.save", tooltip=copy_text("session_note.tooltips.save")),
        Binding("escape", "back", "Back", id="call.back", tooltip=copy_text("session_note.tooltips.back")),
    ]

    def compose(self) -> ComposeResult:
        workbook = self.workbook
        self.zone_name = workbook.settings().zone
        today = self.workbook_app.now().astimezone(zone(self.zone_name)).date()
        plans = workbook.plans(include_ended=False)
        yield TitleBar("Record a call")
        yield HelpLine(copy_text("session_note.help"))
        with FormScroll(id="form"):
            yield FieldRow("Date of the call", Entry(today.isoformat(), id="call_date", placeholder="2026-11-20"),
                           id="row-call_date")
            yield FieldRow("What did you agree?", LongEntry(id="agreed"), id="row-agreed",
                           help=copy_text("session_note.agreed_help"))
            if plans:
                yield FieldRow("Plans you agreed on", TickList(*[(p.what, p.id) for p in plans], id="plans",
                                                                compact=True), id="row-plans")
            else:
                yield Static(copy_text("session_note.no_plans"), classes="hint")
            yield FieldRow("Next call (optional)", Horizontal(
                Entry(id="next_date", placeholder="date, like 4/12 or mon"),
                Entry(id="next_time", placeholder="time, like 10:00"), classes="pair"), id="row-next_call")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Back without saving", id="back")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#agreed").focus()

    def _today(self) -> date:
        return self.workbook_app.now().astimezone(zone(self.zone_name)).date()

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Entry).value.strip()

    def _note(self) -> SessionNote:
        try:
            call_date = parse_day(self._value("call_date"), self._today())
        except ValueError as exc:
            raise ValidationError("call_date", str(exc)) from None
        try:
            next_call = call_time(self._value("next_date"), self._value("next_time"), self.zone_name, self.workbook_app.now())
        except ValueError as exc:
            raise ValidationError("next_call", str(exc)) from None
        plans = self.query("#plans")
        return SessionNote(call_date=call_date, agreed=self.query_one("#agreed", LongEntry).text.strip(),
                           agreed_plan_ids=list(plans.first(TickList).selected) if plans else [],
                           next_call=next_call)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        for row in self.query(FieldRow):
            row.set_error(None)
        try:
            self.workbook.record_call(self._note())
        except ValidationError as exc:
            row = f"#row-{exc.field}" if exc.field in ("call_date", "agreed", "next_call") else "#row-agreed"
            self.query_one(row, FieldRow).set_error(exc.message)
            return
        self.app.pop_screen()
        self.app.notify(copy_text("session_note.saved"), timeout=5)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()
