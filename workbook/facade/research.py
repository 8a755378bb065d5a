"""The façade's research log: engagement events (ids and times only, never free text)."""

from __future__ import annotations

from datetime import datetime

from workbook.core.model import Event
from workbook.facade.base import FacadeBase

#: Research event kinds (Event.kind accepts any short id; these are the ones Workbook writes).
EVENT_KINDS = (
    "research_on", "research_off", "app_opened", "app_closed", "screen_viewed", "plan_created", "plan_changed",
    "plan_paused", "plan_ended", "plan_resumed", "reminder_sent", "reminder_failed", "attempt_logged",
    "barrier_noted", "response_applied", "questionnaire_completed", "consent_given",
)

class ResearchPart(FacadeBase):
    def events(self) -> list[Event]:
        return self.store.records(Event)

    def app_opened(self, *, now: datetime | None = None) -> Event | None:
        return self.record_event("app_opened", now=now)

    def app_closed(self, *, now: datetime | None = None) -> Event | None:
        return self.record_event("app_closed", now=now)

    def screen_viewed(self, screen: str, *, now: datetime | None = None) -> Event | None:
        """`screen` is the screen's id (e.g. "today"), never a title or anything typed."""
        return self.record_event("screen_viewed", now=now, screen=screen)
