"""Plan: a guided, specific plan for one exercise. Create, change, pause or end it.

Vague-plan notes (no time, no place, "try to...") are gentle and never block saving.
Confidence below 7 offers a smaller version (fewer minutes, fewer days) in one step.
A plan changed elsewhere while the form was open (another window, `workbook`) is never
saved over: the form asks whether to keep its edits on top of the newer version.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Input, Select, SelectionList, Static

from screens.dialogs.confirm import ConfirmDialog
from screens.dialogs.stale import FRESH, KEEP, StaleDialog, changed_words
from screens.draft import DraftScreen
from screens.messages import PlanSaved
from screens.rest_of_form import RestOfForm
from screens.widgets.chrome import FormScroll, HelpLine, TitleBar
from screens.widgets.dropdown import Dropdown
from screens.widgets.footer import KeysFooter
from screens.widgets.form import Entry, FieldRow, form_state, restore_form
from screens.widgets.long_entry import GrowingEntry
from screens.widgets.rating import RatingSlider
from screens.widgets.repeat import RepeatPicker
from screens.widgets.smaller import SmallerOffer, smaller_version
from screens.widgets.ticks import TickBox, TickList
from workbook.content.copy import text as copy_text
from workbook.content.exercises import PLAN_KIND_WORDS
from workbook.core.dates import parse_day
from workbook.core.errors import ValidationError
from workbook.core.model import AS_NEEDED, Plan
from workbook.core.records import StaleRecordError
from workbook.core.recurrence import RuleError
from workbook.core.repeat_words import Repeat
from workbook.core.times import format_hhmm, parse_hhmm, zone
from workbook.planning.agreed import agreed_words
from workbook.planning.plan_notes import gentle_notes
from workbook.storage.drafts import plan_draft_key, suggestion_draft_key

LEADS = [("No reminder", -1), ("At the time", 0), ("5 minutes before", 5), ("10 minutes before", 10),
         ("15 minutes before", 15), ("30 minutes before", 30), ("1 hour before", 60)]
ROWS = {"aim_per_week": "aim", "kind": "kind", "routine": "routine", "start_date": "when", "start_time": "when", "rrule": "repeat", "supporter_ids": "supporters",
        "reminder_lead_minutes": "reminder", "exercise_id": "what"}
PLAN_WORDS = {"what": "what", "start_date": "when", "start_time": "when", "rrule": "how often", "until": "until",
              "where": "where", "minutes": "how long", "supporter_ids": "who could help", "why": "why",
              "if_then": "what might get in the way", "confidence": "how sure", "agreed_in_session": "agreed",
              "reminder_lead_minutes": "reminder", "status": "status", "kind": "how it's kept",
              "aim_per_week": "aim per week", "routine": "routine"}


class PlanScreen(RestOfForm, DraftScreen):
    CSS_PATH = "plan.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="plan.save", tooltip=copy_text("plan.tooltips.save")),
        Binding("escape", "back", "Back", id="plan.back", tooltip=copy_text("plan.tooltips.back")),
    ]

    def __init__(self, *, exercise_id: str | None = None, plan_id: str | None = None,
                 carry: dict[str, object] | None = None, save_on_open: bool = False,
                 suggestion_id: str | None = None) -> None:
        """`carry`: edits (control id -> value) brought over from a form that went stale, put on top
        of this (newer) version as it opens; `save_on_open` then saves them straight away.
        `suggestion_id`: a practitioner's suggested plan, prefilled; saving it accepts it as adjusted."""
        super().__init__()
        self.carry = carry
        self.save_on_open = save_on_open
        workbook = self.workbook
        self.plan: Plan | None = workbook.plan(plan_id) if plan_id else None
        self.suggestion = workbook.suggestion(suggestion_id) if suggestion_id else None
        self.prefill: Plan | None = self.plan or (workbook.suggestion_plan(suggestion_id) if suggestion_id else None)
        self.exercise = workbook.exercises.get(self.prefill.exercise_id if self.prefill else exercise_id)
        self.settings = workbook.settings()
        self.today = self.workbook_app.now().astimezone(zone(self.settings.zone)).date()
        self.draft_key = suggestion_draft_key(suggestion_id) if suggestion_id else plan_draft_key(plan_id, self.exercise.id)

    def compose(self) -> ComposeResult:
        p, e = self.prefill, self.exercise
        supporters = self.workbook.supporters()
        kind = p.kind if p else e.kinds[0]
        title = "Change plan" if self.plan else ("Adjust a suggested plan" if self.suggestion else "Plan")
        paused = self.plan is not None and self.plan.status != "active"
        yield TitleBar(f"{title}: {e.title}", aside=f"({self.plan.status})" if paused else "")
        yield HelpLine(copy_text("plan.help"))
        with FormScroll(id="form"):
            yield FieldRow("What exactly will you do?", Entry(p.what if p else "", id="what",
                           placeholder=copy_text("plan.what_example", example=e.placeholder) if e.placeholder
                           else copy_text("plan.what_example_default")),
                           id="row-what")
            if len(e.kinds) > 1:
                yield FieldRow("How will it fit your days?", Dropdown(
                    [(PLAN_KIND_WORDS[k], k) for k in e.kinds], value=kind, allow_blank=False, id="kind"),
                    id="row-kind")
            yield FieldRow("About how many a week? (optional)", Entry(
                str(p.aim_per_week) if p and p.aim_per_week else "", id="aim", type="integer",
                placeholder=copy_text("plan.aim_example")), id="row-aim")
            yield FieldRow("When? Start date and time", Horizontal(
                Entry((p.start_date if p else self.today).isoformat(), id="start_date", placeholder="2026-12-01"),
                Entry(format_hhmm(p.start_time) if p and p.start_time else "", id="start_time",
                      placeholder="time, like 19:00"), classes="pair"), id="row-when")
            yield FieldRow("How often?", RepeatPicker(Repeat.from_rrule(p.rrule) if p else Repeat("once"),
                                                      id="repeat"), id="row-repeat")
            yield FieldRow("Until (optional)", Entry(p.until.isoformat() if p and p.until else "", id="until",
                           placeholder="last day, like 31/12"), id="row-until")
            yield FieldRow("Where?", Entry(p.where if p else "", id="where",
                           placeholder=copy_text("plan.where_example")), id="row-where")
            yield FieldRow("How long? (minutes)", Entry(str(p.minutes if p else e.default_minutes), id="minutes",
                           type="integer"), id="row-minutes")
            chosen = set(p.supporter_ids) if p else set()
            people = TickList(*[(_person_words(s), s.id, s.id in chosen) for s in supporters], id="supporters",
                              compact=True)
            people.display = bool(supporters)
            nobody = Static(copy_text("plan.no_supporters"), id="no-supporters", classes="row-help", markup=False)
            nobody.display = not supporters
            yield FieldRow("Who could help?", people, nobody, Button(
                "Add someone who could help", id="add-supporter", compact=True, tooltip=copy_text(
                    "plan.add_supporter_tip")), id="row-supporters")
        yield KeysFooter()

    def rest_of_form(self) -> list[Widget]:
        """Why and what might get in the way, how sure, the reminder and the buttons: under the first screenful."""
        p = self.prefill
        lead = self.plan.reminder_lead_minutes if self.plan else self.settings.default_lead_minutes
        pair = (p.if_then[0] if p and p.if_then else {"if": "", "then": ""})
        agreed = agreed_words(p) if p else ""
        buttons = [Button("Save plan", id="save", variant="primary", compact=True)] + ([
            Button("Resume plan" if self.plan.status == "paused" else "Pause plan", id="pause", compact=True),
            Button("End plan", id="end", compact=True)] if self.plan else [])
        return [
            FieldRow("Why does this matter to you?", Entry(p.why if p else "", id="why",
                     placeholder=copy_text("plan.why_example")), id="row-why"),
            FieldRow("Linked to a routine? (optional)", Entry(p.routine if p else "", id="routine",
                     placeholder=copy_text("plan.routine_example")), id="row-routine"),
            FieldRow("What might get in the way, and what will you do then?", Horizontal(
                Static("If ", classes="word"), GrowingEntry(pair["if"], id="if_text",
                                                            placeholder=copy_text("plan.if_example")), classes="pair"),
                Horizontal(Static("then I will ", classes="word"),
                           GrowingEntry(pair["then"], id="then_text", placeholder=copy_text("plan.then_example")),
                           classes="pair"),
                *[Static(copy_text("plan.also_if_then", if_=more["if"], then=more["then"]),
                         classes="row-help", markup=False)
                  for more in (p.if_then[1:] if p else [])],
                id="row-if_then"),
            FieldRow("How sure are you that you'll do it? (0 to 10)", RatingSlider(
                0, 10, {0: "not at all sure", 10: "completely sure"}, p.confidence if p else None,
                id="confidence"), SmallerOffer(id="smaller"), id="row-confidence"),
            # from a session pack, where it came from is known, not ticked
            Static(agreed[0].upper() + agreed[1:] + ".", id="agreed-with", markup=False) if agreed else
            TickBox("I agreed this with my practitioner", p.agreed_in_session if p else False, id="agreed"),
            FieldRow("Reminder", Dropdown(LEADS, value=-1 if lead is None else lead, allow_blank=False, id="lead"),
                     id="row-reminder"),
            Horizontal(*buttons, classes="buttons"),
        ]

    def on_mount(self) -> None:
        self._show_kind(self._kind())
        self.query_one("#what", Entry).focus()
        self.mount_rest_after_paint()
        self.workbook_app.record("screen_viewed", screen="plan")

    def form_complete(self) -> None:
        self._show_kind(self._kind())
        self._opened()
        self._check_vague()

    def _opened(self) -> None:
        self._opened_state = form_state(self)  # what the form showed before any draft or edit
        if self.carry is None:
            self.start_draft()
            return
        self.start_draft(restore=False)  # the stale form's draft is these edits, now on the newer version
        restore_form(self, self.carry)
        if self.save_on_open:
            self.call_after_refresh(self.action_save)

    # -- the plan's kind ----------------------------------------------------------------------

    def _kind(self) -> str:
        found = self.query("#kind")
        if found:
            value = found.first(Select).value
            return str(value) if value is not Select.NULL else self.exercise.kinds[0]
        return self.plan.kind if self.plan else self.exercise.kinds[0]

    @on(Select.Changed, "#kind")
    def _kind_changed(self) -> None:
        self._show_kind(self._kind())

    def _show_kind(self, kind: str) -> None:
        """A when-it-happens record has no time or repeat; only it has a weekly aim."""
        for row in ("when", "repeat", "until", "reminder"):
            for found in self.query(f"#row-{row}"):  # the reminder's row comes with the rest of the form
                found.display = kind != AS_NEEDED
        self.query_one("#row-aim").display = kind == AS_NEEDED

    # -- gentle notes -----------------------------------------------------------------------

    @on(Input.Changed)
    def _check_vague(self) -> None:
        if not self.form_ready:
            return  # the form's opening checks come with the rest of it (form_complete)
        rows = {"what": "", "when": "", "where": ""}
        rows.update(gentle_notes(self._text("what"), has_time=bool(self._text("start_time")), where=self._text("where"),
                                 as_needed=self._kind() == AS_NEEDED))
        for row, note in rows.items():
            self.query_one(f"#row-{row}", FieldRow).set_note(note or None)
        self._offer_smaller()

    @on(RatingSlider.Changed, "#confidence")
    @on(Select.Changed)
    def _offer_smaller(self) -> None:
        if not self.form_ready:
            return
        confidence = self.query_one("#confidence", RatingSlider).value
        offer = self.query_one("#smaller", SmallerOffer)
        try:
            smaller = smaller_version(self.exercise.id, int(self._text("minutes")), self.query_one(
                "#repeat", RepeatPicker).value().to_rrule(), self.exercise.technique)
            offer.update_offer(confidence, smaller)
        except (ValueError, RuleError):
            offer.update_offer(confidence, None, copy_text("plan.shrink_needs_minutes"))

    @on(SmallerOffer.Accepted)
    def _make_smaller(self, message: SmallerOffer.Accepted) -> None:
        self.query_one("#minutes", Entry).value = str(message.smaller.minutes)
        self.query_one("#repeat", RepeatPicker).set_value(Repeat.from_rrule(message.smaller.rrule))
        self.notify(copy_text("plan.made_smaller", summary=message.smaller.summary), timeout=6)

    # -- saving -----------------------------------------------------------------------------

    def _text(self, widget_id: str) -> str:
        return str(self.query_one(f"#{widget_id}").value).strip()  # an Entry, or a GrowingEntry

    def _read(self, errors: dict[str, str]) -> dict:
        values: dict = {"what": self._text("what"), "where": self._text("where"), "why": self._text("why")}
        for name, row in (("start_date", "when"), ("until", "until")):
            raw = self._text(name)
            try:
                values[name] = parse_day(raw, self.today) if raw else (self.today if name == "start_date" else None)
            except ValueError as exc:
                errors[row] = str(exc)
        try:
            values["start_time"] = parse_hhmm(self._text("start_time")) if self._text("start_time") else None
        except ValueError as exc:
            errors["when"] = str(exc)
        try:
            values["rrule"] = self.query_one("#repeat", RepeatPicker).value().to_rrule()
        except RuleError as exc:
            errors["repeat"] = str(exc)
        minutes = self._text("minutes")
        values["minutes"] = int(minutes) if minutes.isdigit() else -1
        if_text, then_text = self._text("if_text"), self._text("then_text")
        kept = self.plan.if_then[1:] if self.plan else []  # the form edits the first pair; the others stay
        values["if_then"] = ([{"if": if_text, "then": then_text}] if if_text or then_text else []) + kept
        values["kind"] = self._kind()
        values["routine"] = self._text("routine")
        aim = self._text("aim")
        values["aim_per_week"] = int(aim) if aim.isdigit() and values["kind"] == AS_NEEDED else None
        if aim and not aim.isdigit() and values["kind"] == AS_NEEDED:
            errors["aim"] = "a whole number, like 3, or leave it empty."
        if values["kind"] == AS_NEEDED:
            values.update(start_time=None, rrule=None, until=None)
        if bool(if_text) != bool(then_text):
            errors["if_then"] = "fill in both halves: what might happen, and what you'll do then."
        values["confidence"] = self.query_one("#confidence", RatingSlider).value
        values["supporter_ids"] = list(self.query_one("#supporters", SelectionList).selected)
        values["agreed_in_session"] = self.query_one("#agreed", TickBox).value if self.query("#agreed") else True
        lead = self.query_one("#lead", Select).value
        values["reminder_lead_minutes"] = None if lead == -1 else lead
        return values

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if not self.when_ready(self.action_save):
            return
        for row in self.query(FieldRow):
            row.set_error(None)
        errors: dict[str, str] = {}
        values = self._read(errors)
        plan = None
        if not errors:
            try:
                if self.plan:
                    plan = self.workbook.update_plan(self.plan.changed(**values), base=self.plan)
                elif self.suggestion is not None:
                    plan = self.workbook.accept_suggestion(self.suggestion.id, plan=Plan(
                        exercise_id=self.exercise.id, zone=self.settings.zone, **values), now=self.workbook_app.now())
                else:
                    plan = self.workbook.add_plan(Plan(exercise_id=self.exercise.id, zone=self.settings.zone,
                                                           **values))
            except ValidationError as exc:
                errors[ROWS.get(exc.field, exc.field.split("[")[0])] = exc.message
            except StaleRecordError as exc:
                self._changed_meanwhile(exc.newer)
                return
        if errors:
            for row, message in errors.items():
                found = self.query(f"#row-{row}")
                (found.first(FieldRow) if found else self.query_one("#row-what", FieldRow)).set_error(message)
            self._check_vague()
            self.notify(copy_text("form.needs_another_look"), timeout=4)
            return
        self.draft_saved()
        self.post_message(PlanSaved(plan, created=self.plan is None, from_suggestion=self.suggestion is not None))

    # -- changed meanwhile (another window, or `workbook`) ------------------------------------

    def _my_edits(self) -> dict[str, object]:
        now = form_state(self)
        return {key: value for key, value in now.items() if value != self._opened_state.get(key)}

    def _changed_meanwhile(self, newer: Plan) -> None:
        """Saved elsewhere since this form opened: ask, never write over it (see `StaleDialog`)."""
        assert self.plan is not None
        changed = changed_words(self.plan.to_dict(), newer.to_dict(), PLAN_WORDS)
        if newer.status != self.plan.status:
            changed = [f"it is now {newer.status}" if w == "status" else w for w in changed]
        edits = self._my_edits()

        def chosen(choice: str | None) -> None:
            if choice == KEEP:
                self._reopen(newer, carry=edits, save=True)
            elif choice == FRESH:
                self._reopen(newer, carry=None, save=False)
                self.app.notify(copy_text("form.newer_version"), timeout=5)

        self.app.push_screen(StaleDialog("This plan", changed), chosen)

    def _reopen(self, newer: Plan, *, carry: dict[str, object] | None, save: bool) -> None:
        """This form again, on the newer version (with `carry` edits on top); its draft goes."""
        self._saved = True  # this screen's draft is done with: the new form keeps its own
        self.workbook_app.drafts.pop(self.draft_key, None)
        self.workbook_app.save_drafts()
        self.app.switch_screen(PlanScreen(plan_id=newer.id, carry=carry, save_on_open=save))

    def _set_status(self, status: str) -> bool:
        """Pause, resume or end, only if the plan is still as this form shows it."""
        assert self.plan is not None
        try:
            self.workbook.set_plan_status(self.plan.id, status, base=self.plan)
        except StaleRecordError as exc:
            self._reopen(exc.newer, carry=self._my_edits(), save=False)
            self.app.notify(copy_text("plan.changed_meanwhile", status=exc.newer.status), timeout=10)
            return False
        return True

    # -- someone who could help, added without leaving the plan ------------------------------

    @on(Button.Pressed, "#add-supporter")
    def _add_supporter(self) -> None:
        """The supporter form opens over this one, so what is typed here stays; the person saved
        there comes back ticked, and is stored with this plan when it is saved."""
        from screens.supporter_form import SupporterForm

        self.app.push_screen(SupporterForm(), self._supporter_added)

    def _supporter_added(self, supporter_id: str | None) -> None:
        if not supporter_id:
            return
        person = next((s for s in self.workbook.supporters() if s.id == supporter_id), None)
        if person is None:
            return
        people = self.query_one("#supporters", TickList)
        people.add_option((_person_words(person), person.id, True))
        people.display = True
        self.query_one("#no-supporters").display = False
        self.notify(copy_text("plan.supporter_added", name=person.name), timeout=5)

    @on(Button.Pressed, "#pause")
    def _pause(self) -> None:
        status = "active" if self.plan.status == "paused" else "paused"
        if not self._set_status(status):
            return
        self.draft_saved()
        self.workbook_app.go_home("Plan paused. Pick it up again any time." if status == "paused" else "Plan resumed.")

    @on(Button.Pressed, "#end")
    @work(exit_on_error=False)
    async def _end(self) -> None:
        if await self.app.push_screen_wait(ConfirmDialog(
                "End this plan?", copy_text("plan.end_detail"), yes="End plan", no="Keep it")):
            if not self._set_status("ended"):
                return
            self.draft_saved()
            self.workbook_app.go_home("Plan ended. It stays in your history.")

    def palette_commands(self) -> list[tuple]:
        return [("Save this plan", copy_text("plan.palette.save"), self.action_save)]

    def action_back(self) -> None:
        self.app.pop_screen()


def _person_words(person) -> str:
    return f"{person.name} ({person.relationship})" if person.relationship else person.name
