"""Reminders that come due while the workbook is open: shown on Today with log now / snooze / skip."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from harness import SIZE, ZONE, open_home, settle

from screens.app import WorkbookApp
from screens.log import LogScreen
from screens.reminder_dialog import ReminderDialog
from screens.today import TodayScreen
from workbook.core.model import Plan

OPENED = datetime(2026, 11, 30, 18, 0, tzinfo=timezone.utc)  # London is on UTC in November
DUE = datetime(2026, 11, 30, 18, 16, tzinfo=timezone.utc)  # 18:30 plan, reminder 15 minutes before


def _home(tmp_path):
    workbook = open_home(tmp_path / "home", welcome_done=True)
    plan = workbook.add_plan(Plan(exercise_id="activity-scheduling", what="Walk round the park", where="park",
                                  start_date=date(2026, 11, 2), start_time=time(18, 30), zone=ZONE,
                                  rrule="FREQ=DAILY", reminder_lead_minutes=15))
    workbook.exercises  # noqa: B018
    return workbook, plan


async def _tick(app, pilot, clock, moment):
    clock[0] = moment
    app.check_reminders()
    await app.workers.wait_for_complete()
    await settle(pilot, 3)


async def test_due_reminder_offers_snooze_and_it_is_stored(tmp_path):
    workbook, plan = _home(tmp_path)
    clock = [OPENED]
    app = WorkbookApp(workbook, clock=lambda: clock[0], blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _tick(app, pilot, clock, datetime(2026, 11, 30, 18, 5, tzinfo=timezone.utc))
        assert isinstance(app.screen, TodayScreen)  # nothing due yet
        await _tick(app, pilot, clock, DUE)
        assert isinstance(app.screen, ReminderDialog)
        assert "Walk round the park" in app.screen.due.text
        await pilot.press("z")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        (snooze,) = workbook.store.read_table("snoozes")
        assert snooze["plan_id"] == plan.id and not snooze["skip"]
        await _tick(app, pilot, clock, datetime(2026, 11, 30, 18, 20, tzinfo=timezone.utc))
        assert isinstance(app.screen, TodayScreen)  # the same reminder is not offered twice


async def test_log_now_opens_the_log_for_that_occurrence(tmp_path):
    workbook, plan = _home(tmp_path)
    clock = [OPENED]
    app = WorkbookApp(workbook, clock=lambda: clock[0], blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _tick(app, pilot, clock, DUE)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)


async def test_skip_is_stored_and_a_form_is_never_interrupted(tmp_path):
    workbook, plan = _home(tmp_path)
    clock = [OPENED]
    app = WorkbookApp(workbook, clock=lambda: clock[0], blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_library()
        await settle(pilot)
        await _tick(app, pilot, clock, DUE)
        assert not isinstance(app.screen, ReminderDialog)  # waits for Today; a toast says so
        assert any(n.title == "Reminder" for n in app._notifications)
        await pilot.press("escape")
        await settle(pilot, 3)
        assert isinstance(app.screen, ReminderDialog)
        await pilot.press("k")
        await settle(pilot)
        (skip,) = workbook.store.read_table("snoozes")
        assert skip["skip"] is True


async def test_today_shows_what_another_process_logged(tmp_path):
    """`workbook log` in another terminal while the workbook is open: Today catches up on its next tick."""
    import subprocess
    import sys

    workbook, plan = _home(tmp_path)
    clock = [OPENED]
    app = WorkbookApp(workbook, clock=lambda: clock[0], blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _tick(app, pilot, clock, datetime(2026, 11, 30, 18, 1, tzinfo=timezone.utc))  # first tick: a baseline
        subprocess.run([sys.executable, "-m", "workbook", "--home", str(workbook.home), "log", plan.id[:8], "--done",
                        "--at", "2026-11-30T18:40:00+00:00"], check=True, capture_output=True)
        await _tick(app, pilot, clock, datetime(2026, 11, 30, 18, 2, tzinfo=timezone.utc))
        assert isinstance(app.screen, TodayScreen)
        (today,) = [o for o in app.screen.view.today if o.plan.id == plan.id]
        assert today.attempt is not None and today.attempt.outcome == "done"


async def test_a_log_elsewhere_before_the_first_tick_is_shown_too(tmp_path):
    """The workbook's baseline is what Today read when it opened, not the first tick 30 seconds later."""
    import subprocess
    import sys

    workbook, plan = _home(tmp_path)
    clock = [OPENED]
    app = WorkbookApp(workbook, clock=lambda: clock[0], blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        subprocess.run([sys.executable, "-m", "workbook", "--home", str(workbook.home), "log", plan.id[:8], "--done",
                        "--at", "2026-11-30T18:40:00+00:00"], check=True, capture_output=True)
        await _tick(app, pilot, clock, datetime(2026, 11, 30, 18, 1, tzinfo=timezone.utc))  # the first tick
        (today,) = [o for o in app.screen.view.today if o.plan.id == plan.id]
        assert today.attempt is not None and today.attempt.outcome == "done"
