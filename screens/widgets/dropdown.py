"""A compact drop-down (Textual's Select) whose parts are made already styled as they will show.

Select makes its list compact, and marks its label as holding a value, only once it is mounted:
each of those restyles that part of the form again, list and all (on the Plan form, with three
drop-downs, about a tenth of opening it). `Dropdown` makes its parts so from the start.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay  # Select's parts (Textual exports only Select)


class Dropdown(Select[Any]):
    """A compact Select: its list compact and, with a value to show, its label marked as one from the start."""

    def __init__(self, options: Iterable[tuple[Any, Any]], *, value: Any = Select.NULL, allow_blank: bool = True,
                 **kwargs: Any) -> None:
        options = list(options)
        super().__init__(options, value=value, allow_blank=allow_blank, compact=True, **kwargs)
        self._shows_value = value is not Select.NULL or (not allow_blank and bool(options))

    def compose(self) -> ComposeResult:
        for part in super().compose():
            if isinstance(part, SelectOverlay):
                part.set_reactive(SelectOverlay.compact, True)
                part.add_class("-textual-compact", update=False)
            elif isinstance(part, SelectCurrent) and self._shows_value:
                part.set_reactive(SelectCurrent.has_value, True)
                part.add_class("-has-value", update=False)
            yield part
