"""Today nudges gently towards a check-in when one is due, and not otherwise."""

from __future__ import annotations

from datetime import date, time

from harness import NOW, SIZE, ZONE, make_app, open_home, settle
from textual.widgets import OptionList

from workbook.content.copy import text as copy_text
from workbook.core.model import Plan


def _lines(app) -> str:
    plans = app.screen.query_one("#plans", OptionList)
    return "\n".join(str(option.prompt) for option in plans.options)


async def test_nudge_shows_when_no_check_in_for_a_week_and_goes_after_one(tmp_path):
    workbook = open_home(tmp_path / "home", welcome_done=True)
    workbook.add_plan(Plan(exercise_id="worry-time", what="Go through my worry list", start_date=date(2026, 11, 2),
                           start_time=time(17, 30), zone=ZONE, rrule="FREQ=DAILY"))
    nudge = copy_text("checkin.nudge")
    app = make_app(workbook)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert nudge in _lines(app)
    workbook.record_questionnaire("phq9", [1, 1, 0, 1, 0, 0, 1, 0, 0], now=NOW)
    app = make_app(workbook)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert nudge not in _lines(app)
