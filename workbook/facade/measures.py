"""The façade's questionnaires: scoring and saving a check-in, and whether one is due."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from workbook.core.errors import ValidationError
from workbook.core.model import MEASURES, QuestionnaireResponse
from workbook.core.times import from_iso, utc_iso
from workbook.facade.base import FacadeBase

if TYPE_CHECKING:  # types only: the modules load when a method needs them, keeping start-up short
    from workbook.insight.checkin import Result


class MeasuresPart(FacadeBase):
    def record_questionnaire(self, measure: str, answers: Sequence[int | None], *, now: datetime | None = None) -> QuestionnaireResponse:
        """Score and save a check-in; `risk` is set when PHQ-9 item 9 is above 0."""
        response = score_response(measure, answers, now or self.clock())
        return self.save_response(response)

    def save_response(self, response: QuestionnaireResponse) -> QuestionnaireResponse:
        saved = self._save(response, from_iso(response.completed_at))
        self.record_event("questionnaire_completed", now=saved.updated, response=saved.id, measure=saved.measure)
        return saved

    def checkin_due(self, now: datetime | None = None) -> bool:
        """Show the weekly check-in nudge? (see `checkin.checkin_due`)."""
        from workbook.insight.checkin import checkin_due
        from workbook.insight.review import last_call

        now = now or self.clock()
        settings = self.settings()
        next_call = from_iso(settings.next_call) if settings.next_call else None
        return checkin_due(self.responses(), now, zone_name=settings.zone, next_call=next_call,
                           last_call=last_call(self.session_notes(), now, settings.zone),
                           every=timedelta(days=settings.checkin_every_days))

    def checkin_measures(self) -> tuple[str, ...]:
        """The questionnaires a check-in starts with ticked: a study's choice, else all three."""
        return tuple(self.settings().checkin_measures) or MEASURES

    def checkin_result(self, response: QuestionnaireResponse) -> Result:
        """Score, band and change since last time, in words (see `checkin.result`)."""
        from workbook.insight.checkin import previous_response, result

        return result(response, previous_response(self.responses(response.measure), response))


def score_response(measure: str, answers: Sequence[int | None], now: datetime) -> QuestionnaireResponse:
    """A validated, scored questionnaire response (not yet saved)."""
    from workbook.content.scoring import score

    try:
        result = score(measure, list(answers))
    except (ValueError, KeyError) as exc:
        raise ValidationError("answers", str(exc)) from None
    moment = utc_iso(now)
    return QuestionnaireResponse(
        measure=measure,
        answers=list(answers),
        completed_at=moment,
        created_at=moment,
        updated_at=moment,
        total=result.total,
        band=result.band.label if result.band else None,
        risk=result.risk,
    )
