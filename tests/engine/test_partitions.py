"""Monthly partitions: a log rewrites one small file; reads that need little read little."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import NOW, make_plan_home

import workbook.storage.atomic as atomic
from workbook.core.model import Attempt
from workbook.core.times import to_iso
from workbook.facade.workbook import Workbook
from workbook.storage import layout
from workbook.storage.opening import open_store
from workbook.storage.store import Store

UTC = timezone.utc
MONTHS = ["2025-11", "2025-12", "2026-01", "2026-06", "2026-10", "2026-11"]


def _attempt(plan_id: str, created: datetime, note: str = "") -> dict:
    stamp = to_iso(created)
    return Attempt(plan_id=plan_id, exercise_id="activity-scheduling", logged_at=stamp, created_at=stamp,
                   updated_at=stamp, outcome="done", note=note).to_dict()


@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, str]:
    """A home with 20 attempts in each of six months (bulk-written, one write per month)."""
    home = tmp_path / "home"
    plan_id = make_plan_home(home, days_back=400)
    rows = []
    for month in MONTHS:
        first = datetime.fromisoformat(f"{month}-02T10:00:00+00:00")
        rows += [_attempt(plan_id, first + timedelta(hours=5 * i), f"{month} #{i}") for i in range(20)]
    with open_store(home, now=NOW).transaction() as tx:
        tx.put_many("attempts", rows)
    return home, plan_id


def _state(home: Path) -> dict[str, tuple[int, int, int]]:
    """Inode, modification time and size of every file under db/ but the lock."""
    found = {}
    for path in sorted((home / "db").rglob("*")):
        if path.is_file() and path.name != layout.LOCK_FILE:
            st = path.stat()
            found[str(path.relative_to(home))] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return found


def test_history_is_one_file_per_month(history: tuple[Path, str]) -> None:
    home, _ = history
    assert layout.partition_months(home, "attempts") == MONTHS
    for month in MONTHS:
        rows = Store(home).read_file(layout.partition_path(home, "attempts", month))["attempts"].values()
        assert len(rows) == 20 and all(r["note"].startswith(month) for r in rows)


def test_a_log_rewrites_exactly_one_small_file(history: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    home, plan_id = history
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    assert not workbook.settings().research_mode
    written: list[Path] = []
    real = atomic.write_atomically
    monkeypatch.setattr(atomic, "write_atomically", lambda path, payload: (written.append(Path(path)), real(path, payload))[1])
    before = _state(home)

    attempt = workbook.log_attempt(plan_id, "done", now=NOW)

    after = _state(home)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == ["db/attempts/2026-11.json"]
    assert written == [home / "db" / "attempts" / "2026-11.json"]  # one write, not two
    assert after["db/attempts/2026-11.json"][2] < 40_000  # a month's file, not the history
    assert attempt.id in (home / "db" / "attempts" / "2026-11.json").read_text()


def test_with_research_mode_a_log_also_appends_to_the_events_month(history: tuple[Path, str]) -> None:
    home, plan_id = history
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    workbook.update_settings(research_mode=True, participant_id="P-007")
    before = _state(home)
    workbook.log_attempt(plan_id, "not_done", barriers=["forgot"], now=NOW)
    after = _state(home)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == ["db/attempts/2026-11.json", "db/events/2026-11.json"]


def test_attempts_from_different_months_land_in_different_files(plan_home: tuple[Path, str]) -> None:
    home, plan_id = plan_home
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    moments = {
        "2026-01": datetime(2026, 1, 15, 9, 0, tzinfo=UTC),
        "2026-02": datetime(2026, 2, 15, 9, 0, tzinfo=UTC),
        # Partitions are UTC months: 00:30 BST on 1 April is still March in UTC.
        "2026-03": datetime(2026, 3, 31, 23, 30, tzinfo=UTC),
    }
    ids = {month: workbook.log_attempt(plan_id, "done", now=moment).id for month, moment in moments.items()}
    for month, attempt_id in ids.items():
        rows = Store(home).read_file(layout.partition_path(home, "attempts", month))["attempts"].values()
        assert [r["id"] for r in rows] == [attempt_id]


def test_attempts_reads_every_month(history: tuple[Path, str]) -> None:
    home, _ = history
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    everything = workbook.attempts()
    assert len(everything) == 20 * len(MONTHS)
    assert [a.logged_at for a in everything] == sorted(a.logged_at for a in everything)
    assert {a.note.split()[0] for a in everything} == set(MONTHS)
    since = workbook.attempts(since=datetime(2026, 6, 1, tzinfo=UTC), until=datetime(2026, 10, 31, tzinfo=UTC))
    assert {a.note.split()[0] for a in since} == {"2026-06", "2026-10"}


def test_today_reads_only_recent_months(history: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    home, plan_id = history
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    read: list[str] = []
    real = Store.read_file
    monkeypatch.setattr(Store, "read_file", lambda self, path: (read.append(str(Path(path).relative_to(home))), real(self, path))[1])

    view = workbook.today(NOW)

    assert view.today  # the daily plan is on
    attempt_files = {name for name in read if name.startswith("db/attempts/")}
    assert attempt_files == {"db/attempts/2026-11.json"}
    assert set(read) <= {"db/core.json", "db/attempts/2026-11.json"}

    read.clear()
    workbook.log_attempt(plan_id, "done", now=NOW)  # choosing the occurrence reads recent months only
    assert {name for name in read if name.startswith("db/attempts/")} == {"db/attempts/2026-11.json"}


def test_early_in_a_month_today_also_reads_the_month_before(history: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    home, _ = history
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    read: list[str] = []
    real = Store.read_file
    monkeypatch.setattr(Store, "read_file", lambda self, path: (read.append(Path(path).name), real(self, path))[1])
    workbook.today(datetime(2026, 1, 3, 12, 0, tzinfo=UTC))  # the week still open reaches into December
    assert {"2025-12.json", "2026-01.json"} <= set(read)
    assert "2025-11.json" not in read and "2026-06.json" not in read


def test_a_backup_of_an_unchanged_month_costs_no_copy(history: tuple[Path, str]) -> None:
    """Backups share unchanged months with the previous backup (hard links), never with db/."""
    from workbook.storage import backups

    home, plan_id = history
    store = open_store(home, now=NOW)
    first = backups.make_backup(store, "manual", now=NOW)
    Workbook.open(home, clock=lambda: NOW, daily_backup=False).log_attempt(plan_id, "done", now=NOW)
    second = backups.make_backup(store, "manual", now=NOW + timedelta(seconds=1))
    for month in MONTHS[:-1]:
        a, b = first / "attempts" / f"{month}.json", second / "attempts" / f"{month}.json"
        assert os.path.samefile(a, b)
        assert not os.path.samefile(b, layout.partition_path(home, "attempts", month))
    changed = "attempts/2026-11.json"
    assert not os.path.samefile(first / changed, second / changed)
    assert (second / changed).read_bytes() == (home / "db" / changed).read_bytes()


def test_put_replaces_a_record_whole(plan_home: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A key the new version of a record no longer has is gone from disk (TinyDB's upsert
    would merge it in and keep it), and replacing is one write."""
    import json

    home, plan_id = plan_home
    store = Store(home)
    written: list[Path] = []
    real = atomic.write_atomically
    monkeypatch.setattr(atomic, "write_atomically", lambda path, payload: (written.append(Path(path)), real(path, payload))[1])
    with store.transaction(NOW) as tx:
        row = tx.get("plans", plan_id)
        row["legacy_field"] = "old"
        tx.put_dict("plans", row)
    with store.transaction(NOW) as tx:
        row = tx.get("plans", plan_id)
        del row["legacy_field"]
        row["what"] = "Walk to the shops"
        tx.put_dict("plans", row)
    assert written == [home / "db" / "core.json"] * 2  # one write per change
    (stored,) = json.loads((home / "db" / "core.json").read_bytes())["plans"].values()
    assert "legacy_field" not in stored and stored["what"] == "Walk to the shops"
    assert len(Workbook.open(home, clock=lambda: NOW, daily_backup=False).plans()) == 1


def test_insert_gives_each_new_document_the_next_id(plan_home: tuple[Path, str]) -> None:
    import json

    home, plan_id = plan_home
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    for _ in range(3):
        workbook.log_attempt(plan_id, "done", now=NOW)
    with Store(home).transaction() as tx:
        tx.delete("attempts", workbook.attempts()[1].id, "2026-11")
    workbook.log_attempt(plan_id, "done", now=NOW)
    table = json.loads((home / "db" / "attempts" / "2026-11.json").read_bytes())["attempts"]
    assert sorted(map(int, table)) == [1, 3, 4]
    assert len({row["id"] for row in table.values()}) == 3
