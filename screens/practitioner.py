"""From my practitioner: what a session pack brought, and a decision on each plan it suggests.

Each suggested plan is shown with the practitioner's reason. Accept it as it is, adjust it first
(the Plan form, prefilled; saving it accepts it), or decline it with a reason, which goes back to
the practitioner in the next review pack. The call's notes, the answers to saved questions, the
next call and the questionnaires asked for are shown beneath. A pack can be opened from here too.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from screens.access import WorkbookAccess
from screens.dialogs.text_prompt import TextPrompt
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.widgets.chrome import HelpLine, ReadingPane, TitleBar
from screens.widgets.footer import KeysFooter
from screens.words import day_words, exercise_title
from workbook.content.copy import text as copy_text
from workbook.core.errors import WorkbookError
from workbook.core.pack_records import Suggestion
from workbook.core.repeat_words import describe
from workbook.core.times import from_iso, zone
from workbook.core.words import counted

DECISION_WORDS = {"": "○ to decide", "accepted": "✓ accepted", "adjusted": "✓ accepted, adjusted",
                  "declined": "✗ declined"}


class PractitionerScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    CSS_PATH = "practitioner.tcss"
    BINDINGS = [
        Binding("a", "accept", "Accept", id="practitioner.accept", tooltip=copy_text("session_pack.tooltips.accept")),
        Binding("j", "adjust", "Adjust", id="practitioner.adjust",
                tooltip=copy_text("session_pack.tooltips.adjust")),
        Binding("d", "decline", "Decline", id="practitioner.decline",
                tooltip=copy_text("session_pack.tooltips.decline")),
        Binding("o", "open_pack", "Open a pack", id="practitioner.open",
                tooltip=copy_text("session_pack.tooltips.open")),
        Binding("escape", "back", "Back", id="practitioner.back", tooltip=copy_text("session_pack.tooltips.back")),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar("From my practitioner")
        yield HelpLine(copy_text("session_pack.help"))
        yield OptionList(id="suggestions")
        with ReadingPane(id="about", title=copy_text("session_pack.about_title")):
            yield Static("", id="about-text", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.workbook_app.record("screen_viewed", screen="practitioner")

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        workbook = self.workbook
        pack = workbook.last_session_pack()
        listing = self.query_one("#suggestions", OptionList)
        keep = listing.highlighted_option.id if listing.highlighted_option is not None else None
        listing.clear_options()
        self.shown: dict[str, Suggestion] = {}
        if pack is None:
            self.query_one(TitleBar).set_aside("")
            self.query_one("#about-text", Static).update(copy_text("session_pack.none"))
            listing.display = False
            self.query_one("#about", ReadingPane).focus()  # not the hidden list: keys would go nowhere
            return
        self.query_one(TitleBar).set_aside(f"{pack.practitioner}, {day_words(pack.session_date)}")
        listing.display = True
        found = [s for s in workbook.suggestions() if not s.decided or s.pack_id == pack.id]
        found.sort(key=lambda s: s.decided)  # still to decide first
        for number, suggestion in enumerate(found):
            self.shown[suggestion.id] = suggestion
            listing.add_options([None] if number else [])
            listing.add_option(Option(self._prompt(suggestion), id=suggestion.id))
        if not found:
            listing.add_option(Option(Text(copy_text("session_pack.no_plans")), disabled=True))
        ids = [o.id for o in listing.options if not o.disabled]
        if ids:
            listing.highlighted = listing.get_option_index(keep if keep in ids else ids[0])
            listing.focus()
        self.query_one("#about-text", Static).update(self._about(pack))

    def _prompt(self, suggestion: Suggestion) -> Text:
        prompt = Text()
        prompt.append(f"{DECISION_WORDS[suggestion.decision]}  ", style="bold")
        prompt.append(suggestion.what, style="bold")
        try:
            plan = self.workbook.suggestion_plan(suggestion.id)
            when = "when it happens" if plan.as_needed else describe(plan.rrule) + (
                f" at {plan.start_time:%H:%M}" if plan.start_time else ", any time")
            facts = [when, plan.where, f"{plan.minutes} min", exercise_title(self.workbook, plan.exercise_id)]
            prompt.append("\n   " + " · ".join(f for f in facts if f))
        except (WorkbookError, KeyError):
            prompt.append(f"\n   {suggestion.exercise_id}")
        if suggestion.rationale:
            prompt.append(f"\n   Why ({suggestion.practitioner}): {suggestion.rationale}", style="italic")
        if suggestion.decision == "declined":
            prompt.append(f"\n   Your reason: {suggestion.reason}")
        return prompt

    def _about(self, pack) -> str:
        lines = []
        if pack.notes:
            lines += ["What you agreed:", pack.notes, ""]
        if pack.next_call:
            local = from_iso(pack.next_call).astimezone(zone(self.workbook.settings().zone))
            lines.append(f"Next call: {day_words(local.date())}, {local:%H:%M}")
        nudge = self.workbook.questionnaire_nudge(self.workbook_app.now())
        if nudge:
            lines.append(nudge)
        for answer in pack.answers:
            lines += ["", f"You asked: {answer['question']}", f"{pack.practitioner}: {answer['answer']}"]
        return "\n".join(lines).strip()

    # -- deciding ---------------------------------------------------------------------------

    def _selected(self) -> Suggestion | None:
        option = self.query_one("#suggestions", OptionList).highlighted_option
        suggestion = self.shown.get(option.id) if option is not None and option.id else None
        if suggestion is None:
            self.notify(copy_text("session_pack.choose_first" if self.shown else
                                  "session_pack.nothing_to_choose"), timeout=4)
        elif suggestion.decided:
            self.notify(copy_text("session_pack.decided_already", decision=DECISION_WORDS[suggestion.decision]),
                        timeout=4)
            return None
        return suggestion

    def action_accept(self) -> None:
        if suggestion := self._selected():
            plan = self.workbook.accept_suggestion(suggestion.id, now=self.workbook_app.now())
            self.reload()
            self.notify(copy_text("session_pack.accepted", what=plan.what), timeout=5)

    def action_adjust(self) -> None:
        if suggestion := self._selected():
            self.workbook_app.open_plan(suggestion_id=suggestion.id)

    @work(exit_on_error=False)
    async def action_decline(self) -> None:
        suggestion = self._selected()
        if suggestion is None:
            return
        reason = await self.app.push_screen_wait(TextPrompt(
            f"Decline: {suggestion.what}", copy_text("session_pack.decline_prompt"),
            placeholder=copy_text("session_pack.decline_example"), yes="Decline",
            needed=copy_text("session_pack.decline_needs_reason")))
        if reason:
            self.workbook.decline_suggestion(suggestion.id, reason, now=self.workbook_app.now())
            self.reload()
            self.notify(copy_text("session_pack.declined", what=suggestion.what), timeout=5)

    @work(exit_on_error=False)
    async def action_open_pack(self) -> None:
        path = await self.app.push_screen_wait(TextPrompt(
            "Open a session pack", copy_text("session_pack.open_prompt"),
            placeholder="e.g. ~/Downloads/session.toml", yes="Import"))
        if not path:
            return
        from pathlib import Path

        result = self.workbook.import_session_pack(Path(path).expanduser(), now=self.workbook_app.now())
        self.reload()
        if result.new:
            self.notify(copy_text("session_pack.imported", plans=counted(len(result.pending), "plan"),
                                  name=result.pack.practitioner), timeout=6)
        else:
            self.notify(copy_text("session_pack.imported_already"), timeout=6)

    def palette_commands(self) -> list[tuple]:
        return [("Accept the selected suggestion", copy_text("session_pack.palette.accept"), self.action_accept),
                ("Adjust the selected suggestion", copy_text("session_pack.palette.adjust"), self.action_adjust),
                ("Decline the selected suggestion", copy_text("session_pack.palette.decline"), self.action_decline),
                ("Open a session pack", copy_text("session_pack.palette.open"), self.action_open_pack)]

    def action_back(self) -> None:
        self.app.pop_screen()
