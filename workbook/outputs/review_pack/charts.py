"""The review pack's charts, drawn by matplotlib as inline SVG (text kept as text, no links).

Matplotlib loads only when a pack is written, so no other command pays for it. Each chart
is a `Figure` on the SVG canvas (no pyplot, no global backend); the page puts a plain table
beside each one for screen readers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from workbook.insight.review_pack import PlanEntry, QuestionnaireEntry

COLOURS = {"done": "#1b7837", "partly": "#7fbf7b", "not_done": "#c2a5cf", "not_logged": "#d9d9d9"}
_PROLOGUE = re.compile(r"^.*?(<svg\b)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)


def _svg(figure: Any) -> str:
    """The figure as an <svg> element for inline use: no XML prologue, DOCTYPE or metadata."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    out = io.StringIO()
    FigureCanvasSVG(figure).print_svg(out, metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    text = _PROLOGUE.sub(r"\1", out.getvalue(), count=1)
    return _METADATA.sub("", text).replace('xmlns:xlink="http://www.w3.org/1999/xlink" ', "")


def _figure(width: float, height: float) -> Any:
    import matplotlib

    matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "workbook", "font.size": 8,
                                "font.family": "sans-serif", "axes.spines.top": False, "axes.spines.right": False})
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height))


def plans_chart(entries: Sequence[PlanEntry], labels: dict[str, str]) -> str:
    """Stacked bars per timed plan: done, partly, not done, not logged (of what was planned)."""
    figure = _figure(6.3, 0.5 + 0.26 * len(entries))
    ax = figure.add_subplot()
    names = [e.plan.what if len(e.plan.what) <= 34 else e.plan.what[:33] + "…" for e in entries]
    rows = range(len(entries))
    left = [0] * len(entries)
    for state in ("done", "partly", "not_done", "not_logged"):
        values = [getattr(e.tally, state) for e in entries]
        ax.barh(list(rows), values, left=left, color=COLOURS[state], label=labels[state], height=0.6)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(list(rows), names)
    ax.invert_yaxis()
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, frameon=False)
    figure.tight_layout(pad=0.3)
    return _svg(figure)


def scores_chart(questionnaires: Sequence[QuestionnaireEntry]) -> str:
    """Each questionnaire's totals over time, as a share of its highest possible total."""
    import matplotlib.dates as mdates

    from workbook.core.times import from_iso

    figure = _figure(3.6, 2.0)
    ax = figure.add_subplot()
    for q in questionnaires:
        points = [(from_iso(s.response.completed_at), s.total) for s in q.scores if s.total is not None]
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=f"{q.name} (0–{q.max_total})")
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=6))
    ax.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3)
    figure.tight_layout(pad=0.3)
    return _svg(figure)
