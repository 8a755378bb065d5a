"""A long form paints its first screenful at once; the rows under it are mounted just after.

Opening a form is mostly Textual's own work for each widget (styling, layout), and rows nobody
can see yet need not hold up the first paint. `RestOfForm` mounts a screen's `rest_of_form()`
at the end of its `#form` as soon as that paint is out, so the focus, the Tab order and the
screen it settles on are as if the whole form had been composed at once; `form_complete()` then
runs (where a form reads its opening state, for its draft). Until then `form_ready` is False and
a handler that needs the later rows waits for it (see `when_ready`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from textual.widget import Widget


class RestOfForm(Screen[Any]):
    """Mixed into a form screen whose rows under the first screenful come just after its first paint."""

    form_ready = False

    def rest_of_form(self) -> list[Widget]:
        """The rows that follow the composed ones, in order (built as the first paint goes out)."""
        return []

    def form_complete(self) -> None:
        """The whole form is mounted."""

    def mount_rest_after_paint(self) -> None:
        """Called from `on_mount`."""
        self.call_after_refresh(self._mount_rest)

    async def _mount_rest(self) -> None:
        rest = self.rest_of_form()
        if rest:
            await self.query_one("#form").mount_all(rest)
        self.form_ready = True
        self.form_complete()

    def when_ready(self, then: Callable[[], object]) -> bool:
        """True if the whole form is here; else `then` runs once it is (a key pressed a moment too soon)."""
        if self.form_ready:
            return True

        def again() -> None:
            if self.when_ready(then):
                then()

        self.call_after_refresh(again)
        return False
