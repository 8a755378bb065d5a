"""Repeat rules as RFC 5545 RRULE text: checked, put in canonical form, and built for dateutil.

The patient's words for a rule (the Plan screen's choices, "every day") are in `core.repeat_words`.

Plans store only the RRULE *body* (e.g. ``FREQ=WEEKLY;BYDAY=MO,WE``); the start
date, wall time and IANA zone are stored beside it and the end date as a local
date, so the rule can always be rebuilt with its zone (``str(rrule)`` drops it).
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from dateutil import rrule as _rrule

from workbook.core.inputs import shown

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
