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

import random
import re
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from workbook.outputs.export_schema import Table

#: The shift is drawn from this range of whole weeks back (one to ten years).
SHIFT_WEEKS = (52, 520)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")


class Anonymiser:
    """One export's re-keying and date shift (never written anywhere)."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self._rng = rng or random.SystemRandom()
        self.shift = timedelta(weeks=self._rng.randint(*SHIFT_WEEKS))
        self._keys: dict[str, str] = {}
        self._hours: dict[str, str] = {}
        self._days: dict[str, str] = {}

    def rekey(self, value: Any) -> Any:
        if value is None or value == "":
            return value
        key = self._keys.get(value)
        if key is None:
            key = self._keys[value] = str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
        return key

    def _hour(self, text: str, suffix: str) -> str:
        """'YYYY-MM-DDTHH...' moved back by the shift and cut to the hour."""
        prefix = text[:13]
        found = self._hours.get(prefix)
        if found is None:
            moved = datetime.fromisoformat(prefix + ":00") - self.shift
            found = self._hours[prefix] = moved.isoformat(timespec="hours") + ":00:00"
        return found + suffix

    def instant(self, value: Any) -> Any:
        return self._hour(value, "Z") if value else value

    def local(self, value: Any) -> Any:
        return self._hour(value, "") if value else value

    def day(self, value: Any) -> Any:
        if not value:
            return value
        found = self._days.get(value)
        if found is None:
            found = self._days[value] = (date.fromisoformat(value) - self.shift).isoformat()
        return found

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

    def table(self, table: Table, rows: list[dict[str, Any]], names: list[str]) -> None:
        """Change `rows` of `table` in place, column by column, by each column's role."""
        by_role: dict[str, Callable[[Any], Any]] = {
            "id": self.rekey, "instant": self.instant, "local": self.local, "date": self.day,
            "clock": self.clock, "week": self.week, "refs": self.refs,
        }
        for column in table.columns:
            if column.name not in names:
                continue
            name, role = column.name, column.kind
            if role == "value":  # an exercise answer: only a time of day changes
                for row in rows:
                    value = row.get(name)
                    if row.get("kind") == "time" and isinstance(value, str) and len(value) >= 4:
                        row[name] = f"{value.split(':')[0]}:00"
                continue
            change = by_role.get(role)
            if change is None:
                continue
            memo: dict[Any, Any] = {}  # each distinct value is changed once (an id, a time seen again)
            for row in rows:
                value = row.get(name)
                if value is None:
                    continue
                if role == "refs":
                    row[name] = change(value)
                    continue
                found = memo.get(value)
                if found is None:
                    found = memo[value] = change(value)
                row[name] = found
