"""For practitioners: a guided form that writes a session pack (`workbook session-pack new --form`).

It needs no patient's workbook: it reads the exercise library, gathers the fields as the README's
template has them, and hands them to the engine (`planning.pack_fields.pack_from_table`), which
checks them exactly as it checks a file, so a problem is named in the same words. Plans and
answers are added one at a time; Ctrl+S writes the file, readable by its owner only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Select, Static

from screens import textual_internals
from screens.themes import THEMES
from screens.widgets.chrome import FormScroll, HelpLine, TitleBar
from screens.widgets.footer import KeysFooter
from screens.widgets.form import Entry, FieldRow
from screens.widgets.ticks import TickList
from workbook.content.copy import text as copy_text
from workbook.content.exercises import PLAN_KIND_WORDS
from workbook.core.dates import parse_day
from workbook.core.errors import WorkbookError
from workbook.core.model import MEASURES
from workbook.core.times import parse_hhmm

PLAN_CONTROLS = ("key", "what", "time", "repeat", "where", "minutes", "rationale", "if", "then")


class SessionPackFormApp(textual_internals.LeavesWhenTerminalGoes, App[int]):
    """The form on its own, for a practitioner's computer (no patient's home is opened)."""

    TITLE = "Workbook session pack"
    CSS = """
    #form { height: 1fr; padding: 0 2; }
    #form Entry { max-width: 70; }
    #form .pair { height: auto; }
    #form .pair Entry { width: 30; margin-right: 2; }
    #form .buttons { height: auto; margin-top: 1; }
    #form Button { margin-right: 2; }
    #form .added { color: $text-muted; padding-left: 2; }
    """
    BINDINGS = [
        Binding("ctrl+s", "write", "Write the pack", id="packform.write",
                tooltip=copy_text("session_pack_form.tooltips.write")),
        Binding("ctrl+q", "quit", "Quit", id="packform.quit", tooltip=copy_text("session_pack_form.tooltips.quit")),
    ]

    def __init__(self, *, out: str = "session.toml", clock: Callable[[], datetime], exercises: Any,
                 blink: bool = True) -> None:
        super().__init__()
        self.out, self.clock, self.exercises, self.blink = out, clock, exercises, blink
        self.plans: list[dict[str, Any]] = []
        self.answers: list[dict[str, str]] = []
        self.written: Path | None = None
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = "workbook"

    def compose(self) -> ComposeResult:
        today = self.clock().date()
        yield TitleBar("Session pack (for practitioners)")
        yield HelpLine(copy_text("session_pack_form.help"))
        with FormScroll(id="form"):
            yield FieldRow("Your name, as your patient knows you",
                           Entry(id="practitioner", placeholder=copy_text("session_pack_form.practitioner_example")),
                           id="row-practitioner")
            yield FieldRow("Date of the session", Entry(today.isoformat(), id="session_date"), id="row-session_date")
            yield FieldRow("Next call (the patient's time): day and time", Horizontal(
                Entry(id="next_day", placeholder="like 17/12 or thu"), Entry(id="next_time", placeholder="like 10:00"),
                classes="pair"), id="row-next_call")
            yield FieldRow("Questionnaires to do before it", TickList(
                *[(m.upper().replace("PHQ", "PHQ-").replace("GAD", "GAD-"), m, False) for m in MEASURES],
                id="questionnaires", compact=True), id="row-questionnaires")
            yield FieldRow("What you agreed (notes)",
                           Entry(id="notes", placeholder=copy_text("session_pack_form.notes_example")), id="row-notes")
            yield Static(copy_text("session_pack_form.plan_heading"), classes="row-label")
            options = [(f"{e.title} ({e.id})", e.id) for e in self.exercises.all()]
            yield FieldRow("Exercise", Select(options, id="exercise", compact=True, allow_blank=True), id="row-exercise")
            yield FieldRow("How it is kept", Select([(w, k) for k, w in PLAN_KIND_WORDS.items()], id="kind",
                                                    compact=True, allow_blank=True, prompt="the exercise's usual"),
                           id="row-kind")
            for name, label, hint in (
                    ("key", "A short name for it (the patient may type it)", "like walk"),
                    ("what", "What exactly the patient will do", "Walk round the park"),
                    ("time", "Time of day", "18:30"), ("repeat", "How often", "like weekdays, mon,thu or every-2-days"),
                    ("where", "Where", "the park"), ("minutes", "Minutes", "20"),
                    ("rationale", "Why, in your words (the patient sees it)", ""),
                    ("if", "If (what might get in the way)", "it rains"), ("then", "then (what to do)", "walk indoors")):
                yield FieldRow(label, Entry(id=f"plan-{name}", placeholder=hint), id=f"row-plan-{name}")
            yield Horizontal(Button("Add this plan", id="add-plan", compact=True), classes="buttons")
            yield Static("", id="plans-added", classes="added", markup=False)
            yield FieldRow("Your answer to one of the patient's questions: their question",
                           Entry(id="answer-question"), id="row-answer-question")
            yield FieldRow("Your answer", Entry(id="answer-text"), id="row-answer-text")
            yield Horizontal(Button("Add this answer", id="add-answer", compact=True), classes="buttons")
            yield Static("", id="answers-added", classes="added", markup=False)
            yield FieldRow("Write it to", Entry(self.out, id="out"), id="row-out")
            yield Horizontal(Button("Write the pack", id="write", variant="primary", compact=True), classes="buttons")
        yield KeysFooter()

    def on_mount(self) -> None:
        for entry in self.query(Entry):
            entry.cursor_blink = self.blink
        self.query_one("#practitioner", Entry).focus()

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Entry).value.strip()

    @on(Button.Pressed, "#add-plan")
    def add_plan(self) -> None:
        exercise = self.query_one("#exercise", Select).value
        plan: dict[str, Any] = {"exercise": exercise if isinstance(exercise, str) else ""}
        kind = self.query_one("#kind", Select).value
        if isinstance(kind, str):  # not the blank choice: the exercise's usual kind
            plan["kind"] = kind
        for name in PLAN_CONTROLS:
            value = self._value(f"plan-{name}")
            if value:
                plan[name] = int(value) if name == "minutes" and value.isdigit() else value
        if not self._checked(plans=[*self.plans, plan]):
            return
        self.plans.append(plan)
        for name in PLAN_CONTROLS:
            self.query_one(f"#plan-{name}", Entry).value = ""
        self.query_one("#plans-added", Static).update(
            "Plans so far: " + "; ".join(f"{p['key']} ({p['what']})" for p in self.plans))
        self.notify(copy_text("session_pack_form.plan_added", name=plan["key"]), timeout=4)

    @on(Button.Pressed, "#add-answer")
    def add_answer(self) -> None:
        answer = {"question": self._value("answer-question"), "answer": self._value("answer-text")}
        if not self._checked(answers=[*self.answers, answer]):
            return
        self.answers.append(answer)
        self.query_one("#answer-question", Entry).value = self.query_one("#answer-text", Entry).value = ""
        self.query_one("#answers-added", Static).update(f"Answers so far: {len(self.answers)}")

    def _table(self, plans: list[dict[str, Any]] | None = None,
               answers: list[dict[str, str]] | None = None) -> dict[str, Any]:
        from workbook.planning.session_pack import FORMAT, VERSION

        today = self.clock().date()
        table: dict[str, Any] = {"format": FORMAT, "version": VERSION, "practitioner": self._value("practitioner"),
                                 "notes": self._value("notes"), "plan": self.plans if plans is None else plans,
                                 "answer": self.answers if answers is None else answers,
                                 "questionnaires": list(self.query_one("#questionnaires", TickList).selected)}
        try:
            table["session_date"] = parse_day(self._value("session_date") or today.isoformat(), today, prefer="past")
        except ValueError as exc:
            raise WorkbookError(f"session_date: {exc}") from None
        if self._value("next_day") or self._value("next_time"):
            try:
                table["next_call"] = datetime.combine(parse_day(self._value("next_day"), today),
                                                      parse_hhmm(self._value("next_time")))
            except ValueError:
                raise WorkbookError(copy_text("session_pack_form.next_call_needed")) from None
        return table

    def _checked(self, **parts: Any) -> Any:
        """The pack the form holds (with `parts` in place of what was added), or None after saying what is wrong."""
        from workbook.planning.pack_fields import pack_from_table
        from workbook.planning.pack_import import check_pack

        try:
            pack = pack_from_table(self._table(**parts), "the session pack")
            check_pack(pack, self.exercises, "the session pack")
        except WorkbookError as exc:
            self.notify(str(exc), title="Please check", severity="warning", timeout=10)
            return None
        return pack

    @on(Button.Pressed, "#write")
    def action_write(self) -> None:
        from workbook.planning.session_pack import write_session_pack

        pack = self._checked()
        if pack is None:
            return
        try:
            written = write_session_pack(pack, self._value("out") or "session.toml", self.clock(), home=None)
        except WorkbookError as exc:
            self.notify(str(exc), title="Not written", severity="error", timeout=10)
            return
        self.written = written.path
        self.exit(0, message=copy_text("session_pack_form.written", path=written))


def open_pack_form(args: Any) -> int:
    """`workbook session-pack new --form`: run the form; what it wrote is said once it closes (closing without
    writing is not a mistake, so it also ends with 0)."""
    from workbook.cli.common import command_clock
    from workbook.content.library import ExerciseLibrary
    from workbook.storage.home import resolve_home

    extra = [Path(d) for d in getattr(args, "exercises", None) or []]
    library = ExerciseLibrary.load(resolve_home(getattr(args, "home", None)), extra)
    app = SessionPackFormApp(out=getattr(args, "out", None) or "session.toml", clock=command_clock(getattr(args, "at", None), "UTC"),
                             exercises=library)
    app.run()
    return 0
