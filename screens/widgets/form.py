"""Form pieces the screens share: a labelled row with an inline message, calm inputs.

`Entry` and `LongEntry` follow the app's `blink` setting (snapshots turn blinking off).
`LongEntry` lives in `long_entry.py` (TextArea is slow to import); it is still importable from here.
A row shows at most one message under its control: a validation message (`set_error`)
or a gentle, never-blocking note (`set_note`). Neither relies on colour alone.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Static

from workbook.content.copy import text as copy_text


class Entry(Input):
    """A one-line input (compact, so forms fit 80x24)."""

    DEFAULT_CSS = """
    Entry { background: $panel; margin: 0 0 0 0; }
    Entry:focus { background: $panel-lighten-1; }
    """

    def __init__(self, value: str = "", **kwargs) -> None:
        super().__init__(value, compact=True, **kwargs)

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "blink", True)


class FieldRow(Vertical):
    """Label, optional help, the control(s), then a message line (hidden when empty)."""

    DEFAULT_CSS = """
    FieldRow { height: auto; }
    FieldRow > .row-label { text-style: bold; margin-top: 1; }
    FieldRow > .row-help { color: $text-muted; }
    FieldRow > .row-message { display: none; padding-left: 2; }
    FieldRow.-error > .row-message { display: block; color: $text-warning; text-style: bold; }
    FieldRow.-note > .row-message { display: block; color: $text-muted; text-style: italic; }
    """

    def __init__(self, label: str, *controls: Widget, help: str | None = None, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._label = label
        self._help = help
        self._controls = controls

    def compose(self) -> ComposeResult:
        yield Static(self._label, classes="row-label", markup=False)
        if self._help:
            yield Static(self._help, classes="row-help", markup=False)
        yield from self._controls
        # The message line is made when there is first a message: forms open with a widget less a row.

    @property
    def message(self) -> str:
        found = self.query(".row-message")
        return str(found.first(Static).content) if self.has_message and found else ""

    @property
    def has_message(self) -> bool:
        return self.has_class("-error") or self.has_class("-note")

    def set_error(self, message: str | None) -> None:
        self._show(error_words(message) if message else None, "-error")

    def set_note(self, message: str | None) -> None:
        if self.has_class("-error"):
            return
        self._show(copy_text("form.note", note=message) if message else None, "-note")

    def _show(self, text: str | None, kind: str) -> None:
        self.remove_class("-error", "-note")
        found = self.query(".row-message")
        if found:
            found.first(Static).update(text or "")
        elif text:
            self.mount(Static(text, classes="row-message", markup=False))
        if text:
            self.add_class(kind)


def error_words(message: str) -> str:
    """'Please check: this one is needed.' A message that already asks ('Please give a number...')
    is shown as it is, so a row never reads 'Please check: Please give...'."""
    if message.lower().startswith("please"):
        return message
    if message[:1].isupper() and message[1:2].islower():  # 'This one...', never 'PHQ-9...'
        message = message[0].lower() + message[1:]
    return copy_text("form.please_check", problem=message)


def save_settings_form(screen: Widget, changes: dict[str, object], errors: dict[str, str],
                       row_for: dict[str, str], fallback_row: str | None = None) -> bool:
    """Save settings read from a form (Welcome, Settings); mark each problem on its row.

    `errors` holds what the form itself could not read; the engine's own rules are
    added to it (`Workbook.try_update_settings`). Returns True when the settings were saved.
    """
    for row in screen.query(FieldRow):
        row.set_error(None)
    if not errors:
        errors.update(screen.app.workbook.try_update_settings(changes))  # type: ignore[attr-defined]
    for field, message in errors.items():
        screen.query_one(f"#row-{row_for.get(field, fallback_row or field)}", FieldRow).set_error(message)
    return not errors


def only_changed(changes: dict[str, object], errors: dict[str, str], opened: dict[str, object],
                 now: dict[str, object], controls: dict[str, tuple[str, ...]]) -> dict[str, object]:
    """The settings whose controls the person changed since the form opened (and only their problems).

    Settings are saved field by field (`Workbook.update_settings`), so a form that passes only
    its person's changes never puts back a value another window or `workbook` saved meanwhile.
    `controls` names the controls a setting is read from (default: the control with its name);
    a setting with none on the form (such as Welcome's `welcome_done`) is always kept.
    """
    def touched(field: str) -> bool:
        ids = [c for c in controls.get(field, (field,)) if c in now]
        return not ids or any(now[c] != opened.get(c) for c in ids)

    for field in [f for f in errors if not touched(f)]:
        del errors[field]
    return {field: value for field, value in changes.items() if touched(field)}


def form_state(root: Widget) -> dict[str, object]:
    """The values of every control with an id under `root` (for drafts)."""
    from textual.widgets import Select, SelectionList, TextArea
    from textual.widgets._toggle_button import ToggleButton

    from screens.widgets.rating import RatingSlider

    state: dict[str, object] = {}
    for widget in root.query("*"):
        if not widget.id:
            continue
        if isinstance(widget, Input):
            state[widget.id] = widget.value
        elif isinstance(widget, TextArea):
            state[widget.id] = widget.text
        elif isinstance(widget, ToggleButton):
            state[widget.id] = widget.value
        elif isinstance(widget, Select):
            state[widget.id] = None if widget.value is Select.NULL else widget.value  # JSON-safe
        elif isinstance(widget, SelectionList):
            state[widget.id] = list(widget.selected)
        elif isinstance(widget, RatingSlider):
            state[widget.id] = widget.value
    return state


def restore_form(root: Widget, state: dict[str, object]) -> None:
    """Put values saved by `form_state` back (controls that no longer exist are skipped)."""
    from textual.widgets import Select, SelectionList, TextArea
    from textual.widgets._toggle_button import ToggleButton

    from screens.widgets.rating import RatingSlider

    for widget in root.query("*"):
        if widget.id not in state:
            continue
        value = state[widget.id]
        if isinstance(widget, Input):
            widget.value = str(value)
        elif isinstance(widget, TextArea):
            widget.text = str(value)
        elif isinstance(widget, ToggleButton):
            widget.value = bool(value)
        elif isinstance(widget, Select):
            try:
                widget.clear() if value is None else setattr(widget, "value", value)
            except Exception:  # noqa: BLE001 - an option that no longer exists: keep the form's own value
                pass
        elif isinstance(widget, SelectionList):
            widget.deselect_all()
            for item in value:  # type: ignore[union-attr]
                widget.select(item)
        elif isinstance(widget, RatingSlider):
            widget.value = value  # type: ignore[assignment]


def __getattr__(name: str):
    if name == "LongEntry":  # imported on first use only
        from screens.widgets.long_entry import LongEntry

        return LongEntry
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
