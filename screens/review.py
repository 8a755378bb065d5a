"""Review: this week, or since the last call: how the plans went, what got in the way, ratings,
questions for the practitioner and notes from the last call. One key writes the report.

Every number comes from the engine (`Workbook.review`, i.e. `workbook.review`), so the
screen and the practitioner report always agree.
"""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from screens.access import WorkbookAccess
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.widgets.chrome import HelpLine, ReadingPane, TitleBar
from screens.widgets.footer import KeysFooter
from screens.widgets.form import Entry
from screens.widgets.ticks import TickList
from screens.words import day_words, exercise_title, state_symbol
from workbook.content.copy import text as copy_text
from workbook.core.errors import WorkbookError
from workbook.core.times import from_iso, zone
from workbook.core.words import counted
from workbook.insight.field_changes import change_words
from workbook.insight.review import since_last_call, this_week
from workbook.insight.summaries import headline, record_words, summary_lines

COLUMNS = [("Planned", None), ("Done", "done"), ("Partly", "partly"), ("Not done", "not_done"),
           ("Not logged", "open")]


class ReviewScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("t", "toggle_period", "Period", id="review.period",
                tooltip=copy_text("review.tooltips.period")),
        Binding("n", "record_call", "Call notes", id="review.call",
                tooltip=copy_text("review.tooltips.call")),
        Binding("a", "add_question", "Question", id="review.question",
                tooltip=copy_text("review.tooltips.question")),
        Binding("r", "report", "Report", id="review.report",
                tooltip=copy_text("review.tooltips.report")),
        Binding("p", "review_pack", "Review pack", id="review.pack",
                tooltip=copy_text("review.tooltips.pack")),
        Binding("escape", "back", "Back", id="review.back", tooltip=copy_text("review.tooltips.back")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period = "call"  # call | week

    def compose(self) -> ComposeResult:
        yield TitleBar("Review")
        yield HelpLine(copy_text("review.help"))
        with ReadingPane(id="body", title=copy_text("review.body_title")):  # read first: it takes the focus, at its top
            yield Static(id="last-call")
            yield Static(id="period", classes="section")
            yield Static(id="stats")
            yield Static(copy_text("review.questions_heading"), classes="section")
            yield Static(id="questions-hint", classes="hint")
            yield TickList(id="questions", compact=True)
            yield Entry(id="new-question", placeholder=copy_text("review.new_question"))
        yield KeysFooter()

    def on_mount(self) -> None:
        self.workbook_app.record("screen_viewed", screen="review")

    def on_screen_resume(self) -> None:
        """Read what the review shows each time it is in front (first shown too: it is read once, here)."""
        self.reload()

    # -- content ----------------------------------------------------------------------------

    def reload(self) -> None:
        workbook, now = self.workbook, self.workbook_app.now()
        settings = workbook.settings()
        notes = workbook.session_notes()
        if settings.next_call and from_iso(settings.next_call) >= now:
            call = from_iso(settings.next_call).astimezone(zone(settings.zone))
            who = f" with {settings.practitioner_name}" if settings.practitioner_name else ""
            self.query_one(TitleBar).set_aside(f"Next call{who}: {day_words(call.date())}, {call:%H:%M}")
        if self.period == "week":
            start, end = this_week(now, settings.zone)
            heading = copy_text("review.this_week", day=day_words(start.date()))
        else:
            start, call_day = since_last_call(notes, now, settings.zone)
            end = now
            heading = (copy_text("review.since_call", day=day_words(call_day)) if call_day
                       else copy_text("review.last_14_days", day=day_words(start.date())))
        self.query_one("#last-call", Static).update(self._last_call(notes, now, settings.zone))
        self.query_one("#period", Static).update(heading)
        self.query_one("#stats", Static).update(self._stats(workbook.review(start, end, now=now)))
        self._questions()

    def _last_call(self, notes, now, zone_name) -> Text:
        today = now.astimezone(zone(zone_name)).date()
        past = [n for n in notes if n.call_date <= today]
        if not past:
            return Text(copy_text("review.no_call"), style="italic")
        note = past[-1]
        out = Text()
        out.append(copy_text("review.call_heading", day=day_words(note.call_date)) + "\n", style="bold underline")
        out.append(note.agreed.strip() or copy_text("review.nothing_agreed"))
        plans = {p.id: p for p in self.workbook.plans()}
        agreed = [plans[i].what for i in note.agreed_plan_ids if i in plans]
        if agreed:
            out.append("\nPlans agreed: " + "; ".join(agreed))
        if note.next_call:
            nxt = from_iso(note.next_call).astimezone(zone(zone_name))
            out.append(f"\nNext call: {day_words(nxt.date())}, {nxt:%H:%M}")
        return out

    def _table(self, rows) -> Table:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True, show_edge=False)
        table.add_column("", ratio=1, overflow="fold")
        for title, state in COLUMNS:
            table.add_column(Text(f"{state_symbol(state)} {title}" if state else title, justify="right"),
                             justify="right", width=8)
        for name, t in rows:
            numbers = (t.planned, t.done, t.partly, t.not_done, t.not_logged)
            table.add_row(name, *[Text(str(n), justify="right") for n in numbers])
        return table

    def _stats(self, stats):
        parts: list = []
        timed = [s for s in stats.plans if not s.plan.as_needed]
        records = [s for s in stats.plans if s.plan.as_needed]
        if not stats.plans:
            parts.append(Text(copy_text("review.nothing_planned"), style="italic"))
        if timed:
            parts.append(self._table([(s.plan.what, s.tally) for s in timed] + [("In all", stats.total)]))
            by_exercise = [(e.title, e.tally) for e in stats.exercises if e.tally.planned or e.tally.later or e.tally.extra]
            if by_exercise:
                parts.append(Text(copy_text("review.by_exercise"), style="bold underline"))
                parts.append(self._table(by_exercise))
            extra = copy_text("review.practice_extra", extra=counted(stats.total.extra, "extra practice")) \
                if stats.total.extra else ""
            later = copy_text("review.practice_later", later=stats.total.later) if stats.total.later else ""
            parts.append(Text(copy_text("review.practice", minutes=counted(stats.minutes, "minute"), extra=extra,
                                        later=later)))
        if records:
            parts.append(Text("\n" + copy_text("review.records_heading"), style="bold underline"))
            for s in records:
                parts.append(Text(f"{state_symbol('entry')} {s.plan.what}: {record_words(s.tally.entries, s.plan.aim_per_week)}"))
        parts.append(Text("\n" + copy_text("review.barriers_heading"), style="bold underline"))
        if not stats.barriers:
            parts.append(Text(copy_text("review.no_barriers")))
        for barrier in stats.barriers:
            parts.append(Text(f"{barrier.label}: {'once' if barrier.count == 1 else f'{barrier.count} times'}",
                              style="bold"))
            notes = [Text(f"“{note.note}” ({day_words(note.when.date())})", style="italic")
                     for note in barrier.notes[-5:]]
            if len(barrier.notes) > 5:
                notes.append(Text(copy_text("review.more_notes", notes=counted(len(barrier.notes) - 5, "more note"))))
            parts += _indented(notes)
        if stats.summaries:
            parts.append(Text("\n" + copy_text("review.logged_heading"), style="bold underline"))
        for summary in stats.summaries:
            parts.append(Text(headline(summary), style="bold"))
            parts += _indented([Text(line) for line in summary_lines(summary, day_words)])
        compared = stats.compared
        parts.append(Text("\n" + copy_text("review.ratings_heading"), style="bold underline"))
        if not compared:
            parts.append(Text(copy_text("review.no_ratings")))
        parts += self._changes([c for c in compared if c.of_ratings])
        others = [c for c in compared if not c.of_ratings]
        if others:
            parts.append(Text("\n" + copy_text("review.numbers_heading"), style="bold underline"))
            parts += self._changes(others)
        parts += self._questionnaires()
        helped = [f"{s.name} helped {'once' if s.helped == 1 else counted(s.helped, 'time')}"
                  for s in stats.supporters if s.helped]
        if helped:
            parts.append(Text("\nSupporters: " + "; ".join(helped) + "."))
        return Group(*parts)

    def _questionnaires(self) -> list:
        """Each questionnaire's latest score against the clinical threshold, and its change since the first."""
        lines = self.workbook.questionnaire_standing()
        if not lines:
            return []
        return [Text("\n" + copy_text("review.questionnaires_heading"), style="bold underline"), *map(Text, lines)]

    def _changes(self, changes) -> list:
        """Each number's change (the report's words), under its exercise's title."""
        parts: list = []
        title, lines = None, []
        for change in changes:
            if change.exercise_id != title:
                parts += _indented(lines)
                title, lines = change.exercise_id, []
                parts.append(Text(exercise_title(self.workbook, title), style="bold"))
            lines.append(Text(change_words(change)))
        return parts + _indented(lines)

    def _questions(self) -> None:
        listing = self.query_one("#questions", TickList)
        listing.clear_options()
        questions = self.workbook.questions()
        listing.add_options([(q.text + (f" (answered: {q.answer})" if q.answer else ""), q.id, q.asked)
                             for q in questions])
        listing.display = bool(questions)
        self.query_one("#questions-hint", Static).update(
            copy_text("review.questions_hint" if questions else "review.no_questions"))

    def palette_commands(self) -> list[tuple]:
        return [("Write the practitioner report", copy_text("review.palette.report"), self.action_report),
                ("Write a review pack for your practitioner", copy_text("review.palette.pack"),
                 self.action_review_pack),
                ("Record a call with your practitioner", copy_text("review.palette.call"),
                 self.action_record_call),
                ("Switch period: this week / since your last call", copy_text("review.palette.period"),
                 self.action_toggle_period)]

    # -- actions ----------------------------------------------------------------------------

    @on(TickList.SelectionToggled, "#questions")
    def _toggled(self, event: TickList.SelectionToggled) -> None:
        question_id = event.selection.value
        asked = question_id in event.selection_list.selected
        self.workbook.mark_question_asked(question_id, asked=asked)
        self.notify(copy_text("review.asked" if asked else "review.not_asked"), timeout=2)

    def action_toggle_period(self) -> None:
        self.period = "week" if self.period == "call" else "call"
        self.reload()

    def action_record_call(self) -> None:
        from screens.session_note import SessionNoteScreen

        self.app.push_screen(SessionNoteScreen())

    def action_add_question(self) -> None:
        self.query_one("#new-question", Entry).focus()

    @on(Entry.Submitted, "#new-question")
    def _add_question(self, event: Entry.Submitted) -> None:
        if not event.value.strip():
            return
        self.workbook.save_question(event.value)
        event.input.value = ""
        self._questions()
        self.notify(copy_text("review.question_saved"), timeout=3)

    def action_report(self) -> None:
        try:
            from workbook.outputs.report import write_report

            path = write_report(self.workbook, now=self.workbook_app.now())
        except WorkbookError as exc:
            self.notify(copy_text("review.report_failed", problem=exc), timeout=8)
            return
        self.notify(copy_text("review.report_saved", path=path), timeout=10)

    def action_review_pack(self) -> None:
        from screens.dialogs.pack_choices import PackChoicesDialog

        self.app.push_screen(PackChoicesDialog(self.workbook.settings()), self._write_pack)

    def _write_pack(self, choices: dict[str, bool] | None) -> None:
        if choices is None:
            return
        from workbook.outputs.review_pack import write_review_pack

        try:
            self.workbook.update_settings(**choices)
            files = write_review_pack(self.workbook, now=self.workbook_app.now())
        except WorkbookError as exc:
            self.notify(copy_text("review_pack.screen_failed", problem=str(exc)), timeout=8)
            return
        self.notify(copy_text("review_pack.screen_written", folder=str(files.html.parent),
                              names=", ".join(p.name for p in files.paths)), timeout=12)

    def action_back(self) -> None:
        self.app.pop_screen()


def _indented(lines: list[Text]) -> list[Padding]:
    """`lines` indented two cells (their wrapped lines too), as one Padding: a Padding for each line
    had Rich render each one on its own, most of the time drawing a long review took."""
    return [Padding(Group(*lines), (0, 0, 0, 2))] if lines else []
