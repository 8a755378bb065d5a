"""Consent windows: the periods research mode was on, read from the research event log. Pure.

Turning research mode on records `research_on` as the first event of a period, and turning
it off records `research_off` as its last (see `FacadeBase.update_settings`), so the log
itself holds the intervals: no separate record, no schema change. Events before any
`research_on` (a log kept before the toggle was recorded) open a period at the first of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from workbook.core.model import Event
from workbook.core.times import from_iso

TOGGLES = frozenset({"research_on", "research_off"})


@dataclass(frozen=True)
class ConsentWindow:
    start: datetime
    end: datetime | None  # None: still on
    participant_id: str
    study_id: str

    def until(self, now: datetime) -> datetime:
        return self.end if self.end is not None else max(now, self.start)

    def covers(self, moment: datetime, now: datetime) -> bool:
        return self.start <= moment <= self.until(now)


def consent_windows(events: Iterable[Event], *, research_on_now: bool) -> list[ConsentWindow]:
    """The research periods in time order; the last is open (end None) when research mode is on now."""
    ordered = sorted(events, key=lambda e: (e.at, e.kind != "research_on"))
    windows: list[ConsentWindow] = []
    start: Event | None = None
    last: Event | None = None
    for event in ordered:
        if start is None:
            start = event  # a research_on, or the first of an older log
        last = event
        if event.kind == "research_off":
            windows.append(ConsentWindow(from_iso(start.at), from_iso(event.at), start.participant_id, start.study_id))
            start = None
    if start is not None and last is not None:
        end = None if research_on_now else from_iso(last.at)
        windows.append(ConsentWindow(from_iso(start.at), end, start.participant_id, start.study_id))
    return windows


def inside(windows: Sequence[ConsentWindow], now: datetime) -> "Inside":
    return Inside([(w.start, w.until(now)) for w in windows])


class Inside:
    """Is a moment inside a consent window? (A few windows, asked about many moments.)"""

    def __init__(self, spans: list[tuple[datetime, datetime]]) -> None:
        self.spans = spans

    def __call__(self, moment: datetime) -> bool:
        if len(self.spans) == 1:  # the usual case, asked once per occurrence of a long history
            return self.spans[0][0] <= moment <= self.spans[0][1]
        return any(start <= moment <= end for start, end in self.spans)

    def overlap(self, start: datetime, end: datetime) -> bool:
        return any(s < end and e >= start for s, e in self.spans)
