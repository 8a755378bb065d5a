"""The caseload: one line per patient from a folder of review packs, who may need you first at the top.

The rows, their order and every word come from the engine (`Workbook.caseload`,
`workbook.insight.caseload_words`); this screen lays them out in columns that fit the
terminal, shows the highlighted row in full underneath, and opens a patient's review.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from screens.access import WorkbookAccess
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.widgets.chrome import HelpLine, TitleBar
from workbook.content.copy import text
from workbook.core.inputs import shown_path
from workbook.core.words import counted
from workbook.insight.caseload import CaseloadRow
from workbook.insight.caseload_words import COLUMNS, RowCells, headers, row_cells, row_details

#: The most each column takes before its words are cut short (the last takes what is left).
WIDEST = {"patient": 18, "attention": 24, "last_activity": 12, "completion": 14, "phq9": 30, "gad7": 30,
          "questions": 3}
GAP = 2
WORDS_FROM = 140  # a terminal this wide has room for the scores' change in words too
PROBLEM_NAME = 32


def fit(lines: list[tuple[str, ...]], width: int) -> list[int]:
    """Column widths: each as wide as its longest cell (up to WIDEST), the last takes the rest."""
    widths = [min(max(len(line[i]) for line in lines), WIDEST.get(name, 10 ** 6)) for i, name in enumerate(COLUMNS)]
    used = sum(widths[:-1]) + GAP * (len(COLUMNS) - 1)
    widths[-1] = max(min(widths[-1], width - used), 0)
    return widths


def _cut(cell: str, width: int) -> str:
    return cell if len(cell) <= width else cell[: max(width - 1, 0)] + "…"


def line_text(cells: RowCells, widths: list[int], width: int, names: int = 0) -> Text:
    """One line of the list (never wrapped: the line under the list shows the row in full).

    A file that could not be read shows its name in `names` columns, then why.
    """
    if cells.problem:
        names = max(names, widths[0])
        name = _cut(cells.cells[0], names).ljust(names) + " " * GAP
        out = Text(name, style="bold", no_wrap=True)
        out.append(_cut(cells.problem, max(width - len(name), 0)), style="italic")
        return out
    out = Text(no_wrap=True)
    for index, (cell, column) in enumerate(zip(cells.cells, widths)):
        style = "bold" if index == 0 else ""
        if COLUMNS[index] == "attention" and cell:
            style = "bold reverse"
        out.append(_cut(cell, column).ljust(column), style=style)
        if index < len(widths) - 1:
            out.append(" " * GAP)
    return out


class CaseloadScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    CSS_PATH = "caseload.tcss"
    BINDINGS = [
        Binding("enter", "open_review", "Read review", id="caseload.open", priority=True,
                tooltip=text("caseload.tooltips.open")),
        Binding("n", "next_session", "Next session pack", id="caseload.next_session",
                tooltip=text("caseload.tooltips.next_session")),
        Binding("f5", "reload", "Read again", id="caseload.reload", key_display="F5",
                tooltip=text("caseload.tooltips.reload")),
        Binding("escape", "app.quit", "Close", id="caseload.close", tooltip=text("caseload.tooltips.close")),
    ]

    def __init__(self, folder: Path, identity: Path | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.identity = identity
        self.rows: list[CaseloadRow] = []
        self.cells: list[RowCells] = []
        self.zone = "UTC"

    def compose(self) -> ComposeResult:
        yield TitleBar(text("caseload.title"), aside=shown_path(self.folder))
        yield HelpLine("", id="heading")
        yield Static(id="columns")
        yield OptionList(id="rows")
        yield Static(id="detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#rows").focus()
        self.call_after_refresh(self.workbook_app.first_paint)

    def reload(self) -> None:
        self.rows = self.workbook.caseload(self.folder, self.identity)
        self.zone = self.workbook.settings().zone  # read once: the detail line follows every key press
        readable = sum(1 for row in self.rows if row.readable)
        folder = shown_path(self.folder)
        if not self.rows:
            heading = text("caseload.heading_none", folder=folder)
        elif readable == 1:
            heading = text("caseload.heading_one", folder=folder)
        else:
            heading = text("caseload.heading", count=readable, folder=folder)
        problems = len(self.rows) - readable
        if problems:
            heading += " " + text("caseload.footer_problems", files=counted(problems, "file"))
        self.query_one("#heading", Static).update(heading)
        self._lay_out()

    def _lay_out(self) -> None:
        width = max(self.size.width - 4, 40)  # the list's padding and scroll bar
        now, words = self.workbook_app.now(), self.size.width >= WORDS_FROM
        self.cells = [row_cells(row, now=now, zone=self.zone, words=words) for row in self.rows]
        widths = fit([headers(), *(c.cells for c in self.cells if not c.problem)], width)
        names = min(max((len(c.cells[0]) for c in self.cells if c.problem), default=0), PROBLEM_NAME)
        self.query_one("#columns", Static).update(line_text(RowCells(headers()), widths, width))
        rows = self.query_one("#rows", OptionList)
        highlighted = rows.highlighted
        rows.clear_options()
        rows.add_options([Option(line_text(cells, widths, width, names), id=str(i)) for i, cells in enumerate(self.cells)])
        if self.rows:
            rows.highlighted = min(highlighted or 0, len(self.rows) - 1)
        self._show_detail(rows.highlighted)

    def on_resize(self) -> None:
        if self.rows:
            self._lay_out()

    @on(OptionList.OptionHighlighted, "#rows")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail(event.option_index)

    def _show_detail(self, index: int | None) -> None:
        detail = self.query_one("#detail", Static)
        if index is None or not self.rows:
            detail.update("")
            return
        lines = row_details(self.rows[index], now=self.workbook_app.now(), zone=self.zone)
        detail.update(Text("\n".join(lines)))

    @on(OptionList.OptionSelected, "#rows")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option_index)

    def action_open_review(self) -> None:
        self._open(self.query_one("#rows", OptionList).highlighted)

    def _open(self, index: int | None) -> None:
        if index is None or not self.rows:
            return
        row = self.rows[index]
        if not row.readable or row.pack is None:
            self.notify(row_details(row, now=self.workbook_app.now(), zone=self.zone)[0],
                        severity="warning", timeout=8)
            return
        from screens.patient_review import PatientReviewScreen

        self.app.push_screen(PatientReviewScreen(row))

    def action_next_session(self) -> None:
        index = self.query_one("#rows", OptionList).highlighted
        if index is None or not self.rows:
            return
        row = self.rows[index]
        if not row.readable:
            self._open(index)  # says why the file could not be read
            return
        from screens.next_session import NextSessionScreen

        self.app.push_screen(NextSessionScreen(row, self.workbook.next_session_draft(row)))

    def action_reload(self) -> None:
        self.reload()
