"""The review pack from the app: one key on Review shows what goes in, the choices are stored and
remembered, the pack is written where the notice says; the practitioner's key is set in Settings."""

from __future__ import annotations

import json
import subprocess

from harness import FRIDAY_NOON, SIZE, make_app, settle

from screens.dialogs.pack_choices import PackChoicesDialog
from screens.review import ReviewScreen
from screens.settings import SettingsScreen
from workbook.storage.sealed import unseal


async def test_one_key_shows_the_choices_then_writes_the_pack(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(ReviewScreen())
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PackChoicesDialog)
        assert all(dialog.query_one(f"#{n}").value for n in ("pack_name", "pack_notes", "pack_ratings"))
        assert "Not encrypted" in str(dialog.query_one("#sealing").render())
        dialog.query_one("#pack_notes").value = False
        dialog.query_one("#pack_questions").value = False
        await pilot.click("#write")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        s = app.workbook.settings()
        assert (s.pack_notes, s.pack_questions, s.pack_name, s.pack_ratings) == (False, False, True, True)
        written = friday_demo / "reports" / "review-pack-2026-11-20.json"
        data = json.loads(written.read_text())
        assert data["included"]["notes"] is False and data["questions"] == []
        assert all(p["where"] == "" for p in data["plans"])
        assert (friday_demo / "reports" / "review-pack-2026-11-20.html").is_file()
        notices = [n.message for n in app._notifications]
        assert any("Review pack written to" in m and "review-pack-2026-11-20.html" in m for m in notices)
        await pilot.press("p")  # remembered: the boxes open as they were left
        await settle(pilot)
        assert app.screen.query_one("#pack_notes").value is False
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)


async def test_the_key_is_set_in_settings_and_seals_the_pack(friday_demo, tmp_path):
    subprocess.run(["age-keygen", "-o", str(tmp_path / "key.txt")], check=True, capture_output=True)
    recipient = next(line.split(": ")[1] for line in (tmp_path / "key.txt").read_text().splitlines()
                     if line.startswith("# public key"))
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SettingsScreen())
        await settle(pilot)
        screen = app.screen
        screen.query_one("#practitioner_key").value = recipient[:-2]  # a letter short
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a whole age key" in screen.query_one("#row-practitioner_key").message
        assert app.workbook.settings().practitioner_key == ""
        screen.query_one("#practitioner_key").value = f" {recipient} "
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.workbook.settings().practitioner_key == recipient
        app.pop_screen()
        app.push_screen(ReviewScreen())
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert "Encrypted to your practitioner's key" in str(app.screen.query_one("#sealing").render())
        await pilot.click("#write")
        await settle(pilot)
    sealed = friday_demo / "reports" / "review-pack-2026-11-20.json.age"
    assert json.loads(unseal(sealed.read_bytes(), tmp_path / "key.txt"))["patient"]["first_name"] == "Sam"
    assert not (friday_demo / "reports" / "review-pack-2026-11-20.json").exists()
