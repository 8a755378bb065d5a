"""The command palette's provider: context-aware commands."""

from __future__ import annotations

from harness import make_app, settle

from screens.commands import SUPPORT, WorkbookCommands, commands_for
from screens.log import LogScreen
from screens.plan import PlanScreen
from screens.today import TodayScreen


async def test_commands_on_today_with_demo_data(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [c.title for c in commands_for(app, app.screen)]
        assert titles[0] == SUPPORT == "Support / crisis help"
        for expected in ("Log Walk round the park after tea", "Edit plan: Take the bus two stops into town",
                         "Plan Thought record", "Plan Exposure practice", "Exercise library",
                         "Toggle high contrast", "Read the welcome again", "Settings"):
            assert expected in titles
        assert any(t.startswith("Log the selected plan: ") for t in titles)  # knows what is selected
        assert "Today" not in titles  # already there


async def test_commands_follow_the_screen(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        plan = demo.plans()[0]
        app.open_log(plan.id)
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)
        titles = [c.title for c in commands_for(app, app.screen)]
        assert "Save this log" in titles and "Today" in titles
        app.go_home()
        app.open_plan(exercise_id="worry-time")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert "Save this plan" in [c.title for c in commands_for(app, app.screen)]


async def test_provider_search_and_commands_run(welcomed):
    app = make_app(welcomed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        provider = WorkbookCommands(app.screen)
        await provider.startup()
        hits = [hit async for hit in provider.search("contrast")]
        assert [hit.text for hit in hits][0] == "Toggle high contrast"
        hits[0].command()
        await settle(pilot)
        assert app.theme == "high-contrast" and welcomed.settings().theme == "high-contrast"
        discovered = [hit.text async for hit in provider.discover()]
        assert discovered[0] == SUPPORT
        await pilot.press("ctrl+t")  # and back again by its key
        await settle(pilot)
        assert app.theme == "workbook" and welcomed.settings().theme == "workbook"
        assert isinstance(app.screen, TodayScreen)


async def test_the_palette_finds_the_questionnaires_by_name_and_by_everyday_words(demo):
    from screens.commands import commands_for

    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [c.title for c in commands_for(app, app.screen)]
        for word, short in (("PHQ-9", "PHQ-9"), ("mood", "PHQ-9"), ("GAD-7", "GAD-7"), ("worry", "GAD-7"),
                            ("questionnaire", "WSAS")):
            assert any(word.lower() in t.lower() and short in t for t in titles), word
        assert "Keys" in titles


async def test_keys_lists_every_key_of_the_screen(demo):
    from screens.dialogs.keys import KeysDialog

    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, KeysDialog)
        keys = dict(app.screen.lines)
        assert {"l", "p", "e", "b", "u", "h", "r", "c", "g", "s", "F1", "Ctrl+q"} <= set(keys)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, KeysDialog)
