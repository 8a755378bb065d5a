"""Check-in: the PHQ-9's closing difficulty question is asked after item 9 and stored with the
response (or skipped); results show caseness and the change since the first check-in in plain words."""

from __future__ import annotations

from harness import FRIDAY_NOON, SIZE, make_app, settle

from screens.checkin import CheckinScreen


async def test_difficulty_question_after_item_9_is_stored(empty_home):
    app = make_app(empty_home)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CheckinScreen(("phq9",)))
        await settle(pilot)
        checkin = app.screen
        for box in ("#pick-gad7", "#pick-wsas"):
            checkin.query_one(box).value = False
        await pilot.press("enter", *"222222220")
        await settle(pilot)
        assert checkin.phase == "followup"
        assert "how difficult" in str(checkin.query_one(".item").render())
        (saved,) = app.workbook.responses()
        assert saved.total == 16 and saved.difficulty is None  # saved already, before the last question
        await pilot.press("2")  # "Very difficult"
        await settle(pilot)
        assert checkin.phase == "results"
        assert app.workbook.responses()[0].difficulty == 2
        shown = " ".join(str(w.render()) for w in checkin.query(".result"))
        assert "above the clinical threshold" in shown


async def test_difficulty_question_can_be_skipped(empty_home):
    app = make_app(empty_home)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CheckinScreen(("phq9",)))
        await settle(pilot)
        for box in ("#pick-gad7", "#pick-wsas"):
            app.screen.query_one(box).value = False
        await pilot.press("enter", *"000000000")
        await settle(pilot)
        assert app.screen.phase == "followup"
        keys = {b.binding.key: b.binding.description for b in app.screen.active_bindings.values() if b.enabled}
        assert keys["n"] == "Skip"  # as the button says, not "Not applicable"
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.phase == "results"
        (saved,) = app.workbook.responses()
        assert saved.total == 0 and saved.difficulty is None


async def test_gad7_asks_no_difficulty_question(empty_home):
    app = make_app(empty_home)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CheckinScreen(("gad7",)))
        await settle(pilot)
        for box in ("#pick-phq9", "#pick-wsas"):
            app.screen.query_one(box).value = False
        await pilot.press("enter", *"1111111")
        await settle(pilot)
        assert app.screen.phase == "results"


async def test_results_say_the_change_since_the_first_check_in(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        first = app.workbook.since_first("phq9")
        app.push_screen(CheckinScreen(("phq9",)))
        await settle(pilot)
        for box in ("#pick-gad7", "#pick-wsas"):
            app.screen.query_one(box).value = False
        await pilot.press("enter", *"000000000", "n")
        await settle(pilot)
        shown = " ".join(str(w.render()) for w in app.screen.query(".result"))
        now = app.workbook.since_first("phq9")
        assert first is not None and now is not None and now.latest == 0
        assert now.words in shown
        assert "below the clinical threshold" in shown
