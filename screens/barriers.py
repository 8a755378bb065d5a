"""Barriers: what got in the way (several, plus your own words), then what might help.

Step 1 saves the barriers on the attempt (for a still-open item, it logs it as not
done). Step 2 lists the responses for those barriers, each with a preview and one
button that applies it to the plan, and a place to save a question for the practitioner.
"""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, SelectionList, Static

from screens.access import WorkbookAccess
from screens.messages import BarriersFinished
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.widgets.chrome import FormScroll, HelpLine, TitleBar
from screens.widgets.footer import KeysFooter
from screens.widgets.form import Entry, FieldRow
from screens.widgets.response import ResponseCard
from screens.widgets.ticks import TickList
from workbook.content.copy import text as copy_text
from workbook.core.outcomes import Outcome
from workbook.planning.barrier_notes import barrier_items


class BarriersScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    CSS_PATH = "barriers.tcss"
    BINDINGS = [
        Binding("ctrl+s", "next", "Save", id="barriers.save",
                tooltip=copy_text("barriers.tooltips.save")),
        Binding("escape", "finish", "Back to Today", id="barriers.back", tooltip=copy_text("barriers.tooltips.back")),
    ]

    def __init__(self, plan_id: str, *, attempt=None, occurrence: datetime | None = None) -> None:
        super().__init__()
        self.plan = self.workbook.plan(plan_id)
        self.attempt = attempt
        self.occurrence = occurrence
        self.applied: list[str] = []
        self.noted = False

    def compose(self) -> ComposeResult:
        taxonomy = self.workbook.barriers
        if self.attempt is not None:
            intro = copy_text("log.partly_kind" if self.attempt.outcome == Outcome.PARTLY else "log.not_done_kind")
        else:
            intro = copy_text("barriers.open_intro")
        yield TitleBar("What got in the way")
        yield HelpLine(copy_text("barriers.help"))
        with FormScroll(id="form"):
            yield Static(self.plan.what, classes="what", markup=False)
            yield Static(intro, markup=False)
            with Vertical(id="step-pick"):
                yield FieldRow("What got in the way? Choose any that fit (Space or click).", TickList(
                    *[(b.label, b.code) for b in taxonomy.barriers], id="barrier-list", compact=True),
                    id="row-barriers")
                yield Static("", id="reflections", markup=False)
                yield FieldRow("Anything else, in your own words? (optional)", Entry(id="barrier-note"),
                               id="row-note")
                with Horizontal(classes="buttons"):
                    yield Button("Save and see what might help", id="next", variant="primary", compact=True)
                    yield Button("Not now", id="skip", compact=True)
            with Vertical(id="step-help"):
                yield Static(copy_text("barriers.help_heading"), classes="section")
                yield Static(copy_text("barriers.help_intro"), markup=False)
                yield Vertical(id="cards")
                with Vertical(id="question-box"):
                    yield FieldRow("A question for your practitioner (optional)", Entry(
                        id="question", placeholder=copy_text("barriers.question_example")), id="row-question")
                    yield Button("Save question", id="save-question", compact=True)
                with Horizontal(classes="buttons"):
                    yield Button("Done", id="done", variant="primary", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#step-help").display = False
        self.query_one("#barrier-list").focus()
        self.workbook_app.record("screen_viewed", screen="barriers")

    @property
    def codes(self) -> list[str]:
        chosen = set(self.query_one("#barrier-list", SelectionList).selected)
        return [b.code for b in self.workbook.barriers.barriers if b.code in chosen]

    @on(SelectionList.SelectedChanged, "#barrier-list")
    def _reflect(self) -> None:
        taxonomy = self.workbook.barriers
        self.query_one("#row-barriers", FieldRow).set_error(None)
        self.query_one("#reflections", Static).update("\n".join(taxonomy.get(c).reflection for c in self.codes))

    @on(Button.Pressed, "#next")
    def action_next(self) -> None:
        if self.query_one("#step-help").display:
            self.action_finish()
            return
        note = self.query_one("#barrier-note", Entry).value.strip()
        items = barrier_items(self.codes, note)
        if not items:
            self.query_one("#row-barriers", FieldRow).set_error(copy_text("barriers.nothing_chosen"))
            return
        workbook = self.workbook
        if self.attempt is not None:
            self.attempt = workbook.add_barriers(self.attempt, items)
        else:
            self.attempt = workbook.log_attempt(self.plan.id, Outcome.NOT_DONE, barriers=items, occurrence=self.occurrence,
                                                now=self.workbook_app.now())
        self.noted = True
        self._show_help([i["code"] for i in items])

    def _show_help(self, codes: list[str]) -> None:
        workbook = self.workbook
        responses = workbook.responses_for(self.plan.id, codes)  # only those that fit this exercise
        supporters = workbook.supporters()
        self.query_one("#step-pick").display = False
        self.query_one("#step-help").display = True
        self.query_one("#cards").mount_all(
            [ResponseCard(r, self.plan.id, supporters, self.attempt.id) for r in responses])
        self.query_one("#question-box").display = "save_question" not in {r.code for r in responses}
        self.query_one("#form", FormScroll).scroll_home(animate=False)
        self.call_after_refresh(lambda: self.query_one("#form").focus())

    @on(ResponseCard.Applied)
    def _applied(self, message: ResponseCard.Applied) -> None:
        self.applied.append(message.code)
        self.notify(copy_text("barriers.applied", summary=message.summary), timeout=4)
        for card in self.query(ResponseCard):
            card.refresh_preview()  # the plan has changed; other previews follow it

    @on(Button.Pressed, "#save-question")
    def _save_question(self) -> None:
        entry = self.query_one("#question", Entry)
        if not entry.value.strip():
            self.query_one("#row-question", FieldRow).set_error("write the question first.")
            return
        self.workbook.save_question(entry.value, self.plan.id)
        entry.value = ""
        self.query_one("#row-question", FieldRow).set_note("saved for your next call.")

    @on(Button.Pressed, "#skip")
    @on(Button.Pressed, "#done")
    def action_finish(self) -> None:
        self.post_message(BarriersFinished(self.plan.id, tuple(self.applied), noted=self.noted,
                                           logged=self.attempt is not None))
