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


class GrowingEntry(LongEntry):
    """One answer that wraps and grows as it is typed (up to four lines), so all of it stays in view;
    Enter moves on rather than starting a new line."""

    DEFAULT_CSS = """
    GrowingEntry { height: auto; min-height: 1; max-height: 4; }
    """

    async def _on_key(self, event) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.screen.focus_next()
            return
        await super()._on_key(event)

    @property
    def value(self) -> str:
        """The answer as one line (what an Input would hold)."""
        return " ".join(self.text.split())
