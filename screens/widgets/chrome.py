"""The title and help line every screen starts with, and the scrolling body of a form."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static


class TitleBar(Horizontal):
    """'Workbook · <title>' on the left, an optional note (e.g. the next call) on the right."""

    DEFAULT_CSS = """
    TitleBar { height: 1; background: $panel; padding: 0 1; }
    TitleBar > #title { width: 1fr; text-style: bold; }
    TitleBar > #aside { width: auto; }
    """

    def __init__(self, title: str, aside: str = "") -> None:
        super().__init__()
        self._title = title
        self._aside = aside

    @property
    def words(self) -> str:
        """The screen's title, as shown."""
        return self._title

    def compose(self) -> ComposeResult:
        yield Static(f"Workbook · {self._title}", id="title", markup=False)
        yield Static(self._aside, id="aside", markup=False)

    def set_aside(self, text: str) -> None:
        self.query_one("#aside", Static).update(text)


class HelpLine(Static):
    """One line saying what the screen is for."""

    DEFAULT_CSS = """
    HelpLine { color: $text-muted; padding: 0 1; height: auto; }
    """

    def __init__(self, text: str, **kwargs) -> None:
        super().__init__(text, markup=False, **kwargs)


class FormScroll(VerticalScroll, can_focus=False):
    """A scrolling form whose controls take the focus, never the scroll area itself.

    A focusable scroll area is a Tab stop nobody can see, and giving it the focus first
    restyles the whole form (a screen opens slower)."""


class ReadingPane(VerticalScroll):
    """Text to read that may be longer than the screen: a Tab stop of its own (arrows and Page Down
    scroll it), named by its title and marked when it has the focus."""

    DEFAULT_CSS = """
    ReadingPane { border-top: solid $panel-lighten-2; border-title-align: left; border-title-color: $text-muted; }
    ReadingPane:focus { border-top: solid $accent; border-title-color: $text; border-title-style: bold; }
    """

    def __init__(self, *children, title: str, **kwargs) -> None:
        super().__init__(*children, **kwargs)
        self.border_title = title
