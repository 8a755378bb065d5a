"""Check-in: one question at a time by number keys; a PHQ-9 question-9 answer above 0 opens Support
straight after that question, with the response already saved and flagged; then carry on or stop."""

from __future__ import annotations

from harness import FRIDAY_NOON, SIZE, make_app, settle

from screens.checkin import CheckinScreen, RiskSupportScreen
from screens.support import SupportScreen


async def test_item_9_opens_support_before_the_check_in_ends(empty_home):
    app = make_app(empty_home)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CheckinScreen())
        await settle(pilot)
        checkin = app.screen
        await pilot.press("enter")  # Start (all three ticked)
        await settle(pilot)
        await pilot.press("4", "9")  # out of range for the PHQ-9: ignored
        assert checkin.answers == []
        await pilot.press(*"11111111")
        await settle(pilot)
        assert isinstance(app.screen, CheckinScreen) and app.workbook.responses() == []
        await pilot.press("1")  # question 9
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen) and isinstance(app.screen, RiskSupportScreen)
        note = str(app.screen.query_one("#risk-note").render())
        assert "nobody is notified" in note and "tell your practitioner" in note
        assert note.strip() == app.workbook.crisis().risk_note.strip()
        assert checkin.chosen[checkin.index:] == ["gad7", "wsas"]  # the check-in has not ended
        (saved,) = app.workbook.responses()
        assert (saved.measure, saved.answers, saved.total, saved.risk) == ("phq9", [1] * 9, 9.0, True)
        await pilot.press("escape")  # back from Support
        await settle(pilot)
        assert app.screen is checkin and checkin.phase == "after_risk"
        await pilot.click("#carry-on")
        await settle(pilot)
        assert checkin.phase == "followup"  # the PHQ-9's closing difficulty question, after Support
        await pilot.press("1")  # "Somewhat difficult"
        await settle(pilot)
        assert app.workbook.responses("phq9")[0].difficulty == 1
        await pilot.press(*"0000000")  # GAD-7
        await settle(pilot)
        assert checkin.measure.id == "wsas"
        await pilot.press("n", "8", "8", "8", "8")  # work: not applicable
        await settle(pilot)
        assert checkin.phase == "results"
        gad, wsas = app.workbook.responses("gad7"), app.workbook.responses("wsas")
        assert gad[0].total == 0 and not gad[0].risk
        assert wsas[0].answers == [None, 8, 8, 8, 8] and wsas[0].total == 40.0
        shown = " ".join(str(w.render()) for w in checkin.query(".result"))
        assert "PHQ-9: 9 out of 27" in shown and "Mild" in shown and "first one here" in shown
        assert "question 9" in shown  # the calm reminder to tell the practitioner


async def test_stop_after_support_keeps_the_flagged_response(empty_home):
    app = make_app(empty_home)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CheckinScreen())
        await settle(pilot)
        checkin = app.screen
        await pilot.press("enter", *"000000002")
        await settle(pilot)
        assert isinstance(app.screen, RiskSupportScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#finish")
        await settle(pilot)
        assert checkin.phase == "results"
        (saved,) = app.workbook.responses()
        assert saved.risk and saved.answers[8] == 2


async def test_previous_question_and_stopping_midway(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    before = len(make_app(friday_demo, FRIDAY_NOON).workbook.responses())
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CheckinScreen())
        await settle(pilot)
        checkin = app.screen
        await pilot.press("enter", "2", "3")
        await settle(pilot)
        assert checkin.answers == [2, 3]
        await pilot.press("backspace")
        await settle(pilot)
        assert checkin.answers == [2] and app.screen.focused.id == "answer-3"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#yes")  # stop here
        await settle(pilot)
        assert checkin.phase == "results" and len(app.workbook.responses()) == before
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CheckinScreen)


async def test_result_compares_with_last_time(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CheckinScreen(("gad7",)))
        await settle(pilot)
        for box in ("#pick-phq9", "#pick-wsas"):
            app.screen.query_one(box).value = False
        await pilot.press("enter", *"1111111")
        await settle(pilot)
        shown = " ".join(str(w.render()) for w in app.screen.query(".result"))
        assert "GAD-7: 7 out of 21 — Mild" in shown and "higher than last time" in shown


async def test_ctrl_s_starts_from_anywhere_on_the_intro(empty_home):
    app = make_app(empty_home)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CheckinScreen())
        await settle(pilot)
        checkin = app.screen
        await pilot.press("tab")  # focus moves off the Start button, onto a tick box
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert checkin.phase == "item" and checkin.measure.id == "phq9"
