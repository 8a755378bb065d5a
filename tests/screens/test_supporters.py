"""Supporters: add someone, attach them to a plan, write the "what to ask" message, remove them."""

from __future__ import annotations

import os
import stat

from harness import FRIDAY_NOON, SIZE, make_app, settle

from screens.ask_message import AskMessageScreen
from screens.supporter_form import SupporterForm
from screens.supporters import SupportersScreen


async def test_add_a_supporter_and_attach_them_to_a_plan(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SupportersScreen())
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SupporterForm)
        await pilot.press(*"Amira")
        form.query_one("#relationship").value = "sister"
        form.query_one("#contact").value = "text her"
        await pilot.click("#how-encourage")
        walk = next(p for p in app.workbook.plans() if p.what.startswith("Walk"))
        form.query_one("#plans").select(walk.id)
        form.query_one("#remind").value = True
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SupportersScreen)
        amira = next(s for s in app.workbook.supporters() if s.name == "Amira")
        assert (amira.relationship, amira.how, amira.contact) == ("sister", ["encourage"], "text her")
        assert amira.check_in_rrule == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" and amira.check_in_time.hour == 18
        assert amira.id in app.workbook.plan(walk.id).supporter_ids
        assert [p.id for p in app.workbook.plans_for_supporter(amira.id)] == [walk.id]
        assert app.screen.chosen == amira.id
        assert "Walk round the park" in str(app.screen.query_one("#about").render())


async def test_a_name_is_needed(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SupporterForm())
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SupporterForm)
        assert "their name" in app.screen.query_one("#row-name").message


async def test_message_shares_only_what_is_ticked_and_saves_privately(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SupportersScreen())
        await settle(pilot)
        jo = next(s for s in app.workbook.supporters() if s.name == "Jo")
        app.screen.query_one("#people").highlighted = [s.id for s in app.workbook.supporters()].index(jo.id)
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AskMessageScreen)
        assert "Walk round the park after tea." in screen.text and "18:30" not in screen.text
        assert "why it matters" not in screen.text.lower() and "therapy" not in screen.text
        screen.query_one("#times").value = True
        await settle(pilot)
        assert "Walk round the park after tea (weekdays at 18:30)." in screen.text
        await pilot.press("w")
        await settle(pilot)
        saved = friday_demo / "messages" / "message-for-jo-2026-11-20.txt"
        assert saved.read_text() == screen.text
        if os.name == "posix":
            assert stat.S_IMODE(saved.stat().st_mode) == 0o600


async def test_remove_asks_first(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SupportersScreen())
        await settle(pilot)
        first = app.screen.chosen
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("escape")  # "Keep"
        await settle(pilot)
        assert any(s.id == first for s in app.workbook.supporters())
        await pilot.press("d")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert all(s.id != first for s in app.workbook.supporters())
        assert all(first not in p.supporter_ids for p in app.workbook.plans())
