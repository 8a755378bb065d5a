"""One exercise field, rendered from its definition (`workbook.content.fields.Field`).

The control depends on the kind; `raw()` gives what the patient entered, in the form
`workbook.content.exercises.validate_values` expects, and messages from it show on the row.
"""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Select, SelectionList

from screens.widgets.dropdown import Dropdown
from screens.widgets.form import Entry, FieldRow
from screens.widgets.long_entry import LongEntry
from screens.widgets.rating import RatingSlider
from screens.widgets.ticks import TickList
from workbook.content.copy import text as copy_text

PLACEHOLDERS = {"time": copy_text("fields.time_example"), "minutes": copy_text("fields.minutes_example"),
                "number": copy_text("fields.number_example")}


def example(field) -> str:
    """The field's own example answer, as the Plan form shows its exercise's: 'e.g. ...'."""
    return copy_text("fields.example", example=field.placeholder) if field.placeholder else ""


def make_control(field, value: object = None) -> Widget:
    control_id = f"f-{field.id}"
    kind = field.kind
    if kind == "rating":
        return RatingSlider(field.min if field.min is not None else 0, field.max if field.max is not None else 10,
                            field.anchors, value if isinstance(value, int) else None, id=control_id)
    if kind == "long_text":
        return LongEntry(str(value or ""), id=control_id, placeholder=example(field))
    if kind == "choice":
        return Dropdown([(o, o) for o in field.options], prompt="Choose one", id=control_id,
                      value=value if value in field.options else Select.NULL)
    if kind == "choices":
        chosen = set(value or ())
        return TickList(*[(o, o, o in chosen) for o in field.options], id=control_id, compact=True)
    if kind == "yes_no":
        current = {True: "yes", False: "no"}.get(value, Select.NULL)  # type: ignore[arg-type]
        return Dropdown([("Yes", "yes"), ("No", "no")], prompt="Choose", id=control_id, value=current)
    input_type = {"number": "number", "minutes": "integer"}.get(kind, "text")
    return Entry("" if value is None else str(value), id=control_id, type=input_type,
                 placeholder=example(field) or PLACEHOLDERS.get(kind, ""))


class ExerciseField(FieldRow):
    """A labelled control for one field of the exercise, with its help and inline message."""

    DEFAULT_CSS = """
    ExerciseField SelectionList { height: auto; max-height: 8; }
    ExerciseField Select { width: 40; }
    """

    def __init__(self, field, value: object = None) -> None:
        label = field.label
        if field.kind == "number" and field.unit and field.unit.lower() not in label.lower().split():
            label += f" ({field.unit})"  # "How many times did you wake?" already says its unit
        if field.required:
            label += "  " + copy_text("fields.needed_when_done")
        super().__init__(label, make_control(field, value), help=field.help, id=f"row-{field.id}")
        self.field = field

    @property
    def control(self) -> Widget:
        return self.query_one(f"#f-{self.field.id}")

    def raw(self) -> object:
        control = self.control
        if isinstance(control, RatingSlider):
            return control.value
        if isinstance(control, LongEntry):
            return control.text
        if isinstance(control, Entry):
            return control.value
        if isinstance(control, Select):
            return None if control.is_blank() else control.value
        if isinstance(control, SelectionList):
            return list(control.selected)
        return None
