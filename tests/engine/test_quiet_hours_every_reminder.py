"""Quiet hours hold every reminder, late, retried and catch-up ones too; the words say which day.

Pure due checks with the clock passed in (23:50, 21:40 and 06:00, as in the report that
found this), then the runner across a night with a fake sender. Time spent inside quiet
hours does not count against the 12-hour catch-up window, so what waited through the night
is sent when they end, saying "Yesterday, 19:00" rather than a bare "19:00".
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from workbook.core.model import Plan, Settings, Supporter
from workbook.core.reminder_records import ReminderSent
from workbook.reminders import text as reminder_text
from workbook.reminders.due import Inputs, awake_start, compute_due, due_while_open

LONDON = ZoneInfo("Europe/London")
CREATED = "2026-01-01T09:00:00+00:00"
NIGHT = dict(quiet_start=time(22, 0), quiet_end=time(7, 0))  # 22:00-07:00, across midnight
DEFAULT_QUIET = dict(quiet_start=time(21, 30), quiet_end=time(8, 0))  # a new home's


def at(day: int, hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 3, day, hh, mm, tzinfo=LONDON)  # 2 March 2026 is a Monday (GMT)


def settings(quiet: dict = NIGHT, **more) -> Settings:
    return Settings(zone="Europe/London", **quiet, **more)


def walk(hh: int = 19, lead: int = 15, **more) -> Plan:
    fields = dict(exercise_id="activity-scheduling", what="Walk round the park", start_date=date(2026, 2, 1),
                  start_time=time(hh, 0), zone="Europe/London", rrule="FREQ=DAILY", reminder_lead_minutes=lead,
                  if_then=[], created_at=CREATED, updated_at=CREATED)
    fields.update(more)
    return Plan(**fields)


def check(now: datetime, *plans: Plan, last_run: datetime | None, s: Settings | None = None, **more):
    return compute_due(Inputs(s or settings(), list(plans), last_run=last_run, **more), now)


# -- late reminders wait for the end of quiet hours -------------------------------------------


def test_late_at_23_50_waits_until_07_00_and_then_says_yesterday() -> None:
    slept_from = at(2, 18, 0)  # the laptop slept through the 18:45 reminder for the 19:00 walk
    night = check(at(2, 23, 50), walk(), last_run=slept_from)
    assert night.due == [] and night.next_at == at(3, 7, 0)
    assert night.due_from == slept_from  # what was held is still new at 07:00
    again = check(at(3, 2, 0), walk(), last_run=night.due_from)  # a timer pass in the night: still quiet
    assert again.due == [] and again.due_from == slept_from
    morning = check(at(3, 7, 0), walk(), last_run=again.due_from)
    [due] = morning.due
    assert due.kind == "reminder" and due.occurrence == at(2, 19, 0) and morning.due_from is None
    assert due.body.startswith("Yesterday, 19:00: Walk round the park. Still want to do it?")


def test_late_at_06_00_waits_until_07_00() -> None:
    night = check(at(3, 6, 0), walk(), last_run=at(2, 18, 0))  # woke early; the walk was 11 hours ago
    assert night.due == [] and night.next_at == at(3, 7, 0)
    [due] = check(at(3, 7, 0), walk(), last_run=night.due_from).due
    assert due.occurrence == at(2, 19, 0)


def test_late_at_21_40_goes_now_outside_quiet_hours_and_waits_inside_them() -> None:
    """21:40 is before 22:00 quiet hours begin, but inside a new home's 21:30-08:00 ones."""
    [due] = check(at(2, 21, 40), walk(), last_run=at(2, 18, 0)).due
    assert due.body.startswith("Earlier today at 19:00: Walk round the park.")
    quiet = settings(DEFAULT_QUIET)
    held = check(at(2, 21, 40), walk(), last_run=at(2, 18, 0), s=quiet)
    assert held.due == [] and held.next_at == at(3, 8, 0)
    [due] = check(at(3, 8, 0), walk(), last_run=held.due_from, s=quiet).due
    assert due.body.startswith("Yesterday, 19:00: Walk round the park.")


def test_a_failed_reminder_is_not_retried_inside_quiet_hours() -> None:
    plan = walk(hh=21, lead=0, what="Stretch")  # 21:00, just before quiet hours
    stamp = "2026-03-02T21:45:00+00:00"  # the first try failed at 21:45 (London is on GMT in March)
    failed = ReminderSent(plan_id=plan.id, occurrence=at(2, 21, 0).isoformat(), kind="reminder", delivered=False,
                          tries=1, tried_at=stamp, created_at=stamp, updated_at=stamp, reason="no notification server")
    [retry] = check(at(2, 21, 50), plan, last_run=at(2, 21, 45), sent=[failed]).due  # not quiet yet: retried
    assert retry.occurrence == at(2, 21, 0)
    held = check(at(2, 22, 10), plan, last_run=at(2, 21, 45), sent=[failed])
    assert held.due == [] and held.next_at == at(3, 7, 0)


# -- catch-ups ("still want to do it today?") wait too ------------------------------------------


def test_a_catch_up_at_21_40_waits_inside_quiet_hours() -> None:
    morning = walk(hh=8, lead=0)  # 08:00, missed all day
    [catch_up] = check(at(2, 21, 40), morning, last_run=at(2, 7, 0)).due  # 22:00-07:00: not quiet yet
    assert catch_up.kind == "catch_up" and catch_up.body.startswith('Still want to do "Walk round the park" today?')
    held = check(at(2, 21, 40), morning, last_run=at(2, 7, 0), s=settings(DEFAULT_QUIET))
    assert held.due == [] and held.next_at == at(3, 8, 0)


def test_a_catch_up_at_23_50_waits_and_is_not_sent_for_a_day_that_is_over() -> None:
    morning = walk(hh=8, lead=0)
    night = check(at(2, 23, 50), morning, last_run=at(2, 7, 0))
    assert night.due == [] and night.next_at == at(3, 7, 0)
    # At 07:00 Monday is over: "still want to do it today?" would be wrong, and nothing older is caught up.
    morning_check = check(at(3, 7, 0), morning, last_run=night.due_from)
    assert [d for d in morning_check.due if d.occurrence.date() == date(2026, 3, 2)] == []


# -- a supporter check-in, and the day in the words ------------------------------------------


def test_a_19_00_check_in_shown_at_06_00_waits_and_says_yesterday() -> None:
    dev = Supporter(name="Dev", how=["check_in"], check_in_rrule="FREQ=DAILY", check_in_time=time(19, 0),
                    created_at=CREATED, updated_at=CREATED)
    s = settings()
    night = compute_due(Inputs(s, [], [dev], last_run=at(2, 18, 0)), at(3, 6, 0))
    assert night.due == [] and night.next_at == at(3, 7, 0)
    [due] = compute_due(Inputs(s, [], [dev], last_run=night.due_from), at(3, 7, 0)).due
    assert (due.kind, due.body) == ("check_in", "Yesterday, 19:00: check in with Dev.")


def test_words_name_the_day_when_it_is_not_today() -> None:
    occurrence = at(2, 19, 0)  # Monday
    assert reminder_text.day_time(occurrence, at(2, 20, 0)) == "19:00"
    assert reminder_text.day_time(occurrence, at(3, 6, 0)) == "yesterday, 19:00"
    assert reminder_text.day_time(occurrence, at(1, 20, 0)) == "tomorrow, 19:00"
    assert reminder_text.day_time(occurrence, at(4, 7, 0)) == "Mon 19:00"
    text = reminder_text.full_text("reminder", "Walk", [], occurrence, at(4, 7, 0))
    assert text.startswith("Mon 19:00: Walk. Still want to do it?")
    assert reminder_text.full_text("check_in", "Dev", [], occurrence, at(4, 7, 0)) == "Mon 19:00: check in with Dev."


@pytest.mark.parametrize("now", [at(3, 7, 0), at(4, 7, 0), at(2, 19, 30)])
def test_discreet_words_name_the_day_and_stay_free_of_health_words(now: datetime) -> None:
    title, body = reminder_text.notification("reminder", "Panic diary for my anxiety", [], at(2, 19, 0), now,
                                             discreet=True)
    assert title == "Workbook"
    assert not [w for w in reminder_text.HEALTH_WORDS if w in body.lower()]
    day = {3: "yesterday, 19:00", 4: "Mon 19:00", 2: "at 19:00"}[now.day]
    assert day in body


def test_the_open_workbook_shows_nothing_inside_quiet_hours() -> None:
    inputs = Inputs(settings(), [walk()])
    assert due_while_open(inputs, at(2, 23, 50), at(2, 18, 0)) == []
    assert [d.occurrence for d in due_while_open(inputs, at(3, 7, 1), at(2, 18, 0))] == [at(2, 19, 0)]


def test_only_time_outside_quiet_hours_counts_towards_the_twelve_hours() -> None:
    s = settings()
    assert awake_start(at(2, 21, 0), timedelta(hours=12), s) == at(2, 9, 0)  # all awake: just 12 hours
    assert awake_start(at(3, 7, 0), timedelta(hours=12), s) == at(2, 10, 0)  # the 9 quiet hours don't count
    assert awake_start(at(3, 2, 0), timedelta(hours=12), s) == at(2, 10, 0)  # inside: as if at 22:00
    assert awake_start(at(3, 7, 0), timedelta(hours=12), settings(dict(quiet_start=None, quiet_end=None))) \
        == at(2, 19, 0)


# -- the runner across a night -------------------------------------------------------------------


def test_the_runner_holds_a_late_reminder_through_the_night_and_sends_it_once_at_07_00(tmp_path: Path) -> None:
    from workbook.facade.workbook import SETTINGS_ID, Workbook
    from workbook.outputs.remind_runner import run_once
    from workbook.reminders.last_run import read_last_run, write_last_run
    from workbook.reminders.notify import Delivery

    workbook = Workbook.open(tmp_path / "home", clock=lambda: at(2, 12, 0), daily_backup=False)
    with workbook.store.transaction(at(2, 12, 0)) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", **NIGHT))
    workbook.add_plan(walk())
    write_last_run(workbook.home, at(2, 18, 0), 0, 0)  # then the laptop slept
    shown: list[tuple[str, str]] = []

    def send(title: str, body: str) -> Delivery:
        shown.append((title, body))
        return Delivery(True, "fake")

    for moment in (at(2, 23, 50), at(3, 0, 30), at(3, 6, 0), at(3, 6, 55)):
        result = run_once(workbook, moment, send=send)
        assert result.delivered == [] and result.next_at == at(3, 7, 0)
    assert shown == [] and read_last_run(workbook.home)["due_from"] == at(2, 18, 0).isoformat()
    run_once(workbook, at(3, 7, 0), send=send)
    run_once(workbook, at(3, 7, 5), send=send)
    assert [body.split(" Still")[0] for _, body in shown] == ["Yesterday, 19:00: Walk round the park."]
    assert "due_from" not in read_last_run(workbook.home)
