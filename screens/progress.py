"""Progress: charts of practice per week, minutes, questionnaire scores and exercise ratings.

The screen paints at once; the history is read and the series built in a
thread worker (`Workbook.progress`), then the charts are mounted. Each chart has
a one-line plain summary and a key, so nothing depends on colour.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Select, Static, TabbedContent, TabPane
from textual_plotext import PlotextPlot

from screens.access import WorkbookAccess
from screens.opening_focus import OpensAtItsTop
from screens.styling import StyledOnce
from screens.widgets.charts import (
    OUTCOME_FILLS,
    band_key,
    draw_completion,
    draw_group,
    draw_measure,
    draw_minutes,
    key,
)
from screens.widgets.chrome import HelpLine, ReadingPane, TitleBar
from screens.widgets.dropdown import Dropdown
from screens.widgets.footer import KeysFooter
from workbook.content.copy import text as copy_text
from workbook.core.words import counted

LOADING = copy_text("progress.loading")


class ProgressScreen(StyledOnce, OpensAtItsTop, WorkbookAccess, Screen):
    CSS_PATH = "progress.tcss"
    BINDINGS = [
        Binding("1", "tab('practice')", "Practice", id="progress.practice",
                tooltip=copy_text("progress.tooltips.practice")),
        Binding("2", "tab('scores')", "Scores", id="progress.scores",
                tooltip=copy_text("progress.tooltips.scores")),
        Binding("3", "tab('ratings')", "Ratings", id="progress.ratings",
                tooltip=copy_text("progress.tooltips.ratings")),
        Binding("escape", "back", "Back", id="progress.back", tooltip=copy_text("progress.tooltips.back")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data = None

    def compose(self) -> ComposeResult:
        yield TitleBar("Progress")
        yield HelpLine(copy_text("progress.help"))
        with TabbedContent(id="tabs"):
            with TabPane("Practice", id="practice"):
                yield ReadingPane(Static(LOADING, classes="hint"), id="practice-body",
                                  title=copy_text("progress.practice_title"))
            with TabPane("Questionnaires", id="scores"):
                yield ReadingPane(Static(LOADING, classes="hint"), id="scores-body",
                                  title=copy_text("progress.scores_title"))
            with TabPane("Exercise ratings", id="ratings"):
                yield Dropdown([], prompt="Choose an exercise", id="exercise")
                yield ReadingPane(Static(LOADING, classes="hint"), id="ratings-body",
                                  title=copy_text("progress.ratings_title"))
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#exercise").display = False
        self.load()
        self.workbook_app.record("screen_viewed", screen="progress")

    @work(exit_on_error=False, thread=True, exclusive=True, group="progress")
    def load(self) -> None:
        data = self.workbook.progress(self.workbook_app.now())
        self.app.call_from_thread(self.show, data)

    async def show(self, data) -> None:
        self.data = data
        await self._practice(data.weekly)
        await self._scores(data.measures)
        select = self.query_one("#exercise", Select)
        if data.exercises:
            select.set_options([(e.title, e.exercise_id) for e in data.exercises])
            select.display = True
            select.value = data.exercises[0].exercise_id  # draws via Select.Changed
        else:
            await self._fill("#ratings-body", [Static(copy_text("progress.no_ratings"), markup=False)])
        self.query_one("#practice-body").focus()

    async def _fill(self, selector: str, widgets: list) -> None:
        body = self.query_one(selector, ReadingPane)
        await body.remove_children()
        await body.mount_all(widgets)

    async def _practice(self, weekly) -> None:
        if not weekly.weeks:
            await self._fill("#practice-body", [Static(copy_text("progress.empty"), markup=False)])
            return
        done, minutes = PlotextPlot(classes="chart"), PlotextPlot(classes="chart short")
        await self._fill("#practice-body", [
            Static(copy_text("progress.completion_heading"), classes="label"),
            Static(weekly.completion_summary, classes="summary", markup=False), done,
            Static(key(OUTCOME_FILLS), classes="key", markup=False),
            Static(copy_text("progress.minutes_heading"), classes="label"),
            Static(weekly.minutes_summary, classes="summary", markup=False), minutes])
        draw_completion(done, weekly)
        draw_minutes(minutes, weekly)

    async def _scores(self, measures) -> None:
        widgets, draws = [], []
        for series in measures:
            widgets.append(Static(series.short_name, classes="label"))
            widgets.append(Static(series.summary, classes="summary", markup=False))
            widgets += [Static(line, classes="standing", markup=False) for line in series.standing]
            if series.totals:
                plot = PlotextPlot(classes="chart")
                widgets += [plot, Static(band_key(series), classes="key", markup=False)]
                draws.append((plot, series))
        await self._fill("#scores-body", widgets)
        for plot, series in draws:
            draw_measure(plot, series)

    @on(Select.Changed, "#exercise")
    async def _exercise_chosen(self, event: Select.Changed) -> None:
        if self.data is None or event.value is Select.NULL:
            return
        charts = next(e for e in self.data.exercises if e.exercise_id == event.value)
        widgets, draws = [Static(f"{charts.title}: {counted(charts.practices, 'practice')} logged", classes="label")], []
        for group in charts.groups:
            plot = PlotextPlot(classes="chart")
            widgets.append(Static(group.title, classes="label"))
            widgets += [Static(s.summary, classes="summary", markup=False) for s in group.series]
            caption = Static("", classes="key", markup=False)
            widgets += [plot, caption]
            draws.append((plot, group, caption))
        await self._fill("#ratings-body", widgets)
        for plot, group, caption in draws:
            caption.update(key(draw_group(plot, group)))

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_back(self) -> None:
        self.app.pop_screen()
