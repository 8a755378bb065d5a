"""Exercise library: the exercises by technique, each with why it helps, how, and an example."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from screens.access import WorkbookAccess
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.widgets.chrome import HelpLine, ReadingPane, TitleBar
from screens.widgets.footer import KeysFooter
from workbook.content.copy import text as copy_text
from workbook.core.words import counted

DETAIL_DELAY = 0.06  # seconds after the last arrow press before the description is drawn


class LibraryScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    CSS_PATH = "library.tcss"
    BINDINGS = [
        Binding("p", "plan", "Plan this", id="library.plan", tooltip=copy_text("library.tooltips.plan")),
        Binding("escape", "back", "Back", id="library.back", tooltip=copy_text("library.tooltips.back")),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar("Exercise library")
        yield HelpLine(copy_text("library.help"))
        with Horizontal():
            yield OptionList(*self._options(), id="exercises")
            with ReadingPane(id="detail", title=copy_text("library.detail_title")):
                yield Static(id="about")
                yield Button("Plan this exercise  (p)", id="plan-it", variant="primary")
        yield KeysFooter()

    def _options(self) -> list[Option]:
        options: list[Option] = []
        for technique, exercises in self.workbook.offered_by_technique().items():
            options.append(Option(Text(technique.capitalize(), style="bold underline"), disabled=True))
            options += [Option(f"  {e.title}", id=e.id) for e in exercises]
        return options

    def on_mount(self) -> None:
        exercises = self.query_one("#exercises", OptionList)
        exercises.focus()
        first = next((i for i, o in enumerate(exercises.options) if not o.disabled), None)
        exercises.highlighted = first
        self.workbook_app.record("screen_viewed", screen="library")

    @property
    def chosen(self) -> str | None:
        option = self.query_one("#exercises", OptionList).highlighted_option
        return option.id if option is not None else None

    @on(OptionList.OptionHighlighted, "#exercises")
    def _highlighted(self) -> None:
        """Arrow presses move the highlight at once; the description follows when they pause (a
        burst of presses draws only the last one's, so it never falls behind)."""
        timer = getattr(self, "_detail_timer", None)
        if timer is not None:
            timer.stop()
        self._detail_timer = self.set_timer(DETAIL_DELAY, self._show)

    def _show(self) -> None:
        self._detail_timer = None
        if self.chosen is None:
            return
        e = self.workbook.exercises.get(self.chosen)
        body = Text()
        body.append(f"{e.title}\n", style="bold")
        body.append(f"{e.summary}\n\n")
        body.append(copy_text("library.why_heading") + "\n", style="bold underline")
        body.append(f"{e.why.strip()}\n\n")
        body.append(copy_text("library.how_heading") + "\n", style="bold underline")
        for number, step in enumerate(e.steps, 1):
            body.append(f"{number}. {step}\n")
        body.append("\n" + copy_text("library.example_heading") + "\n", style="bold underline")
        body.append(f"{e.example.strip()}\n\n")
        body.append(copy_text("library.usual_minutes", minutes=counted(e.default_minutes, "minute")), style="italic")
        self.query_one("#about", Static).update(body)
        self.query_one("#detail", ReadingPane).scroll_home(animate=False)

    @on(OptionList.OptionSelected, "#exercises")
    @on(Button.Pressed, "#plan-it")
    def action_plan(self) -> None:
        if self.chosen is not None:
            self.workbook_app.open_plan(exercise_id=self.chosen)

    def action_back(self) -> None:
        self.app.pop_screen()
