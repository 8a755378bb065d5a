"""The title and help line every screen starts with."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
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
