"""One patient's review pack, read in full: item 9 first, then every section the pack holds.

The sections and their words come from the engine (`workbook.insight.pack_sections`);
the patient's own words are shown as they wrote them (never read as markup).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from screens.access import WorkbookAccess
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.widgets.chrome import HelpLine, TitleBar
from workbook.content.copy import text
from workbook.insight.caseload import CaseloadRow
from workbook.insight.caseload_words import patient_words
from workbook.insight.pack_sections import pack_sections


class PatientReviewScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    CSS_PATH = "caseload.tcss"
    BINDINGS = [
        Binding("n", "next_session", "Next session pack", id="patient_review.next_session",
                tooltip=text("caseload.review.tooltips.next_session")),
        Binding("escape", "back", "Back", id="patient_review.back", tooltip=text("caseload.review.tooltips.back")),
    ]

    def __init__(self, row: CaseloadRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        yield TitleBar(text("caseload.review.title", name=patient_words(self.row)), aside=self.row.source.name)
        yield HelpLine(text("caseload.review.keys"))
        with VerticalScroll(id="review"):
            assert self.row.pack is not None
            for index, section in enumerate(pack_sections(self.row.pack, zone=self.workbook.settings().zone)):
                classes = "section urgent" if section.urgent else "section"
                yield Static(Text(section.title), classes=classes, id=f"section-{index}")
                yield Static(Text("\n".join(section.lines)), classes="lines")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#review").focus()

    def action_next_session(self) -> None:
        from screens.next_session import NextSessionScreen

        self.app.push_screen(NextSessionScreen(self.row, self.workbook.next_session_draft(self.row)))

    def action_back(self) -> None:
        self.app.pop_screen()
