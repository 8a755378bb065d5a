"""`workbook study --check` and `workbook study join`, through the real command in a subprocess."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import REPO, run_module

from workbook.core.consent import StudyConsent
from workbook.core.model import QuestionnaireResponse
from workbook.facade.workbook import Workbook

PACK = REPO / "docs" / "study-pack" / "study.toml"
AT = "2026-11-02T09:00:00"
JOINED_AT = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)  # London is on UTC in November


def _open(home: Path, at: datetime = JOINED_AT) -> Workbook:
    return Workbook.open(home, clock=lambda: at, daily_backup=False)


def test_check_a_good_pack() -> None:
    done = run_module("study", "--check", PACK)
    assert done.code == 0, done.err
    assert "good study pack: study MOOD-ACT-1, 4 exercises offered (1 from the pack's files)" in done.out


def test_check_names_each_problem_on_its_own_line(tmp_path: Path) -> None:
    shutil.copytree(PACK.parent, tmp_path / "pack")
    pack = tmp_path / "pack" / "study.toml"
    text = pack.read_text().replace('"thought-record"', '"thought-recrd"').replace("every_days = 14", "every_days = 400")
    pack.write_text(text.replace('quiet_end = "08:00"', 'quiet_end = "8am"'))
    done = run_module("study", "--check", pack)
    assert done.code == 1 and done.out == ""
    lines = done.err.strip().splitlines()
    assert lines[-1] == "3 problems to fix."
    assert any(": exercises.offered[3]: 'thought-recrd' is neither a built-in exercise" in line for line in lines)
    assert any(": questionnaires.every_days: must be from 1 to 90, not 400" in line for line in lines)
    assert any(": reminders.quiet_end: must be a time like" in line for line in lines)
    assert "Traceback" not in done.err


def test_a_missing_pack_is_one_line(tmp_path: Path) -> None:
    done = run_module("study", "--check", tmp_path / "nowhere.toml")
    assert done.code == 1 and "could not read the file" in done.err and len(done.err.strip().splitlines()) == 2


def test_join_applies_the_pack_and_records_consent(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = run_module("--home", home, "study", "join", PACK, "--participant", "P-017", "--agree", "--at", AT)
    assert done.code == 0, done.err
    assert "I agree that Workbook records engagement events" in done.out  # the wording is shown in full
    assert "Use the participant ID printed on your study card" in done.out  # and the prompt
    assert "You have joined MOOD-ACT-1 as participant P-017" in done.out
    wb = _open(home)
    settings = wb.settings()
    assert (settings.research_mode, settings.participant_id, settings.study_id) == (True, "P-017", "MOOD-ACT-1")
    assert settings.offered_exercises == ["activity-scheduling", "activity-diary", "thought-record", "three-good-things"]
    assert (settings.checkin_every_days, settings.checkin_measures) == (14, ["phq9", "gad7"])
    assert (settings.default_lead_minutes, settings.quiet_start.hour, settings.quiet_end.hour) == (10, 22, 8)
    [consent] = wb.consents()
    assert (consent.study_id, consent.participant_id, consent.consent_version) == ("MOOD-ACT-1", "P-017", "2.1")
    assert consent.agreed_at == "2026-11-02T09:00:00+00:00" and consent.left_at is None
    kinds = [(e.kind, e.refs) for e in wb.events()]
    assert ("consent_given", {"study": "MOOD-ACT-1", "consent": "2.1"}) in kinds
    assert kinds[0][0] == "research_on"
    assert "three-good-things" in wb.exercises  # the pack's own file, copied into the home
    assert {e.id for e in wb.offered_exercises()} == set(settings.offered_exercises)
    assert (home / "study" / "exercises" / "three-good-things.toml").stat().st_mode & 0o077 == 0
    status = run_module("--home", home, "research", "status", "--at", AT)
    assert "Consent: version 2.1 agreed on 2026-11-02 (workbook study join), as participant P-017" in status.out


def test_only_the_studys_exercises_can_be_planned(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_module("--home", home, "study", "join", PACK, "--participant", "P-017", "--agree", "--at", AT).code == 0
    refused = run_module("--home", home, "plan", "add", "worry-time", "--what", "Worry time", "--time", "18:00",
                         "--repeat", "daily", "--at", AT)
    assert refused.code == 1 and "the study you joined offers" in refused.err and "Traceback" not in refused.err
    made = run_module("--home", home, "plan", "add", "three-good-things", "--what", "Three good things",
                      "--time", "21:00", "--repeat", "daily", "--at", AT)
    assert made.code == 0, made.err
    assert [p.exercise_id for p in _open(home).plans()] == ["three-good-things"]


def test_check_in_cadence_follows_the_pack(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_module("--home", home, "study", "join", PACK, "--participant", "P-017", "--agree", "--at", AT).code == 0
    wb = _open(home)
    wb.save_response(QuestionnaireResponse(measure="phq9", answers=[0] * 9, completed_at=JOINED_AT.isoformat()))
    assert not wb.checkin_due(JOINED_AT + timedelta(days=10))  # 7 days would have nudged; the study says 14
    assert wb.checkin_due(JOINED_AT + timedelta(days=14))
    assert wb.checkin_measures() == ("phq9", "gad7")


def test_joining_twice_changes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_module("--home", home, "study", "join", PACK, "--participant", "P-017", "--agree", "--at", AT).code == 0
    again = run_module("--home", home, "study", "join", PACK, "--participant", "P-017", "--agree",
                       "--at", "2026-11-03T09:00:00")
    assert again.code == 0 and "already in MOOD-ACT-1 as participant P-017" in again.out
    assert "consent wording" not in again.out
    assert len(_open(home).consents()) == 1
    assert [e.kind for e in _open(home).events()].count("consent_given") == 1


def test_a_second_study_is_refused_then_switched_with_switch(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_module("--home", home, "study", "join", PACK, "--participant", "P-017", "--agree", "--at", AT).code == 0
    shutil.copytree(PACK.parent, tmp_path / "other")
    other = tmp_path / "other" / "study.toml"
    other.write_text(other.read_text().replace('id = "MOOD-ACT-1"', 'id = "SLEEP-2"'))
    refused = run_module("--home", home, "study", "join", other, "--participant", "P-200", "--agree", "--at", AT)
    assert refused.code == 1 and refused.out == ""  # refused before any wording is shown
    assert refused.err.strip() == (
        "workbook: This workbook is already in study MOOD-ACT-1 as participant P-017 (since 2026-11-02). "
        "To leave it and join SLEEP-2 as P-200, add --switch; what was recorded so far keeps its own study "
        "and participant IDs.")
    assert _open(home).settings().study_id == "MOOD-ACT-1"
    moved = run_module("--home", home, "study", "join", other, "--participant", "P-200", "--agree", "--switch",
                       "--at", "2026-11-04T09:00:00")
    assert moved.code == 0, moved.err
    assert "You have left MOOD-ACT-1" in moved.out
    wb = _open(home)
    first, second = wb.consents()
    assert (first.study_id, first.left_at) == ("MOOD-ACT-1", "2026-11-04T09:00:00+00:00")
    assert (second.study_id, second.participant_id, second.left_at) == ("SLEEP-2", "P-200", None)
    ends = [(e.kind, e.study_id, e.participant_id) for e in wb.events() if e.kind in ("research_off", "research_on")]
    assert ends == [("research_on", "MOOD-ACT-1", "P-017"), ("research_off", "MOOD-ACT-1", "P-017"),
                    ("research_on", "SLEEP-2", "P-200")]


def test_no_agreement_no_join(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = run_module("--home", home, "study", "join", PACK, "--participant", "P-017", "--at", AT)
    assert done.code == 1 and "needs your agreement" in done.err
    assert "I agree that Workbook records" in done.out  # it was shown
    wb = _open(home)
    assert not wb.settings().research_mode and wb.consents() == [] and wb.events() == []


@pytest.mark.parametrize("participant, words", [("P17", "does not look like this study's participant IDs"),
                                                 ("P 017", "must be a short code")])
def test_a_participant_id_the_study_does_not_use(tmp_path: Path, participant: str, words: str) -> None:
    done = run_module("--home", tmp_path / "home", "study", "join", PACK, "--participant", participant, "--agree",
                      "--at", AT)
    assert done.code == 1 and words in done.err and done.out == ""


def test_a_bad_pack_is_not_joined(tmp_path: Path) -> None:
    pack = tmp_path / "study.toml"
    pack.write_text('[study]\nid = "S-1"\n')
    done = run_module("--home", tmp_path / "home", "study", "join", pack, "--participant", "P-017", "--agree")
    assert done.code == 1 and "exercises.offered: is missing" in done.err and "--check" in done.err
    assert not (tmp_path / "home").exists() or _open(tmp_path / "home").consents() == []


def test_consent_is_a_record_type() -> None:
    from workbook.core.model import RECORD_TYPES

    assert RECORD_TYPES["consents"] is StudyConsent
