"""Review shows what the report shows: the same numbers for the worry-and-panic week, from one function."""

from __future__ import annotations

import pytest
from harness import ZONE, make_app, settle
from logged_week import NOW, build

from screens.review import ReviewScreen
from screens.words import day_words
from workbook.insight.field_changes import change_words
from workbook.insight.review import since_last_call
from workbook.insight.summaries import headline, summary_lines
from workbook.outputs.report import build_report


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def home(tmp_path):
    workbook = build(tmp_path / "home")
    workbook.update_settings(zone=ZONE)
    return workbook


async def test_review_shows_the_reports_numbers(home):
    report = build_report(home, now=NOW)
    app = make_app(home, NOW)
    async with app.run_test(size=(100, 90)) as pilot:
        app.push_screen(ReviewScreen())
        await settle(pilot)
        widget = app.screen.query_one("#stats")
        shown = flat("\n".join(widget.render_line(y).text for y in range(widget.size.height)))
    start, _ = since_last_call(home.session_notes(), NOW, ZONE)
    stats = home.review(start, NOW, now=NOW)
    assert len(stats.compared) == 5 and len(stats.summaries) == 3
    for change in stats.compared:  # the report's line, word for word, under the exercise's title
        assert f"{change_words(change)}." in report
        assert flat(change_words(change)) in shown
    for summary in stats.summaries:
        assert headline(summary) in report and headline(summary) in shown
        for line in summary_lines(summary, day_words):  # the same numbers; only the dates are written shorter
            assert flat(line) in shown
    for line in ["How anxious is it making you: from 7 to 4 over 6 entries (average of the first three and of the "
                 "latest three); fell, a good sign", "Is it a practical worry or a hypothetical one: practical 2; "
                 "hypothetical 4", "Tue 10 Nov, 08:40: How intense was the anxiety at its worst: 85",
                 "Your mood just before you started: 3", "Your mood afterwards: 6"]:
        assert line in shown
    # When-it-happens records: entries against the aim, never a row of planned / done / not logged.
    assert "Note a worry when it comes: 6 entries (aim about 5 a week)" in shown
    assert "Note a panic attack: 2 entries (written when it happens)" in shown
    assert "- Note a worry when it comes: 6 entries (aim about 5 a week)." in report
    table = shown.split("Written when it happens")[0]
    assert "Walk to the market" in table and "Note a" not in table  # the records are not in the Planned / Done table
