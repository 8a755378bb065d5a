"""Every key of the screen in front, with what it does: the palette's *Keys* (and `?` on Today)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from workbook.content.copy import text as copy_text


def key_lines(screen: Screen, app_bindings: list[Binding]) -> list[tuple[str, str]]:
    """(key, what it does) for the screen's own bindings, then the app-wide ones, each once."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for binding in [*screen.BINDINGS, *app_bindings]:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        key = binding.key_display or binding.key.replace("ctrl+", "Ctrl+").replace("escape", "Esc")
        if key in seen:
            continue
        seen.add(key)
        found.append((key, binding.tooltip or binding.description))
    return found


class KeysDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    KeysDialog { align: center middle; }
    KeysDialog > Vertical { width: 76; max-width: 95%; height: auto; max-height: 90%; padding: 1 2;
                            background: $panel; border: round $primary; }
    KeysDialog .title { text-style: bold; margin-bottom: 1; }
    KeysDialog VerticalScroll { height: auto; max-height: 18; }
    """
    BINDINGS = [Binding("escape", "dismiss", "Close", id="keys.close", tooltip=copy_text("keys_dialog.tooltips.close")),
                Binding("question_mark", "dismiss", "Close", show=False, id="keys.close_alt")]

    def __init__(self, lines: list[tuple[str, str]], title: str) -> None:
        super().__init__()
        self.lines, self.title_words = lines, title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(copy_text("keys_dialog.title", screen=self.title_words), classes="title", markup=False)
            with VerticalScroll():
                yield Static("\n".join(f"{key:<10} {words}" for key, words in self.lines), markup=False)
            yield Static(copy_text("keys_dialog.close_hint"), markup=False)
