"""Repeat rules: the patient's simple choices <-> RFC 5545 RRULE text.

Plans store only the RRULE *body* (e.g. ``FREQ=WEEKLY;BYDAY=MO,WE``); the start
date, wall time and IANA zone are stored beside it and the end date as a local
date, so the rule can always be rebuilt with its zone (``str(rrule)`` drops it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from dateutil import rrule as _rrule

from workbook.core.inputs import shown
from workbook.core.words import counted

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ALLOWED_FREQ = ("DAILY", "WEEKLY", "MONTHLY")
ALLOWED_PARTS = {"FREQ", "INTERVAL", "BYDAY", "COUNT", "BYMONTHDAY"}
_PART = re.compile(r"^[A-Z]+=[A-Z0-9,+-]+$")


class RuleError(ValueError):
    """An RRULE body Workbook will not store; the message says why, plainly."""


def parse_parts(body: str) -> dict[str, str]:
    """Split an RRULE body into its parts, refusing anything Workbook does not handle.

    DTSTART and UNTIL are refused on purpose: start and end are kept beside
    the rule with their zone, so they cannot disagree with it.
    """
    if not isinstance(body, str) or not body.strip():
        raise RuleError("the repeat rule is empty")
    text = body.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    for chunk in text.split(";"):
        if not _PART.match(chunk):
            raise RuleError(f"{shown(chunk)} is not a repeat-rule part like FREQ=DAILY")
        key, value = chunk.split("=", 1)
        if key not in ALLOWED_PARTS:
            raise RuleError(f"{key} is not supported in a plan's repeat rule")
        if key in parts:
            raise RuleError(f"{key} appears twice")
        parts[key] = value
    if parts.get("FREQ") not in ALLOWED_FREQ:
        raise RuleError(f"FREQ must be one of {', '.join(ALLOWED_FREQ)}")
    if "INTERVAL" in parts and not (parts["INTERVAL"].isdigit() and 1 <= int(parts["INTERVAL"]) <= 365):
        raise RuleError("INTERVAL must be a whole number from 1 to 365")
    if "COUNT" in parts and not (parts["COUNT"].isdigit() and 1 <= int(parts["COUNT"]) <= 10000):
        raise RuleError("COUNT must be a whole number from 1 to 10000")
    if "BYDAY" in parts and parts["FREQ"] != "WEEKLY":
        # DAILY;INTERVAL=7;BYDAY=MO from a Tuesday never fires, and dateutil would scan to year 9999.
        raise RuleError("chosen days (BYDAY) go with FREQ=WEEKLY")
    if "BYMONTHDAY" in parts and parts["FREQ"] != "MONTHLY":
        raise RuleError("days of the month (BYMONTHDAY) go with FREQ=MONTHLY")
    if "BYDAY" in parts:
        days = parts["BYDAY"].split(",")
        if not days or any(d not in DAY_CODES for d in days) or len(set(days)) != len(days):
            raise RuleError("BYDAY must list distinct days such as MO,WE,FR")
    if "BYMONTHDAY" in parts:
        try:
            values = [int(v) for v in parts["BYMONTHDAY"].split(",")]
        except ValueError:
            raise RuleError("BYMONTHDAY must list days of the month") from None
        if any(not (1 <= v <= 31) for v in values):
            raise RuleError("BYMONTHDAY days must be from 1 to 31")
    problem = _dateutil_problem(text)
    if problem:
        raise RuleError(f"the repeat rule does not parse: {problem}")
    return parts


@lru_cache(maxsize=256)
def _dateutil_problem(text: str) -> str:
    """Final word from dateutil itself, with a fixed start so nothing depends on "now" ("" when it parses).

    Kept per rule text: every plan read is validated, and a home has only a few distinct rules."""
    try:
        build(_split(text), datetime(2026, 1, 5, 9, 0))
    except (ValueError, TypeError, KeyError) as exc:
        return str(exc) or type(exc).__name__
    return ""


_FREQS = {"DAILY": _rrule.DAILY, "WEEKLY": _rrule.WEEKLY, "MONTHLY": _rrule.MONTHLY}
_WEEKDAYS = dict(zip(DAY_CODES, (_rrule.MO, _rrule.TU, _rrule.WE, _rrule.TH, _rrule.FR, _rrule.SA, _rrule.SU)))


def _split(text: str) -> dict[str, str]:
    return dict(chunk.split("=", 1) for chunk in text.split(";"))


def build(parts: dict[str, str], dtstart: datetime, until: datetime | None = None) -> _rrule.rrule:
    """The dateutil rule for checked `parts` (see `parse_parts`), built directly: no RFC text to parse,
    so dateutil's date parser is never loaded. `until` is ignored when the rule has a COUNT (RFC 5545)."""
    kwargs: dict[str, object] = {"dtstart": dtstart, "interval": int(parts.get("INTERVAL", "1"))}
    if "COUNT" in parts:
        kwargs["count"] = int(parts["COUNT"])
    elif until is not None:
        kwargs["until"] = until
    if "BYDAY" in parts:
        kwargs["byweekday"] = [_WEEKDAYS[d] for d in parts["BYDAY"].split(",")]
    if "BYMONTHDAY" in parts:
        kwargs["bymonthday"] = [int(v) for v in parts["BYMONTHDAY"].split(",")]
    return _rrule.rrule(_FREQS[parts["FREQ"]], **kwargs)  # type: ignore[arg-type]


def normalise(body: str) -> str:
    """Canonical text of a valid body: parts in a fixed order, no 'RRULE:' prefix."""
    parts = parse_parts(body)
    if "BYDAY" in parts:
        chosen = parts["BYDAY"].split(",")
        parts["BYDAY"] = ",".join(d for d in DAY_CODES if d in chosen)
    order = ("FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT")
    return ";".join(f"{k}={parts[k]}" for k in order if k in parts)


@dataclass(frozen=True)
class Repeat:
    """What the Plan screen offers: once, daily, weekdays, chosen days, every N days."""

    kind: str  # once | daily | weekdays | days | every_n_days
    days: tuple[str, ...] = ()
    every: int = 1

    def to_rrule(self) -> str | None:
        if self.kind == "once":
            return None
        if self.kind == "daily":
            return "FREQ=DAILY"
        if self.kind == "weekdays":
            return "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
        if self.kind == "days":
            if not self.days:
                raise RuleError("choose at least one day")
            ordered = [d for d in DAY_CODES if d in self.days]
            if len(ordered) != len(set(self.days)):
                raise RuleError("unknown day in the chosen days")
            return "FREQ=WEEKLY;BYDAY=" + ",".join(ordered)
        if self.kind == "every_n_days":
            if not 1 <= self.every <= 365:
                raise RuleError("every N days: N must be from 1 to 365")
            return "FREQ=DAILY" if self.every == 1 else f"FREQ=DAILY;INTERVAL={self.every}"
        raise RuleError(f"unknown repeat kind {self.kind!r}")

    @classmethod
    def from_rrule(cls, body: str | None) -> "Repeat":
        """The simple choice a stored rule corresponds to (a custom rule maps to 'days' or 'daily')."""
        if not body:
            return cls("once")
        parts = parse_parts(body)
        interval = int(parts.get("INTERVAL", "1"))
        if parts["FREQ"] == "DAILY":
            return cls("every_n_days", every=interval) if interval > 1 else cls("daily")
        if parts["FREQ"] == "WEEKLY" and "BYDAY" in parts and interval == 1:
            days = tuple(parts["BYDAY"].split(","))
            if set(days) == {"MO", "TU", "WE", "TH", "FR"}:
                return cls("weekdays")
            if set(days) == set(DAY_CODES):
                return cls("daily")
            return cls("days", days=tuple(d for d in DAY_CODES if d in days))
        return cls("custom")


def describe(body: str | None) -> str:
    """Plain words for a rule: 'once', 'every day', 'weekdays', 'Mon, Wed', 'every 3 days'."""
    if not body:
        return "once"
    parts = parse_parts(body)
    interval = int(parts.get("INTERVAL", "1"))
    count = f", {counted(int(parts['COUNT']), 'time')}" if "COUNT" in parts else ""
    freq = parts["FREQ"]
    if freq == "DAILY":
        base = "every day" if interval == 1 else f"every {interval} days"
    elif freq == "WEEKLY":
        days = parts.get("BYDAY", "").split(",") if "BYDAY" in parts else []
        if set(days) == {"MO", "TU", "WE", "TH", "FR"}:
            named = "weekdays"
        elif set(days) == set(DAY_CODES):
            named = "every day"
        elif days:
            named = ", ".join(DAY_NAMES[DAY_CODES.index(d)] for d in DAY_CODES if d in days)
        else:
            named = "weekly"
        base = named if interval == 1 else f"{named}, every {interval} weeks"
    else:
        base = "monthly" if interval == 1 else f"every {interval} months"
    return base + count


REPEAT_WORDS = "once, daily, weekdays, every-N-days (e.g. every-2-days), days like mon,wed,fri, or a rule like FREQ=WEEKLY;BYDAY=TU"


def repeat_rule(text: str) -> str | None:
    """The RRULE body a typed repeat means (None: once); RuleError naming what it takes if none.

    One reading for `workbook plan --repeat` and a session pack's `repeat`, so a repeat that
    works in one works in the other.
    """
    words = str(text).strip().lower()
    if words in ("once", "daily", "weekdays"):
        return Repeat(words).to_rrule()
    if words.startswith("every-") and words.endswith("-days") and words[6:-5].isdigit():
        return Repeat("every_n_days", every=int(words[6:-5])).to_rrule()
    if words.startswith(("freq=", "rrule:")):
        return normalise(str(text).strip().upper())
    codes = [_day_code(word) for word in re.split(r"[,\s]+", words) if word]
    days = tuple(code for code in codes if code)
    if days and len(days) == len(codes) and len(set(days)) == len(days):
        return Repeat("days", days=days).to_rrule()
    raise RuleError(f"{shown(str(text), 40)} is not a repeat: use {REPEAT_WORDS}")


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _day_code(word: str) -> str | None:
    """'MO' for 'mo', 'mon' or 'monday' (any start of a day's name, two letters or more); None for
    anything else, so 'mondx', or 'mon thu' run together, is refused rather than read as Monday."""
    for code, name in zip(DAY_CODES, _DAY_NAMES):
        if len(word) >= 2 and name.startswith(word):
            return code
    return None


def repeat_text(body: str | None) -> str:
    """The shortest text `repeat_rule` reads back as `body` ("weekdays", "MO,TH", or the rule)."""
    if not body:
        return "once"
    choice = Repeat.from_rrule(body)
    if choice.kind in ("daily", "weekdays") and choice.to_rrule() == normalise(body):
        return choice.kind
    if choice.kind == "every_n_days" and choice.to_rrule() == normalise(body):
        return f"every-{choice.every}-days"
    if choice.kind == "days" and choice.to_rrule() == normalise(body):
        return ",".join(choice.days)
    return normalise(body)
