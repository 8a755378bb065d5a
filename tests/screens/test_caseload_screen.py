"""The caseload screen: the rows it shows (good, damaged, foreign, wrong key, newer), a patient's review, a snapshot."""

from __future__ import annotations

from pathlib import Path

import pytest
from caseload_packs import item9, make_key, pack, questionnaire, seal, since, write_pack
from harness import NOW, fixed_folder, open_home, settle
from textual.widgets import OptionList, Static

from screens.caseload_app import CaseloadApp
from screens.patient_review import PatientReviewScreen

SNAPSHOT_FOLDER = Path("/tmp/workbook-caseload-snapshot")  # fixed: the folder's name is in the picture


def fill(folder: Path, keys: Path) -> Path:
    """A caseload folder with one of each kind of file; returns the practitioner's identity file."""
    folder.mkdir(parents=True)
    keys.mkdir(parents=True)
    key, mine = make_key(keys, "mine.txt")
    _, theirs = make_key(keys, "theirs.txt")
    write_pack(folder / "sam.json", pack("Sam", completion=0.9, planned=10, done=9,
                                         last_activity="2026-11-29T19:40:00Z"))
    jo = write_pack(keys / "jo.json", pack("Jo", risk=[item9("2026-11-27T08:10:00Z")], questionnaires=[
        questionnaire("phq9", [("2026-11-02T09:00:00Z", 12), ("2026-11-27T08:10:00Z", 19)],
                      since(12, 19, "reliable_deterioration", worse=True), band="Moderately severe")]))
    seal(jo, mine, folder / "jo.json.age")
    write_pack(folder / "ann.json", pack("Ann", last_activity="2026-11-12T10:00:00Z", completion=0.25, planned=8,
                                         done=2, questionnaires=[questionnaire(
                                             "gad7", [("2026-11-02T09:00:00Z", 9), ("2026-11-26T09:00:00Z", 16)],
                                             since(9, 16, "reliable_deterioration", worse=True))]))
    (folder / "damaged.json").write_text('{"format": "workbook-review-pack", "vers', encoding="utf-8")
    write_pack(folder / "export.json", {"format": "another-app", "rows": []})
    seal(write_pack(keys / "kim.json", pack("Kim")), theirs, folder / "kim.json.age")
    write_pack(folder / "lee.json", pack("Lee", version=3))
    return key


def app_for(tmp_path: Path, folder: Path, key: Path | None) -> CaseloadApp:
    workbook = open_home(tmp_path / "home")
    return CaseloadApp(workbook, folder, key, clock=lambda: NOW)


def shown_rows(app: CaseloadApp) -> list[str]:
    rows = app.screen.query_one("#rows", OptionList)
    return [str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)]


async def test_rows_shown_for_every_kind_of_file(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    key = fill(folder, tmp_path / "keys")
    app = app_for(tmp_path, folder, key)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        rows = shown_rows(app)
        assert len(rows) == 7
        assert rows[0].startswith("Jo ") and "item 9: 1 on Fri 27 Nov" in rows[0] and "19 (+7)" in rows[0]
        assert rows[1].startswith("Ann ") and "GAD-7 reliably worse" in rows[1]
        problems = {row.split()[0]: " ".join(row.split()[1:]) for row in rows[2:6]}
        reasons = {
            "damaged.json": "damaged: not readable JSON (near line 1)",
            "export.json": "not a Workbook review pack (its format is another-app)",
            "kim.json.age": "encrypted to a different key than your identity file; ask for it again encrypted to "
                            "your age1… recipient",
            "lee.json": "written by a newer Workbook (review pack version 3; this one reads up to 1): please update "
                        "Workbook",
        }
        assert set(problems) == set(reasons)
        for name, reason in reasons.items():  # cut to the terminal's width if need be, never wrapped
            shown = problems[name]
            assert shown == reason or (shown.endswith("…") and reason.startswith(shown[:-1]) and len(shown) > 70)
        assert rows[6].startswith("Sam ") and "90% (9 of 10)" in rows[6]
        heading = str(app.screen.query_one("#heading", Static).render())
        assert heading.startswith("3 patients from") and "4 files could not be read" in heading
        detail = str(app.screen.query_one("#detail", Static).render())
        assert "Item 9 answered 1 (Several days) on Fri 27 Nov" in detail


async def test_enter_opens_the_review_with_item_9_first_and_escape_comes_back(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    key = fill(folder, tmp_path / "keys")
    app = app_for(tmp_path, folder, key)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PatientReviewScreen) and app.screen.row.name == "Jo"
        titles = [str(s.render()) for s in app.screen.query(".section")]
        assert titles[0].startswith("Item 9") and "urgent" in app.screen.query(".section").first().classes
        assert titles[1:] == ["About this pack", "Practice this period", "Plans", "What got in the way", "Ratings",
                              "Questionnaires", "Questions for the call", "Suggestions the patient declined"]
        body = "\n".join(str(s.render()) for s in app.screen.query(".lines"))
        assert "Fri 27 Nov 2026 08:10: answered 1 (Several days) on the PHQ-9" in body
        assert "Walk round the park" in body
        await pilot.press("escape")
        await settle(pilot)
        assert shown_rows(app)[0].startswith("Jo ")
        await pilot.press("down", "down", "enter")  # a file that could not be read: its reason, no screen
        await settle(pilot)
        assert not isinstance(app.screen, PatientReviewScreen)


async def test_without_an_identity_encrypted_packs_say_so(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    fill(folder, tmp_path / "keys")
    app = app_for(tmp_path, folder, None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        rows = [r for r in shown_rows(app) if r.startswith(("jo.json.age", "kim.json.age"))]
        assert len(rows) == 2 and all("encrypted; give your identity file with --identity FILE" in r for r in rows)


async def test_an_empty_folder_says_where_packs_will_appear(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    app = app_for(tmp_path, folder, None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert shown_rows(app) == []
        assert str(app.screen.query_one("#heading", Static).render()).startswith("No review packs in")


@pytest.fixture
def snapshot_folder(tmp_path: Path) -> Path:
    with fixed_folder(SNAPSHOT_FOLDER) as folder:
        yield fill(folder, tmp_path / "keys")


def test_caseload_snapshot(snap_compare, tmp_path: Path, snapshot_folder: Path) -> None:
    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(app_for(tmp_path, SNAPSHOT_FOLDER, snapshot_folder), terminal_size=(100, 30),
                        run_before=run_before)


async def test_prepare_next_session_pack_writes_what_was_edited(tmp_path: Path) -> None:
    import os
    import stat

    from screens.next_session import NextSessionScreen
    from workbook.planning.session_pack import read_session_pack

    folder = tmp_path / "packs"
    folder.mkdir()
    write_pack(folder / "sam.json", pack("Sam"))
    app = app_for(tmp_path, folder, None)
    target = folder / "session-sam-2026-12-01.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NextSessionScreen)
        assert screen.query_one("#p0-what").value == "Walk round the park"
        assert screen.query_one("#s-out").value == str(target)
        screen.query_one("#p0-minutes").value = "lots"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert str(screen.query_one("#problem", Static).render()).startswith(
            'Not written: plan "activity-scheduling": minutes')
        assert not target.exists()
        screen.query_one("#p0-minutes").value = "30"
        screen.query_one("#p0-time").value = "18:00"
        screen.query_one("#a0").value = "Yes: rest days are part of the plan."
        screen.query_one("#s-next_call").value = "2026-12-15T10:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, NextSessionScreen)
    written = read_session_pack(target)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    (plan,) = written.plans
    assert (plan.what, plan.minutes, plan.time.isoformat(), plan.where) == ("Walk round the park", 30, "18:00:00",
                                                                              "the park")
    assert written.practitioner == "Alex Morgan" and written.answers[0].question == "Is it OK to skip a day?"
    assert written.answers[0].answer == "Yes: rest days are part of the plan."


async def test_a_wide_terminal_shows_the_change_in_words_too(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    key = fill(folder, tmp_path / "keys")
    app = app_for(tmp_path, folder, key)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        rows = shown_rows(app)
        assert "19 (+7) reliable deterioration" in rows[0]
        assert "9 (-6) reliable recovery" in rows[-1]
