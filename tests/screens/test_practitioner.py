"""From my practitioner, driven by keys: accept, adjust through the Plan form, decline with a reason,
open a pack from a file, and reach it from Today and the palette. Each asserts what was stored."""

from __future__ import annotations

from datetime import time

from harness import NOW, SIZE, make_app, settle
from session_pack_sample import write_sample

from screens.commands import commands_for
from screens.dialogs.text_prompt import TextPrompt
from screens.plan import PlanScreen
from screens.practitioner import PractitionerScreen
from screens.today import TodayScreen


def _imported(workbook, tmp_path):
    workbook.import_session_pack(write_sample(tmp_path), now=NOW)
    return workbook.last_session_pack()


def _highlight(app, key: str, workbook) -> None:
    screen = app.screen
    assert isinstance(screen, PractitionerScreen)
    suggestion = workbook.suggestion(key, workbook.last_session_pack().id)
    listing = screen.query_one("#suggestions")
    listing.highlighted = listing.get_option_index(suggestion.id)


async def test_accept_as_it_is_from_today(welcomed, tmp_path):
    pack = _imported(welcomed, tmp_path)
    app = make_app(welcomed, NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert "Alex Morgan suggested plans for you to look at: 3 to decide" in str(
            app.screen.query_one("#empty-pack").render())
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, PractitionerScreen)
        _highlight(app, "walk", welcomed)
        await pilot.press("a")
        await settle(pilot)
    [plan] = welcomed.plans()
    assert plan.what == "Walk round the park" and plan.start_time == time(18, 30) and plan.minutes == 20
    assert plan.agreed_with == "Alex Morgan" and plan.agreed_on == pack.session_date and plan.agreed_in_session
    assert welcomed.suggestion("walk", pack.id).decision == "accepted"


async def test_adjust_opens_the_plan_form_prefilled_and_saving_accepts(welcomed, tmp_path):
    pack = _imported(welcomed, tmp_path)
    app = make_app(welcomed, NOW)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        app.open_screen("practitioner")
        await settle(pilot)
        _highlight(app, "worry", welcomed)
        await pilot.press("j")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PlanScreen)
        assert form.query_one("#what").value == "Worry time at the kitchen table"
        assert form.query_one("#start_time").value == "18:00" and form.query_one("#minutes").value == "15"
        assert form.query_one("#why").value.startswith("Putting worries off")
        assert "Agreed with Alex Morgan on Thu 19 Nov." in str(form.query_one("#agreed-with").render())
        form.query_one("#start_time").value = "17:30"
        form.query_one("#minutes").value = "10"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PractitionerScreen)  # back to the rest of the suggestions
    [plan] = welcomed.plans()
    assert (plan.start_time, plan.minutes, plan.rrule) == (time(17, 30), 10, "FREQ=DAILY")
    assert plan.agreed_with == "Alex Morgan" and plan.agreed_in_session
    suggestion = welcomed.suggestion("worry", pack.id)
    assert suggestion.decision == "adjusted" and suggestion.plan_id == plan.id


async def test_decline_asks_for_a_reason_and_keeps_it(welcomed, tmp_path):
    pack = _imported(welcomed, tmp_path)
    app = make_app(welcomed, NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_screen("practitioner")
        await settle(pilot)
        _highlight(app, "panic", welcomed)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("enter")  # an empty reason is not taken
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        app.screen.query_one("#answer").value = "I would rather talk about them at the call"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PractitionerScreen)
    assert welcomed.plans() == []
    [declined] = welcomed.declined_suggestions(since=pack.session_date)
    assert declined.reason == "I would rather talk about them at the call" and declined.exercise_id == "panic-diary"


async def test_open_a_pack_from_the_screen(welcomed, tmp_path):
    path = write_sample(tmp_path)
    app = make_app(welcomed, NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_screen("practitioner")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        app.screen.query_one("#answer").value = str(path)
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.screen.query_one("#suggestions").options) == 3
    assert welcomed.last_session_pack().practitioner == "Alex Morgan"
    assert [s.key for s in welcomed.suggestions(pending_only=True)] == ["walk", "worry", "panic"]


async def test_the_palette_and_keys_list_lead_there(welcomed):
    app = make_app(welcomed, NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in commands_for(app, app.screen)]
        assert "From my practitioner (session pack)" in titles
        keys = {b.key: b for b in TodayScreen.BINDINGS}
        assert keys["f"].description == "From my practitioner"


def test_from_my_practitioner_snapshot(snap_compare, tmp_path):
    from harness import open_home

    workbook = open_home(tmp_path / "home", welcome_done=True, first_name="Sam")
    workbook.save_question("Is it OK to skip a day?")
    workbook.import_session_pack(write_sample(tmp_path), now=NOW)
    workbook.decline_suggestion(workbook.suggestion("panic", workbook.last_session_pack().id).id, "Not yet")

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.open_screen("practitioner")
        await settle(pilot)

    assert snap_compare(make_app(workbook, NOW), terminal_size=SIZE, run_before=run_before)


async def test_an_accepted_plan_shows_where_it_came_from_and_keeps_it_when_changed(welcomed, tmp_path):
    pack = _imported(welcomed, tmp_path)
    plan = welcomed.accept_suggestion(welcomed.suggestion("walk", pack.id).id, now=NOW)
    app = make_app(welcomed, NOW)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        app.open_plan(plan_id=plan.id)
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PlanScreen) and not form.query("#agreed")  # not a box to tick
        assert "Agreed with Alex Morgan on Thu 19 Nov." in str(form.query_one("#agreed-with").render())
        form.query_one("#where").value = "the big park"
        await pilot.press("ctrl+s")
        await settle(pilot)
    stored = welcomed.plan(plan.id)
    assert stored.where == "the big park"
    assert (stored.agreed_with, stored.agreed_on, stored.agreed_in_session) == ("Alex Morgan", pack.session_date, True)
