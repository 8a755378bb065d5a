"""Review: each questionnaire's latest score against the clinical threshold, and its change since
the first check-in as services measure it, in plain words."""

from __future__ import annotations

from harness import FRIDAY_NOON, SIZE, make_app, settle

from screens.review import ReviewScreen


async def test_review_shows_change_since_the_first_check_in(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ReviewScreen())
        await settle(pilot)
        stats = app.screen.query_one("#stats")
        shown = " ".join(segment.text for line in stats.render_lines(stats.region.reset_offset) for segment in line)
        shown = " ".join(shown.split())
        assert "Questionnaires since your first check-in" in shown
        lines = app.workbook.questionnaire_standing()
        phq9 = app.workbook.since_first("phq9")
        assert phq9 is not None and phq9.words in lines
        for line in lines:
            assert " ".join(line.split()) in shown
