"""Log attempt: done / partly / not done, the exercise's own fields, time, a note, help.

Messages from the engine's own checks show beside each field. Leaving without
saving keeps a draft that comes back when the log reopens. The attempt's id is chosen
when the form opens and kept in the draft, so the same form is never logged twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, RadioSet, Select, Static, TextArea

from screens.draft import DraftScreen
from screens.messages import AttemptLogged
from screens.widgets.choice import Choice
from screens.widgets.chrome import FormScroll, HelpLine, TitleBar
from screens.widgets.dropdown import Dropdown
from screens.widgets.fields import ExerciseField
from screens.widgets.footer import KeysFooter
from screens.widgets.form import Entry, FieldRow
from screens.widgets.long_entry import LongEntry
from screens.widgets.ticks import TickBox
from screens.words import day_words, exercise_title, outcome_choices
from workbook.content import states
from workbook.content.copy import text as copy_text
from workbook.content.exercises import ValuesError, validate_values
from workbook.core.errors import ValidationError
from workbook.core.outcomes import Outcome
from workbook.core.times import from_iso
from workbook.planning.today import Occurrence


class LogScreen(DraftScreen):
    CSS_PATH = "log.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="log.save", tooltip=copy_text("log.tooltips.save")),
        Binding("escape", "back", "Back", id="log.back", tooltip=copy_text("log.tooltips.back")),
    ]

    def __init__(self, plan_id: str, occurrence: datetime | None = None) -> None:
        super().__init__()
        from workbook.storage.drafts import log_draft_key

        workbook = self.workbook
        self.plan = workbook.plan(plan_id)
        self.exercise = workbook.exercises.get(self.plan.exercise_id) if self.plan.exercise_id in \
            workbook.exercises else None
        now = self.workbook_app.now()
        self.now = now
        self.entry = self.plan.as_needed  # a when-it-happens record: written down, not done or missed
        self.choices, default = workbook.log_choices(self.plan.id, now) if occurrence is None else ([], occurrence)
        self.occurrence = occurrence if occurrence is not None else default
        self.chosen_by_form = occurrence is None and bool(self.choices)
        self.draft_key = log_draft_key(self.plan.id, occurrence)
        self._new_attempt_id()

    # -- the attempt's own id: chosen as the form opens and kept in its draft, so saving the
    # -- same form twice (a draft left by a kill just after a save) never logs it twice -----------

    def _new_attempt_id(self) -> None:
        from workbook.core.records import new_id
        from workbook.core.times import utc_iso

        self.attempt_id = new_id()
        self.opened_at = utc_iso(self.workbook_app.now())

    def draft_extra(self) -> dict[str, Any]:
        return {"_attempt_id": self.attempt_id, "_opened_at": self.opened_at}

    def draft_still_wanted(self, draft: dict[str, Any]) -> bool:
        attempt_id, opened = draft.get("_attempt_id"), draft.get("_opened_at")
        if not isinstance(attempt_id, str) or not isinstance(opened, str):
            return True
        try:
            saved = self.workbook.saved_attempt(attempt_id, from_iso(opened), self.workbook_app.now())
        except ValueError:
            return True
        if saved is not None:
            self.notify(copy_text("log.draft_cleared"), timeout=5)
            return False
        return True

    def draft_restored(self, draft: dict[str, Any]) -> None:
        attempt_id, opened = draft.get("_attempt_id"), draft.get("_opened_at")
        if isinstance(attempt_id, str) and isinstance(opened, str):
            self.attempt_id, self.opened_at = attempt_id, opened

    def draft_discarded(self) -> None:
        self._new_attempt_id()

    def compose(self) -> ComposeResult:
        workbook = self.workbook
        when = ""
        if self.occurrence is not None and not self.chosen_by_form:
            when = f"for {self._when_words(self.occurrence)}"
        supporters = workbook.supporters()
        title = "Note" if self.entry else "Log"
        yield TitleBar(f"{title}: {exercise_title(workbook, self.plan.exercise_id)}", aside=when)
        yield HelpLine(copy_text("log.entry_help") if self.entry else
                       copy_text("log.help"))
        with FormScroll(id="form"):
            yield Static(self.plan.what, classes="what", markup=False)
            if self.chosen_by_form:
                options = [(self._choice_words(o), o.key) for o in self.choices]
                chosen = self.occurrence.isoformat(timespec="seconds") if self.occurrence else Select.NULL
                yield FieldRow("Which time was it for?", Dropdown(options, value=chosen, prompt="an extra practice",
                               id="occurrence"), Static(self._early_words(), id="early",
                               classes="row-help", markup=False), id="row-occurrence")
            if not self.entry:
                yield FieldRow("How did it go?", RadioSet(*[Choice(words, id=f"outcome-{code}")
                                                            for code, words in outcome_choices()], id="outcome"),
                               id="row-outcome")
            with Vertical(id="fields"):
                for field in (self.exercise.fields if self.exercise else ()):
                    yield ExerciseField(field)
            if not (self.exercise and self.exercise.duration_field):  # else that field is how long it took
                yield FieldRow("How long did you spend? (minutes)", Entry(
                    str(self.plan.minutes), id="minutes", type="integer"), id="row-minutes")
            yield FieldRow("Anything else to note? (optional)", LongEntry(id="note"), id="row-note")
            if supporters:
                helpers = sorted(supporters, key=lambda s: s.id not in self.plan.supporter_ids)
                yield TickBox("Someone helped me with this", id="helped")
                yield Dropdown([(s.name, s.id) for s in helpers], prompt="Who helped? (optional)", id="helper")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Back", id="back", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        first = self.query("#outcome")
        (first.first() if first else self.query_one("#form")).focus()
        self.call_after_refresh(self.start_draft)
        self.workbook_app.record("screen_viewed", screen="log")

    # -- which occurrence -----------------------------------------------------------------------

    def _when_words(self, at: datetime) -> str:
        return day_words(at.date()) + ("" if self.plan.start_time is None else f", {at:%H:%M}")

    def _choice_words(self, occurrence: Occurrence) -> str:
        state = f"logged: {states.state_words(occurrence.attempt.outcome).words}" if occurrence.attempt \
            else "not logged yet"
        return f"{self._when_words(occurrence.at)} ({state})"

    def _early_words(self) -> str:
        """Said when the log counts for an occurrence still to come today (done early)."""
        if self.occurrence is not None and self.occurrence > self.now:
            return copy_text("log.early", when=f"{self.occurrence:%H:%M}")
        return ""

    @on(Select.Changed, "#occurrence")
    def _occurrence_changed(self, event: Select.Changed) -> None:
        value = event.value
        self.occurrence = None if value is Select.NULL else datetime.fromisoformat(str(value))
        self.query_one("#early", Static).update(self._early_words())

    @property
    def outcome(self) -> str | None:
        if self.entry:
            return Outcome.DONE  # an entry written down: nothing to ask about how it went
        pressed = self.query_one("#outcome", RadioSet).pressed_button
        return pressed.id.removeprefix("outcome-") if pressed is not None and pressed.id else None

    @on(RadioSet.Changed, "#outcome")
    def _outcome_changed(self) -> None:
        self.query_one("#row-outcome", FieldRow).set_error(None)
        self.query_one("#fields").display = self.outcome != Outcome.NOT_DONE  # nothing to fill in for not done

    # -- inline checks, one field at a time (as it is left) -------------------------------------

    @on(Input.Blurred)
    @on(TextArea.Changed)
    def _check_one(self, event) -> None:
        row = next((a for a in event.control.ancestors if isinstance(a, ExerciseField)), None)
        if row is None or self.exercise is None:
            return
        try:
            validate_values(self.exercise, {row.field.id: row.raw()}, outcome=Outcome.PARTLY)
            row.set_error(None)
        except ValuesError as exc:
            row.set_error(exc.errors.get(row.field.id))

    # -- saving -----------------------------------------------------------------------------------

    def _values(self) -> dict[str, object]:
        if self.outcome == Outcome.NOT_DONE:
            return {}
        return {row.field.id: row.raw() for row in self.query(ExerciseField)}

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        for row in self.query(FieldRow):
            row.set_error(None)
        outcome = self.outcome
        if outcome is None:
            self.query_one("#row-outcome", FieldRow).set_error("choose done, partly or not done.")
            self.query_one("#outcome").focus()
            return
        minutes_text = self.query_one("#minutes", Entry).value.strip() if self.query("#minutes") else ""
        if minutes_text and not minutes_text.isdigit():
            self.query_one("#row-minutes", FieldRow).set_error("a whole number of minutes, like 15.")
            return
        values = self._values()
        if self.exercise is not None:
            try:
                values = validate_values(self.exercise, values, outcome=outcome)
            except ValuesError as exc:
                self._show_errors(exc.errors)
                return
        helped = bool(self.query("#helped")) and self.query_one("#helped", TickBox).value
        helper_select = self.query_one("#helper", Select) if self.query("#helper") else None
        helper = None if helper_select is None or helper_select.is_blank() else str(helper_select.value)
        try:
            attempt = self.workbook.log_attempt(
                self.plan.id, outcome, values=values, minutes=int(minutes_text) if minutes_text else None,
                note=self.query_one("#note", LongEntry).text.strip(), supporter_helped=helped,
                supporter_id=helper, occurrence=None if self.entry else self.occurrence,
                now=self.workbook_app.now(), attempt_id=self.attempt_id, opened_at=from_iso(self.opened_at))
        except ValidationError as exc:
            self._show_errors({exc.field: exc.message})
            return
        self.draft_saved()
        self.post_message(AttemptLogged(attempt, self.plan))

    def _show_errors(self, errors: dict[str, str]) -> None:
        first = None
        for field_id, message in errors.items():
            rows = self.query(f"#row-{field_id}")
            row = rows.first(FieldRow) if rows else self.query_one("#row-note", FieldRow)
            row.set_error(message)
            first = first or row
        if first is not None:
            self.query_one("#form", FormScroll).scroll_to_widget(first, animate=False)
        self.notify(copy_text("form.needs_another_look"), timeout=4)

    def palette_commands(self) -> list[tuple]:
        return [("Save this log", copy_text("log.palette.save"), self.action_save)]

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()
