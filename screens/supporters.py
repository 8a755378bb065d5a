"""Supporters: the people who help, what they help with, and a message asking for help.

Workbook never contacts anyone: a message is something the patient copies or
saves, and sends themselves.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from screens.access import WorkbookAccess
from screens.dialogs.confirm import ConfirmDialog
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.widgets.chrome import HelpLine, ReadingPane, TitleBar
from screens.widgets.footer import KeysFooter
from workbook.content.copy import text as copy_text
from workbook.core.model import SUPPORT_WAY_WORDS
from workbook.core.repeat_words import describe
from workbook.planning.asking import when_words


class SupportersScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    CSS_PATH = "supporters.tcss"
    BINDINGS = [
        Binding("a", "add", "Add", id="supporters.add", tooltip=copy_text("supporters.tooltips.add")),
        Binding("e", "edit", "Edit", id="supporters.edit",
                tooltip=copy_text("supporters.tooltips.edit")),
        Binding("m", "message", "Message", id="supporters.message",
                tooltip=copy_text("supporters.tooltips.message")),
        Binding("d", "remove", "Remove", id="supporters.remove", tooltip=copy_text("supporters.tooltips.remove")),
        Binding("escape", "back", "Back", id="supporters.back", tooltip=copy_text("supporters.tooltips.back")),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar("People who help")
        yield HelpLine(copy_text("supporters.help"))
        with Vertical(id="empty"):
            yield Static(copy_text("supporters.intro"), markup=False)
            yield Button("Add someone  (a)", id="add", variant="primary")
        with Horizontal(id="main"):
            yield OptionList(id="people")
            with ReadingPane(id="detail", title=copy_text("supporters.detail_title")):
                yield Static(id="about")
                with Horizontal(classes="buttons"):
                    yield Button("Edit  (e)", id="edit", compact=True)
                    yield Button("Message  (m)", id="message", variant="primary", compact=True)
                    yield Button("Remove  (d)", id="remove", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.reload()
        self.workbook_app.record("screen_viewed", screen="supporters")

    def reload(self, select: str | None = None) -> None:
        people = self.workbook.supporters()
        has = bool(people)
        self.query_one("#empty").display = not has
        self.query_one("#main").display = has
        listing = self.query_one("#people", OptionList)
        keep = select or (listing.highlighted_option.id if listing.highlighted_option else None)
        listing.clear_options()
        for person in people:
            label = Text(person.name, style="bold")
            if person.relationship:
                label.append(f"\n{person.relationship}", style="italic")
            listing.add_option(Option(label, id=person.id))
        if has:
            ids = [p.id for p in people]
            listing.highlighted = ids.index(keep) if keep in ids else 0
            listing.focus()
            self._show()
        else:
            self.query_one("#add", Button).focus()

    def palette_commands(self) -> list[tuple]:
        found = [("Add someone who helps", copy_text("supporters.palette.add"), self.action_add)]
        if self.chosen is not None:
            found.append(("Write a message asking for help", copy_text("supporters.palette.message"),
                          self.action_message))
        return found

    @property
    def chosen(self) -> str | None:
        option = self.query_one("#people", OptionList).highlighted_option
        return option.id if option is not None else None

    @on(OptionList.OptionHighlighted, "#people")
    def _show(self) -> None:
        if self.chosen is None:
            return
        workbook = self.workbook
        person = next(s for s in workbook.supporters() if s.id == self.chosen)
        body = Text()
        body.append(person.name, style="bold")
        if person.relationship:
            body.append(f", {person.relationship}")
        body.append("\n\n" + copy_text("supporters.how_heading") + "\n", style="bold underline")
        ways = [SUPPORT_WAY_WORDS[w].capitalize() for w in person.how if w in SUPPORT_WAY_WORDS]
        body.append("\n".join(f"• {w}" for w in ways) if ways else copy_text("supporters.how_none"))
        body.append("\n\n" + copy_text("supporters.contact_heading") + "\n", style="bold underline")
        body.append(person.contact or copy_text("supporters.contact_none"))
        body.append("\n\n" + copy_text("supporters.plans_heading") + "\n", style="bold underline")
        plans = workbook.plans_for_supporter(person.id)
        body.append("\n".join(f"• {p.what} ({when_words(p)})" for p in plans) if plans
                    else copy_text("supporters.plans_none"))
        body.append("\n\n" + copy_text("supporters.check_in_heading") + "\n", style="bold underline")
        if person.check_in_rrule and person.check_in_time:
            body.append(f"{describe(person.check_in_rrule).capitalize()} at {person.check_in_time:%H:%M}")
        else:
            body.append(copy_text("supporters.check_in_none"))
        self.query_one("#about", Static).update(body)

    @on(OptionList.OptionSelected, "#people")
    @on(Button.Pressed, "#edit")
    def action_edit(self) -> None:
        if self._need_choice():
            self._open_form(self.chosen)

    @on(Button.Pressed, "#add")
    def action_add(self) -> None:
        self._open_form(None)

    def _open_form(self, supporter_id: str | None) -> None:
        from screens.supporter_form import SupporterForm

        self.app.push_screen(SupporterForm(supporter_id), self._after_form)

    def _after_form(self, saved_id: str | None) -> None:
        self.reload(select=saved_id)
        if saved_id:
            self.notify(copy_text("supporters.saved"), timeout=3)

    @on(Button.Pressed, "#message")
    def action_message(self) -> None:
        if self._need_choice():
            from screens.ask_message import AskMessageScreen

            self.app.push_screen(AskMessageScreen(self.chosen))

    @on(Button.Pressed, "#remove")
    def action_remove(self) -> None:
        if not self._need_choice():
            return
        supporter_id = self.chosen
        person = next(s for s in self.workbook.supporters() if s.id == supporter_id)

        def answer(yes: bool | None) -> None:
            if yes:
                self.workbook.remove_supporter(supporter_id)
                self.reload()
                self.notify(copy_text("supporters.removed", name=person.name), timeout=3)

        self.app.push_screen(ConfirmDialog(
            copy_text("supporters.remove_question", name=person.name), copy_text("supporters.remove_detail"),
            yes="Remove", no="Keep"), answer)

    def _need_choice(self) -> bool:
        if self.chosen is None:
            self.notify(copy_text("supporters.choose_first"), timeout=3)
            return False
        return True

    def action_back(self) -> None:
        self.app.pop_screen()
