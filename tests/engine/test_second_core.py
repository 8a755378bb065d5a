"""Work done on a second core: the same result as done here, and never a lost or doubled one."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from records_fixture import REPORT_NOW, add_research_records, build

from workbook.facade.workbook import Workbook
from workbook.outputs import export as export_module
from workbook.outputs.second_core import Pending, beside, can_fork

forking = pytest.mark.skipif(not can_fork(), reason="needs os.fork, one thread and two cores")


@forking
def test_the_result_comes_from_a_forked_copy() -> None:
    with beside(os.getpid) as pending:
        assert pending.result() != os.getpid()  # worked out in another process
        assert pending.result() == pending.result()  # and kept


def test_not_worth_it_runs_here() -> None:
    with beside(os.getpid, worth_it=False) as pending:
        assert pending.result() == os.getpid()


@forking
def test_a_copy_that_fails_is_done_again_here_and_its_error_is_raised() -> None:
    parent = os.getpid()

    def fails_in_the_copy() -> int:
        if os.getpid() != parent:
            raise RuntimeError("the copy broke")
        return 7

    with beside(fails_in_the_copy) as pending:
        assert pending.result() == 7
    with beside(lambda: 1 // 0) as broken, pytest.raises(ZeroDivisionError):
        broken.result()  # an error of the work itself is met here, as if it had run here


@forking
def test_a_copy_whose_result_is_not_wanted_is_reaped() -> None:
    import time

    with beside(lambda: time.sleep(30)) as pending:
        pid = pending._pid
        assert pid is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # gone, and no zombie left


def test_with_another_thread_running_nothing_is_forked() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        pending = Pending(os.getpid)
        pending.start()
        assert pending._pid is None and pending.result() == os.getpid()
    finally:
        stop.set()
        thread.join()


@forking
def test_an_export_is_the_same_whether_its_weeks_were_counted_beside_or_here(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    add_research_records(home, build(home))
    workbook = Workbook.open(home, clock=lambda: REPORT_NOW, daily_backup=False)
    export_module.export(workbook, tmp_path / "here", now=REPORT_NOW)
    monkeypatch.setattr(export_module, "SECOND_CORE_FROM", 0)
    started: list[int] = []
    original = Pending.start
    monkeypatch.setattr(Pending, "start", lambda self: (original(self), started.append(self._pid or 0)))
    export_module.export(workbook, tmp_path / "beside", now=REPORT_NOW)
    assert started and started[0] not in (0, os.getpid())
    for here in sorted((tmp_path / "here").iterdir()):
        assert (tmp_path / "beside" / here.name).read_bytes() == here.read_bytes(), here.name
