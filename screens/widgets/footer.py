"""The footer every screen shows, and Today's, which fits in as many keys as the width allows.

Textual's Footer builds its keys again whenever the bindings might have changed (each focus
change, as a form opens) and restyles each key as it mounts. `KeysFooter` builds them only when
what it shows has changed, already styled as compact keys: a screen opens faster.

Today's `FittingFooter` is given binding ids in priority order and shows as many of them as
fit, whole, recomposing when the terminal is resized (Textual's cuts off what runs past the edge).
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # Footer's own key widget (Textual exports only Footer)

PALETTE_WIDTH = 12  # "▏^p palette" docked on the right, and a cell of breathing room


def key_width(key_display: str, description: str) -> int:
    """Cells one compact footer key takes: its key, a space, its words, then a margin of one."""
    return len(key_display) + 1 + len(description) + 1


def fitting(keys: list[tuple[str, str]], width: int) -> list[int]:
    """Which of `keys` (key shown, description), taken in order, fit in `width` cells (their indexes).

    A key that does not fit is left out and the next, shorter one may still fit."""
    chosen, used = [], 0
    for index, (key, words) in enumerate(keys):
        cells = key_width(key, words)
        if used + cells <= width:
            chosen.append(index)
            used += cells
    return chosen


def _key(binding: Binding, display: str, enabled: bool, tooltip: str, classes: str = "") -> FooterKey:
    key = FooterKey(binding.key, display, binding.description, binding.action, disabled=not enabled, tooltip=tooltip,
                    classes=f"-compact {classes}".strip())
    key.set_reactive(FooterKey.compact, True)
    return key


class KeysFooter(Footer):
    """The screen's keys marked `show`, then the palette's, built again only when they change."""

    def __init__(self, **kwargs) -> None:
        super().__init__(compact=True, **kwargs)
        self._shown: tuple = ()

    def shown(self, width: int) -> list[Binding]:
        """The bindings marked `show`, one per action (as Textual's Footer shows them), Support first,
        as many as fit `width` whole (the palette's *Keys* lists them all)."""
        seen: dict[str, Binding] = {}
        for (_, binding, _, _) in self.screen.active_bindings.values():
            if binding.show:
                seen.setdefault(binding.action, binding)
        order = list(seen.values())
        ranked = sorted(order, key=lambda b: b.id != "app.support")
        keys = [(self.app.get_key_display(b), b.description) for b in ranked]
        kept = {id(ranked[i]) for i in fitting(keys, width - PALETTE_WIDTH)}
        return [b for b in order if id(b) in kept]  # in the screen's own order

    def _signature(self) -> tuple:
        active = {id(b): (enabled, tooltip) for (_, b, enabled, tooltip) in self.screen.active_bindings.values()}
        return (self.app.size.width, *((b.key, b.description, active.get(id(b))) for b in self.shown(self.app.size.width)))

    def bindings_changed(self, screen) -> None:
        if self._shown and self.is_attached and screen is self.screen and self._signature() == self._shown:
            self._bindings_ready = True
            return  # the same keys as shown: nothing to build
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        # Built with the screen's first paint, from the keys known then: Textual's Footer waits for the
        # bindings to settle, so a new screen would paint without keys, then build and paint them again.
        self._shown = self._signature()
        active = {id(b): (enabled, tooltip) for (_, b, enabled, tooltip) in self.screen.active_bindings.values()}
        for binding in self.shown(self.app.size.width):
            enabled, tooltip = active[id(binding)]
            yield _key(binding, self.app.get_key_display(binding), enabled, tooltip)
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and palette is not None:
            _, binding, enabled, tooltip = palette
            yield _key(binding, self.app.get_key_display(binding), enabled, binding.tooltip or binding.description,
                       "-command-palette")

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and self._signature() != self._shown:
            self.call_after_refresh(self.recompose)


class FittingFooter(KeysFooter):
    def __init__(self, priority: tuple[str, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.priority = priority

    def shown(self, width: int) -> list[Binding]:
        """The bindings shown at `width` columns, in priority order."""
        by_id = {b.id: b for (_, b, _, _) in self.screen.active_bindings.values() if b.id}
        ranked = [by_id[i] for i in self.priority if i in by_id and by_id[i].description]
        keys = [(self.app.get_key_display(b), b.description) for b in ranked]
        return [ranked[i] for i in fitting(keys, width - PALETTE_WIDTH)]
