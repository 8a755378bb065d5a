"""A reminder that came due while the workbook is open: log now, snooze 30 minutes, or skip.

Shown on Today (never over a form the patient is filling in); elsewhere a quiet
toast says it is waiting there. Choosing is optional: "Not now" just closes it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from workbook.content.copy import text as copy_text

SNOOZE_MINUTES = 30


class ReminderDialog(ModalScreen[str | None]):
    """Returns "log", "snooze", "skip" or None (not now)."""

    CSS_PATH = "reminder_dialog.tcss"
    BINDINGS = [
        Binding("l", "choose('log')", "Log now", id="reminder.log", tooltip=copy_text("reminder.tooltips.log")),
        Binding("z", "choose('snooze')", f"Snooze {SNOOZE_MINUTES} min", id="reminder.snooze",
                tooltip=copy_text("reminder.tooltips.snooze", minutes=SNOOZE_MINUTES)),
        Binding("k", "choose('skip')", "Skip", id="reminder.skip", tooltip=copy_text("reminder.tooltips.skip")),
        Binding("escape", "choose(None)", "Not now", id="reminder.close", tooltip=copy_text("reminder.tooltips.close")),
    ]

    def __init__(self, due) -> None:
        super().__init__()
        self.due = due
        self.can_log = due.kind != "check_in"

    def compose(self) -> ComposeResult:
        with Vertical(id="reminder-box"):
            yield Static(copy_text("reminder.title"), id="reminder-title")
            yield Static(self.due.text, id="reminder-text", markup=False)
            with Horizontal(id="reminder-buttons"):
                if self.can_log:
                    yield Button("Log now (l)", id="log", variant="primary", compact=True)
                yield Button(f"Snooze {SNOOZE_MINUTES} min (z)", id="snooze", compact=True)
                yield Button("Skip (k)", id="skip", compact=True)
                yield Button("Not now (Esc)", id="close", compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters and parameters[0] == "log":
            return self.can_log
        return True

    def on_mount(self) -> None:
        self.query_one("#log" if self.can_log else "#snooze", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(None if event.button.id == "close" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
