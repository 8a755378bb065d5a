"""Notices never hide help: at 80x24, two notices on Today, then Support: no toast covers its text,
none appears while it is open, and none carries over to the next screen."""

from __future__ import annotations

from harness import SIZE, make_app, settle

from screens.support import SupportScreen

SAVED = "Your plan is saved."
REMINDER = "Reminder: Walk round the park at 18:30 (It's waiting on Today.)"


async def _two_notices_then_support(pilot) -> None:
    await settle(pilot)
    pilot.app.notify(SAVED, timeout=60)
    pilot.app.notify(REMINDER, title="Reminder", timeout=60)
    await settle(pilot)
    await pilot.press("f1")
    await settle(pilot)


def test_support_after_two_notices(snap_compare, welcomed):
    assert snap_compare(make_app(welcomed), terminal_size=SIZE, run_before=_two_notices_then_support)


def test_a_notice_while_support_is_open(snap_compare, welcomed):
    async def run_before(pilot) -> None:
        await _two_notices_then_support(pilot)
        pilot.app.notify("Backed up.", timeout=60)
        await settle(pilot)

    assert snap_compare(make_app(welcomed), terminal_size=SIZE, run_before=run_before)


async def test_notices_are_gone_on_support_and_do_not_carry_over(welcomed):
    app = make_app(welcomed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.notify(SAVED, timeout=60)
        app.notify(REMINDER, timeout=60)
        await settle(pilot)
        assert len(app._notifications) == 2  # Textual is pinned in pyproject
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen) and len(app._notifications) == 0
        app.notify("Backed up.", timeout=60)
        await settle(pilot)
        assert len(app._notifications) == 0 and not app.screen.query("Toast")
        await pilot.press("escape")
        await settle(pilot)
        app.notify("On Today again.", timeout=60)
        await settle(pilot)
        assert len(app._notifications) == 1
        app.open_screen("review")
        await settle(pilot)
        assert len(app._notifications) == 0  # not carried over to the next screen
