"""The anonymised export level: what happens to each kind of column, worked out fresh per export.

Free text, names, contacts, zone names and the next call are columns the schema leaves
out (see `export_schema`); this module changes what is left, by each column's role:

- ids (every record id, participant ids, the ids inside events' refs) are re-keyed to fresh
  random UUIDs, the same within one export, different in every export;
- instants, local wall times and dates are moved back by one random whole number of weeks
  (one per participant and export, kept in no file; whole weeks keep weekdays, and weeks Monday to Sunday),
  and instants and wall times are then cut to the hour;
- times of day (plans, quiet hours, check-ins, time answers) are cut to the hour.

Everything is looked up in small tables (an hour, an id, a day seen once is worked out
once), so anonymising 50,000 attempts costs little more than copying them.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from workbook.core.records import uuid4_text
from workbook.outputs.export_schema import Table

#: The shift is drawn from this range of whole weeks back (one to ten years).
SHIFT_WEEKS = (52, 520)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")


class Anonymiser:
    """One export's re-keying and date shift (never written anywhere)."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self._rng = rng  # given: a test's reproducible draws; else the system's random bytes
        self.shift = timedelta(weeks=(rng or random.SystemRandom()).randint(*SHIFT_WEEKS))
        self._keys: dict[str, str] = {}
        self._days = _Memo(self._moved_day)  # 'YYYY-MM-DD' -> the day it is moved to
        self._random, self._used = b"", 0  # system random bytes, read in bulk (not 16 at a time), and how many are used
        self._memos: dict[str, _Memo] = {}  # per role: ids share one, so a plan keeps its key in every table

    def rekey(self, value: Any) -> Any:
        if value is None or value == "":
            return value
        key = self._keys.get(value)
        if key is None:
            key = self._keys[value] = uuid4_text(self._bits())
        return key

    def _bits(self) -> int:
        """128 random bits for a new key."""
        if self._rng is not None:
            return self._rng.getrandbits(128)
        if self._used >= len(self._random):
            self._random, self._used = os.urandom(16 * 4096), 0
        start = self._used
        self._used += 16
        return int.from_bytes(self._random[start:start + 16], "big")

    def instant(self, value: Any) -> Any:
        """'YYYY-MM-DDTHH...Z' moved back by the shift and cut to the hour (whole weeks move only the date)."""
        return self._days[value[:10]] + value[10:13] + ":00:00Z" if value else value

    def local(self, value: Any) -> Any:
        """A wall time ('YYYY-MM-DDTHH...') moved back by the shift and cut to the hour."""
        return self._days[value[:10]] + value[10:13] + ":00:00" if value else value

    def day(self, value: Any) -> Any:
        return self._days[value] if value else value

    def _moved_day(self, value: str) -> str:
        return (date.fromisoformat(value) - self.shift).isoformat()

    def week(self, value: Any) -> Any:
        if not value:
            return value
        year, week = value.split("-W")
        moved = date.fromisocalendar(int(year), int(week), 1) - self.shift
        iso = moved.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"

    @staticmethod
    def clock(value: Any) -> Any:
        return f"{value[:2]}:00:00" if isinstance(value, str) and len(value) >= 5 else value

    def refs(self, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {k: self.rekey(v) if isinstance(v, str) and _UUID.match(v) else v for k, v in value.items()}

    def columns(self, table: Table, columns: dict[str, list[Any]]) -> None:
        """Change `columns` (name -> every row's value) of `table` in place, by each column's role.

        Column by column through memo tables (`map` over a dict's lookup, so a value seen before
        costs one C-level lookup): 50,000 attempts take a fraction of a second."""
        by_role: dict[str, Callable[[Any], Any]] = {
            "id": self.rekey, "instant": self.instant, "local": self.local, "date": self.day,
            "clock": self.clock, "week": self.week,
        }
        for column in table.columns:
            name, role = column.name, column.kind
            values = columns.get(name)
            if values is None:
                continue
            if role == "value":  # an exercise answer: only a time of day changes
                kinds = columns.get("kind") or [None] * len(values)
                columns[name] = [_hour_of(v) if k == "time" else v for v, k in zip(values, kinds)]
            elif role == "refs":
                columns[name] = [self.refs(v) for v in values]
            elif role in ("instant", "local"):  # nearly every value differs; each day is worked out once
                columns[name] = list(map(by_role[role], values))
            elif role in by_role:
                memo = self._memos.get(role)
                if memo is None:
                    memo = self._memos[role] = _Memo(by_role[role])
                columns[name] = list(map(memo.__getitem__, values))


def _hour_of(value: Any) -> Any:
    """'23:15' as '23:00'."""
    return f"{value.split(':')[0]}:00" if isinstance(value, str) and ":" in value else value


class _Memo(dict):
    """A value's changed form, worked out the first time it is asked for (None and '' stay as they are)."""

    def __init__(self, change: Callable[[Any], Any]) -> None:
        super().__init__({None: None, "": ""})
        self._change = change

    def __missing__(self, key: Any) -> Any:
        found = self[key] = self._change(key)
        return found
