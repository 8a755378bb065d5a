"""After joining a study, the app offers only its exercises and ticks its questionnaires, and what is saved follows."""

from __future__ import annotations

from harness import NOW, REPO_PACK, SIZE, make_app, open_home, settle

from screens.checkin import CheckinScreen
from screens.library import LibraryScreen
from workbook.content.library import ExerciseLibrary
from workbook.content.study import load_pack

OFFERED = {"activity-scheduling", "activity-diary", "thought-record", "three-good-things"}


def _joined(tmp_path):
    workbook = open_home(tmp_path / "home", welcome_done=True)
    pack = load_pack(REPO_PACK, {e.id for e in ExerciseLibrary.load(None)})
    workbook.join_study(pack, "P-017", now=NOW)
    return workbook


async def test_the_library_offers_only_the_studys_exercises(tmp_path):
    app = make_app(_joined(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        app.open_library()
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        from textual.widgets import OptionList

        listed = {o.id for o in app.screen.query_one("#exercises", OptionList).options if o.id}
        assert listed == OFFERED  # the pack's own exercise among them


async def test_a_check_in_starts_with_the_studys_questionnaires_ticked(tmp_path):
    app = make_app(_joined(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CheckinScreen())
        await settle(pilot)
        ticked = {m for m in ("phq9", "gad7", "wsas") if app.screen.query_one(f"#pick-{m}").value}
        assert ticked == {"phq9", "gad7"}
        await pilot.press("ctrl+s", *"000000000", *"0000000")
        await settle(pilot)
        assert sorted(r.measure for r in app.workbook.responses()) == ["gad7", "phq9"]
