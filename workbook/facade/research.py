"""The façade's research-event and review methods (a mixin of `manager.Workbook`)."""

from __future__ import annotations

import re
import warnings
from datetime import datetime, timedelta

from workbook.core.model import Event, Settings
from workbook.core.times import utc_iso

#: Research event kinds (Event.kind accepts any short id; these are the ones Workbook writes).
EVENT_KINDS = (
    "research_on", "research_off", "app_opened", "app_closed", "screen_viewed", "plan_created", "plan_changed",
    "plan_paused", "plan_ended", "plan_resumed", "reminder_sent", "reminder_failed", "attempt_logged",
    "barrier_noted", "response_applied", "questionnaire_completed",
)
_REF_VALUE = re.compile(r"^[A-Za-z0-9_.:+-]{1,64}$")  # ids, codes and ISO times: no spaces, so no prose


class ResearchMixin:
    def record_event(self, kind: str, *, now: datetime | None = None, settings: Settings | None = None, **refs: str) -> Event | None:
        """Append an engagement event, only when research mode is on. Ids only, never free text."""
        settings = settings or self.settings()
        if not settings.research_mode:
            return None
        for key, value in list(refs.items()):
            if value and not _REF_VALUE.match(str(value)):  # dropped, never stored: events hold no prose
                warnings.warn(f"event {kind}: ref {key!r} is not a short id and was left out", stacklevel=2)
                del refs[key]
        moment = utc_iso(now or self.clock())
        event = Event(
            kind=kind,
            at=moment,
            created_at=moment,
            updated_at=moment,
            participant_id=settings.participant_id,
            study_id=settings.study_id,
            refs={k: v for k, v in refs.items() if v},
        )
        with self.store.transaction() as tx:
            tx.put(event)
        return event

    def events(self) -> list[Event]:
        return [Event.from_dict(r) for r in self.store.read_partitioned("events")]

    def app_opened(self, *, now: datetime | None = None) -> Event | None:
        return self.record_event("app_opened", now=now)

    def app_closed(self, *, now: datetime | None = None) -> Event | None:
        return self.record_event("app_closed", now=now)

    def screen_viewed(self, screen: str, *, now: datetime | None = None) -> Event | None:
        """`screen` is the screen's id (e.g. "today"), never a title or anything typed."""
        return self.record_event("screen_viewed", now=now, screen=screen)

    # -- review ------------------------------------------------------------------

    def review(self, start: datetime, end: datetime, *, now: datetime | None = None):
        """Period statistics (see `workbook.review`) for [start, end), read from the store."""
        from workbook.insight.review import review

        attempts = self.attempts(since=start - timedelta(days=2))
        return review(self.plans(), attempts, start, end, now=now or min(end, self.clock()),
                      exercises=self.exercises, supporters=self.supporters(), taxonomy=self.barriers)
