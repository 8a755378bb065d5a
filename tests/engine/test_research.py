"""Research mode: the command, and an event log that is off by default and never holds free text."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from helpers import NOW, run_cli

from workbook.core.model import Event, Plan, Settings
from workbook.facade.workbook import EVENT_KINDS, SETTINGS_ID, Workbook
from workbook.storage import layout

SECRETS = ["my secret diary words", "Aunt Philippa", "behind the bike shed", "felt like a damp sock"]
SHORT_ID = re.compile(r"^[A-Za-z0-9_.:+-]{1,64}$")


def new_home(home: Path) -> Workbook:
    wb = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    with wb.store.transaction(NOW) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", welcome_done=True))
    return wb


def use_everything(wb: Workbook) -> None:
    """Every action that can record an event, each carrying free text somewhere."""
    now = datetime(2026, 10, 21, 19, 30, tzinfo=timezone.utc)
    plan = wb.add_plan(Plan(exercise_id="worry-time", what=SECRETS[0], where=SECRETS[2], why=SECRETS[3],
                            start_date=date(2026, 10, 19), start_time=time(19, 0), zone="Europe/London",
                            rrule="FREQ=DAILY"))
    wb.log_attempt(plan.id, "partly", note=SECRETS[1], barriers=[{"code": "forgot", "note": SECRETS[3]}], now=now)
    wb.log_attempt(plan.id, "done", note=SECRETS[0], now=now + timedelta(hours=1))
    wb.record_questionnaire("phq9", [1] * 9, now=now)
    wb.apply_response(plan.id, "make_smaller", now=now)
    wb.set_plan_status(plan.id, "paused")
    wb.app_opened(now=now)
    wb.screen_viewed("today", now=now)
    wb.app_closed(now=now)


def event_files(home: Path) -> list[Path]:
    folder = layout.db_dir(home) / "events"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def test_no_events_when_research_mode_is_off(tmp_path: Path) -> None:
    wb = new_home(tmp_path / "home")
    use_everything(wb)
    assert wb.events() == [] and event_files(tmp_path / "home") == []


def test_events_hold_ids_and_codes_only(tmp_path: Path) -> None:
    home = tmp_path / "home"
    new_home(home)
    assert run_cli("--home", home, "research", "on", "--participant", "P-017", "--study", "S-1").code == 0
    wb = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    use_everything(wb)
    events = wb.events()
    kinds = [e.kind for e in events]
    for kind in ("research_on", "plan_created", "attempt_logged", "barrier_noted", "questionnaire_completed",
                 "response_applied", "plan_changed", "plan_paused", "app_opened", "screen_viewed", "app_closed"):
        assert kind in kinds, kind
    assert set(kinds) <= set(EVENT_KINDS)
    assert {(e.participant_id, e.study_id) for e in events} == {("P-017", "S-1")}
    for event in events:
        assert all(SHORT_ID.match(v) for v in event.refs.values()), event
    raw = "\n".join(p.read_text() for p in event_files(home))
    assert not [s for s in SECRETS if s.lower() in raw.lower()]
    viewed = next(e for e in events if e.kind == "screen_viewed")
    assert viewed.refs == {"screen": "today"}


def test_prose_in_a_ref_is_dropped(tmp_path: Path) -> None:
    wb = new_home(tmp_path / "home")
    wb.update_settings(research_mode=True, participant_id="P-1")
    with pytest.warns(UserWarning, match="not a short id"):
        event = wb.record_event("screen_viewed", screen="Today, with my secret diary words")
    assert event is not None and event.refs == {}
    assert "secret" not in json.dumps([e.to_dict() for e in wb.events()])


def test_reminder_and_response_kinds_are_accepted() -> None:
    for kind in ("reminder_sent", "reminder_failed", "response_applied", "app_opened", "screen_viewed"):
        Event(kind=kind, at="2026-10-21T12:00:00+00:00", refs={"plan": "4b0f6d2e-1c8a-4b5e-9d7f-0a1b2c3d4e5f"})


def test_research_command_on_status_off(tmp_path: Path) -> None:
    home = tmp_path / "home"
    status = run_cli("--home", home, "research", "status")
    assert status.code == 0 and "Research mode: off" in status.out
    on = run_cli("--home", home, "research", "on", "--participant", "P-017", "--study", "STUDY.2")
    assert on.code == 0 and "Research mode is on (participant P-017, study STUDY.2)" in on.out
    status = run_cli("--home", home, "research", "status")
    assert "Research mode: on" in status.out and "Participant ID: P-017" in status.out
    assert "Events recorded: 1" in status.out  # research_on itself
    off = run_cli("--home", home, "research", "off")
    assert off.code == 0 and "off" in off.out
    wb = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    settings = wb.settings()
    assert not settings.research_mode and settings.participant_id == "P-017"  # kept for turning it on again
    wb.app_opened()  # not recorded: research mode is off
    assert [e.kind for e in wb.events()] == ["research_on", "research_off"]
    assert wb.events()[-1].participant_id == "P-017"
    again = run_cli("--home", home, "research", "on")  # the kept participant ID is reused
    assert again.code == 0 and "participant P-017" in again.out


@pytest.mark.parametrize("args, message", [
    (["on"], "needs a participant ID"),
    (["on", "--participant", "Jane Smith"], "short code"),
    (["on", "--participant", "P-1", "--study", "a study about sleep"], "short code"),
])
def test_research_on_refuses_bad_ids(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_cli("--home", tmp_path / "home", "research", *args)
    assert result.code == 1 and message in result.err
    assert not Workbook.open(tmp_path / "home", clock=lambda: NOW, daily_backup=False).settings().research_mode


def test_research_needs_an_action(tmp_path: Path) -> None:
    assert run_cli("--home", tmp_path / "home", "research").code == 2
