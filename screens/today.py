"""Today, the home screen: what is planned today and this week, and what is still open.

It loads only what it shows (`Workbook.today(now)`: active plans and recent
attempts), so it opens fast at any history size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from screens.access import WorkbookAccess
from screens.opening_focus import OpensAtItsTop
from screens.routes import TODAY_SHORTCUTS
from screens.styling import StyledOnce
from screens.widgets.chrome import HelpLine, TitleBar
from screens.widgets.footer import FittingFooter
from screens.words import day_words, exercise_title, library_loaded, long_day, state_words, when_words
from workbook.content.copy import text as copy_text
from workbook.core.outcomes import Outcome
from workbook.planning.agreed import agreed_words


@dataclass(frozen=True)
class Entry:
    """What a row on Today stands for: a plan and, for dated rows, the occurrence."""

    plan_id: str
    at: datetime | None
    section: str  # today | open | week
    state: str = "later"  # done | partly | not_done | open | later (see Occurrence.state)
    attempt: object = None  # the attempt logged for this occurrence, if any


class TodayScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    CSS_PATH = "today.tcss"
    BINDINGS = [
        Binding("l", "log", "Log", id="today.log", tooltip=copy_text("today.tooltips.log")),
        Binding("p", "plan", "Plan", id="today.plan", tooltip=copy_text("today.tooltips.plan")),
        Binding("e", "edit", "Edit", id="today.edit", tooltip=copy_text("today.tooltips.edit")),
        Binding("b", "barriers", "In the way", id="today.barriers",
                tooltip=copy_text("today.tooltips.barriers")),
        Binding("question_mark", "app.keys", "Keys", key_display="?", id="today.keys",
                tooltip=copy_text("today.tooltips.keys")),
        Binding("u", "undo", "Undo change", show=False, id="today.undo",
                tooltip=copy_text("today.tooltips.undo")),
    ] + [  # the screens Today leads to: in the footer as width allows (see FOOTER), all listed under ? (Keys)
        Binding(r.key, f"app.open_screen('{r.id}')", r.footer_words, show=False, id=f"today.{r.id}",
                tooltip=r.tooltip) for r in TODAY_SHORTCUTS
    ]
    #: The footer's keys, most useful first: as many as fit are shown; Support and Quit always fit.
    #: A screen given a Today key later (routes.py) comes after these.
    FOOTER = ("app.support", "app.quit", "today.log", "today.plan", "today.keys", "today.edit", "today.barriers",
                    "today.review", "today.checkin", "today.progress", "today.supporters", "today.settings")
    FOOTER += tuple(sorted({f"today.{r.id}" for r in TODAY_SHORTCUTS} - set(FOOTER)))

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, Entry] = {}
        self.has_plans = False
        self.nudge = False  # a check-in is due (worked out after first paint)
        self.pack_notes: list[str] = []  # what a session pack asks of the patient (also after first paint)
        self.view = None

    def compose(self) -> ComposeResult:
        yield TitleBar("Today")
        yield HelpLine(copy_text("today.help"))
        yield Vertical(id="empty")  # filled only when there is nothing planned (see `_show_empty`)
        yield OptionList(id="plans")
        yield FittingFooter(self.FOOTER)

    def on_screen_resume(self) -> None:
        self.reload()
        self.call_after_refresh(self._painted)
        self.call_after_refresh(self.workbook_app.offer_reminder)

    def _painted(self) -> None:
        self.workbook_app.first_paint()
        self.workbook_app.record("screen_viewed", screen="today")
        self._check_nudge()

    @work(exit_on_error=False, thread=True, exclusive=True, group="nudge")
    def _check_nudge(self) -> None:
        """Is a check-in due? Read after first paint: it reads every questionnaire so far."""
        now = self.workbook_app.now()
        due = self.workbook.checkin_due(now)
        notes = [copy_text("today.press_c", nudge=words) for words in [self.workbook.questionnaire_nudge(now)] if words]
        pending = self.workbook.suggestions(pending_only=True)
        if pending:
            notes.append(copy_text("session_pack.today", name=pending[-1].practitioner, count=len(pending)))
        if due != self.nudge or notes != self.pack_notes:
            self.app.call_from_thread(self._set_nudge, due, notes)

    def _set_nudge(self, due: bool, notes: list[str] | None = None) -> None:
        self.nudge = due
        self.pack_notes = notes or []
        if self.view is not None and self.has_plans:
            self._show(self.view)
        elif self.query("#empty-pack"):
            self._show_pack_notes()

    def reload(self) -> None:
        """Read what Today shows (today's view only: never the whole history) and show it."""
        workbook = self.workbook
        view = workbook.today(self.workbook_app.now())
        self.view = view
        settings = view.settings
        self.has_plans = bool(view.plans_kept)
        self.query_one(TitleBar).set_aside(self._call_words(view.next_call, settings))
        self.query_one("#empty").display = not self.has_plans
        self.query_one("#plans", OptionList).display = self.has_plans
        self._show(view)
        self.query_one(HelpLine).update(copy_text("today.help" if self.entries else "today.help_empty"))
        if self.has_plans:
            self.query_one("#plans", OptionList).focus()
            if not library_loaded(workbook):  # exercise names fill in just after the first paint
                self.call_after_refresh(self._load_titles, view)
        else:
            self._show_empty()

    def _show_empty(self) -> None:
        from textual.widgets import Button

        empty = self.query_one("#empty")
        if not empty.children:
            empty.mount(Static(copy_text("today.empty"), id="empty-text", markup=False),
                        Static("", id="empty-pack", markup=False),
                        Button("Choose an exercise  (p)", id="choose", variant="primary"))
        self._show_pack_notes()
        self.call_after_refresh(lambda: self.query_one("#choose").focus())

    def _show(self, view) -> None:
        plans = self.query_one("#plans", OptionList)
        keep = plans.highlighted_option.id if plans.highlighted_option is not None else None
        plans.clear_options()
        self.entries = {}
        if self.has_plans:
            plans.add_options(self._options(view))
            ids = [o.id for o in plans.options if not o.disabled]
            if ids:
                plans.highlighted = plans.get_option_index(keep if keep in ids else ids[0])

    def _show_pack_notes(self) -> None:
        """With nothing planned yet, what a session pack asks shows above the empty state's button."""
        for note in self.query("#empty-pack").results(Static):
            note.update("\n".join(self.pack_notes))
            note.display = bool(self.pack_notes)

    @work(exit_on_error=False, thread=True, exclusive=True, group="titles")
    def _load_titles(self, view) -> None:
        self.workbook.exercises  # noqa: B018 - loads the library (parses every exercise file)
        self.app.call_from_thread(self._show, view)

    def _call_words(self, next_call: datetime | None, settings) -> str:
        if next_call is None:
            return ""
        from workbook.core.times import zone

        local = next_call.astimezone(zone(settings.zone))
        who = copy_text("today.call_with", name=settings.practitioner_name) if settings.practitioner_name else ""
        return copy_text("today.next_call", who=who, day=day_words(local.date()), time=local.strftime('%H:%M'))

    def _options(self, view) -> list[Option | None]:
        options: list[Option | None] = [_header(copy_text("today.today_heading", day=long_day(view.day)))]
        options += [_note(words) for words in self.pack_notes]
        if self.nudge and not self.pack_notes:
            options.append(_note(copy_text("today.press_c", nudge=copy_text("checkin.nudge"))))
        if not view.today:
            options.append(_note(copy_text("today.nothing_today")))
        for occ in view.today:
            options.append(self._row(occ, "today", [
                when_words(occ.at, occ.anytime), state_words(occ.state(view.now))], view.now))
        if view.still_open:
            options += [None, _header(copy_text("today.open_heading")), _note(copy_text("today.overdue_gentle"))]
            for occ in view.still_open:
                options.append(self._row(occ, "open", [
                    when_words(occ.at, occ.anytime, with_day=True), state_words("open")], view.now))
        if view.records:
            options += [None, _header(copy_text("today.records_heading")), _note(copy_text("today.records_gentle"))]
            for record in view.records:
                options.append(self._record_row(record))
        if view.this_week:
            options += [None, _header(copy_text("today.week_heading"))]
            by_plan: dict[str, list] = {}
            for occ in view.this_week:
                by_plan.setdefault(occ.plan.id, []).append(occ)
            for occs in by_plan.values():
                days = ", ".join(day_words(o.at.date()).rsplit(" ", 1)[0] for o in occs)
                when = f"{days} · {when_words(occs[0].at, occs[0].anytime)}"
                options.append(self._row(occs[0], "week", [when], view.now))
        return options

    def _row(self, occ, section: str, facts: list[str], now: datetime) -> Option:
        plan, workbook = occ.plan, self.workbook
        option_id = f"{section}:{plan.id}:{occ.at.isoformat()}"
        self.entries[option_id] = Entry(plan.id, occ.at, section, occ.state(now), occ.attempt)
        prompt = Text()
        prompt.append("  ".join(facts), style="bold")
        if library_loaded(workbook):
            prompt.append(f"  ·  {exercise_title(workbook, plan.exercise_id)}", style="bold")
        prompt.append(f"\n   {plan.what}")
        if plan.why:
            prompt.append("\n   " + copy_text("today.why", why=plan.why), style="italic")
        if agreed := agreed_words(plan):
            prompt.append(f"\n   {agreed[0].upper()}{agreed[1:]}")
        return Option(prompt, id=option_id)

    def _record_row(self, record) -> Option:
        plan, workbook = record.plan, self.workbook
        option_id = f"record:{plan.id}"
        self.entries[option_id] = Entry(plan.id, None, "record", "entry", None)
        prompt = Text()
        prompt.append(f"{state_words('entry')}: {record.aim_words}", style="bold")
        if library_loaded(workbook):
            prompt.append(f"  ·  {exercise_title(workbook, plan.exercise_id)}", style="bold")
        prompt.append(f"\n   {plan.what}")
        return Option(prompt, id=option_id)

    # -- actions ------------------------------------------------------------------------

    def selected(self) -> Entry | None:
        plans = self.query_one("#plans", OptionList)
        option = plans.highlighted_option
        return self.entries.get(option.id) if option is not None and option.id else None

    def _need_selection(self) -> Entry | None:
        entry = self.selected()
        if entry is None:
            key = "today.choose_first" if self.entries else "today.nothing_this_week" if self.has_plans \
                else "today.nothing_planned"  # "use the arrow keys" only when there is a row to move to
            self.notify(copy_text(key), timeout=4)
        return entry

    @on(OptionList.OptionSelected, "#plans")
    def _chosen(self) -> None:
        self.action_log()

    def on_button_pressed(self, event) -> None:  # the empty state's "Choose an exercise"
        if event.button.id == "choose":
            self.action_plan()

    def action_plan(self) -> None:
        self.workbook_app.open_library()

    def action_log(self) -> None:
        if entry := self._need_selection():
            self.workbook_app.open_log(entry.plan_id, entry.at if entry.section not in ("week", "record") else None)

    def action_edit(self) -> None:
        if entry := self._need_selection():
            self.workbook_app.open_plan(plan_id=entry.plan_id)

    def action_undo(self) -> None:
        if entry := self._need_selection():
            plan = self.workbook.undo_plan(entry.plan_id, now=self.workbook_app.now())
            self.reload()
            self.notify(copy_text("today.undone", what=plan.what), timeout=5)

    def action_barriers(self) -> None:
        entry = self._need_selection()
        if entry is None:
            return
        if entry.section == "record":
            self.notify(copy_text("today.records_no_barriers"), timeout=5)
            return
        if entry.attempt is not None and entry.state != Outcome.DONE:
            self.workbook_app.open_barriers(entry.plan_id, attempt=entry.attempt)
        elif entry.state == "open":
            self.workbook_app.open_barriers(entry.plan_id, occurrence=entry.at)
        elif entry.state == Outcome.DONE:
            self.notify(copy_text("today.barriers_done"), timeout=4)
        else:
            self.notify(copy_text("today.barriers_later"), timeout=4)

    def palette_commands(self) -> list[tuple]:
        entry = self.selected()
        if entry is None:
            return []
        what = self.workbook.plan(entry.plan_id).what
        return [(f"Log the selected plan: {what}", copy_text("today.palette.log"), self.action_log),
                (f"What got in the way: {what}", copy_text("today.palette.barriers"), self.action_barriers),
                (f"Undo the last change to: {what}", copy_text("today.palette.undo"), self.action_undo)]



def _header(words: str) -> Option:
    return Option(Text(words, style="bold underline"), disabled=True)


def _note(words: str) -> Option:
    return Option(Text(words), disabled=True)
