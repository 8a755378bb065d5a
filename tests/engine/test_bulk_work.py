"""Bulk work pauses the cycle collector, and always leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from workbook.outputs.bulk import collector_paused


@pytest.fixture(autouse=True)
def collector_restored():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_the_collector_is_paused_inside_and_running_again_after() -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_turns_the_collector_back_on() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("the disk is full")
    assert gc.isenabled()


def test_a_collector_already_off_is_left_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_an_export_runs_without_collector_passes_and_leaves_it_on(tmp_path, monkeypatch) -> None:
    from datetime import datetime, timezone

    from workbook.facade.workbook import Workbook
    from workbook.outputs import export as export_module
    from workbook.outputs.demo import make_demo

    now = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
    home = tmp_path / "home"
    make_demo(home, weeks=2, now=now)
    workbook = Workbook.open(home, clock=lambda: now, daily_backup=False)
    seen = []
    real_write = export_module._write_tables
    monkeypatch.setattr(export_module, "_write_tables", lambda *a: seen.append(gc.isenabled()) or real_write(*a))
    gc.enable()
    export_module.export(workbook, tmp_path / "out", now=now)
    assert seen == [False] and gc.isenabled()
