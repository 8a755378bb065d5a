"""Research mode from the command line: each command run (a real subprocess) records its event, and only those."""

from __future__ import annotations

import csv
import re
from datetime import datetime, timezone
from pathlib import Path

from helpers import run_module

from workbook.facade.workbook import Workbook

STEPS = "2026-11-{day:02d}T{hour:02d}:00:00"


def cli(home: Path, *args: str, day: int = 16, hour: int = 12) -> str:
    result = run_module("--home", home, *args, "--at", STEPS.format(day=day, hour=hour))
    assert result.code == 0, (args, result.err)
    return result.out


def test_every_cli_action_and_its_event(tmp_path: Path) -> None:
    home = tmp_path / "home"
    cli(home, "research", "on", "--participant", "P-5", "--study", "S-2", hour=8)
    made = cli(home, "plan", "add", "activity-scheduling", "--what", "Walk round the park", "--time", "10:00",
               "--repeat", "daily", hour=9)
    plan = re.search(r"Plan made \(([0-9a-f]+)\)", made).group(1)
    cli(home, "plan", "edit", plan, "--time", "10:30", hour=9)
    cli(home, "log", plan, "--partly", "--barrier", "no_time", "--barrier", "forgot", "--note", "late bus", hour=11)
    cli(home, "log", plan, "--done", day=17, hour=11)
    cli(home, "plan", "pause", plan, day=17, hour=12)
    cli(home, "plan", "resume", plan, day=18, hour=12)
    cli(home, "plan", "end", plan, day=19, hour=12)
    cli(home, "research", "off", day=19, hour=13)
    cli(home, "log", plan, "--not-done", "--barrier", "tired_low", "--for", "2026-11-19T10:30", day=19, hour=14)

    wb = Workbook.open(home, clock=lambda: datetime(2026, 11, 20, tzinfo=timezone.utc), daily_backup=False)
    events = wb.events()
    assert [e.kind for e in events] == [
        "research_on", "plan_created", "plan_changed", "attempt_logged", "barrier_noted", "barrier_noted",
        "attempt_logged", "plan_paused", "plan_resumed", "plan_ended", "research_off",
    ]  # nothing for the log after research mode went off
    [plan_id] = {e.refs["plan"] for e in events if "plan" in e.refs}
    attempts = {a.id: a for a in wb.attempts()}
    logged = [e for e in events if e.kind == "attempt_logged"]
    assert [attempts[e.refs["attempt"]].outcome for e in logged] == ["partly", "done"]
    assert [e.refs["barrier"] for e in events if e.kind == "barrier_noted"] == ["no_time", "forgot"]
    assert {(e.participant_id, e.study_id) for e in events} == {("P-5", "S-2")}
    assert [e.at[:13] for e in events][:2] == ["2026-11-16T08", "2026-11-16T09"]  # each at its command's --at

    out = tmp_path / "out"
    cli(home, "export", "--out", str(out), day=20)
    with open(out / "events.csv", encoding="utf-8", newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert [r["kind"] for r in exported] == [e.kind for e in events]
    assert plan_id in {a.plan_id for a in attempts.values()}
