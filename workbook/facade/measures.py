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
    from workbook.content.recovery import ChangeSinceFirst
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

        history = [r for r in self.responses(response.measure) if r.id != response.id
                   and from_iso(r.completed_at) <= from_iso(response.completed_at)]
        return result(response, previous_response(history, response), history)

    def since_first(self, measure_id: str) -> ChangeSinceFirst | None:
        """The first scored check-in against the latest, as services measure change; None with fewer than two."""
        from workbook.insight.checkin import change_since_first

        return change_since_first(self.responses(measure_id), measure_id)

    def questionnaire_standing(self) -> list[str]:
        """For each questionnaire: the latest score against the clinical threshold and the change since the first."""
        from workbook.core.model import MEASURES
        from workbook.insight.progress import standing_lines

        responses = self.responses()
        return [line for measure in MEASURES for line in standing_lines(responses, measure)]

    def record_difficulty(self, response: QuestionnaireResponse, difficulty: int | None) -> QuestionnaireResponse:
        """Keep the answer to a questionnaire's closing difficulty question (PHQ-9's) with its response."""
        from workbook.content.measures import load_measure

        followup = load_measure(response.measure).followup
        if followup is None:
            raise ValidationError("difficulty", f"the {response.measure} has no difficulty question")
        if difficulty is not None and not 0 <= difficulty < len(followup.options):
            raise ValidationError("difficulty", f"must be from 0 to {len(followup.options) - 1}")
        now = self.clock()
        with self.store.transaction(now) as tx:
            stored = tx.record(QuestionnaireResponse, response.id) or response
            updated = stored.touched(now, difficulty=difficulty)
            tx.put(updated)
        return updated


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
