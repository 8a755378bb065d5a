"""Time helpers: UTC instants for record keeping, local wall time for plans.

Record times (created, updated, logged) are UTC ISO 8601 strings with an
offset. Times the patient means locally ("19:00 on weekdays") are kept as wall
time plus an IANA zone name, so they survive daylight-saving changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from workbook.core.inputs import shown

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


#: Where "now" comes from. Engine functions take an instant or a Clock; only front ends
#: (the CLI, the app) call `system_now`, so tests and `--at` own every clock.
Clock = Callable[[], datetime]


def system_now() -> datetime:
    """The computer's current instant, in UTC: the one place the engine's callers read real time."""
    return datetime.now(timezone.utc)


def to_iso(moment: datetime) -> str:
    """An aware datetime as ISO 8601 with its offset (seconds precision)."""
    if moment.tzinfo is None:
        raise ValueError("a record time must be timezone-aware")
    return moment.isoformat(timespec="seconds")


def utc_iso(moment: datetime) -> str:
    """A record-keeping time: the instant in UTC, as ISO 8601 with +00:00."""
    if moment.tzinfo is None:
        raise ValueError("a record time must be timezone-aware")
    return to_iso(moment.astimezone(timezone.utc))


def from_iso(text: str) -> datetime:
    """Parse an ISO 8601 string written by `to_iso` (or any aware ISO time)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"{shown(text)} has no UTC offset")
    return moment


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The IANA zone called `name`; ValueError with a plain message if unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError) as exc:  # OSError: a folder such as 'Europe'
        raise ValueError(f"{shown(name)} is not a time zone name this computer knows") from exc


def local_zone_name() -> str:
    """The IANA name of this computer's zone, or "UTC" when it cannot be told."""
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
    except Exception:  # tzlocal raises several kinds on odd systems
        return "UTC"
    try:
        zone(name)
    except ValueError:
        return "UTC"
    return name or "UTC"


def parse_hhmm(text: str) -> time:
    """'7:05' or '19:00' -> time; ValueError with a plain message otherwise."""
    match = _HHMM.match(text.strip())
    if not match:
        raise ValueError(f"{shown(text)} is not a time like 19:00")
    return time(int(match.group(1)), int(match.group(2)))


def format_hhmm(moment: time | datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def month_key(moment: datetime) -> str:
    """The partition a record created at `moment` (any zone) belongs to: 'YYYY-MM' in UTC."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m")


def months_between(start: datetime, end: datetime) -> list[str]:
    """Every 'YYYY-MM' (UTC) from start's month to end's month, inclusive."""
    first = start.astimezone(timezone.utc).date().replace(day=1)
    last = end.astimezone(timezone.utc).date().replace(day=1)
    keys = []
    current = first
    while current <= last:
        keys.append(current.strftime("%Y-%m"))
        current = (current + timedelta(days=32)).replace(day=1)
    return keys


def local_day_bounds(day: date, zone_name: str) -> tuple[datetime, datetime]:
    """Aware start (inclusive) and end (exclusive) of a local calendar day."""
    tz = zone(zone_name)
    start = datetime.combine(day, time(0, 0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=tz)
    return start, end
