"""Welcome: a short, kind introduction and optional details. First run, and later via `s`."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Select, Static

from screens.access import WorkbookAccess
from screens.messages import WelcomeFinished
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.widgets.chrome import FormScroll, HelpLine, TitleBar
from screens.widgets.footer import KeysFooter
from workbook.content.copy import text as copy_text
from workbook.content.crisis import region_choices
from workbook.core.dates import call_time
from workbook.core.times import format_hhmm, parse_hhmm, zone

ROW_FOR = {"region": "region", "quiet_start": "quiet", "quiet_end": "quiet", "next_call": "next_call",
           "first_name": "first_name", "practitioner_name": "practitioner_name",
           "participant_id": "participant_id", "research_mode": "participant_id"}
CONTROLS = {"next_call": ("call_date", "call_time"), "quiet_start": ("quiet_start", "quiet_end"),
            "quiet_end": ("quiet_start", "quiet_end")}


class WelcomeScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    CSS_PATH = "welcome.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Next / Save", id="welcome.save",
                tooltip=copy_text("welcome.tooltips.save")),
        Binding("escape", "skip", "Skip", id="welcome.skip",
                tooltip=copy_text("welcome.tooltips.skip")),
    ]

    def __init__(self, first_run: bool = False) -> None:
        super().__init__()
        self.first_run = first_run

    def compose(self) -> ComposeResult:
        yield TitleBar("Welcome" if self.first_run else "Welcome and settings")
        yield HelpLine(copy_text("welcome.help"))
        with FormScroll(id="form"):
            if self.first_run:  # the introduction first; the details come after "Next"
                yield Static(copy_text("welcome.intro"), markup=False)
                yield Static(copy_text("welcome.is_not"), classes="para", markup=False)
                yield Static(copy_text("welcome.privacy"), classes="para", markup=False)
                yield Static(self.workbook.crisis().disclaimer, classes="para", id="disclaimer", markup=False)
                with Horizontal(classes="buttons", id="intro-buttons"):
                    yield Button("Next: a few details", id="next", variant="primary", compact=True)
                    yield Button("Skip for now", id="skip-intro", compact=True)
            else:
                yield from self._details()
        yield KeysFooter()

    def _details(self) -> list:
        from screens.widgets.dropdown import Dropdown  # the form's widgets load after the first paint
        from screens.widgets.form import Entry, FieldRow
        from screens.widgets.ticks import TickBox

        s = self.workbook.settings()
        call = datetime.fromisoformat(s.next_call).astimezone(zone(s.zone)) if s.next_call else None
        hhmm = lambda t: format_hhmm(t) if t else ""  # noqa: E731
        return [
            Static("About you", classes="section"),
            FieldRow("Where do you live? (for the right crisis contacts on the Support screen)",
                     Dropdown([(name, code) for code, name in region_choices()], value=s.region, allow_blank=False,
                            id="region"), id="row-region"),
            FieldRow("Your first name (optional)", Entry(s.first_name, id="first_name"), id="row-first_name"),
            FieldRow("Your practitioner's name (optional)", Entry(s.practitioner_name, id="practitioner_name"),
                     id="row-practitioner_name"),
            FieldRow("Your next call with them (optional)", Horizontal(
                Entry(call.date().isoformat() if call else "", placeholder="date, like 4/12 or mon", id="call_date"),
                Entry(hhmm(call), placeholder="time, like 10:00", id="call_time"), classes="pair"),
                id="row-next_call"),
            Static("Reminders", classes="section"),
            FieldRow("Quiet hours: no reminders between these times", Horizontal(
                Entry(hhmm(s.quiet_start), placeholder="21:30", id="quiet_start", classes="time"),
                Static(" and ", classes="between"),
                Entry(hhmm(s.quiet_end), placeholder="08:00", id="quiet_end", classes="time"), classes="pair"),
                help=copy_text("settings.quiet_help"), id="row-quiet"),
            TickBox("Discreet reminders: no health words in the notification", s.discreet, id="discreet"),
            Static("Research (optional)", classes="section"),
            Static(copy_text("welcome.research"), markup=False),
            FieldRow("Participant ID", Entry(s.participant_id, id="participant_id"), id="row-participant_id"),
            TickBox("Keep a log of activity for the study (times and counts, never your words)", s.research_mode,
                    id="research_mode"),
            Horizontal(Button("Save and start" if self.first_run else "Save", id="save", variant="primary",
                              compact=True),
                       Button("Skip for now" if self.first_run else "Close", id="skip", compact=True),
                       classes="buttons"),
        ]

    def on_mount(self) -> None:
        self._remember_opened()
        # The first button has the focus (Enter or Space goes on), and the form starts at its top, so the
        # introduction is read first.
        self.query_one("#next" if self.first_run else "#first_name").focus(scroll_visible=False)
        self.call_after_refresh(self.workbook_app.first_paint)
        self.call_after_refresh(self.workbook_app.record, "screen_viewed", screen="welcome")

    def _remember_opened(self) -> None:
        """The details as shown: saving passes on only the settings changed from these."""
        if self.has_details:
            from screens.widgets.form import form_state

            self._opened_state = form_state(self)

    @property
    def has_details(self) -> bool:
        return bool(self.query("#first_name"))

    @on(Button.Pressed, "#next")
    async def show_details(self) -> None:
        await self.query_one("#intro-buttons").remove()
        form = self.query_one("#form", FormScroll)
        await form.mount_all(self._details())
        self._remember_opened()
        self.query_one("#first_name").focus(scroll_visible=False)  # the form scrolls to the details, and only there
        self.call_after_refresh(self._scroll_to_details, None)

    def _scroll_to_details(self, was: int | None) -> None:
        """Once laid out, and again until the layout stands still (the introduction above is measured
        again when the scrollbar comes), so the details land the same every time."""
        section = self.query_one(".section")
        if section.virtual_region.y != was:
            self.query_one("#form", FormScroll).scroll_to_widget(section, top=True, animate=False, immediate=True)
            self.call_after_refresh(self._scroll_to_details, section.virtual_region.y)

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}").value.strip()

    def _changes(self, errors: dict[str, str]) -> dict:
        s = self.workbook.settings()
        changes = {"first_name": self._value("first_name"), "practitioner_name": self._value("practitioner_name"),
                   "participant_id": self._value("participant_id"),
                   "discreet": self.query_one("#discreet").value,
                   "research_mode": self.query_one("#research_mode").value, "welcome_done": True,
                   "region": self.query_one("#region", Select).value}
        try:
            changes["next_call"] = call_time(self._value("call_date"), self._value("call_time"), s.zone, self.workbook_app.now())
        except ValueError as exc:
            errors["next_call"] = str(exc)
        quiet = []
        for name in ("quiet_start", "quiet_end"):
            raw = self._value(name)
            try:
                quiet.append(parse_hhmm(raw) if raw else None)
            except ValueError:
                errors["quiet_start"] = f"{raw!r} is not a time like 21:30."
        if len(quiet) == 2:
            changes["quiet_start"], changes["quiet_end"] = quiet
        return changes

    @on(Button.Pressed, "#save")
    async def action_save(self) -> None:
        if not self.has_details:
            await self.show_details()
            return
        from screens.widgets.form import form_state, only_changed, save_settings_form

        errors: dict[str, str] = {}
        state = form_state(self)
        changes = only_changed(self._changes(errors), errors, self._opened_state, state, CONTROLS)
        if not save_settings_form(self, changes, errors, ROW_FOR, fallback_row="first_name"):
            self.notify(copy_text("welcome.needs_another_look"), timeout=4)
            return
        self.post_message(WelcomeFinished(skipped=False))

    @on(Button.Pressed, "#skip")
    @on(Button.Pressed, "#skip-intro")
    def action_skip(self) -> None:
        if self.first_run:
            self.workbook.update_settings(welcome_done=True)
            self.post_message(WelcomeFinished(skipped=True))
        else:
            self.app.pop_screen()
