"""Several lines of text for the forms (TextArea is slow to import, so it lives apart)."""

from __future__ import annotations

from textual.widgets import TextArea


class LongEntry(TextArea):
    """Several lines of text (compact, wraps; Tab moves on)."""

    DEFAULT_CSS = """
    LongEntry { height: 4; background: $panel; }
    LongEntry:focus { background: $panel-lighten-1; }
    """

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(text, soft_wrap=True, tab_behavior="focus", show_line_numbers=False, compact=True,
                         **kwargs)

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "blink", True)
