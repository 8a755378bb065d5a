"""Research mode in the app: opening and closing are logged (ids and times only); off means nothing."""

from __future__ import annotations

from harness import NOW, SIZE, make_app, open_home, settle


async def _open_and_close(workbook) -> None:
    app = make_app(workbook)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()


async def test_app_opened_and_closed_are_recorded_in_research_mode(tmp_path):
    workbook = open_home(tmp_path / "home", welcome_done=True, research_mode=True, participant_id="P-3")
    await _open_and_close(workbook)
    kinds = [e.kind for e in workbook.events()]
    assert kinds[0] == "research_on" and kinds[-1] == "app_closed"
    assert {"app_opened", "screen_viewed"} <= set(kinds)
    opened = next(e for e in workbook.events() if e.kind == "app_opened")
    assert opened.at == NOW.isoformat() and opened.participant_id == "P-3"  # the app's clock, not the wall's


async def test_nothing_is_recorded_with_research_mode_off(tmp_path):
    workbook = open_home(tmp_path / "home", welcome_done=True)
    await _open_and_close(workbook)
    assert workbook.events() == []
