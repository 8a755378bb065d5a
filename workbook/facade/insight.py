"""The façade's figures: review statistics and progress charts, read from the store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from workbook.facade.base import FacadeBase

if TYPE_CHECKING:  # types only: the modules load when a method needs them, keeping start-up short
    from workbook.core.suggestions import DeclinedSuggestion
    from workbook.insight.progress import ProgressData
    from workbook.insight.review import Review
    from workbook.insight.review_pack import Included, ReviewPack


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

    def review_pack(self, now: datetime | None = None, *, included: Included | None = None,
                    declined: Sequence[DeclinedSuggestion] | None = None) -> ReviewPack:
        """The review pack's content for the period since the last call (see `insight.review_pack`).

        `included` defaults to the choices saved in Settings; `declined` to the suggestions from
        session packs the patient declined in the period.
        """
        from workbook import __version__
        from workbook.insight.review_pack import Included, build_pack, pack_period

        now = now or self.clock()
        settings = self.settings()
        notes = self.session_notes()
        period = pack_period(notes, settings, now)
        if declined is None:
            declined = self._declined_in(period.start)
        return build_pack(
            stats=self.review(period.start, period.end, now=now), period=period, settings=settings,
            plans=self.plans(), attempts=self.attempts(since=period.start - timedelta(days=2)),
            responses=self.responses(), questions=self.questions(), notes=notes, declined=declined,
            exercises=self.exercises, taxonomy=self.barriers,
            included=included or Included.from_settings(settings), workbook_version=__version__)

    def _declined_in(self, start: datetime) -> Sequence[DeclinedSuggestion]:
        """Declined session-pack suggestions since `start`, once session packs can be imported."""
        reader = getattr(self, "declined_suggestions", None)
        return list(reader(start.date())) if reader is not None else []
