"""The .ics export, parsed back and expanded by another library, agrees with workbook.planning.schedule."""

from __future__ import annotations

import stat
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from helpers import NOW, run_cli

from workbook.core.model import Plan, Settings
from workbook.facade.workbook import SETTINGS_ID, Workbook
from workbook.insight.review import stopped_at
from workbook.outputs.calendar import UID_SUFFIX
from workbook.planning.schedule import occurrences

LONDON = ZoneInfo("Europe/London")
AT = "2026-10-01T09:00:00+01:00"
MADE = "2026-09-01T12:00:00+00:00"


def make_home(home: Path, *, discreet: bool = False) -> dict[str, Plan]:
    wb = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    with wb.store.transaction(NOW) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", discreet=discreet, welcome_done=True))
    base = dict(zone="Europe/London", created_at=MADE, updated_at=MADE, start_date=date(2026, 9, 20))
    specs = {
        "evening": dict(exercise_id="activity-scheduling", what="Evening stroll past the gasworks", where="canal towpath",
                        start_time=time(19, 0), rrule="FREQ=DAILY", minutes=25, reminder_lead_minutes=15,
                        why="Fresh air clears my head", if_then=[{"if": "it is dark", "then": "take the torch"}]),
        "weekdays": dict(exercise_id="sleep-diary", what="Sleep diary", start_time=time(7, 30),
                         rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", until=date(2026, 11, 15), minutes=5),
        "night": dict(exercise_id="breathing-practice", what="Night breathing", start_time=time(1, 30),
                      rrule="FREQ=DAILY", minutes=10, reminder_lead_minutes=0),  # both daylight-saving changes
        "anytime": dict(exercise_id="worry-time", what="Worry list", rrule="FREQ=DAILY;INTERVAL=3", minutes=15),
        "ended": dict(exercise_id="worry-time", what="Old worry time", start_time=time(17, 30), rrule="FREQ=DAILY",
                      status="ended", updated_at="2026-10-20T12:00:00+00:00"),
        "paused": dict(exercise_id="worry-time", what="Paused thing", start_time=time(12, 0), rrule="FREQ=DAILY",
                       status="paused"),
        "once": dict(exercise_id="exposure-practice", what="Bus into town", start_date=date(2026, 10, 25),
                     start_time=time(1, 15), minutes=30),  # 01:15 happens twice that night: the first one
    }
    return {name: wb.add_plan(Plan(**{**base, **spec})) for name, spec in specs.items()}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Plan], Path, str]:
    root = tmp_path_factory.mktemp("calendar")
    plans = make_home(root / "home")
    out = root / "plans.ics"
    result = run_cli("--home", root / "home", "calendar", "--out", out, "--at", AT)
    assert result.code == 0, result.err
    return plans, out, result.out


def expected(plan: Plan, start: datetime, end: datetime) -> list:
    stop = stopped_at(plan)
    found = [o for o in occurrences(plan, start, end) if stop is None or o < stop]
    return [o.date() for o in found] if plan.start_time is None else [o.astimezone(timezone.utc) for o in found]


@pytest.mark.parametrize("window", [
    (datetime(2026, 10, 1, tzinfo=LONDON), datetime(2026, 11, 30, tzinfo=LONDON)),  # clocks go back 25 Oct
    (datetime(2027, 3, 1, tzinfo=LONDON), datetime(2027, 4, 30, tzinfo=LONDON)),  # clocks go forward 28 Mar
])
def test_expansion_matches_schedule(written, window) -> None:
    plans, out, _ = written
    start, end = window
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    instances = recurring_ical_events.of(calendar).between(start, end)
    for name, plan in plans.items():
        got = [e["DTSTART"].dt for e in instances if str(e["UID"]) == plan.id + UID_SUFFIX]
        got = sorted(g if not isinstance(g, datetime) else g.astimezone(timezone.utc) for g in got)
        want = [] if plan.status == "paused" else expected(plan, start, end)
        assert got == want, name
    night = [e["DTSTART"].dt for e in instances if str(e["UID"]).startswith(plans["night"].id)]
    if start.month == 3:  # 01:30 does not exist on 28 March 2027: read as 01:30 GMT (02:30 BST) by both
        assert datetime(2027, 3, 28, 1, 30, tzinfo=timezone.utc) in [n.astimezone(timezone.utc) for n in night]
    else:
        assert len([n for n in night if n.date() == date(2026, 10, 25)]) == 1


def test_event_properties(written) -> None:
    plans, out, _ = written
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {p.id + UID_SUFFIX for n, p in plans.items() if n != "paused"}
    evening = events[plans["evening"].id + UID_SUFFIX]
    assert evening["DTSTART"].params["TZID"] == "Europe/London"
    assert evening["DURATION"].dt == timedelta(minutes=25)
    assert str(evening["SUMMARY"]) == "Evening stroll past the gasworks" and str(evening["LOCATION"]) == "canal towpath"
    assert "Why this matters to me: Fresh air clears my head" in str(evening["DESCRIPTION"])
    assert "If it is dark, then take the torch." in str(evening["DESCRIPTION"])
    assert evening["RRULE"].to_ical() == b"FREQ=DAILY"
    alarms = evening.walk("VALARM")
    assert len(alarms) == 1 and alarms[0]["TRIGGER"].dt == timedelta(minutes=-15)
    assert events[plans["night"].id + UID_SUFFIX].walk("VALARM")[0]["TRIGGER"].dt == timedelta(0)
    assert events[plans["weekdays"].id + UID_SUFFIX].walk("VALARM") == []
    weekdays = events[plans["weekdays"].id + UID_SUFFIX]["RRULE"]
    assert weekdays["UNTIL"][0] == datetime(2026, 11, 15, 23, 59, 59, tzinfo=timezone.utc)  # end of the local day
    ended = events[plans["ended"].id + UID_SUFFIX]["RRULE"]
    assert ended["UNTIL"][0] == datetime(2026, 10, 20, 11, 59, 59, tzinfo=timezone.utc)
    anytime = events[plans["anytime"].id + UID_SUFFIX]
    assert anytime["DTSTART"].dt == date(2026, 9, 20) and "RRULE" in anytime
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_paused_plans_are_named_in_the_output(written) -> None:
    _, out, printed = written
    assert "Calendar written to" in printed and "6 plans" in printed
    assert "Left out 1 paused plan (resume to include): Paused thing" in printed
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_same_plans_give_the_same_file(written, tmp_path: Path) -> None:
    plans, out, _ = written
    home = out.parent / "home"
    again = tmp_path / "again.ics"
    assert run_cli("--home", home, "calendar", "--out", again, "--at", "2026-10-02T09:00:00+01:00").code == 0
    assert again.read_bytes() == out.read_bytes()


def test_discreet_mode_is_neutral(tmp_path: Path) -> None:
    make_home(tmp_path / "home", discreet=True)
    out = tmp_path / "plans.ics"
    result = run_cli("--home", tmp_path / "home", "calendar", "--out", out, "--at", AT)
    assert result.code == 0 and "Discreet mode is on" in result.out
    text = out.read_text()
    for words in ("gasworks", "towpath", "Fresh air", "torch", "Sleep diary", "breathing", "Worry", "worry", "Bus"):
        assert words not in text, words
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == {"Planned activity"}
