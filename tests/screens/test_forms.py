"""Plan, Log, Welcome and Barriers forms: drafts, gentle notes, inline messages, one-step changes."""

from __future__ import annotations

from harness import NOW, make_app, settle
from textual.widgets import OptionList, RadioSet, Select

from screens.barriers import BarriersScreen
from screens.log import LogScreen
from screens.plan import PlanScreen
from screens.today import TodayScreen
from screens.welcome import WelcomeScreen


def walk(workbook):
    return next(p for p in workbook.plans() if p.exercise_id == "activity-scheduling")


def note(screen, row: str) -> str:
    return screen.query_one(f"#row-{row}").message


async def test_log_draft_is_kept_when_leaving_and_comes_back(demo):
    logged = len(demo.attempts())
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        plans = app.screen.query_one("#plans", OptionList)
        walk_row = next(i for i, o in enumerate(plans.options) if o.id and o.id.startswith(f"today:{walk(demo).id}"))
        plans.highlighted = walk_row
        await pilot.press("l")
        await settle(pilot)
        log = app.screen
        assert isinstance(log, LogScreen)
        await pilot.click("#outcome-partly")
        log.query_one("#f-activity").value = "Round the block"
        log.query_one("#f-mood_before").value = 4
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert len(app.drafts) == 1
        assert len(demo.attempts()) == logged  # nothing was saved

        await pilot.press("l")  # the same row is still selected
        await settle(pilot)
        log = app.screen
        assert log.query_one("#outcome", RadioSet).pressed_button.id == "outcome-partly"
        assert log.query_one("#f-activity").value == "Round the block"
        assert log.query_one("#f-mood_before").value == 4
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BarriersScreen) and app.drafts == {}
    assert demo.attempts()[-1].values == {"activity": "Round the block", "mood_before": 4}


async def test_log_messages_show_beside_the_field(welcomed):
    from datetime import date, time

    from workbook.core.model import Plan

    plan = welcomed.add_plan(Plan(exercise_id="sleep-diary", what="Fill in my sleep diary", where="bed",
                                  start_date=date(2026, 11, 1), start_time=time(7, 45), zone="Europe/London",
                                  rrule="FREQ=DAILY"))
    app = make_app(welcomed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_log(plan.id)
        await settle(pilot)
        log = app.screen
        await pilot.click("#outcome-done")
        await pilot.click("#f-into_bed")
        await pilot.press(*"25:99", "tab")
        await settle(pilot)
        assert "HH:MM" in note(log, "into_bed")  # checked as the field is left
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)
        assert "HH:MM" in note(log, "into_bed")
        assert note(log, "out_of_bed") == "Please check: this one is needed."  # required when done
        log.query_one("#f-into_bed").value = "23:15"
        log.query_one("#f-out_of_bed").value = "7:40"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)  # done: straight home
    assert welcomed.attempts()[0].values == {"into_bed": "23:15", "out_of_bed": "07:40"}


async def test_vague_plan_notes_are_gentle_and_never_block(welcomed):
    app = make_app(welcomed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_plan(exercise_id="activity-scheduling")
        await settle(pilot)
        plan = app.screen
        assert note(plan, "when") == ""  # nothing to be specific about yet
        plan.query_one("#what").value = "Try to go for a walk"
        await settle(pilot)
        assert "try to" in note(plan, "what").lower()
        assert "doesn't have a time" in note(plan, "when")
        assert "Where will you do this" in note(plan, "where")
        assert all(not row.has_class("-error") for row in plan.query("FieldRow"))
        plan.query_one("#start_time").value = "18:30"
        plan.query_one("#where").value = "the park"
        await settle(pilot)
        assert note(plan, "when") == "" and note(plan, "where") == ""
        await pilot.press("ctrl+s")  # still vague ("try to"), and saved all the same
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
    assert welcomed.plans()[0].what == "Try to go for a walk"


async def test_low_confidence_offers_a_smaller_version_in_one_step(welcomed):
    app = make_app(welcomed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_plan(exercise_id="activity-scheduling")
        await settle(pilot)
        plan = app.screen
        plan.query_one("#what").value = "Walk to the post box"
        plan.query_one("#repeat-kind", Select).value = "weekdays"
        plan.query_one("#confidence").value = 8
        await settle(pilot)
        offer = plan.query_one("#smaller")
        assert not offer.has_class("-shown")
        plan.query_one("#confidence").value = 5
        await settle(pilot)
        assert offer.has_class("-shown")
        assert "30 → 15 minutes; weekdays → Mon, Wed, Fri" in str(plan.query_one("#smaller-preview").content)
        plan.query_one("#make-smaller").press()
        await settle(pilot)
        assert plan.query_one("#minutes").value == "15"
        await pilot.press("ctrl+s")
        await settle(pilot)
    [saved] = welcomed.plans()
    assert (saved.minutes, saved.rrule, saved.confidence) == (15, "FREQ=WEEKLY;BYDAY=MO,WE,FR", 5)


async def test_edit_pause_and_end_a_plan(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        plan_id = walk(demo).id
        app.open_plan(plan_id=plan_id)
        await settle(pilot)
        app.screen.query_one("#minutes").value = "abc"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen) and "from 1 to 600" in note(app.screen, "minutes")
        app.screen.query_one("#minutes").value = "25"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo.plan(plan_id).minutes == 25
        app.open_plan(plan_id=plan_id)
        await settle(pilot)
        app.screen.query_one("#pause").press()
        await settle(pilot)
        assert demo.plan(plan_id).status == "paused"
        app.open_plan(plan_id=plan_id)
        await settle(pilot)
        app.screen.query_one("#end").press()
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert demo.plan(plan_id).status == "ended" and isinstance(app.screen, TodayScreen)


async def test_welcome_messages_inline_and_reopening(welcomed):
    app = make_app(welcomed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert type(app.screen).__name__ == "SettingsScreen"
        app.pop_screen()
        app.open_welcome()  # "Read the welcome again" (palette, and a button in Settings)
        await settle(pilot)
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen) and welcome.query_one("#first_name").value == "Sam"
        welcome.query_one("#call_date").value = "someday"
        welcome.query_one("#research_mode").value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "4/12" in note(welcome, "next_call")  # the message shows what a date looks like
        welcome.query_one("#call_date").value = "2026-12-04"
        welcome.query_one("#call_time").value = "10:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "participant ID" in note(welcome, "participant_id")  # the engine's own rule
        welcome.query_one("#participant_id").value = "P-017"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert "Fri 4 Dec, 10:00" in str(app.screen.query_one("#aside").content)
    settings = welcomed.settings()
    assert settings.next_call == "2026-12-04T10:00:00+00:00" and settings.research_mode
    assert {e.refs.get("screen") for e in welcomed.events()} >= {"today"}  # ids only, never free text


async def test_still_open_item_barriers_log_it_as_not_done(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = app.screen
        plans = today.query_one("#plans", OptionList)
        open_row = next(i for i, o in enumerate(plans.options) if o.id and o.id.startswith("open:"))
        plans.highlighted = open_row
        entry = today.selected()
        await pilot.press("b")
        await settle(pilot)
        barriers = app.screen
        assert isinstance(barriers, BarriersScreen)
        await pilot.press("ctrl+s")  # nothing chosen yet: a kind nudge, nothing saved
        await settle(pilot)
        assert "choose at least one" in note(barriers, "barriers")
        barriers.query_one("#barrier-list").select("forgot")
        barriers.query_one("#barrier-note").value = "Phone was on silent"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert barriers.query("#response-link_routine")
        barriers.query_one("#link_routine-routine").value = "have my tea"
        await settle(pilot)
        assert "after I have my tea" in str(barriers.query_one("#link_routine-preview").content)
        barriers.query_one("#link_routine-apply").press()
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    attempt = demo.attempts()[-1]
    assert attempt.outcome == "not_done" and attempt.occurrence == entry.at.isoformat()
    assert attempt.barriers == [{"code": "forgot", "note": "Phone was on silent"}]
    assert demo.plan(entry.plan_id).if_then[-1]["if"] == "after I have my tea"


async def test_empty_today_says_what_to_do_first(welcomed):
    from workbook.content.copy import text

    app = make_app(welcomed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert str(app.screen.query_one("#empty-text").content) == text("today.empty")
        assert str(app.screen.query_one("HelpLine").content) == text("today.help_empty")  # not "Select one"
        await pilot.press("enter")  # the "Choose an exercise" button has focus
        await settle(pilot)
        assert type(app.screen).__name__ == "LibraryScreen"


async def test_first_run_welcome_can_be_skipped(fresh):
    app = make_app(fresh)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
    assert fresh.settings().welcome_done and fresh.settings().first_name == ""


async def test_exercise_names_follow_the_first_paint_without_losing_lines(demo_source, tmp_path):
    import shutil

    from screens.app import WorkbookApp
    from workbook.facade.workbook import Workbook

    shutil.copytree(demo_source, tmp_path / "d")
    workbook = Workbook.open(tmp_path / "d", clock=lambda: NOW, daily_backup=False)  # exercise library not read yet
    app = WorkbookApp(workbook, clock=lambda: NOW, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        plans = app.screen.query_one("#plans", OptionList)
        lines = [plans.render_line(y).text.rstrip() for y in range(plans.size.height)]
        assert "07:45  ✓ done  ·  Sleep diary" in lines  # the name arrived after the first paint
        why = next(i for i, line in enumerate(lines) if "in one" in line)
        assert lines[why + 1] == "box."  # the wrapped line is still there


async def test_plan_dates_as_people_type_them(welcomed):
    from datetime import date as _date

    app = make_app(welcomed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_plan(exercise_id="activity-scheduling")
        await settle(pilot)
        plan = app.screen
        plan.query_one("#what").value = "Walk round the park"
        plan.query_one("#start_date").value = "wed"
        plan.query_one("#start_time").value = "18:30"
        plan.query_one("#until").value = "31/12"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
    saved = welcomed.plans()[0]
    assert saved.start_date == _date(2026, 12, 2)  # the fixed clock is Monday 30 November
    assert saved.until == _date(2026, 12, 31)


async def test_log_draft_survives_closing_the_workbook(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        plans = app.screen.query_one("#plans", OptionList)
        plans.highlighted = next(i for i, o in enumerate(plans.options) if o.id and o.id.startswith(f"today:{walk(demo).id}"))
        await pilot.press("l")
        await settle(pilot)
        await pilot.click("#outcome-partly")
        app.screen.query_one("#f-activity").value = "Round the block"
        await pilot.pause(0.7)  # typing pauses: the draft is written to disk
        await settle(pilot)
    assert (demo.home / "drafts.json").exists()

    app = make_app(demo)  # a new session, as after closing the terminal
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        plans = app.screen.query_one("#plans", OptionList)
        plans.highlighted = next(i for i, o in enumerate(plans.options) if o.id and o.id.startswith(f"today:{walk(demo).id}"))
        await pilot.press("l")
        await settle(pilot)
        log = app.screen
        assert log.query_one("#outcome", RadioSet).pressed_button.id == "outcome-partly"
        assert log.query_one("#f-activity").value == "Round the block"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause(0.7)
    assert not (demo.home / "drafts.json").exists()  # saved, so the draft is gone


async def test_log_fields_show_their_own_examples_and_units_once(welcomed):
    from datetime import date, time

    from screens.widgets.fields import ExerciseField
    from screens.widgets.form import error_words
    from workbook.core.model import Plan

    plan = welcomed.add_plan(Plan(exercise_id="sleep-diary", what="Fill in my sleep diary", where="bed",
                                  start_date=date(2026, 11, 1), start_time=time(7, 45), zone="Europe/London",
                                  rrule="FREQ=DAILY"))
    app = make_app(welcomed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_log(plan.id)
        await settle(pilot)
        log = app.screen
        assert str(log.query_one("#f-comments").placeholder) == "e.g. Coffee at 4pm; lay awake worrying about a meeting"
        assert log.query_one("#f-into_bed").placeholder == "HH:MM, like 07:30"  # no example of its own: the kind's
        labels = {row.field.id: row._label for row in log.query(ExerciseField)}
        assert labels["awakenings"] == "How many times did you wake up in the night?"  # not "... (times)"
    assert error_words("Please give a number from 0 to 10.") == "Please give a number from 0 to 10."
    assert error_words("This one is needed.") == "Please check: this one is needed."
    assert error_words("PHQ-9 needs an answer.") == "Please check: PHQ-9 needs an answer."


async def test_today_with_only_a_paused_plan_never_says_use_the_arrow_keys(welcomed):
    from datetime import date, time

    from workbook.content.copy import text
    from workbook.core.model import Plan

    plan = welcomed.add_plan(Plan(exercise_id="activity-scheduling", what="Walk round the park", where="park",
                                  start_date=date(2026, 11, 1), start_time=time(18, 30), zone="Europe/London",
                                  rrule="FREQ=DAILY"))
    welcomed.set_plan_status(plan.id, "paused", now=NOW)
    app = make_app(welcomed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app._notifications.clear()
        await pilot.press("l")
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert said == [text("today.nothing_this_week")] and "arrow keys" not in said[0]
        assert str(app.screen.query_one("HelpLine").content) == text("today.help_empty")


async def test_the_collector_paused_for_start_up_runs_again_once_the_first_screen_has_painted(fresh):
    import gc

    app = make_app(fresh)
    gc.disable()  # as the launcher does before the app starts
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app._painted and gc.isenabled()
    finally:
        gc.enable()
