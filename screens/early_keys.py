"""Keys pressed before the screen in front had appeared go nowhere, rather than into the new form.

A fast second `e` on Today, pressed while the Plan form is opening, would otherwise be typed
into the form that just appeared (and, with its text selected, replace the plan's words).
Textual stamps every event with the moment it arrived (`Message.time`); a key stamped before
the screen in front was shown was meant for the screen before it, and is dropped.

The other way round, keys already received when the app is told to close (a browser tab shut
straight after typing) still reach the field they were typed into before the drafts are kept.
"""

from __future__ import annotations

from typing import Any

from textual import events

from screens import textual_internals
from screens.screen_opening import NoticesScreenOpening


class HoldsEarlyKeys(NoticesScreenOpening):
    """Mixed into the app: every push or switch holds keys until the new screen has been shown."""

    _keys_from: float = 0.0  # keys stamped earlier than this are dropped

    def screen_opening(self) -> None:
        super().screen_opening()
        self._hold_keys_until_shown()

    async def _on_exit_app(self) -> None:
        await textual_internals.let_typed_keys_land(self)
        await super()._on_exit_app()

    def pop_screen(self) -> Any:
        result = super().pop_screen()
        self._keys_from = 0.0  # the screen below is ready for what was typed meanwhile
        return result

    def _hold_keys_until_shown(self) -> None:
        """A screen is opening: keys pressed before it shows were meant for the one before it.

        Sent on, they would land in the new form (a second `e` typed into the plan's words);
        they are dropped instead. Going back (a pop) needs no hold: the screen below is ready.
        """
        screen = self.screen
        self._keys_from = float("inf")

        def shown() -> None:
            if self.screen is screen:
                self._keys_from = textual_internals.event_clock()

        screen.call_after_refresh(shown)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and event.time < self._keys_from:
            return  # pressed before the screen in front appeared (see `_hold_keys_until_shown`)
        await super().on_event(event)
