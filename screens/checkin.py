"""Check-in: PHQ-9, GAD-7 and WSAS one question at a time, keyboard-fast, then the results in plain words.

Safety: a PHQ-9 question-9 answer above 0 opens Support at once, right after
that question (not at the end), with a note that nobody is notified (its words are
the region's, from `Workbook.crisis()`). The questionnaire is saved first (with its
risk flag), so stopping there loses nothing; afterwards the patient can carry on or stop.
A questionnaire with a closing difficulty question (PHQ-9's) asks it next; the answer is
kept with the saved response.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from screens.access import WorkbookAccess
from screens.dialogs.confirm import ConfirmDialog
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.support import SupportScreen
from screens.widgets.chrome import FormScroll, HelpLine, TitleBar
from screens.widgets.footer import KeysFooter
from screens.widgets.ticks import TickBox
from workbook.content.copy import text as copy_text
from workbook.content.measures import Measure, load_measure
from workbook.content.scoring import risk_flag
from workbook.core.words import counted

MEASURE_IDS = ("phq9", "gad7", "wsas")


class RiskSupportScreen(SupportScreen):
    """The Support screen with the check-in's note at the top (nobody is notified; tell your practitioner)."""

    RISK_NOTE = True


class CheckinScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    CSS_PATH = "checkin.tcss"
    BINDINGS = [
        Binding("0", "answer(0)", "Answer", key_display="0-3", id="checkin.answer",
                tooltip=copy_text("checkin.tooltips.answer")),
        *[Binding(str(n), f"answer({n})", f"Answer {n}", show=False) for n in range(1, 4)],
        Binding("0", "answer_wide(0)", "Answer", key_display="0-8", id="checkin.answer_wide",
                tooltip=copy_text("checkin.tooltips.answer_wide")),
        *[Binding(str(n), f"answer_wide({n})", f"Answer {n}", show=False) for n in range(1, 9)],
        Binding("n", "not_applicable", "Not applicable", id="checkin.not_applicable",
                tooltip=copy_text("checkin.tooltips.not_applicable")),
        Binding("n", "skip_followup", "Skip", id="checkin.skip",
                tooltip=copy_text("checkin.tooltips.skip")),
        Binding("backspace", "previous", "Previous", id="checkin.previous",
                tooltip=copy_text("checkin.tooltips.previous")),
        Binding("escape", "stop", "Stop", id="checkin.stop",
                tooltip=copy_text("checkin.tooltips.stop")),
        Binding("escape", "leave", "Back", id="checkin.back", tooltip=copy_text("checkin.tooltips.back")),
        Binding("ctrl+s", "start", "Start", id="checkin.start", tooltip=copy_text("checkin.tooltips.start")),
    ]

    def __init__(self, measures: tuple[str, ...] | None = None) -> None:
        super().__init__()
        self.phase = "intro"  # intro | item | support | after_risk | followup | results
        self.followup_for = None  # the saved response whose closing difficulty question is still to ask
        self.asked = measures  # None: the ones the workbook's settings tick (a study may choose)
        self.chosen: list[str] = list(measures or MEASURE_IDS)
        self.index = 0  # which of the chosen questionnaires
        self.answers: list[int | None] = []
        self.saved: list = []  # responses saved in this check-in
        self.redo: int | str | None = None  # the earlier answer, when stepping back a question
        self.built: str | None = None  # the questionnaire whose page is showing

    @property
    def measure(self) -> Measure:
        return load_measure(self.chosen[self.index])

    def compose(self) -> ComposeResult:
        yield TitleBar("Check-in")
        yield HelpLine(copy_text("checkin.help"))
        yield FormScroll(id="body")
        yield KeysFooter()

    async def on_mount(self) -> None:
        await self._show_intro()
        self.workbook_app.record("screen_viewed", screen="checkin")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        asking = self.phase == "item"
        if action == "skip_followup":
            return self.phase == "followup"
        if self.phase == "followup" and action in ("answer", "answer_wide", "not_applicable"):
            options = self._followup_options()
            return action == "answer" and int(parameters[0]) < len(options)
        if action in ("answer", "answer_wide"):
            wide = self.measure.item_max > 3 if asking else False
            return asking and (wide == (action == "answer_wide")) and int(parameters[0]) <= self.measure.item_max
        if action == "not_applicable":
            return asking and self._item().allow_not_applicable
        if action == "previous":
            return asking and bool(self.answers)
        if action == "start":
            return self.phase == "intro"
        if action in ("stop", "leave"):
            return (self.phase in ("intro", "results")) == (action == "leave")
        return True

    # -- pages ------------------------------------------------------------------------------

    async def _page(self, *widgets, focus: str | None = None) -> None:
        body = self.query_one("#body", FormScroll)
        self.built = None
        await body.remove_children()
        await body.mount_all(widgets)
        body.scroll_home(animate=False)
        if focus:
            self.query_one(focus).focus()
        self.refresh_bindings()

    async def _show_intro(self) -> None:
        self.phase = "intro"
        if self.asked is None:
            self.chosen = list(self.workbook.checkin_measures())
            self.asked = tuple(self.chosen)  # once: the person's own ticks win from here on
        boxes = []
        for m in MEASURE_IDS:
            boxes += [TickBox(load_measure(m).short_name, m in self.chosen, id=f"pick-{m}", compact=True),
                      Static(load_measure(m).about, classes="about", markup=False)]
        asked = self.workbook.questionnaire_nudge(self.workbook_app.now())  # from the last session pack
        if asked:
            boxes.insert(0, Static(asked, classes="about", markup=False))
        await self._page(Static(copy_text("checkin.intro"), markup=False), Static("Which ones today?", classes="label"),
                         *boxes, Horizontal(Button("Start", id="start", variant="primary", compact=True),
                                            classes="buttons"), focus="#start")

    def _item(self):
        return self.measure.items[len(self.answers)]

    async def _show_item(self) -> None:
        """Build the questionnaire's page once; for each next question only the words change."""
        measure, item = self.measure, self._item()
        if self.phase != "item" or self.built != measure.id:
            await self._page(*self._item_page(measure))
            self.built = measure.id
        self.phase = "item"
        where = f"{measure.short_name} · question {item.number} of {len(measure.items)}"
        if len(self.chosen) > 1:
            where += f"  (questionnaire {self.index + 1} of {len(self.chosen)})"
        self.query_one(".where", Static).update(where)
        self.query_one(".item", Static).update(item.render())
        for widget in self.query(".not-applicable"):
            widget.display = item.allow_not_applicable
        self.query_one(f"#answer-{self.redo if self.redo is not None else 0}").focus()
        self.refresh_bindings()

    def _item_page(self, measure: Measure) -> list:
        widgets = [Static(classes="where"), Static(measure.stem, classes="stem", markup=False),
                   Static(classes="item", markup=False)]
        if measure.item_max <= 3:
            widgets.append(Vertical(*[Button(f"{o.value}  {o.label}", id=f"answer-{o.value}", classes="answer", compact=True)
                                            for o in measure.options], classes="options"))
        else:
            widgets.append(Horizontal(*[Button(str(o.value), id=f"answer-{o.value}", compact=True)
                                        for o in measure.options], classes="scale"))
            widgets.append(Static("   ".join(f"{o.value} = {o.label.lower()}" for o in measure.options if o.label),
                                  classes="anchors"))
        for item in measure.items:
            if item.allow_not_applicable:
                widgets.append(Static(f"{item.not_applicable_text or copy_text('checkin.not_applicable')}:",
                                      classes="hint not-applicable"))
                widgets.append(Button("n  Not applicable", id="answer-na", classes="not-applicable", compact=True))
                break
        return widgets

    async def _show_after_risk(self) -> None:
        self.phase = "after_risk"
        left = len(self.chosen) - self.index
        buttons = [Button("Stop here and see my results", id="finish", compact=True)]
        if left > 0 or self.followup_for is not None:
            more = counted(left, "more questionnaire") if left else "one last question"
            buttons.insert(0, Button(f"Carry on ({more})", id="carry-on", variant="primary", compact=True))
        await self._page(Static(copy_text("checkin.after_risk"), markup=False), Horizontal(*buttons, classes="buttons"),
                         focus=f"#{buttons[0].id}")

    def _followup_options(self) -> tuple[str, ...]:
        followup = load_measure(self.followup_for.measure).followup if self.followup_for is not None else None
        return followup.options if followup is not None else ()

    async def _show_followup(self) -> None:
        """The questionnaire's closing difficulty question (not part of the score); it may be skipped."""
        self.phase = "followup"
        measure = load_measure(self.followup_for.measure)
        buttons = [Button(f"{i}  {label}", id=f"difficulty-{i}", compact=True)
                   for i, label in enumerate(measure.followup.options)]
        await self._page(Static(copy_text("checkin.followup_where", measure=measure.short_name), classes="where"),
                         Static(measure.followup.text, classes="item", markup=False),
                         Vertical(*buttons, classes="options followup"),
                         Static(copy_text("checkin.followup_skip"), classes="hint"),
                         Button("n  Skip this one", id="difficulty-skip", compact=True), focus="#difficulty-0")

    async def _answer_followup(self, value: int | None) -> None:
        response, self.followup_for = self.followup_for, None
        if value is not None:
            saved = self.workbook.record_difficulty(response, value)
            self.saved = [saved if r.id == saved.id else r for r in self.saved]
        await self._next()

    @on(Button.Pressed, "#difficulty-0, #difficulty-1, #difficulty-2, #difficulty-3, #difficulty-skip")
    async def _difficulty_pressed(self, event: Button.Pressed) -> None:
        value = event.button.id.removeprefix("difficulty-")
        await self._answer_followup(None if value == "skip" else int(value))

    async def _show_results(self) -> None:
        self.phase = "results"
        widgets: list = []
        if not self.saved:
            widgets.append(Static(copy_text("checkin.nothing_saved"), markup=False))
        for response in self.saved:
            result = self.workbook.checkin_result(response)
            head, *lines = result.lines()
            body = Text(head, style="bold")
            for line in lines:
                body.append(f"\n{line}", style="italic" if line in (result.change_words, result.since_first_words) else "")
            widgets.append(Static(body, classes="result"))
        if any(r.risk for r in self.saved):
            widgets.append(Static(self.workbook.crisis().result_risk, classes="result", id="result-risk", markup=False))
        widgets.append(Horizontal(Button("Done", id="done", variant="primary", compact=True), classes="buttons"))
        await self._page(*widgets, focus="#done")

    # -- answering ---------------------------------------------------------------------------

    async def action_start(self) -> None:
        await self._start()

    @on(Button.Pressed, "#start")
    async def _start(self) -> None:
        self.chosen = [m for m in MEASURE_IDS if self.query_one(f"#pick-{m}", TickBox).value]
        if not self.chosen:
            self.notify(copy_text("checkin.none_ticked"), timeout=4)
            return
        self.index, self.answers = 0, []
        await self._show_item()

    @on(Button.Pressed, ".options Button.answer, .scale Button, #answer-na")
    async def _pressed(self, event: Button.Pressed) -> None:
        value = event.button.id.removeprefix("answer-")
        await self._answer(None if value == "na" else int(value))

    async def action_answer(self, value: int) -> None:
        await self._answer(value)

    async def action_answer_wide(self, value: int) -> None:
        await self._answer(value)

    async def action_not_applicable(self) -> None:
        await self._answer(None)

    async def action_skip_followup(self) -> None:
        await self._answer_followup(None)

    async def _answer(self, value: int | None) -> None:
        if self.phase == "followup":
            await self._answer_followup(value)
            return
        if self.phase != "item":
            return
        self.redo = None
        measure = self.measure
        self.answers.append(value)
        risky = risk_flag(measure.id, self.answers) and len(self.answers) == measure.risk_item
        if len(self.answers) == len(measure.items):
            self._save()
        if risky:
            self.phase = "support"
            self.app.push_screen(RiskSupportScreen())
        elif self.phase == "item":
            await self._next()

    def _save(self) -> None:
        measure_id = self.measure.id
        padded = self.answers + [None] * (len(self.measure.items) - len(self.answers))
        response = self.workbook.record_questionnaire(measure_id, padded, now=self.workbook_app.now())
        self.saved.append(response)
        if self.measure.followup is not None and len(self.answers) == len(self.measure.items):
            self.followup_for = response
        self.index, self.answers = self.index + 1, []

    async def _next(self) -> None:
        if self.followup_for is not None:
            await self._show_followup()
        elif self.index >= len(self.chosen):
            await self._show_results()
        else:
            await self._show_item()

    async def on_screen_resume(self) -> None:
        if self.phase == "support":  # back from Support after the risk question
            await self._show_after_risk()

    @on(Button.Pressed, "#carry-on")
    async def _carry_on(self) -> None:
        await self._next()

    @on(Button.Pressed, "#finish")
    async def _finish(self) -> None:
        self.followup_for = None  # stopping here skips the closing question too
        if self.answers:  # a risk item before the end: keep what was answered, with its flag
            self._save()
        await self._show_results()

    @on(Button.Pressed, "#done")
    def _done(self) -> None:
        self.app.pop_screen()

    async def action_previous(self) -> None:
        if self.answers:
            answer = self.answers.pop()
            self.redo = "na" if answer is None else answer
            await self._show_item()

    def action_leave(self) -> None:
        self.app.pop_screen()

    async def action_stop(self) -> None:
        if self.phase == "after_risk":
            await self._finish()
            return

        async def answer(yes: bool | None) -> None:
            if yes:
                self.answers, self.followup_for = [], None
                await self._show_results()

        kept = copy_text("checkin.stop_kept" if self.saved else "checkin.stop_nothing_kept")
        self.app.push_screen(ConfirmDialog(copy_text("checkin.stop_question"), kept, yes="Stop here", no="Carry on"),
                             answer)
