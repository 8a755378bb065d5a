"""The façade's figures: review statistics and progress charts, read from the store."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from workbook.facade.base import FacadeBase

if TYPE_CHECKING:  # types only: the modules load when a method needs them, keeping start-up short
    from workbook.insight.progress import ProgressData
    from workbook.insight.review import Review


class InsightPart(FacadeBase):
    def review(self, start: datetime, end: datetime, *, now: datetime | None = None) -> Review:
        """Period statistics (see `workbook.review`) for [start, end), read from the store."""
        from workbook.insight.review import review

        attempts = self.attempts(since=start - timedelta(days=2))
        return review(self.plans(), attempts, start, end, now=now or min(end, self.clock()),
                      exercises=self.exercises, supporters=self.supporters(), taxonomy=self.barriers, pauses=self.pauses())

    def progress(self, now: datetime | None = None) -> ProgressData:
        """Everything the Progress charts draw (see `progress.build`); reads the whole history."""
        from workbook.insight.progress import build

        now = now or self.clock()
        return build(self.plans(), self.attempts(), self.responses(), self.exercises, now, self.settings().zone,
                     self.pauses())
