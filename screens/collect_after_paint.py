"""The garbage collector waits while a screen opens, and catches up once it has painted.

Opening a form makes a hundred thousand objects or so (widgets, styles, lines of text), which
sets off the collector's passes in the middle of it; on a long history one full pass took tens of
milliseconds between the key and the paint. Paused from the push until the new screen has painted,
the same work is done just after, while the person reads (at most `PAUSE_SECONDS` later).
"""

from __future__ import annotations

import gc

from screens.screen_opening import NoticesScreenOpening

PAUSE_SECONDS = 0.5  # the collector runs again by then, painted or not


class CollectsAfterPaint(NoticesScreenOpening):
    """Mixed into the app: each push or switch pauses the garbage collector until the screen has painted."""

    def screen_opening(self) -> None:
        super().screen_opening()
        if not gc.isenabled():
            return  # already paused (a screen opening over one still opening), or paused by someone else
        gc.disable()
        self.screen.call_after_refresh(gc.enable)
        self.set_timer(PAUSE_SECONDS, gc.enable)
