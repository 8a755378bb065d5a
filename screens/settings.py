"""Settings: your details, the next call, reminders, colours, your data (backup, restore, export),
the welcome, and research mode. Colours change as soon as you pick them; the rest saves with Ctrl+S,
which saves only what was changed here (so a `workbook research on` made meanwhile stays on).
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Select, Static

from screens.access import WorkbookAccess
from screens.dialogs.confirm import ConfirmDialog
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.themes import THEME_WORDS
from screens.widgets.chrome import FormScroll, HelpLine, TitleBar
from screens.widgets.dropdown import Dropdown
from screens.widgets.footer import KeysFooter
from screens.widgets.form import Entry, FieldRow, form_state, only_changed, save_settings_form
from screens.widgets.ticks import TickBox
from screens.words import day_words
from workbook.content.copy import text as copy_text
from workbook.content.crisis import region_choices
from workbook.core.dates import call_time
from workbook.core.errors import WorkbookError
from workbook.core.model import THEMES
from workbook.core.times import format_hhmm, from_iso, parse_hhmm, zone
from workbook.core.words import counted

ROW_FOR = {"quiet_start": "quiet", "quiet_end": "quiet", "research_mode": "participant_id"}
CONTROLS = {"next_call": ("call_date", "call_time"), "quiet_start": ("quiet_start", "quiet_end"),
            "quiet_end": ("quiet_start", "quiet_end")}


class SettingsScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    CSS_PATH = "settings.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings.save", tooltip=copy_text("settings.tooltips.save")),
        Binding("ctrl+b", "backup", "Back up now", id="settings.backup", tooltip=copy_text("settings.tooltips.backup")),
        Binding("escape", "back", "Back", id="settings.back", tooltip=copy_text("settings.tooltips.back")),
    ]

    def compose(self) -> ComposeResult:
        s = self.workbook.settings()
        call = from_iso(s.next_call).astimezone(zone(s.zone)) if s.next_call else None
        yield TitleBar("Settings")
        yield HelpLine(copy_text("settings.help"))
        with FormScroll(id="form"):
            yield Static("About you", classes="section")
            yield FieldRow("Where you live (for the right crisis contacts)", Dropdown(
                [(name, code) for code, name in region_choices()], value=s.region, allow_blank=False, id="region"),
                id="row-region")
            yield FieldRow("Your first name", Entry(s.first_name, id="first_name"), id="row-first_name")
            yield FieldRow("Your practitioner's name", Entry(s.practitioner_name, id="practitioner_name"),
                           id="row-practitioner_name")
            yield FieldRow("Your practitioner's key", Entry(s.practitioner_key, id="practitioner_key",
                                                            placeholder="age1…"),
                           help=copy_text("settings.practitioner_key_help"), id="row-practitioner_key")
            yield FieldRow("Your next call", Horizontal(
                Entry(call.date().isoformat() if call else "", id="call_date", placeholder="date, like 4/12 or mon"),
                Entry(format_hhmm(call) if call else "", id="call_time", placeholder="time, like 10:00"),
                classes="pair"), id="row-next_call")
            yield Static("Reminders", classes="section")
            yield FieldRow("Quiet hours: no reminders between", Horizontal(
                Entry(format_hhmm(s.quiet_start) if s.quiet_start else "", id="quiet_start", placeholder="21:30",
                      classes="time"),
                Static(" and ", classes="between"),
                Entry(format_hhmm(s.quiet_end) if s.quiet_end else "", id="quiet_end", placeholder="08:00",
                      classes="time"),
                classes="pair"), help=copy_text("settings.quiet_help"), id="row-quiet")
            yield TickBox("Discreet reminders: no health words in the notification", s.discreet, id="discreet",
                          compact=True)
            yield Static("Colours", classes="section")
            yield Dropdown([(THEME_WORDS.get(t, t), t) for t in THEMES], value=s.theme, allow_blank=False,
                         id="theme")
            yield Static("Your data", classes="section")
            yield Static(f"Your Workbook folder: {self.workbook.home}", id="folder", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Back up now", id="backup", compact=True)
            yield FieldRow("Bring back a backup", Dropdown([], prompt="Choose a backup", id="backups"),
                           Button("Restore…", id="restore", compact=True), id="row-restore")
            yield FieldRow("Export (CSV files) to a folder",
                           Entry(id="export_to", placeholder="e.g. ~/workbook-export"),
                           TickBox(copy_text("settings.export_pseudonymised"), id="pseudonymise", compact=True),
                           Button("Export", id="export", compact=True), id="row-export")
            yield Static("Welcome", classes="section")
            with Horizontal(classes="buttons"):
                yield Button("Read the welcome again", id="welcome", compact=True)
            yield Static("Research (optional)", classes="section")
            yield FieldRow("Participant ID", Entry(s.participant_id, id="participant_id"), id="row-participant_id")
            yield FieldRow("Study ID", Entry(s.study_id, id="study_id"), id="row-study_id")
            yield TickBox("Research mode: keep a log of activity for the study (never your words)",
                          s.research_mode, id="research_mode", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._opened_state = form_state(self)  # Ctrl+S saves only what differs from this
        self._list_backups()
        self.query_one("#first_name").focus()
        self.workbook_app.record("screen_viewed", screen="settings")

    def _list_backups(self) -> None:
        tz = zone(self.workbook.settings().zone)
        options = []
        for backup in self.workbook.backups()[:30]:
            made = from_iso(backup.created_at).astimezone(tz)
            options.append((f"{day_words(made.date())}, {made:%H:%M} ({backup.label})", backup.name))
        self.query_one("#backups", Select).set_options(options)

    # -- saving -----------------------------------------------------------------------------

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Entry).value.strip()

    def _changes(self, errors: dict[str, str]) -> dict:
        zone_name = self.workbook.settings().zone
        changes = {name: self._value(name) for name in
                   ("first_name", "practitioner_name", "participant_id", "study_id")}
        changes["region"] = self.query_one("#region", Select).value
        try:
            changes["practitioner_key"] = self.workbook.checked_practitioner_key(self._value("practitioner_key"))
        except WorkbookError as exc:
            errors["practitioner_key"] = str(exc)
        changes["discreet"] = self.query_one("#discreet", TickBox).value
        changes["research_mode"] = self.query_one("#research_mode", TickBox).value
        try:
            changes["next_call"] = call_time(self._value("call_date"), self._value("call_time"), zone_name, self.workbook_app.now())
        except ValueError as exc:
            errors["next_call"] = str(exc)
        try:
            quiet = [parse_hhmm(v) if v else None for v in (self._value("quiet_start"), self._value("quiet_end"))]
            changes["quiet_start"], changes["quiet_end"] = quiet
        except ValueError as exc:
            errors["quiet_start"] = str(exc)
        return changes

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        errors: dict[str, str] = {}
        state = form_state(self)
        changes = only_changed(self._changes(errors), errors, self._opened_state, state, CONTROLS)
        saved = save_settings_form(self, changes, errors, ROW_FOR)
        if saved:
            self._opened_state = state
        self.notify(copy_text("settings.saved" if saved else "form.needs_another_look"), timeout=4)

    @on(Select.Changed, "#theme")
    def _theme(self, event: Select.Changed) -> None:
        name = str(event.value)
        if name == self.app.theme:
            return
        self.workbook_app.set_theme(name)  # applies, saves and says so

    # -- data -------------------------------------------------------------------------------

    @on(Button.Pressed, "#backup")
    def action_backup(self) -> None:
        try:
            path = self.workbook.backup_now(now=self.workbook_app.now())
        except WorkbookError as exc:
            self.notify(copy_text("settings.backup_failed", problem=exc), timeout=8)
            return
        self.notify(copy_text("settings.backed_up", path=path) if path else copy_text("settings.nothing_to_back_up"),
                    timeout=6)
        self._list_backups()

    @on(Button.Pressed, "#restore")
    def _restore(self) -> None:
        name = self.query_one("#backups", Select).value
        if name is Select.NULL:
            self.query_one("#row-restore", FieldRow).set_error(copy_text("settings.choose_backup"))
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                backup, aside = self.workbook.restore_backup(str(name), now=self.workbook_app.now())
            except WorkbookError as exc:
                self.notify(copy_text("settings.restore_failed", problem=exc), timeout=8)
                return
            where = copy_text("settings.restored_aside", folder=aside) if aside else ""
            self.app.pop_screen()
            self.app.notify(copy_text("settings.restored", when=backup.created_at[:16].replace("T", " "), aside=where),
                            timeout=10)

        self.app.push_screen(ConfirmDialog(copy_text("settings.restore_question"), copy_text("settings.restore_detail"),
                                           yes="Restore", no="Keep things as they are"), answer)

    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        row = self.query_one("#row-export", FieldRow)
        row.set_error(None)
        folder = self._value("export_to")
        if not folder:
            row.set_error(copy_text("settings.export_folder_needed"))
            return
        try:
            from workbook.outputs.export import export

            result = export(self.workbook, Path(folder).expanduser(), now=self.workbook_app.now(),
                            level="pseudonymised" if self.query_one("#pseudonymise", TickBox).value else "identified")
        except WorkbookError as exc:
            row.set_error(str(exc))
            return
        self.notify(copy_text("settings.exported", level=result.level.capitalize(),
                              files=counted(len(result.files), "file"), folder=result.folder), timeout=8)

    @on(Button.Pressed, "#welcome")
    def _welcome(self) -> None:
        self.workbook_app.open_welcome()

    def action_back(self) -> None:
        self.app.pop_screen()
