"""Drawing the Progress charts with textual-plotext, from series the engine made (`workbook.progress`).

Nothing here decides anything: it draws. Meaning never rests on colour alone:
bars use different fill patterns and lines different markers, each named in a
key line under the chart (`key` below), so they read in high contrast too.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.color import Color
from textual_plotext import PlotextPlot

from workbook.content.copy import text as copy_text
from workbook.insight.progress import FieldGroup, MeasureSeries, Weekly, short_day

OUTCOME_FILLS = (("█", "✓ done"), ("▓", "◐ partly"), ("▒", "– not done"), ("░", "○ not logged"))
LINE_MARKERS = ("●", "x", "+", "■", "◆", "▲")


def key(pairs: Sequence[tuple[str, str]]) -> str:
    """'█ ✓ done   ▓ ◐ partly ...': the chart's key, as plain text."""
    return copy_text("charts.key", marks="   ".join(f"{mark} {words}" for mark, words in pairs))


def band_key(series: MeasureSeries) -> str:
    """'Key: ● your score. Bands (lines): 0 minimal · 5 mild · ...'."""
    bands = " · ".join(f"{low} {label.lower()}" for low, _, label in series.bands)
    return copy_text("charts.band_key", bands=bands)


def _reset(plot: PlotextPlot):
    plt = plot.plt
    plt.clear_figure()
    plt.frame(True)
    return plt


def colours(plot: PlotextPlot, n: int) -> list[tuple[int, int, int]]:
    """Calm series colours from the app's theme (patterns and markers carry the meaning)."""
    variables = plot.app.theme_variables
    names = ("primary", "secondary", "warning", "foreground-muted", "accent", "success")
    return [Color.parse(variables.get(names[i % len(names)], "#888888")).rgb for i in range(n)]


def _whole_ticks(top: float, most: int = 5) -> list[int]:
    step = max(1, -(-int(top) // most))
    return list(range(0, int(top) + step, step))


def _every(labels: Sequence[str], most: int = 6) -> tuple[list[int], list[str]]:
    """At most `most` evenly spread tick positions (1-based) and their labels."""
    if not labels:
        return [], []
    step = max(1, -(-len(labels) // most))
    ticks = list(range(1, len(labels) + 1, step))
    return ticks, [labels[t - 1] for t in ticks]


def draw_completion(plot: PlotextPlot, weekly: Weekly) -> None:
    plt = _reset(plot)
    xs = list(range(1, len(weekly.weeks) + 1))
    rows = [[getattr(w.tally, f) for w in weekly.weeks] for f in ("done", "partly", "not_done", "not_logged")]
    plt.stacked_bar(xs, rows, marker=[m for m, _ in OUTCOME_FILLS], color=colours(plot, 4), width=0.5)
    plt.xticks(*_every([w.label for w in weekly.weeks]))
    plt.yticks(_whole_ticks(max((w.tally.planned for w in weekly.weeks), default=1)))
    plot.refresh()


def draw_minutes(plot: PlotextPlot, weekly: Weekly) -> None:
    plt = _reset(plot)
    xs = list(range(1, len(weekly.weeks) + 1))
    minutes = [w.tally.minutes for w in weekly.weeks]
    plt.bar(xs, minutes, marker="█", color=colours(plot, 1)[0], width=0.5)
    plt.xticks(*_every([w.label for w in weekly.weeks]))
    plt.yticks(_whole_ticks(max(minutes, default=1) or 1, 4))
    plot.refresh()


def draw_measure(plot: PlotextPlot, series: MeasureSeries) -> None:
    """Scores over time with a line at the start of each band, and the bands named on the axis."""
    plt = _reset(plot)
    first = series.days[0]
    xs = [(d - first).days + 1 for d in series.days]
    line, band = colours(plot, 4)[0], colours(plot, 4)[3]
    for low, _, _ in series.bands[1:]:
        plt.hline(low - 0.5, band)
    plt.plot(xs, list(series.totals), marker="·", color=line)
    plt.scatter(xs, list(series.totals), marker="●", color=line)
    plt.ylim(0, series.max_total)
    plt.yticks([low for low, _, _ in series.bands])
    count = min(len(xs), 4)
    picks = sorted({round(i * (len(xs) - 1) / (count - 1)) for i in range(count)}) if count > 1 else [0]
    plt.xticks([xs[i] for i in picks], [short_day(series.days[i]) for i in picks])
    if len(xs) == 1:
        plt.xlim(0, 2)
    plot.refresh()


MOST_MARKERS = 20  # a marker on more points than this runs them together at 80 columns
MARKER_SHIFT = 0.25  # of the gap between marked practices: each series' markers sit beside, not on, the others'


def marker_points(n: int) -> list[int]:
    """Which of n points carry a marker: all of a short series; of a long one, evenly spaced ones
    ending with the latest, so markers stay apart and readable (the line still goes through every point)."""
    step = max(1, -(-n // MOST_MARKERS))
    return sorted(range(n - 1, -1, -step))


def draw_group(plot: PlotextPlot, group: FieldGroup) -> list[tuple[str, str]]:
    """One line per chart field over practices 1..n; returns the key (marker, label) pairs."""
    plt = _reset(plot)
    pairs = []
    most = 1
    count = len(group.series)
    for n, (series, marker, colour) in enumerate(zip(group.series, LINE_MARKERS, colours(plot, len(LINE_MARKERS)))):
        xs = list(range(1, len(series.values) + 1))
        most = max(most, len(xs))
        plt.plot(xs, list(series.values), marker="·", color=colour)
        marked = marker_points(len(xs))
        shift = (n - (count - 1) / 2) * MARKER_SHIFT * max(1, len(xs) // MOST_MARKERS)  # series side by side
        plt.scatter([xs[i] + shift for i in marked], [series.values[i] for i in marked], marker=marker, color=colour)
        pairs.append((marker, series.label.rstrip("?. ")))
    top = group.high if group.high is not None else max(max(s.values) for s in group.series)
    bottom = group.low if group.low is not None else min(0.0, *(min(s.values) for s in group.series))
    plt.ylim(bottom, max(top, bottom + 1))
    if bottom >= 0:
        plt.yticks(_whole_ticks(max(top, 1)))
    step = max(1, -(-most // 6))
    plt.xticks(list(range(1, most + 1, step)))
    plt.xlabel("practice number")
    plt.xlim(0.5, most + 0.5)
    plot.refresh()
    return pairs
