"""*Prepare next session pack*: the session pack for a patient's next call, prefilled, editable, written.

The draft comes from the engine (`Workbook.next_session_draft`: the patient's current plans
and open questions from their review pack); this form shows each value as text, and Ctrl+S
hands the edited draft back (`Workbook.write_next_session`), which checks it with the session
pack's own reader and writes it owner-only. A problem is named on the form, nothing is written.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Static

from screens.access import WorkbookAccess
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.widgets.chrome import HelpLine, TitleBar
from screens.widgets.form import Entry, FieldRow
from screens.widgets.long_entry import LongEntry
from workbook.content.copy import text
from workbook.core.errors import WorkbookError
from workbook.insight.caseload import CaseloadRow
from workbook.insight.caseload_words import patient_words
from workbook.insight.next_session import PlanDraft, SessionDraft

#: The text fields of a suggested plan, in form order (an as-needed record has an aim, not a time).
PLAN_FIELDS = ("what", "time", "repeat", "minutes", "where", "rationale", "if_text", "then_text")
AS_NEEDED_FIELDS = ("what", "aim", "minutes", "where", "rationale", "if_text", "then_text")
TOP_FIELDS = ("practitioner", "session_date", "next_call", "questionnaires")


def plan_fields(plan: PlanDraft) -> tuple[str, ...]:
    return AS_NEEDED_FIELDS if plan.kind == "as_needed" else PLAN_FIELDS


class NextSessionScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    CSS_PATH = "caseload.tcss"
    BINDINGS = [
        Binding("ctrl+s", "write", "Write pack", id="next_session.write", priority=True,
                tooltip=text("caseload.session.tooltips.write")),
        Binding("escape", "back", "Back", id="next_session.back", tooltip=text("caseload.session.tooltips.back")),
    ]

    def __init__(self, row: CaseloadRow, draft: SessionDraft) -> None:
        super().__init__()
        self.row = row
        self.draft = draft

    def compose(self) -> ComposeResult:
        draft = self.draft
        yield TitleBar(text("caseload.session.title", name=patient_words(self.row)))
        yield HelpLine(text("caseload.session.help"))
        with VerticalScroll(id="session-form"):
            for name in TOP_FIELDS:
                yield FieldRow(text(f"caseload.session.{name}"), Entry(getattr(draft, name), id=f"s-{name}"))
            yield FieldRow(text("caseload.session.notes"), LongEntry(draft.notes, id="s-notes"))
            yield Static(text("caseload.session.plans") if draft.plans else text("caseload.session.no_plans"),
                         classes="section")
            for index, plan in enumerate(draft.plans):
                yield Checkbox(text("caseload.session.include", what=plan.what, exercise=plan.exercise_id),
                               plan.include, id=f"p{index}-include")
                for name in plan_fields(plan):
                    yield FieldRow(text(f"caseload.session.plan_{name}"),
                                   Entry(getattr(plan, name), id=f"p{index}-{name}"), classes="plan-field")
            if draft.answers:
                yield Static(text("caseload.session.answers"), classes="section")
            for index, answer in enumerate(draft.answers):
                yield FieldRow(answer.question, Entry(answer.answer, id=f"a{index}",
                                                      placeholder=text("caseload.session.answer_hint")))
            yield FieldRow(text("caseload.session.out"), Entry(draft.out, id="s-out"))
            yield Static("", id="problem", classes="error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#s-practitioner", Entry).focus()

    def edited(self) -> SessionDraft:
        """The draft with what is on the form now."""
        draft = self.draft
        for name in TOP_FIELDS:
            setattr(draft, name, self.query_one(f"#s-{name}", Entry).value)
        draft.notes = self.query_one("#s-notes", LongEntry).text
        draft.out = self.query_one("#s-out", Entry).value
        for index, plan in enumerate(draft.plans):
            plan.include = self.query_one(f"#p{index}-include", Checkbox).value
            for name in plan_fields(plan):
                setattr(plan, name, self.query_one(f"#p{index}-{name}", Entry).value)
        for index, answer in enumerate(draft.answers):
            answer.answer = self.query_one(f"#a{index}", Entry).value
        return draft

    def action_write(self) -> None:
        problem = self.query_one("#problem", Static)
        try:
            written = self.workbook.write_next_session(self.edited())
        except WorkbookError as exc:
            problem.update(text("caseload.session.not_written", problem=str(exc)))
            return
        problem.update("")
        self.app.pop_screen()
        self.app.notify(text("caseload.session.written", path=str(written)), timeout=10)

    def action_back(self) -> None:
        self.app.pop_screen()
