"""A version-2 home (made by the previous Workbook) opens as version 3: diaries become the kinds that
fit them, paused plans get their pause, routine links become a field, and nothing stored is lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import NOW

from workbook.facade import Workbook
from workbook.storage.migrations import SCHEMA_VERSION, stored_version

FIXTURE = Path(__file__).parent / "fixtures" / "home-v2"
WALK, PANIC, WORRY = (f"7a1c0000-0000-4000-8000-00000000000{i}" for i in (1, 2, 3))


def _open(tmp_path: Path) -> Workbook:
    home = tmp_path / "home"
    shutil.copytree(FIXTURE, home)
    return Workbook.open(home, clock=lambda: NOW, daily_backup=False)


def test_the_fixture_is_version_2() -> None:
    core = json.loads((FIXTURE / "db" / "core.json").read_bytes())
    assert core["_meta"]["1"]["schema_version"] == 2 and SCHEMA_VERSION == 3
    assert all("kind" not in plan for plan in core["plans"].values())


def test_plan_kinds_pauses_and_routines_after_the_upgrade(tmp_path: Path) -> None:
    old = {p["id"]: p for p in json.loads((FIXTURE / "db" / "core.json").read_bytes())["plans"].values()}
    workbook = _open(tmp_path)
    assert stored_version(workbook.store) == 3
    walk, panic, worry = (workbook.plan(i) for i in (WALK, PANIC, WORRY))
    assert panic.kind == "as_needed" and panic.rrule is None
    assert walk.kind == worry.kind == "set_time"
    assert walk.routine == "I have dinner" and walk.if_then == old[WALK]["if_then"]  # the pair is kept too
    [pause] = workbook.pauses()
    assert pause.plan_id == WORRY and pause.paused_at == old[WORRY]["updated_at"] and not pause.ended
    for plan_id, before in old.items():  # every field the old version stored is still there
        after = workbook.plan(plan_id).to_dict()
        for key, value in before.items():
            if not (plan_id == PANIC and key == "rrule"):
                assert after[key] == value, (plan_id, key)
    assert len(workbook.attempts()) == 2


def test_the_panic_diary_is_no_longer_counted_as_missed(tmp_path: Path) -> None:
    workbook = _open(tmp_path)
    week = workbook.review(NOW.replace(day=16, hour=0), NOW, now=NOW)
    panic = next(s for s in week.plans if s.plan.id == PANIC)
    assert panic.tally.planned == 0 and panic.tally.not_logged == 0 and panic.tally.entries == 1


def test_opening_twice_changes_nothing_more(tmp_path: Path) -> None:
    workbook = _open(tmp_path)
    first = (workbook.home / "db" / "core.json").read_bytes()
    Workbook.open(workbook.home, clock=lambda: NOW, daily_backup=False)
    assert (workbook.home / "db" / "core.json").read_bytes() == first
