"""Dates as people type them: "tomorrow", "mon", "30/11", "30 Nov 2026" or "2026-11-30".

One parser for every screen and command, so a date that works in one place
works everywhere. Day-first, as in the UK ("4/12" is 4 December). A date
without a year means the next time that day comes round (today included), or
with `prefer="past"` (looking back, as a report does) the last time it came.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from workbook.core.inputs import shown

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EXAMPLE = "a date like 30/11, 30 Nov, 2026-11-30, 'tomorrow' or 'mon'"
_HAS_YEAR = re.compile(r"\b\d{4}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"\b\d{4}\b")
#: Every date a person gives (a form, --at, --since) must fall in these years, so that no
#: arithmetic on it can overflow and no loop can run for centuries.
EARLIEST = date(1970, 1, 1)
LATEST = date(2200, 12, 31)
RANGE_WORDS = "between 1 January 1970 and 31 December 2200"


def in_range(day: date, text: str | None = None) -> date:
    """`day` if Workbook can keep it (1970 to 2200); ValueError with a plain message if not."""
    if not EARLIEST <= day <= LATEST:
        said = shown(text.strip()) if text is not None else day.isoformat()
        raise ValueError(f"{said} is too far away; please give a date {RANGE_WORDS}.")
    return day


def parse_day(text: str, today: date, *, prefer: str = "future") -> date:
    """The date `text` means, seen from `today`; ValueError with a plain message if none."""
    back = prefer == "past"
    words = " ".join(str(text).strip().lower().split())
    if not words:
        raise ValueError(f"Please write {EXAMPLE}.")
    if words in ("today", "tonight"):
        return today
    if words == "tomorrow":
        return today + timedelta(days=1)
    if words == "yesterday":
        return today - timedelta(days=1)
    weekday = _weekday(words.removeprefix("next ").removeprefix("this "))
    if weekday is not None:
        if back:
            return today - timedelta(days=(today.weekday() - weekday) % 7)
        ahead = (weekday - today.weekday()) % 7
        if words.startswith("next ") and ahead == 0:
            ahead = 7
        return today + timedelta(days=ahead)
    if _ISO.match(words):
        try:
            day = date.fromisoformat(words)
        except ValueError:
            raise ValueError(f"{shown(text.strip())} is not a real date; please write {EXAMPLE}.") from None
        return in_range(day, text)
    from dateutil import parser as _parser  # loaded only when a date needs it: commands start faster

    try:
        parsed = _parser.parse(words, dayfirst=True, default=_default(today)).date()
    except (ValueError, OverflowError, TypeError):
        raise ValueError(f"{shown(text.strip())} isn't a date Workbook understands; please write {EXAMPLE}.") from None
    in_range(parsed, text)
    if any(not EARLIEST.year <= int(year) <= LATEST.year for year in _YEAR.findall(words)):
        in_range(date.min, text)  # dateutil reads "0001" as 2001: a year written out is meant as written
    if not _HAS_YEAR.search(words) and (parsed > today if back else parsed < today):
        step = -1 if back else 1  # "3 Jan" in December means next January (or last, looking back)
        try:
            parsed = parsed.replace(year=parsed.year + step)
        except ValueError:  # 29 February
            parsed = parsed.replace(year=parsed.year + step, day=28)
    return in_range(parsed, text)


def _weekday(word: str) -> int | None:
    if len(word) < 3:
        return None
    for index, name in enumerate(WEEKDAYS):
        if name.startswith(word):
            return index
    return None


def _default(today: date) -> datetime:
    return datetime(today.year, today.month, today.day)


CALL_EXAMPLE = "a date (like 4/12 or 'mon') and a time like 10:00"


def call_time(day_text: str, time_text: str, zone_name: str, now: datetime) -> str | None:
    """An appointment typed as two boxes (day, time) -> aware ISO time in `zone_name`.

    Both empty means "no call set" (None). Otherwise both are needed; ValueError
    says plainly what to write. Shared by Welcome, Settings and the session note.
    """
    from workbook.core.times import parse_hhmm, to_iso, zone

    day_text, time_text = day_text.strip(), time_text.strip()
    if not day_text and not time_text:
        return None
    tz = zone(zone_name)
    try:
        day = parse_day(day_text, now.astimezone(tz).date())
        at = parse_hhmm(time_text)
    except ValueError:
        raise ValueError(f"give {CALL_EXAMPLE}.") from None
    return to_iso(datetime.combine(day, at, tzinfo=tz))
