"""Settings: save details, colours change at once, backup and restore (after asking), export."""

from __future__ import annotations

from harness import FRIDAY_NOON, SIZE, make_app, settle

from screens.dialogs.confirm import ConfirmDialog
from screens.settings import SettingsScreen


async def test_save_details_and_research_mode(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SettingsScreen())
        await settle(pilot)
        screen = app.screen
        screen.query_one("#first_name").value = "Sammy"
        screen.query_one("#call_date").value = "2026-12-01"
        screen.query_one("#call_time").value = "9:15"
        screen.query_one("#quiet_start").value = ""
        screen.query_one("#quiet_end").value = ""
        screen.query_one("#participant_id").value = "P-042"
        screen.query_one("#study_id").value = "STUDY1"
        screen.query_one("#research_mode").value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        s = app.workbook.settings()
        assert (s.first_name, s.participant_id, s.study_id, s.research_mode) == ("Sammy", "P-042", "STUDY1", True)
        assert s.next_call == "2026-12-01T09:15:00+00:00" and s.quiet_start is None and s.quiet_end is None


async def test_mistakes_are_marked_not_saved(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SettingsScreen())
        await settle(pilot)
        screen = app.screen
        screen.query_one("#quiet_start").value = "25:00"
        screen.query_one("#research_mode").value = True
        screen.query_one("#participant_id").value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a time" in screen.query_one("#row-quiet").message
        assert app.workbook.settings().quiet_start.hour == 21


async def test_theme_applies_live(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SettingsScreen())
        await settle(pilot)
        app.screen.query_one("#theme").value = "high-contrast"
        await settle(pilot)
        assert app.theme == "high-contrast" and app.workbook.settings().theme == "high-contrast"


async def test_backup_then_restore_after_confirming(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SettingsScreen())
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        (backup,) = app.workbook.backups()
        app.workbook.update_settings(first_name="Changed")
        screen = app.screen
        screen.query_one("#backups").value = backup.name
        screen.query_one("#restore").press()
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # keep things as they are
        await settle(pilot)
        assert app.workbook.settings().first_name == "Changed"
        screen.query_one("#restore").press()
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert app.workbook.settings().first_name == "Sam"
        assert (friday_demo / "set-aside").is_dir()


async def test_export_to_a_folder(friday_demo, tmp_path):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SettingsScreen())
        await settle(pilot)
        screen = app.screen
        screen.query_one("#export_to").value = str(tmp_path / "out")
        screen.query_one("#export").press()
        await settle(pilot)
        assert (tmp_path / "out" / "datapackage.json").is_file()
        screen.query_one("#export").press()  # not empty now: said on the form, nothing overwritten
        await settle(pilot)
        assert "not empty" in screen.query_one("#row-export").message


async def test_the_ticked_export_is_the_pseudonymised_level_and_its_label_says_so(friday_demo, tmp_path):
    import json

    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SettingsScreen())
        await settle(pilot)
        screen = app.screen
        tick = screen.query_one("#pseudonymise")
        assert str(tick.label).startswith("Pseudonymised export")
        screen.query_one("#export_to").value = str(tmp_path / "plain")
        screen.query_one("#export").press()
        await settle(pilot)
        tick.value = True
        screen.query_one("#export_to").value = str(tmp_path / "shared")
        screen.query_one("#export").press()
        await settle(pilot)
    levels = {name: json.loads((tmp_path / name / "datapackage.json").read_text())["workbook"]["level"]
              for name in ("plain", "shared")}
    assert levels == {"plain": "identified", "shared": "pseudonymised"}
    assert "Walk round the park" in (tmp_path / "plain" / "plans.csv").read_text()
    assert "Walk round the park" not in (tmp_path / "shared" / "plans.csv").read_text()
