"""Review: numbers from the engine, a recorded call shown at the top of the next review, questions
ticked off, and the report written with one key."""

from __future__ import annotations

from harness import FRIDAY_NOON, SIZE, make_app, settle

from screens.review import ReviewScreen
from screens.session_note import SessionNoteScreen
from workbook.insight.review import since_last_call, this_week


def text_of(screen, selector: str) -> str:
    """The widget's text as drawn (all its lines, scrolled into view or not)."""
    widget = screen.query_one(selector)
    return "\n".join(widget.render_line(y).text.rstrip() for y in range(widget.size.height))


async def test_a_session_note_appears_on_the_next_review(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ReviewScreen())
        await settle(pilot)
        review = app.screen
        assert "Fri 6 Nov" in text_of(review, "#last-call")
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SessionNoteScreen)
        assert form.query_one("#call_date").value == "2026-11-20"
        form.query_one("#agreed").text = "Keep the walks; try the bus with Jo"
        bus = next(p for p in app.workbook.plans() if p.what.startswith("Take the bus"))
        worry = next(p for p in app.workbook.plans() if p.what.startswith("Go through"))
        form.query_one("#plans").select(worry.id)
        form.query_one("#next_date").value = "2026-12-04"
        form.query_one("#next_time").value = "10:30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is review
        top = text_of(review, "#last-call")
        assert "From your call on Fri 20 Nov" in top and "Keep the walks; try the bus with Jo" in top
        assert worry.what in top and "Next call: Fri 4 Dec, 10:30" in top
        assert app.workbook.plan(worry.id).agreed_in_session and app.workbook.plan(bus.id).agreed_in_session
        assert app.workbook.settings().next_call.startswith("2026-12-04T10:30")
        assert "Since your last call (Fri 20 Nov)" in text_of(review, "#period")


async def test_numbers_come_from_the_engine_and_the_period_toggles(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=(100, 60)) as pilot:
        app.push_screen(ReviewScreen())
        await settle(pilot)
        review = app.screen
        start, _ = since_last_call(app.workbook.session_notes(), FRIDAY_NOON, "Europe/London")
        stats = app.workbook.review(start, FRIDAY_NOON, now=FRIDAY_NOON)
        shown = text_of(review, "#stats")
        total = stats.total
        assert "In all" in shown and f"About {stats.minutes} minutes of practice" in shown
        assert " ".join(str(n) for n in (total.planned, total.done, total.partly, total.not_done,
                                          total.not_logged)) in " ".join(shown.split())
        assert stats.barriers[0].label in shown
        await pilot.press("t")
        await settle(pilot)
        assert text_of(review, "#period").startswith("This week (from Mon 16 Nov)")
        week = app.workbook.review(*this_week(FRIDAY_NOON, "Europe/London"), now=FRIDAY_NOON)
        assert f"About {week.minutes} minutes" in text_of(review, "#stats")


async def test_questions_are_ticked_off_and_added(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ReviewScreen())
        await settle(pilot)
        listing = app.screen.query_one("#questions")
        still = next(q for q in app.workbook.questions() if not q.asked)
        assert still.id not in listing.selected
        listing.focus()
        listing.highlighted = [q.id for q in app.workbook.questions()].index(still.id)
        await pilot.press("space")
        await settle(pilot)
        assert next(q for q in app.workbook.questions() if q.id == still.id).asked
        await pilot.press("a")
        app.screen.focused.value = "Can I do worry time twice a day?"
        await pilot.press("enter")
        await settle(pilot)
        assert "Can I do worry time twice a day?" in [q.text for q in app.workbook.questions(include_asked=False)]


async def test_one_key_writes_the_report(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ReviewScreen())
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        report = friday_demo / "reports" / "report-2026-11-20.md"
        assert report.is_file() and report.read_text().startswith("# Workbook report from Sam for Priya")
