"""Repeat picker: once / every day / weekdays / chosen days / every N days -> `Repeat`."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Select, Static

from screens.widgets.dropdown import Dropdown
from screens.widgets.form import Entry
from screens.widgets.ticks import TickBox
from workbook.content.copy import text as copy_text
from workbook.core.recurrence import DAY_CODES, DAY_NAMES, RuleError
from workbook.core.repeat_words import Repeat

KINDS = [("Once", "once"), ("Every day", "daily"), ("Weekdays (Mon to Fri)", "weekdays"),
         ("On chosen days", "days"), ("Every few days", "every_n_days")]


class RepeatPicker(Vertical):
    DEFAULT_CSS = """
    RepeatPicker { height: auto; }
    RepeatPicker #repeat-kind { width: 34; }
    RepeatPicker .days, RepeatPicker .every { height: auto; display: none; }
    RepeatPicker.-days .days, RepeatPicker.-every .every { display: block; }
    RepeatPicker .days TickBox { border: none; padding: 0; width: auto; margin-right: 1; }
    RepeatPicker .every Static { width: auto; }
    RepeatPicker .every Entry { width: 6; }
    """

    def __init__(self, repeat: Repeat, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = repeat

    def compose(self) -> ComposeResult:
        r = self._initial
        yield Dropdown(KINDS, value=r.kind if r.kind in dict((v, k) for k, v in KINDS) else "once",
                     allow_blank=False, id="repeat-kind")
        with Horizontal(classes="days"):
            for code, name in zip(DAY_CODES, DAY_NAMES):
                yield TickBox(name, code in r.days, id=f"day-{code}", compact=True)
        with Horizontal(classes="every"):
            yield Static("Every ")
            yield Entry(str(r.every if r.kind == "every_n_days" else 2), id="every", type="integer")
            yield Static(" days")

    def on_mount(self) -> None:
        self._show(self.query_one("#repeat-kind", Select).value)

    @on(Select.Changed, "#repeat-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self._show(event.value)

    def _show(self, kind: object) -> None:
        self.set_class(kind == "days", "-days")
        self.set_class(kind == "every_n_days", "-every")

    def value(self) -> Repeat:
        """The chosen repeat; RuleError (plain message) if it is incomplete."""
        kind = self.query_one("#repeat-kind", Select).value
        days = tuple(c for c in DAY_CODES if self.query_one(f"#day-{c}", TickBox).value)
        every_text = self.query_one("#every", Entry).value.strip()
        if kind == "every_n_days" and not every_text.isdigit():
            raise RuleError(copy_text("repeat.every_needed"))
        repeat = Repeat(str(kind), days=days if kind == "days" else (),
                        every=int(every_text) if kind == "every_n_days" else 1)
        repeat.to_rrule()  # raises RuleError with a plain message
        return repeat

    def set_value(self, repeat: Repeat) -> None:
        self.query_one("#repeat-kind", Select).value = repeat.kind
        for code in DAY_CODES:
            self.query_one(f"#day-{code}", TickBox).value = code in repeat.days
        if repeat.kind == "every_n_days":
            self.query_one("#every", Entry).value = str(repeat.every)
        self._show(repeat.kind)
