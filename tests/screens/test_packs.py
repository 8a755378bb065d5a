"""A broken exercise file in the home never stops the workbook: it opens and says so once."""

from __future__ import annotations

from harness import SIZE, make_app, open_home, settle


async def test_bad_pack_file_is_skipped_with_one_notice(tmp_path):
    home = tmp_path / "home"
    workbook = open_home(home, welcome_done=True)
    (home / "exercises").mkdir()
    (home / "exercises" / "broken.toml").write_text('id = "broken"\ntitle = \n', encoding="utf-8")
    app = make_app(workbook)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 4)
        await app.workers.wait_for_complete()
        await settle(pilot)
        notices = [n for n in app._notifications if n.title == "Exercise files"]
        assert len(notices) == 1 and "broken.toml" in notices[0].message
        assert "worry-time" in app.workbook.exercises  # the built-ins still load
