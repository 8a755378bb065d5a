"""The caseload's rows in words: the cells the screen and `caseload --list` show, and its CSV.

Times are shown in the practitioner's own zone; "3 days ago" is counted from the `now` the
front end passes. Every word comes from `data/copy.toml [caseload]`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from workbook.content.copy import text
from workbook.core.times import zone as zone_info
from workbook.insight.caseload import MEASURES, CaseloadRow, MeasureLine, standing_words

__all__ = ["COLUMNS", "RowCells", "caseload_csv", "caseload_text", "day_words", "moment_words", "row_cells"]

COLUMNS = ("patient", "attention", "last_activity", "completion", "phq9", "gad7", "questions", "barriers")


@dataclass(frozen=True)
class RowCells:
    """One row's cells in `COLUMNS` order; a file that could not be read has only its name and reason."""

    cells: tuple[str, ...]
    problem: str = ""
    needs_attention: bool = False  # an item-9 answer or a reliable deterioration


def day_words(day: date, today: date | None = None) -> str:
    """"Wed 2 Dec", with the year when it is not this year's."""
    words = f"{day:%a} {day.day} {day:%b}"
    return words if today is not None and day.year == today.year else f"{words} {day.year}"


def moment_words(moment: datetime, zone_name: str) -> str:
    local = moment.astimezone(zone_info(zone_name))
    return f"{day_words(local.date())} {local:%H:%M}"


def ago_words(moment: datetime | None, now: datetime, zone_name: str) -> str:
    """"today", "yesterday", "3 days ago", or "none yet"."""
    if moment is None:
        return text("caseload.never")
    here = zone_info(zone_name)
    days = (now.astimezone(here).date() - moment.astimezone(here).date()).days
    if days <= 0:
        return text("caseload.today")
    if days == 1:
        return text("caseload.day_ago")
    return text("caseload.days_ago", days=days)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def measure_cell(line: MeasureLine | None, *, words: bool = False) -> str:
    """"18 (+6)": the latest total and its change since the first; with `words`, what the change means."""
    if line is None or line.latest is None:
        return text("caseload.measure_none")
    cell = _number(line.latest) if line.change is None else f"{_number(line.latest)} ({line.change:+g})"
    return f"{cell} {standing_words(line)}" if words else cell


def patient_words(row: CaseloadRow) -> str:
    if row.name and row.participant_id:
        return f"{row.name} ({row.participant_id})"
    return row.name or row.participant_id or text("caseload.no_name")


def attention_words(row: CaseloadRow, today: date, zone: str) -> str:
    """Why the row sorts where it does, when it needs attention: item 9, or which score rose reliably."""
    if row.risk is not None:
        local = row.risk.completed_at.astimezone(zone_info(zone)).date()
        return text("caseload.risk_flag", answer=row.risk.answer, day=day_words(local, today))
    worse = [m.name for m in row.measures if m.deteriorated]
    return text("caseload.deteriorated", measures=" and ".join(worse)) if worse else ""


def completion_words(row: CaseloadRow) -> str:
    if row.completion is None:
        return text("caseload.no_plans")
    return text("caseload.completion", percent=round(row.completion * 100), done=row.done, planned=row.planned)


def row_cells(row: CaseloadRow, *, now: datetime, zone: str, words: bool = False) -> RowCells:
    """The row as the caseload shows it, in `COLUMNS` order (`words`: the scores' change in words too)."""
    if not row.readable:
        return RowCells((row.source.name, *([""] * (len(COLUMNS) - 1))), problem=row.problem)
    today = now.astimezone(zone_info(zone)).date()
    cells = (
        patient_words(row),
        attention_words(row, today, zone),
        ago_words(row.last_activity, now, zone),
        completion_words(row),
        measure_cell(row.measure("phq9"), words=words),
        measure_cell(row.measure("gad7"), words=words),
        str(row.open_questions) if row.open_questions else "",
        ", ".join(row.barriers),
    )
    return RowCells(cells, needs_attention=row.risk is not None or row.deteriorated)


def row_details(row: CaseloadRow, *, now: datetime, zone: str) -> list[str]:
    """Everything the row stands for, in sentences: for the line under the table."""
    if not row.readable:
        return [text("caseload.detail.problem", file=row.source, problem=row.problem)]
    today = now.astimezone(zone_info(zone)).date()
    lines = [text("caseload.detail.pack", name=patient_words(row), file=row.source,
                  start=day_words(row.period_start, today) if row.period_start else "?",
                  end=day_words(row.period_end, today) if row.period_end else "?")]
    if row.packs > 1:
        lines[0] += " " + text("caseload.packs_note", count=row.packs)
    if row.risk is not None:
        lines.append(text("caseload.detail.risk", answer=row.risk.answer, label=row.risk.answer_label,
                          when=moment_words(row.risk.completed_at, zone)))
    last = moment_words(row.last_activity, zone) if row.last_activity else text("caseload.never")
    lines.append(text("caseload.detail.activity", when=last, completion=completion_words(row),
                      barriers=", ".join(row.barriers) or text("caseload.detail.no_barriers")))
    for line in row.measures:
        if line.latest is not None:
            lines.append(text("caseload.detail.measure", name=line.name, latest=_number(line.latest), band=line.band,
                              standing=standing_words(line)))
    return lines


def headers() -> tuple[str, ...]:
    return tuple(text(f"caseload.columns.{name}") for name in COLUMNS)


def caseload_text(rows: Sequence[CaseloadRow], *, now: datetime, zone: str) -> str:
    """A plain table for the terminal: one line per row; a file that could not be read, its name and why."""
    shown = [row_cells(row, now=now, zone=zone, words=True) for row in rows]
    table = [headers(), *(c.cells for c in shown if not c.problem)]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]
    out = ["  ".join(cell.ljust(width) for cell, width in zip(headers(), widths)).rstrip()]
    for cells in shown:
        if cells.problem:
            out.append(f"{cells.cells[0].ljust(widths[0])}  {cells.problem}")
        else:
            out.append("  ".join(cell.ljust(width) for cell, width in zip(cells.cells, widths)).rstrip())
    return "\n".join(out) + "\n"


CSV_COLUMNS = ("file", "patient", "participant_id", "generated_at", "period_start", "period_end", "last_activity",
               "planned", "done", "completion", "barriers", *(f"{m}_{part}" for m in MEASURES
                                                              for part in ("latest", "change", "standing")),
               "item9_answer", "item9_at", "open_questions", "problem")


def caseload_csv(rows: Sequence[CaseloadRow]) -> str:
    """The rows as CSV (RFC 4180), in the same order, with ISO times and plain numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        measures = []
        for measure_id in MEASURES:
            line = row.measure(measure_id)
            measures += [_number(line.latest), _number(line.change), line.standing or ""] if line else ["", "", ""]
        writer.writerow([
            str(row.source), row.name if row.readable else "", row.participant_id,
            row.generated_at.isoformat() if row.generated_at else "",
            row.period_start.isoformat() if row.period_start else "",
            row.period_end.isoformat() if row.period_end else "",
            row.last_activity.isoformat() if row.last_activity else "",
            row.planned if row.readable else "", row.done if row.readable else "",
            "" if row.completion is None else f"{row.completion:.2f}",
            "; ".join(row.barriers), *measures,
            row.risk.answer if row.risk else "", row.risk.completed_at.isoformat() if row.risk else "",
            row.open_questions if row.readable else "", row.problem,
        ])
    return buffer.getvalue()
