"""Stored instants as the export writes them: UTC with a Z, and local wall time in a zone.

A long history holds a hundred thousand instants, and parsing each into a datetime is most
of what converting it costs. Within one day at one UTC offset, every instant converts the
same way, hour for hour: only the date and hour change, minutes and seconds are kept. So
each such day is worked out once (its 24 hours), and the rest is string slicing. A day that
holds a change of the zone's offset, or an offset of part of an hour, is converted exactly,
one instant at a time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo

_HOUR = timedelta(hours=1)
_DAY = timedelta(days=1)
_UTC = timezone.utc
#: A day's 24 converted hours ('YYYY-MM-DDTHH' each), or None: convert that day's instants exactly.
Hours = list[str] | None


def _day_and_offset(text: str) -> tuple[str, str] | None:
    """('YYYY-MM-DD', '+HH:MM') of 'YYYY-MM-DDTHH:MM:SS+HH:MM' (or ...Z); None for any other form."""
    if len(text) == 25 and text[10] == "T" and text[19] in "+-":
        return text[:10], text[19:]
    if len(text) == 20 and text[10] == "T" and text[19] == "Z":
        return text[:10], "+00:00"
    return None


class Instants:
    """One export's conversions of stored ISO instants (with offsets), each day worked out once."""

    def __init__(self) -> None:
        self._utc: dict[tuple[str, str], Hours] = {}
        self._walls: dict[tuple[tzinfo, str, str], Hours] = {}

    def utc(self, text: str | None) -> str | None:
        """The instant in UTC with a Z: '2026-10-20T00:30:00Z'."""
        if not text:
            return None
        parts = _day_and_offset(text)
        if parts is None:
            return _exact_utc(text)
        if parts[1] == "+00:00":
            return text[:19] + "Z"
        try:
            hours = self._utc[parts]
        except KeyError:
            hours = self._utc[parts] = _day_hours(*parts, _UTC)
        return hours[int(text[11:13])] + text[13:19] + "Z" if hours else _exact_utc(text)

    def wall(self, text: str | None, tz: tzinfo) -> str | None:
        """The instant's wall time in `tz`, without an offset: '2026-10-20T01:30:00'."""
        if not text:
            return None
        parts = _day_and_offset(text)
        if parts is None:
            return _exact_wall(text, tz)
        key = (tz, *parts)
        try:
            hours = self._walls[key]
        except KeyError:
            hours = self._walls[key] = _day_hours(*parts, tz)
        return hours[int(text[11:13])] + text[13:19] if hours else _exact_wall(text, tz)


def _day_hours(day: str, offset: str, tz: tzinfo) -> Hours:
    """The 24 hours of `day` (read at the stored `offset`) as 'YYYY-MM-DDTHH' in `tz`; None when
    they can't all be read that way: `tz`'s offset changes within the day, or differs from the
    stored one by part of an hour (minutes would change too)."""
    start = datetime.fromisoformat(f"{day}T00:00:00{offset}")
    first, last = start.astimezone(tz), (start + _DAY - timedelta(seconds=1)).astimezone(tz)
    shift, stored = first.utcoffset(), start.utcoffset()
    if shift is None or stored is None or shift != last.utcoffset() or (shift - stored) % _HOUR:
        return None
    moved = (shift - stored) // _HOUR  # whole hours the clock in `tz` reads ahead of the stored one
    midnight = date.fromisoformat(day)
    names: dict[int, str] = {}
    hours = []
    for hour in range(24):
        days, local = divmod(moved + hour, 24)
        name = names.get(days) or names.setdefault(days, (midnight + timedelta(days=days)).isoformat())
        hours.append(f"{name}T{local:02d}")
    return hours


def _exact_utc(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(_UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _exact_wall(text: str, tz: tzinfo) -> str:
    return datetime.fromisoformat(text).astimezone(tz).replace(tzinfo=None).isoformat(timespec="seconds")
