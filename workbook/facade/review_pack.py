"""The façade's review pack: its content for the period since the last call, read from the store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from workbook.facade.insight import InsightPart
from workbook.facade.practitioner import PractitionerPart

if TYPE_CHECKING:  # types only: the modules load when a pack is built
    from workbook.core.suggestions import DeclinedSuggestion
    from workbook.insight.review_pack import Included, ReviewPack


class ReviewPackPart(InsightPart, PractitionerPart):
    def review_pack(self, now: datetime | None = None, *, included: Included | None = None,
                    declined: Sequence[DeclinedSuggestion] | None = None) -> ReviewPack:
        """The review pack's content for the period since the last call (see `insight.review_pack`).

        `included` defaults to the choices saved in Settings; `declined` to the session-pack
        suggestions the patient declined in the period. The practitioner is the one in
        Settings, else the one who sent the last session pack.
        """
        from workbook import __version__
        from workbook.core.times import zone
        from workbook.insight.review_pack import Included, build_pack, pack_period

        now = now or self.clock()
        settings = self.settings()
        notes = self.session_notes()
        period = pack_period(notes, settings, now)
        if declined is None:
            declined = self.declined_suggestions(period.start.astimezone(zone(settings.zone)).date())
        last = self.last_session_pack()
        if not settings.practitioner_name and last is not None:
            settings = settings.changed(practitioner_name=last.practitioner)
        return build_pack(
            stats=self.review(period.start, period.end, now=now), period=period, settings=settings,
            plans=self.plans(), attempts=self.attempts(since=period.start - timedelta(days=2)),
            responses=self.responses(), questions=self.questions(), notes=notes, declined=declined,
            exercises=self.exercises, taxonomy=self.barriers,
            included=included or Included.from_settings(settings), workbook_version=__version__)
