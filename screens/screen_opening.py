"""One place that knows a screen is opening (a push or a switch), for the app's mixins that act then.

Holding early keys and pausing the garbage collector both start when a new screen is pushed or
switched to; each overrides `screen_opening` (calling `super()`), so the app overrides Textual's
push and switch once.
"""

from __future__ import annotations

from typing import Any

from textual.app import App


class NoticesScreenOpening(App[Any]):
    """Calls `screen_opening()` after every push or switch, with the new screen in front."""

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        result = super().push_screen(*args, **kwargs)
        self.screen_opening()
        return result

    def switch_screen(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        result = super().switch_screen(*args, **kwargs)
        self.screen_opening()
        return result

    def screen_opening(self) -> None:
        """A new screen is in front and has not painted yet."""
