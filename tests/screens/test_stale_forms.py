"""Forms that went stale while open: another process saved meanwhile, and nothing is lost.

The other process is real (`python -c ...` or the `workbook` command) and runs while the
form is open. The Plan and supporter forms then ask, kindly, whether to keep their edits on
top of the newer version; Settings and Welcome pass on only what was changed, so a
`workbook research on` made meanwhile stays on. Drafts: a draft left by a kill just after a
save is cleared, not restored, and a restored draft can be thrown away (Ctrl+R).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from harness import NOW, SIZE, make_app, settle

from screens.dialogs.stale import StaleDialog
from screens.log import LogScreen
from screens.plan import PlanScreen
from screens.settings import SettingsScreen
from screens.supporter_form import SupporterForm
from screens.today import TodayScreen
from screens.welcome import WelcomeScreen
from workbook.core.model import Plan, Supporter
from workbook.facade.workbook import Workbook
from workbook.storage.drafts import DraftStore, log_draft_key

ROOT = Path(__file__).resolve().parents[2]
LATER = NOW + timedelta(minutes=2)  # when the other process saves


def elsewhere(home: Path, body: str) -> None:
    """`body` in another process, with `workbook` open on `home` (at LATER)."""
    code = textwrap.dedent("""
        import sys
        from datetime import datetime
        from workbook.facade.workbook import Workbook
        workbook = Workbook.open(sys.argv[1], clock=lambda: datetime.fromisoformat(sys.argv[2]), daily_backup=False)
    """) + textwrap.dedent(body)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code, str(home), LATER.isoformat()], capture_output=True,
                          text=True, env=env, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def workbook_command(home: Path, *args: str) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", "import sys; from workbook.cli import main; sys.exit(main(sys.argv[1:]))",
                           "--home", str(home), *args], capture_output=True, text=True, env=env, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def walking(welcomed: Workbook) -> Plan:
    return welcomed.add_plan(Plan(exercise_id="activity-scheduling", what="Walk round the park",
                                  start_date=date(2026, 11, 23), start_time=time(19, 0), zone="Europe/London",
                                  rrule="FREQ=DAILY", reminder_lead_minutes=15))


def stored(home: Path) -> Workbook:
    return Workbook.open(home, clock=lambda: LATER, daily_backup=False)


# -- the Plan form ------------------------------------------------------------------------------


async def open_plan_and_type(pilot, app, plan: Plan, where: str) -> PlanScreen:
    app.open_plan(plan_id=plan.id)
    await settle(pilot)
    form = app.screen
    assert isinstance(form, PlanScreen)
    form.query_one("#where").value = where
    await settle(pilot)
    return form


async def test_a_plan_paused_elsewhere_is_not_resumed_and_my_edit_is_kept_on_top(welcomed, walking):
    app = make_app(welcomed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_plan_and_type(pilot, app, walking, "the park by the river")
        elsewhere(welcomed.home, f"""
            workbook.set_plan_status({walking.id!r}, "paused")
            plan = workbook.plan({walking.id!r})
            workbook.update_plan(plan.changed(minutes=20), base=plan)
        """)
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StaleDialog)
        words = " ".join(str(w.render()) for w in dialog.query(".detail"))
        assert "another window" in words and "it is now paused" in words and "how long" in words
        assert stored(welcomed.home).plan(walking.id).where == ""  # nothing saved yet
        await pilot.click("#keep")
        await settle(pilot, 4)
        assert isinstance(app.screen, TodayScreen)
    plan = stored(welcomed.home).plan(walking.id)
    assert (plan.status, plan.minutes, plan.where) == ("paused", 20, "the park by the river")
    assert not DraftStore(welcomed.home, lambda: NOW)  # the draft went with the save


async def test_start_again_from_the_newer_version_shows_it_and_saves_nothing(welcomed, walking):
    app = make_app(welcomed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_plan_and_type(pilot, app, walking, "the gym")
        elsewhere(welcomed.home, f"""
            plan = workbook.plan({walking.id!r})
            workbook.update_plan(plan.changed(where="the park gates"), base=plan)
        """)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StaleDialog)
        await pilot.press("escape")  # back to the form: nothing saved, nothing lost
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PlanScreen) and form.query_one("#where").value == "the gym"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#fresh")
        await settle(pilot, 4)
        form = app.screen
        assert isinstance(form, PlanScreen)
        assert form.query_one("#where").value == "the park gates"  # the newer version, to start again from
        assert stored(welcomed.home).plan(walking.id).where == "the park gates"
        await pilot.press("ctrl+s")  # saving it now is over the newer version: no question
        await settle(pilot, 3)
        assert isinstance(app.screen, TodayScreen)


async def test_a_stale_pause_button_does_not_un_end_a_plan(welcomed, walking):
    app = make_app(welcomed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_plan_and_type(pilot, app, walking, "the common")
        elsewhere(welcomed.home, f'workbook.set_plan_status({walking.id!r}, "ended")')
        form.query_one("#pause").press()
        await settle(pilot, 4)
        form = app.screen
        assert isinstance(form, PlanScreen)  # the newer version, with what was typed kept
        assert form.plan.status == "ended" and form.query_one("#where").value == "the common"
    assert stored(welcomed.home).plan(walking.id).status == "ended"


# -- the supporter form -------------------------------------------------------------------------


async def test_a_supporter_changed_elsewhere_keeps_both_changes(welcomed, walking):
    jo = welcomed.save_supporter(Supporter(name="Jo", relationship="sister", how=["remind"]))
    app = make_app(welcomed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(SupporterForm(jo.id))
        await settle(pilot)
        form = app.screen
        form.query_one("#relationship").value = "big sister"
        await settle(pilot)
        elsewhere(welcomed.home, f"""
            jo = next(s for s in workbook.supporters() if s.id == {jo.id!r})
            workbook.save_supporter(jo.changed(contact="07700 900123"), base=jo)
        """)
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StaleDialog)
        assert "how to reach them" in " ".join(str(w.render()) for w in dialog.query(".detail"))
        await pilot.click("#keep")
        await settle(pilot, 4)
        assert not isinstance(app.screen, (SupporterForm, StaleDialog))
    [saved] = stored(welcomed.home).supporters()
    assert (saved.relationship, saved.contact) == ("big sister", "07700 900123")


# -- settings, field by field -------------------------------------------------------------------


async def test_saving_settings_never_reverts_research_on_from_the_command_line(welcomed):
    app = make_app(welcomed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(SettingsScreen())
        await settle(pilot)
        workbook_command(welcomed.home, "research", "on", "--participant", "P-017")
        app.screen.query_one("#first_name").value = "Alex"
        await pilot.press("ctrl+s")
        await settle(pilot)
        workbook_command(welcomed.home, "research", "off")
        app.screen.query_one("#practitioner_name").value = "Dr Rao"  # a second save, from the same form
        await pilot.press("ctrl+s")
        await settle(pilot)
    settings = stored(welcomed.home).settings()
    assert (settings.first_name, settings.practitioner_name) == ("Alex", "Dr Rao")
    assert settings.research_mode is False and settings.participant_id == "P-017"
    assert [e.kind for e in stored(welcomed.home).events()] == ["research_on", "research_off"]


async def test_welcome_passes_on_only_what_was_changed(welcomed):
    app = make_app(welcomed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_welcome()
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        elsewhere(welcomed.home, 'workbook.update_settings(discreet=True, quiet_start=None, quiet_end=None)')
        app.screen.query_one("#practitioner_name").value = "Dr Rao"
        await pilot.press("ctrl+s")
        await settle(pilot)
    settings = stored(welcomed.home).settings()
    assert (settings.practitioner_name, settings.discreet, settings.quiet_start) == ("Dr Rao", True, None)


# -- drafts -------------------------------------------------------------------------------------

async def test_a_draft_left_by_a_kill_after_saving_is_cleared_not_restored(welcomed, walking):
    from workbook.core.records import new_id

    occurrence = datetime.fromisoformat("2026-11-29T19:00:00+00:00")
    attempt_id = new_id()
    drafts = DraftStore(welcomed.home, lambda: NOW)
    key = log_draft_key(walking.id, occurrence)
    drafts[key] = {"outcome-done": True, "note": "Lovely", "_attempt_id": attempt_id, "_opened_at": NOW.isoformat()}
    drafts.save()
    welcomed.log_attempt(walking.id, "done", note="Lovely", occurrence=occurrence, attempt_id=attempt_id,
                         opened_at=NOW)  # saved, then killed before the draft went
    app = make_app(welcomed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_log(walking.id, occurrence)
        await settle(pilot, 3)
        log = app.screen
        assert isinstance(log, LogScreen)
        assert log.query_one("#note").text == "" and log.attempt_id != attempt_id
        assert not log.check_action("discard_draft", ())
    assert key not in DraftStore(welcomed.home, lambda: NOW)
    assert [a.id for a in stored(welcomed.home).attempts()] == [attempt_id]


async def test_saving_a_restored_log_draft_twice_logs_it_once(welcomed, walking):
    occurrence = datetime.fromisoformat("2026-11-29T19:00:00+00:00")
    app = make_app(welcomed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_log(walking.id, occurrence)
        await settle(pilot)
        log = app.screen
        await pilot.click("#outcome-done")
        log.query_one("#f-activity").value = "Round the park"
        await pilot.pause(0.7)  # the draft is on disk, with the attempt's id
        await settle(pilot)
        [draft] = DraftStore(welcomed.home, lambda: NOW).values()
        assert draft["_attempt_id"] == log.attempt_id
        first = welcomed.log_attempt(walking.id, "done", values={"activity": "Round the park"},
                                     occurrence=occurrence, attempt_id=log.attempt_id,
                                     opened_at=datetime.fromisoformat(draft["_opened_at"]))
        await pilot.press("ctrl+s")  # the same form saved again (as a restored draft would be)
        await settle(pilot, 3)
        assert isinstance(app.screen, TodayScreen)
    assert [a.id for a in stored(welcomed.home).attempts()] == [first.id]


async def test_a_restored_draft_can_be_thrown_away(welcomed, walking):
    occurrence = datetime.fromisoformat("2026-11-29T19:00:00+00:00")
    app = make_app(welcomed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_log(walking.id, occurrence)
        await settle(pilot)
        assert not app.screen.check_action("discard_draft", ())  # nothing restored: no such key shown
        app.screen.query_one("#note").text = "Typed by mistake"
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        app.open_log(walking.id, occurrence)
        await settle(pilot, 3)
        log = app.screen
        assert log.query_one("#note").text == "Typed by mistake"
        assert log.check_action("discard_draft", ())
        kept_id = log.attempt_id
        await pilot.press("ctrl+r")
        await settle(pilot, 3)
        assert log.query_one("#note").text == "" and log.attempt_id != kept_id
        assert not log.check_action("discard_draft", ())
    assert len(DraftStore(welcomed.home, lambda: NOW)) == 0
    assert stored(welcomed.home).attempts() == []
