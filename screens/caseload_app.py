"""The practitioner's caseload app: `workbook caseload DIR`, over a folder of review packs.

A separate App from the patient's workbook: no Today, no reminders, no welcome. It carries
the practitioner's own façade (their settings: zone, theme, the remembered identity file)
and the clock, which is all the caseload screens ask of it (`screens.access.AppServices`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding

from screens import kindly, textual_internals
from screens.caseload import CaseloadScreen
from screens.first_paint import report_first_paint
from screens.themes import THEMES
from workbook.content.copy import text as copy_text
from workbook.core.errors import WorkbookError
from workbook.facade import Workbook

Clock = Callable[[], datetime]


class CaseloadApp(textual_internals.LeavesWhenTerminalGoes, App[int]):
    TITLE = "Workbook caseload"
    CSS_PATH = ["app.tcss", "caseload.tcss"]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="caseload.quit",
                tooltip=copy_text("caseload.tooltips.quit")),
        Binding("ctrl+t", "toggle_contrast", "High contrast", show=False, id="caseload.contrast",
                tooltip=copy_text("caseload.tooltips.contrast")),
    ]

    def __init__(self, workbook: Workbook, folder: Path, identity: Path | None = None, *,
                 clock: Clock | None = None) -> None:
        super().__init__()
        textual_internals.install_kind_dispatch(kindly.show_problem)
        self.workbook = workbook
        if clock is not None:
            workbook.clock = clock
        self.clock: Clock = workbook.clock
        self.folder = folder
        self.identity = identity
        self.drafts: dict[str, dict[str, Any]] = {}
        self._painted = False
        for theme in THEMES:
            self.register_theme(theme)
        settings = workbook.settings()
        textual_internals.start_theme(self, settings.theme if settings.theme in self.available_themes else "workbook")

    def now(self) -> datetime:
        return self.clock()

    def on_mount(self) -> None:
        self.push_screen(CaseloadScreen(self.folder, self.identity))

    def first_paint(self) -> None:
        if self._painted:
            return
        self._painted = True
        report_first_paint(self)

    def record(self, kind: str, **refs: str) -> None:
        """The caseload keeps no research log (it is the practitioner's, not a patient's, workbook)."""

    def show_problem(self, problem: WorkbookError) -> None:
        self.notify(str(problem), title=copy_text("caseload.problem_title"), severity="error", timeout=20)

    def action_toggle_contrast(self) -> None:
        self.theme = "workbook" if self.theme == "high-contrast" else "high-contrast"

    def on_worker_state_changed(self, event: Any) -> None:
        kindly.worker_failed(self, event)


def run_caseload(args: Any) -> int:
    """`workbook caseload DIR`: the command has opened the practitioner's workbook and checked the folder."""
    app = CaseloadApp(args.workbook, args.caseload_folder, args.caseload_identity)
    return int(app.run() or 0)
