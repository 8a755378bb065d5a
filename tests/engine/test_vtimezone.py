"""A zone written as yearly rules says what the IANA data says, in any year, for zones north and south."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from workbook.outputs.vtimezone import parse_posix, posix_rule, vtimezone

#: North and south, a half-hour change (Lord Howe), none at all (Tokyo, Sao Paulo), and one whose rule cannot be
#: written as yearly rules (Nuuk changes at -01:00), which gets icalendar's 30 years of listed changes.
ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Tokyo",
         "America/Sao_Paulo", "America/Nuuk"]


def test_posix_rules_are_read() -> None:
    london = parse_posix("GMT0BST,M3.5.0/1,M10.5.0")
    assert london is not None and london.to_daylight is not None and london.to_standard is not None
    assert (london.standard_offset, london.daylight_offset) == (timedelta(0), timedelta(hours=1))
    assert london.to_daylight.rrule() == "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" and london.to_daylight.at == time(1, 0)
    assert london.to_standard.at == time(2, 0)  # the POSIX default
    howe = parse_posix("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0")
    assert howe is not None and howe.standard_offset == timedelta(hours=10, minutes=30)
    assert parse_posix("JST-9") is not None and parse_posix("JST-9").daylight_offset is None  # type: ignore[union-attr]
    assert parse_posix("<-02>2<-01>,M3.5.0/-1,M10.5.0/0") is None  # a change before midnight: written as a list
    assert parse_posix("not a rule") is None
    assert posix_rule("Europe/London") == "GMT0BST,M3.5.0/1,M10.5.0"


@pytest.mark.parametrize("name", ZONES)
def test_the_written_zone_agrees_with_the_iana_data(name: str) -> None:
    """Noon every day, in a zone no reader knows by name, so the VTIMEZONE alone decides the instants."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//test//")
    cal.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", "noon")
    event.add("dtstamp", datetime(2026, 1, 1, tzinfo=timezone.utc))
    event.add("dtstart", datetime(2026, 1, 1, 12, 0, tzinfo=ZoneInfo(name)))
    event.add("rrule", {"freq": "daily"})
    cal.add_component(event)
    cal.add_component(vtimezone(name, 2025))
    # a name of its own per zone: icalendar keeps each VTIMEZONE it has read, by name, for the whole process
    renamed = cal.to_ical().replace(name.encode(), f"Unknown-{name.replace('/', '-')}".encode())
    parsed = icalendar.Calendar.from_ical(renamed)
    zone = ZoneInfo(name)
    for year in (2026, 2031, 2038, 2049):
        start, end = date(year, 1, 1), date(year + 1, 1, 1)
        got = {e["DTSTART"].dt.astimezone(timezone.utc) for e in recurring_ical_events.of(parsed).between(start, end)}
        days = [start + timedelta(days=i) for i in range((end - start).days)]
        want = {datetime.combine(d, time(12, 0), tzinfo=zone).astimezone(timezone.utc) for d in days}
        assert got == want, (name, year)
