"""Add or change a supporter: who they are, how they help, which plans, and an optional check-in reminder.

Dismisses with the saved supporter's id (None when nothing was saved). Details changed elsewhere
while the form was open are never saved over: the form asks whether to keep its edits on top.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Static

from screens.access import WorkbookAccess
from screens.dialogs.stale import FRESH, KEEP, StaleDialog, changed_words
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.widgets.chrome import FormScroll, HelpLine, TitleBar
from screens.widgets.footer import KeysFooter
from screens.widgets.form import Entry, FieldRow, form_state, restore_form
from screens.widgets.repeat import RepeatPicker
from screens.widgets.ticks import TickBox, TickList
from workbook.content.copy import text as copy_text
from workbook.core.errors import NotFound, ValidationError
from workbook.core.model import SUPPORT_WAY_WORDS, SUPPORT_WAYS, Supporter
from workbook.core.records import StaleRecordError
from workbook.core.recurrence import RuleError
from workbook.core.repeat_words import Repeat
from workbook.core.times import format_hhmm, parse_hhmm
from workbook.planning.asking import when_words

SUPPORTER_WORDS = {"name": "name", "relationship": "who they are", "how": "how they help", "contact": "how to reach them",
                   "check_in_rrule": "check-in reminder", "check_in_time": "check-in reminder"}
ROWS = {"name": "name", "relationship": "relationship", "contact": "contact", "how": "how",
        "check_in_rrule": "check_in", "check_in_time": "check_in"}


class SupporterForm(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen[str | None]):
    CSS_PATH = "supporters.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="supporter.save", tooltip=copy_text("supporter_form.tooltips.save")),
        Binding("escape", "cancel", "Back", id="supporter.back", tooltip=copy_text("supporter_form.tooltips.back")),
    ]

    def __init__(self, supporter_id: str | None = None) -> None:
        super().__init__()
        workbook = self.workbook
        self.person = next((s for s in workbook.supporters() if s.id == supporter_id), None)
        self.plans = workbook.plans(include_ended=False)

    def compose(self) -> ComposeResult:
        p = self.person
        helps = set(p.how) if p else set()
        linked = {pl.id for pl in self.plans if p and p.id in pl.supporter_ids}
        reminder = bool(p and p.check_in_rrule and p.check_in_time)
        yield TitleBar(f"Change: {p.name}" if p else "Add someone who helps")
        yield HelpLine(copy_text("supporter_form.help"))
        with FormScroll(id="form"):
            yield FieldRow("Name", Entry(p.name if p else "", id="name",
                                         placeholder=copy_text("supporter_form.name_example")), id="row-name")
            yield FieldRow("Who they are to you (optional)", Entry(
                p.relationship if p else "", id="relationship",
                placeholder=copy_text("supporter_form.relationship_example")),
                id="row-relationship")
            yield FieldRow("How they help", Horizontal(*[
                TickBox(SUPPORT_WAY_WORDS[w].capitalize(), w in helps, id=f"how-{w}", compact=True)
                for w in SUPPORT_WAYS], classes="ways"), id="row-how")
            yield FieldRow("How to reach them (optional)", Entry(
                p.contact if p else "", id="contact", placeholder=copy_text("supporter_form.contact_example")),
                id="row-contact")
            if self.plans:
                yield FieldRow("Plans they help with", TickList(
                    *[(f"{pl.what} ({when_words(pl)})", pl.id, pl.id in linked) for pl in self.plans],
                    id="plans", compact=True), id="row-plans")
            else:
                yield Static(copy_text("supporter_form.no_plans"), classes="hint")
            yield TickBox("Remind me to check in with them", reminder, id="remind", compact=True)
            yield FieldRow("How often, and at what time", RepeatPicker(
                Repeat.from_rrule(p.check_in_rrule) if reminder else Repeat("weekdays"), id="repeat"),
                Entry(format_hhmm(p.check_in_time) if reminder else "18:00", id="time", placeholder="18:00"),
                id="row-check_in")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Back without saving", id="cancel")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#name", Entry).focus()
        self._show_reminder()
        self._opened_state = form_state(self)  # to tell the person's own edits from the rest

    @on(TickBox.Changed, "#remind")
    def _show_reminder(self) -> None:
        self.query_one("#row-check_in").display = self.query_one("#remind", TickBox).value

    def _text(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Entry).value.strip()

    def _build(self) -> Supporter:
        how = [w for w in SUPPORT_WAYS if self.query_one(f"#how-{w}", TickBox).value]
        rrule, at = None, None
        if self.query_one("#remind", TickBox).value:
            repeat = self.query_one("#repeat", RepeatPicker).value()
            rrule = repeat.to_rrule()
            if rrule is None:
                raise ValidationError("check_in_rrule", copy_text("supporter_form.how_often_needed"))
            try:
                at = parse_hhmm(self._text("time"))
            except ValueError as exc:
                raise ValidationError("check_in_time", str(exc)) from None
        fields = dict(name=self._text("name"), relationship=self._text("relationship"), how=how,
                      contact=self._text("contact"), check_in_rrule=rrule, check_in_time=at)
        return self.person.changed(**fields) if self.person else Supporter(**fields)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        for row in self.query(FieldRow):
            row.set_error(None)
        try:
            supporter = self._build()
        except RuleError as exc:
            return self._problem("check_in_rrule", str(exc))
        except ValidationError as exc:
            message = copy_text("supporter_form.name_needed") if exc.field == "name" else exc.message
            return self._problem(exc.field, message)
        workbook = self.workbook
        try:
            workbook.save_supporter(supporter, base=self.person)
        except StaleRecordError as exc:
            self._changed_meanwhile(exc.newer)
            return
        except NotFound:
            self.app.notify(copy_text("supporter_form.removed_meanwhile"), timeout=8)
            self.dismiss(None)
            return
        if self.plans:
            workbook.set_supporter_plans(supporter.id, self.query_one("#plans", TickList).selected)
        self.dismiss(supporter.id)

    # -- changed meanwhile (another window, or `workbook`) ------------------------------------

    def _changed_meanwhile(self, newer: Supporter) -> None:
        """Saved elsewhere since this form opened: ask, never write over it (see `StaleDialog`)."""
        assert self.person is not None
        changed = changed_words(self.person.to_dict(), newer.to_dict(), SUPPORTER_WORDS)
        state = form_state(self)
        edits = {key: value for key, value in state.items() if value != self._opened_state.get(key)}

        async def chosen(choice: str | None) -> None:
            if choice == KEEP:
                await self._reopen(newer, edits, save=True)
            elif choice == FRESH:
                await self._reopen(newer, {}, save=False)
                self.notify(copy_text("form.newer_version"), timeout=5)

        self.app.push_screen(StaleDialog(f"{self.person.name}'s details", changed), chosen)

    async def _reopen(self, newer: Supporter, edits: dict[str, object], *, save: bool) -> None:
        """The form again, on the newer version, with `edits` on top (then saved, if asked)."""
        self.person = newer
        self.plans = self.workbook.plans(include_ended=False)
        await self.recompose()
        self.on_mount()
        restore_form(self, edits)
        self._show_reminder()
        if save:
            self.action_save()

    def _problem(self, field: str, message: str) -> None:
        self.query_one(f"#row-{ROWS.get(field, 'name')}", FieldRow).set_error(message)
        self.notify(copy_text("form.needs_another_look"), timeout=4)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

