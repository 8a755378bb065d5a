"""Crisis help on screen, by region: Support, the check-in's item-9 note and result, and the Welcome
disclaimer show only the chosen region's numbers; Welcome and Settings ask where you live and save it."""

from __future__ import annotations

import pytest
from crisis_numbers import shown_foreign
from harness import SIZE, make_app, open_home, settle
from textual.widgets import Select, Static

from screens.checkin import CheckinScreen, RiskSupportScreen
from screens.settings import SettingsScreen
from screens.support import SupportScreen
from screens.welcome import WelcomeScreen
from workbook.content.crisis import default_crisis
from workbook.core.model import REGIONS


def _shown(screen) -> str:  # type: ignore[no-untyped-def]
    return " ".join(str(w.render()) for w in screen.query(Static))


@pytest.mark.parametrize("region", REGIONS)
async def test_no_screen_shows_another_regions_emergency_number(tmp_path, region):
    workbook = open_home(tmp_path / "home", welcome_done=True, region=region)
    expected = default_crisis(region)
    app = make_app(workbook)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen)
        support = _shown(app.screen)
        assert expected.contacts[0].how in support and expected.disclaimer in support
        assert shown_foreign(region, support) == []
        await pilot.press("escape")
        app.push_screen(WelcomeScreen(first_run=True))
        await settle(pilot)
        welcome = _shown(app.screen)
        assert expected.disclaimer in welcome and shown_foreign(region, welcome) == []
        app.pop_screen()
        app.push_screen(CheckinScreen(("phq9",)))
        await settle(pilot)
        await pilot.press("enter", *"000000001")  # question 9 answered above 0
        await settle(pilot)
        assert isinstance(app.screen, RiskSupportScreen)
        note = str(app.screen.query_one("#risk-note").render())
        assert note == expected.risk_note and shown_foreign(region, _shown(app.screen)) == []
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#finish")
        await settle(pilot)
        result = str(app.screen.query_one("#result-risk").render())
        assert result == expected.result_risk and shown_foreign(region, _shown(app.screen)) == []


async def test_support_asks_where_you_live_until_it_is_chosen(welcomed):
    app = make_app(welcomed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await settle(pilot)
        assert "where you live" in str(app.screen.query_one("#region-prompt").render())


async def test_settings_saves_where_you_live_and_support_follows(welcomed):
    app = make_app(welcomed)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SettingsScreen())
        await settle(pilot)
        app.screen.query_one("#region", Select).value = "scotland"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.workbook.settings().region == "scotland"
        await pilot.press("f1")
        await settle(pilot)
        shown = _shown(app.screen)
        assert "Breathing Space" in shown and "(Scotland)" in shown and not app.screen.query("#region-prompt")


async def test_welcome_asks_where_you_live(fresh):
    app = make_app(fresh)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(WelcomeScreen(first_run=True))
        await settle(pilot)
        await pilot.click("#next")
        await settle(pilot)
        app.screen.query_one("#region", Select).value = "ireland"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.workbook.settings().region == "ireland" and app.workbook.settings().welcome_done


async def test_support_adds_a_contact_of_your_own_in_one_step(tmp_path):
    workbook = open_home(tmp_path / "home", welcome_done=True, region="elsewhere")
    app = make_app(workbook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await settle(pilot)
        support = app.screen
        support.query_one("#own-add").press()  # nothing typed yet
        await settle(pilot)
        assert "needs a few words" in support.query_one("#row-own-name").message
        assert not (workbook.home / "crisis.toml").exists()
        support.query_one("#own-name").value = "Kriseteam Oslo"
        support.query_one("#own-how").value = "Call 116 117"
        support.query_one("#own-add").press()
        await settle(pilot)
        assert "Kriseteam Oslo" in _shown(app.screen) and "your own contacts" in _shown(app.screen)
    info = workbook.crisis()
    assert not info.is_default and info.contacts[0].how == "Call 116 117"
    assert "local emergency number" in info.disclaimer
