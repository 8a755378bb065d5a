"""The patient's words for a repeat: the Plan screen's simple choices, plain descriptions, typed repeats.

Apart from `core.recurrence` (the rule text itself), which every plan read needs: a reminder
pass validates plans but never words a choice, so it does not load these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbook.core.inputs import shown
from workbook.core.recurrence import DAY_CODES, DAY_NAMES, RuleError, normalise, parse_parts
from workbook.core.words import counted


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
    def from_rrule(cls, body: str | None) -> Repeat:
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
