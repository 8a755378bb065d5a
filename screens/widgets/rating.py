"""A rating slider with its anchor words: ←/→ to move, type a number, Backspace to clear.

Shows the number as well as the marker, so the value never depends on colour.
`None` means "not rated yet" (every rating is optional unless the exercise says so).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from workbook.content.copy import text as copy_text

TYPE_PAUSE = 1.0  # seconds: digits typed within this join into one number


class RatingSlider(Widget, can_focus=True):
    DEFAULT_CSS = """
    RatingSlider { height: 1; padding: 0 1; background: $panel; }
    RatingSlider.-anchors { height: 2; }
    RatingSlider:focus { background: $panel-lighten-1; }
    """
    BINDINGS = [
        Binding("left,minus", "step(-1)", "Less", show=False, id="rating.less"),
        Binding("right,plus,equals_sign", "step(1)", "More", show=False, id="rating.more"),
        Binding("home", "edge(0)", "Lowest", show=False, id="rating.lowest"),
        Binding("end", "edge(1)", "Highest", show=False, id="rating.highest"),
        Binding("backspace,delete", "clear", "Clear", show=False, id="rating.clear"),
    ]

    value: reactive[int | None] = reactive(None)

    @dataclass
    class Changed(Message):
        slider: "RatingSlider"
        value: int | None

        @property
        def control(self) -> "RatingSlider":
            return self.slider

    def __init__(self, lo: int, hi: int, anchors: dict[int, str] | None = None, value: int | None = None,
                 *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.lo, self.hi = lo, hi
        self.anchors = dict(sorted((anchors or {}).items()))
        self.step = 1 if hi - lo <= 20 else 5
        self._typed = ""
        self._typed_at = 0.0
        self.set_reactive(RatingSlider.value, value)
        self.set_class(bool(self.anchors), "-anchors")

    def watch_value(self, value: int | None) -> None:
        self.post_message(self.Changed(self, value))

    def render(self) -> Text:
        width = self._bar_width()
        out = Text()
        if self.value is None:
            out.append("─" * width, style="dim")
            out.append("  " + copy_text("rating.not_rated"), style="italic")
        else:
            at = round((self.value - self.lo) / max(1, self.hi - self.lo) * (width - 1))
            out.append("━" * at, style="bold")
            out.append("●", style="bold reverse")
            out.append("─" * (width - at - 1))
            out.append(f"  {self.value} / {self.hi}", style="bold")
        if self.anchors:
            out.append("\n" + "   ".join(f"{k} = {v}" for k, v in self.anchors.items()), style="italic")
        return out

    def _set(self, value: int | None) -> None:
        self.value = None if value is None else max(self.lo, min(self.hi, value))

    def action_step(self, direction: int) -> None:
        if self.value is None:
            self._set(self.lo if direction > 0 else self.hi)
        else:
            self._set(self.value + direction * self.step)

    def action_edge(self, end: int) -> None:
        self._set(self.hi if end else self.lo)

    def action_clear(self) -> None:
        self._typed = ""
        self._set(None)

    def on_key(self, event: events.Key) -> None:
        if event.character is None or not event.character.isdigit():
            return
        event.stop()
        now = time.monotonic()
        typed = self._typed + event.character if now - self._typed_at < TYPE_PAUSE else event.character
        if int(typed) > self.hi:
            typed = event.character
        self._typed, self._typed_at = typed, now
        self._set(int(typed))

    def on_click(self, event: events.Click) -> None:
        width = self._bar_width()
        x = event.x - 1  # the left padding
        if event.y == 0 and 0 <= x < width:
            self._set(self.lo + round(x / (width - 1) * (self.hi - self.lo)))

    def _bar_width(self) -> int:
        return max(10, self.size.width - 16)
