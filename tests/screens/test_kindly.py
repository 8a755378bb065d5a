"""A full disk (or any problem the engine explains) while the app is open: a notice, no crash, nothing lost."""

from __future__ import annotations

from harness import make_app, settle
from textual.widgets import OptionList

from screens.log import LogScreen
from screens.today import TodayScreen
from workbook.core.errors import StorageError


def _walk_row(app, plan_id: str) -> int:
    plans = app.screen.query_one("#plans", OptionList)
    return next(i for i, o in enumerate(plans.options) if o.id and o.id.startswith(f"today:{plan_id}"))


async def test_a_failed_save_is_explained_and_the_form_kept(demo, monkeypatch):
    walk = next(p for p in demo.plans() if p.what.startswith("Walk"))
    logged = len(demo.attempts())
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#plans", OptionList).highlighted = _walk_row(app, walk.id)
        await pilot.press("l")
        await settle(pilot)
        log = app.screen
        await pilot.click("#outcome-done")
        log.query_one("#f-activity").value = "Round the block"

        def disk_full(*args, **kwargs):
            raise StorageError("Could not save to attempts/2026-11.json (No space left on device); "
                               "nothing saved before was changed.")

        monkeypatch.setattr(demo, "log_attempt", disk_full)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running and app.screen is log  # no traceback, still on the form
        assert any("No space left" in n.message for n in app._notifications)
        assert log.query_one("#f-activity").value == "Round the block"

        monkeypatch.undo()  # space freed: the same press now saves
        log.query_one("#f-activity").value = "Round the block!"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, LogScreen)
    assert len(demo.attempts()) == logged + 1


async def test_a_problem_in_a_worker_is_shown_not_fatal(demo, monkeypatch):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        def busy(*args, **kwargs):
            from workbook.core.errors import BusyError

            raise BusyError("Another Workbook window or reminder is saving right now; please try again in a moment.")

        monkeypatch.setattr(demo, "due_now", busy)
        app.check_reminders()
        for _ in range(20):  # (waiting on the worker itself would re-raise its error here)
            await pilot.pause(0.05)
            if app._notifications:
                break
        assert app.is_running and isinstance(app.screen, TodayScreen)
        assert any("saving right now" in n.message for n in app._notifications)
