"""Notices (toasts) that never hide help: none while Support is on screen, none carried to the next screen.

A toast sits over the bottom right of the screen, where the Support screen's contacts are. So
while Support is showing a notice is not shown at all (each one is about something that can
wait, and what it says is still on its own screen), and every notice is cleared when a full
screen opens or closes, so one screen's notices never cover the next. Dialogs (modal screens)
keep the notices of the screen under them.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import ModalScreen, Screen


def _is_support(screen: object) -> bool:
    from screens.support import SupportScreen

    return isinstance(screen, SupportScreen)


class QuietNotices(App[int]):
    """The app's notices, kept off the Support screen and out of the next screen."""

    def notify(self, message: str, *, title: str = "", severity: Any = "information", timeout: float | None = None,
               markup: bool = True) -> None:
        if self.screen_stack and _is_support(self.screen):
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _leaving(self, screen: object) -> None:
        if isinstance(screen, Screen) and not isinstance(screen, ModalScreen):
            self.clear_notifications()

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        self._leaving(screen)
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> Any:
        self._leaving(screen)
        return super().switch_screen(screen)

    def pop_screen(self) -> Any:
        if self.screen_stack:
            self._leaving(self.screen)
        return super().pop_screen()
