"""A VTIMEZONE that holds for every year: the zone's current rule as yearly RRULEs.

The rule is the POSIX TZ string at the end of the zone's TZif file (for
Europe/London `GMT0BST,M3.5.0/1,M10.5.0`), written as one STANDARD and one
DAYLIGHT component with `FREQ=YEARLY` rules, so a client that does not know
the zone by name still changes the clocks on the right day in any year, with
no list of transitions that runs out. A zone whose rule cannot be written so
(a rule by day of the year, or a change at a time outside the day) gets
icalendar's list of transitions instead.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path

from dateutil.rrule import rrulestr
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

_NAME = r"(?:<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"[+-]?\d{1,3}(?::\d{2}){0,2}"
_RULE = r"M(\d{1,2})\.(\d)\.(\d)(?:/(" + _OFFSET + r"))?"
_POSIX = re.compile(rf"^({_NAME})({_OFFSET})(?:({_NAME})({_OFFSET})?,{_RULE},{_RULE})?$")
_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


@dataclass(frozen=True)
class Change:
    """One yearly change of the clocks: the month, which weekday of it, and the local time before it."""

    month: int
    week: int  # 1-4, or 5 for the last
    weekday: int  # 0 Sunday .. 6 Saturday, as POSIX counts
    at: time

    def rrule(self) -> str:
        nth = -1 if self.week == 5 else self.week
        return f"FREQ=YEARLY;BYMONTH={self.month};BYDAY={nth}{_DAYS[self.weekday]}"

    def first_in(self, year: int) -> datetime:
        """The first change on or after 1 January of `year`: a DTSTART that falls on its own rule."""
        start = datetime.combine(date(year, 1, 1), self.at)
        return rrulestr(f"DTSTART:{start:%Y%m%dT%H%M%S}\nRRULE:{self.rrule()}")[0]


@dataclass(frozen=True)
class ZoneRule:
    standard_name: str
    standard_offset: timedelta
    daylight_name: str | None = None
    daylight_offset: timedelta | None = None
    to_daylight: Change | None = None
    to_standard: Change | None = None


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _change(month: str, week: str, weekday: str, at: str | None) -> Change | None:
    seconds = _seconds(at) if at else 2 * 3600
    if not 0 <= seconds < 24 * 3600:
        return None
    return Change(int(month), int(week), int(weekday), time(seconds // 3600, seconds % 3600 // 60, seconds % 60))


def parse_posix(text: str) -> ZoneRule | None:
    """The rule a POSIX TZ string states, or None when it cannot be written as yearly RRULEs."""
    found = _POSIX.match(text.strip())
    if not found:
        return None
    std, std_off, dst, dst_off = found.group(1, 2, 3, 4)
    standard = timedelta(seconds=-_seconds(std_off))  # POSIX counts hours west of Greenwich
    if dst is None:
        return ZoneRule(std.strip("<>"), standard)
    daylight = timedelta(seconds=-_seconds(dst_off)) if dst_off else standard + timedelta(hours=1)
    on = _change(*found.group(5, 6, 7, 8))
    off = _change(*found.group(9, 10, 11, 12))
    if on is None or off is None:
        return None
    return ZoneRule(std.strip("<>"), standard, dst.strip("<>"), daylight, on, off)


def posix_rule(zone_name: str) -> str | None:
    """The POSIX TZ string the zone's TZif file ends with (where the zone data is found)."""
    data: bytes | None = None
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / zone_name
        if path.is_file():
            data = path.read_bytes()
            break
    if data is None:
        try:
            data = resources.files("tzdata").joinpath("zoneinfo", *zone_name.split("/")).read_bytes()
        except (ModuleNotFoundError, FileNotFoundError, OSError):
            return None
    if not data.startswith(b"TZif") or not data.endswith(b"\n"):
        return None
    footer = data[:-1].rsplit(b"\n", 1)[-1]
    return footer.decode("ascii", "replace") or None


def _component(kind: type[TimezoneStandard] | type[TimezoneDaylight], name: str, before: timedelta,
               after: timedelta, start: datetime, rule: str | None) -> TimezoneStandard | TimezoneDaylight:
    part = kind()
    part.add("dtstart", start)
    part.add("tzoffsetfrom", before)
    part.add("tzoffsetto", after)
    part.add("tzname", name)
    if rule:
        part.add("rrule", vRecur.from_ical(rule))
    return part


def vtimezone(zone_name: str, first_year: int) -> Timezone:
    """The zone as a VTIMEZONE valid from `first_year` on, for every later year."""
    text = posix_rule(zone_name)
    rule = parse_posix(text) if text else None
    if rule is None:  # the zone's data cannot say it as yearly rules: icalendar's transitions then
        return Timezone.from_tzinfo(zoneinfo.ZoneInfo(zone_name), zone_name,
                                    first_date=date(first_year, 1, 1), last_date=date(first_year + 30, 1, 1))
    tz = Timezone()
    tz.add("tzid", zone_name)
    if rule.daylight_offset is None or rule.to_daylight is None or rule.to_standard is None:
        tz.add_component(_component(TimezoneStandard, rule.standard_name, rule.standard_offset,
                                    rule.standard_offset, datetime(first_year, 1, 1), None))
        return tz
    tz.add_component(_component(TimezoneStandard, rule.standard_name, rule.daylight_offset, rule.standard_offset,
                                rule.to_standard.first_in(first_year), rule.to_standard.rrule()))
    tz.add_component(_component(TimezoneDaylight, rule.daylight_name or rule.standard_name, rule.standard_offset,
                                rule.daylight_offset, rule.to_daylight.first_in(first_year), rule.to_daylight.rrule()))
    return tz
