"""Progress: appears at once, fills in from a worker; charts with summaries for the demo patient,
and helpful words (not empty charts) for an empty home."""

from __future__ import annotations

from harness import FRIDAY_NOON, SIZE, make_app, settle
from textual_plotext import PlotextPlot

from screens.progress import LOADING, ProgressScreen


def texts(screen, selector: str) -> list[str]:
    return [str(w.render()) for w in screen.query(selector)]


async def test_progress_with_demo_data(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        screen = ProgressScreen()
        app.push_screen(screen)
        await pilot.pause()
        await settle(pilot)
        expected = app.workbook.progress(FRIDAY_NOON)
        assert screen.data == expected
        summaries = texts(screen, "#practice-body .summary")
        assert summaries == [expected.weekly.completion_summary, expected.weekly.minutes_summary]
        assert summaries[0].startswith("Last week: ")
        assert len(screen.query("#practice-body PlotextPlot")) == 2
        assert any("✓ done" in t for t in texts(screen, "#practice-body .key"))
        await pilot.press("2")
        await settle(pilot)
        scores = texts(screen, "#scores-body .summary")
        assert scores[0].startswith("PHQ-9: from ") and scores[2].startswith("No WSAS check-ins yet")
        assert len(screen.query("#scores-body PlotextPlot")) == 2  # PHQ-9 and GAD-7 have scores
        standing = texts(screen, "#scores-body .standing")  # as services measure it, from the first score
        phq9 = next(s for s in expected.measures if s.measure_id == "phq9")
        assert standing[:len(phq9.standing)] == list(phq9.standing)
        assert any("clinical threshold" in t for t in standing) and any("first check-in" in t for t in standing)
        await pilot.press("3")
        await settle(pilot)
        assert screen.query_one("#exercise").value == expected.exercises[0].exercise_id
        ratings = texts(screen, "#ratings-body .summary")
        assert "Anxiety at its highest: fell from" in " ".join(ratings)
        plot = screen.query("#ratings-body PlotextPlot").first(PlotextPlot)
        assert "practice number" in plot.plt.build()


async def test_progress_in_an_empty_home(empty_home):
    app = make_app(empty_home)
    async with app.run_test(size=SIZE) as pilot:
        screen = ProgressScreen()
        app.push_screen(screen)
        await settle(pilot)
        assert not screen.query(PlotextPlot)
        practice = " ".join(texts(screen, "#practice-body Static"))
        assert "Nothing to show yet" in practice and LOADING not in practice
        assert "No PHQ-9 check-ins yet" in " ".join(texts(screen, "#scores-body Static"))
        assert "No ratings logged yet" in " ".join(texts(screen, "#ratings-body Static"))
        assert screen.query_one("#exercise").display is False
