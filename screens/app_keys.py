"""What the app's own keys do: the list of keys, Space on a button, colours, Textual's commands."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from workbook.content.copy import text as copy_text

if TYPE_CHECKING:
    from workbook.facade import Workbook


class AppKeys(App[Any]):
    """Mixed into the app (`screens.app.WorkbookApp`), which also provides `workbook`."""

    workbook: Workbook

    def action_keys(self) -> None:
        """The keys of the screen in front, with what each does."""
        from screens.dialogs.keys import KeysDialog, key_lines
        from screens.widgets.chrome import TitleBar

        screen = self.screen
        bars = screen.query(TitleBar)
        title = bars.first().words if bars else type(screen).__name__
        self.push_screen(KeysDialog(key_lines(screen, list(self.BINDINGS)), str(title)))

    def action_press_focused(self) -> None:
        """Space on a button presses it, as Enter does (text boxes and tick boxes keep Space for themselves)."""
        from textual.widgets import Button

        if isinstance(self.focused, Button):
            self.focused.press()

    def action_toggle_contrast(self) -> None:
        self.set_theme("workbook" if self.theme == "high-contrast" else "high-contrast")

    def set_theme(self, name: str) -> None:
        self.theme = name
        self.workbook.update_settings(theme=name)
        from screens.themes import THEME_WORDS

        self.notify(copy_text("settings.colours_now", name=THEME_WORDS.get(name, name)), timeout=3)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, minus its theme picker (ours are in `commands.py`)."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Theme", "Screenshot"):
                yield command
