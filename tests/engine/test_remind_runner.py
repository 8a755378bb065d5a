"""The reminder runner in-process, with a fake sender and an injected clock.

Checks the claim step deterministically (two runners that both saw the same
reminder due: only one may send it), outcomes recorded, snooze and skip through
the façade, the open workbook's `due_now`, the combined notification after a
long sleep, and the loop's stop.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from helpers import NOW

from workbook.core.model import Plan, Settings
from workbook.facade.workbook import SETTINGS_ID, Workbook
from workbook.outputs.remind_runner import run_loop, run_once, seconds_until
from workbook.reminders import log as reminder_log
from workbook.reminders.last_run import read_last_run
from workbook.reminders.notify import Delivery

LONDON = ZoneInfo("Europe/London")
DAY = date(2026, 3, 2)


def at(hh: int, mm: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=LONDON)


class Sender:
    """Records what it was asked to show; answers with `outcome`."""

    def __init__(self, outcome: Delivery | Exception = Delivery(True, "fake")) -> None:
        self.outcome = outcome
        self.calls: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def __call__(self, title: str, body: str) -> Delivery:
        with self.lock:
            self.calls.append((title, body))
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome


def make_home(home: Path, *plans: tuple[str, time, int], discreet: bool = False) -> tuple[Workbook, list[Plan]]:
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    with workbook.store.transaction(NOW) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", quiet_start=time(22, 0), quiet_end=time(7, 0), discreet=discreet))
    made = []
    for what, when, lead in plans:
        plan = Plan(exercise_id="activity-scheduling", what=what, start_date=DAY - timedelta(days=7), start_time=when,
                    zone="Europe/London", rrule="FREQ=DAILY", reminder_lead_minutes=lead,
                    created_at="2026-02-01T09:00:00+00:00", updated_at="2026-02-01T09:00:00+00:00")
        made.append(workbook.add_plan(plan))
    return workbook, made


@pytest.fixture
def walk(tmp_path: Path) -> tuple[Workbook, Plan]:
    workbook, [plan] = make_home(tmp_path / "home", ("Walk round the park", time(19, 0), 15))
    return workbook, plan


def test_run_once_sends_records_and_remembers(walk) -> None:
    workbook, plan = walk
    send = Sender()
    result = run_once(workbook, at(18, 45), send=send)
    assert send.calls == [("Workbook reminder", "19:00: Walk round the park.")]
    assert [(r.plan_id, r.delivered, r.channel, r.tries) for r in result.delivered] == [(plan.id, True, "fake", 1)]
    assert result.next_at == at(18, 45, DAY + timedelta(days=1))
    assert read_last_run(workbook.home) == {"at": "2026-03-02T18:45:00+00:00", "delivered": 1, "failed": 0}
    assert run_once(workbook, at(18, 50), send=send).delivered == [] and len(send.calls) == 1


def test_two_runners_that_both_saw_it_due_send_it_once(walk) -> None:
    workbook, _ = walk
    other = Workbook.open(workbook.home, clock=lambda: NOW, daily_backup=False)  # a second process's view
    now = at(18, 45)
    due_a = workbook.due_reminders(now).due
    due_b = other.due_reminders(now).due
    assert len(due_a) == len(due_b) == 1  # both decided to send before either claimed
    assert len(reminder_log.claim(workbook.store, due_a, now)) == 1
    assert reminder_log.claim(other.store, due_b, now) == []


def test_many_threads_one_send(walk) -> None:
    workbook, _ = walk
    send = Sender()
    views = [Workbook.open(workbook.home, clock=lambda: NOW, daily_backup=False) for _ in range(6)]
    barrier = threading.Barrier(len(views))

    def runner(view: Workbook) -> None:
        barrier.wait()
        run_once(view, at(18, 45), send=send)

    threads = [threading.Thread(target=runner, args=(v,)) for v in views]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(send.calls) == 1
    assert len(workbook.reminders_sent(at(18, 0), at(20, 0))) == 1


@pytest.mark.parametrize("outcome", [Delivery(False, "none", "no notification server is running", "install dunst"),
                                     RuntimeError("boom")])
def test_failures_are_recorded_with_the_reason_and_never_crash(walk, outcome) -> None:
    workbook, _ = walk
    result = run_once(workbook, at(18, 45), send=Sender(outcome))
    [failed] = result.failed
    assert failed.delivered is False and failed.reason
    assert ("boom" in failed.reason) if isinstance(outcome, Exception) else failed.reason == outcome.reason
    assert [r.id for r in workbook.reminder_failures(at(18, 50))] == [failed.id]
    assert read_last_run(workbook.home)["failed"] == 1
    # Retried a few minutes later, on the same record.
    again = run_once(workbook, at(18, 50), send=Sender())
    assert [(r.id, r.tries, r.delivered) for r in again.delivered] == [(failed.id, 2, True)]
    assert workbook.reminder_failures(at(18, 55)) == []


def test_snooze_and_skip_through_the_facade(walk) -> None:
    workbook, plan = walk
    send = Sender()
    run_once(workbook, at(18, 45), send=send)
    occurrence = at(19, 0)
    workbook.snooze(plan.id, occurrence, 30, now=at(18, 46))
    assert run_once(workbook, at(19, 15), send=send).delivered == []
    snoozed = run_once(workbook, at(19, 16), send=send).delivered
    assert [r.kind for r in snoozed] == ["snoozed"] and len(send.calls) == 2
    assert send.calls[-1][1].startswith("Earlier today at 19:00: Walk round the park. Still want to do it?")
    # Tomorrow's: skipped before it is due, so nothing is sent for it.
    workbook.skip(plan.id, at(19, 0, DAY + timedelta(days=1)), now=at(20, 0))
    assert run_once(workbook, at(18, 45, DAY + timedelta(days=1)), send=send).delivered == []
    with pytest.raises(Exception, match="no plan or supporter"):
        workbook.snooze("00000000-0000-4000-8000-00000000abcd", occurrence, 30, now=at(19, 20))


def test_due_now_for_the_open_workbook(walk) -> None:
    workbook, plan = walk
    due = workbook.due_now(at(18, 45), since=at(18, 44))
    assert [(d.plan_id, d.occurrence, d.text) for d in due] == [(plan.id, at(19, 0), "19:00: Walk round the park.")]
    assert workbook.due_now(at(18, 46), since=at(18, 45)) == []
    # Logged from the toast ("log now"): nothing more for that occurrence.
    workbook.log_attempt(plan.id, "done", occurrence=due[0].occurrence, now=at(18, 50))
    assert workbook.due_now(at(18, 50), since=at(18, 0)) == []
    assert workbook.due_reminders(at(18, 50)).due == []


def test_several_at_once_become_one_notification(tmp_path: Path) -> None:
    workbook, _ = make_home(tmp_path / "home", ("Walk", time(9, 0), 0), ("Read two pages", time(10, 0), 0),
                            ("Call Mum", time(11, 0), 0), discreet=True)
    run_once(workbook, at(7, 30), send=Sender())  # the last run before the laptop slept
    send = Sender()
    result = run_once(workbook, at(12, 0), send=send)
    assert send.calls == [("Workbook", "You have 3 things planned")]
    assert len(result.delivered) == 3


def test_loop_runs_until_stopped_and_sleeps_until_the_next_due_time(walk) -> None:
    workbook, _ = walk
    stop = threading.Event()
    send = Sender()
    clock_times = iter([at(18, 45)] + [at(18, 46)] * 100)
    out_lines: list[str] = []

    class Out:
        def write(self, text: str) -> None:
            out_lines.append(text)

        def flush(self) -> None:
            pass

    thread = threading.Thread(target=run_loop, args=(workbook, lambda: next(clock_times)),
                              kwargs=dict(send=send, out=Out(), stop=stop, max_sleep=0.05))
    thread.start()
    deadline = datetime.now().timestamp() + 10
    while not send.calls and datetime.now().timestamp() < deadline:
        stop.wait(0.01)
    stop.set()
    thread.join(5)
    assert not thread.is_alive()
    assert len(send.calls) == 1
    text = "".join(out_lines)
    assert "reminder shown (fake): 19:00: Walk round the park." in text and "Workbook reminders stopped." in text
    assert seconds_until(at(18, 45), at(18, 40)) == 300
    assert seconds_until(at(18, 41), at(18, 40)) == 60
    assert seconds_until(None, at(18, 40)) == 300
    assert seconds_until(at(18, 39), at(18, 40)) == 1


def test_research_events_for_sent_and_failed_reminders(walk) -> None:
    workbook, plan = walk
    workbook.update_settings(research_mode=True, participant_id="P-9")
    run_once(workbook, at(18, 45), send=Sender(Delivery(False, "none", "no notification server is running")))
    run_once(workbook, at(18, 50), send=Sender())  # the retry gets through
    kinds = [e.kind for e in workbook.events() if e.kind.startswith("reminder_")]
    assert kinds == ["reminder_failed", "reminder_sent"]
    assert all(e.refs["plan"] == plan.id for e in workbook.events() if e.kind.startswith("reminder_"))
