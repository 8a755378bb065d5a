"""Check-ins (PHQ-9, GAD-7, WSAS): when one is due, and a result in plain words. Pure; clock passed in.

The Today screen shows a gentle nudge when `checkin_due` is true; the Check-in
screen shows `result` after each questionnaire. Scoring itself is `measures`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from workbook.core.model import QuestionnaireResponse
from workbook.core.times import from_iso
from workbook.insight.review import day_start

if TYPE_CHECKING:
    from workbook.content.measures import Measure, Score
    from workbook.content.recovery import ChangeSinceFirst

EVERY = timedelta(days=7)  # a check-in a week
BEFORE_CALL = timedelta(days=2)  # ... and one before each call


def checkin_due(responses: Iterable[QuestionnaireResponse], now: datetime, *, zone_name: str,
                next_call: datetime | None = None, last_call: date | None = None, every: timedelta = EVERY) -> bool:
    """True when there has been no check-in in the last `every` (7 days unless a study sets it), or a call is within 2 days
    and there has been none since the last call (on or after its day)."""
    done = [from_iso(r.completed_at) for r in responses if from_iso(r.completed_at) <= now]
    latest = max(done, default=None)
    if latest is None or now - latest >= every:
        return True
    if next_call is not None and now <= next_call <= now + BEFORE_CALL and last_call is not None:
        return latest < day_start(last_call, zone_name)
    return False


@dataclass(frozen=True)
class Result:
    """One questionnaire's result, in words the patient sees."""

    measure_id: str
    short_name: str
    score_words: str  # "9 out of 27"
    band: str  # "Mild" ("" when not scored)
    description: str
    change_words: str
    risk: bool
    caseness_words: str = ""  # above or below the clinical threshold ("" for a measure without one)
    since_first_words: str = ""  # reliable improvement, recovery ... since the first check-in ("" for the first)

    def lines(self) -> list[str]:
        """The heading, then each non-empty line of words."""
        head = f"{self.short_name}: {self.score_words}" + (f" — {self.band}" if self.band else "")
        return [head] + [line for line in (self.description, self.caseness_words, self.change_words,
                                           self.since_first_words) if line]


def caseness_words(measure: Measure, scored: Score, *, short: bool = False) -> str:
    """"above/below the clinical threshold" in plain words; "" when the measure has none or no total."""
    from workbook.content.copy import text

    if measure.caseness_threshold is None or scored.caseness is None:
        return ""
    key = f"caseness.{'above' if scored.caseness else 'below'}{'_short' if short else ''}"
    return text(key, measure=measure.short_name, threshold=measure.caseness_threshold)


def scored_in_order(responses: Iterable[QuestionnaireResponse], measure_id: str) -> list[QuestionnaireResponse]:
    """The responses to one questionnaire that could be scored, oldest first."""
    from workbook.content.scoring import score

    return sorted((r for r in responses if r.measure == measure_id and score(r.measure, r.answers).scored),
                  key=lambda r: from_iso(r.completed_at))


def first_and_latest_scored(responses: Iterable[QuestionnaireResponse],
                            measure_id: str) -> tuple[QuestionnaireResponse, QuestionnaireResponse] | None:
    """The oldest and the newest response to one questionnaire that could be scored (None if none):
    looked for from each end, so five years of weekly check-ins are not all scored to find two."""
    from workbook.content.scoring import score

    ordered = sorted((r for r in responses if r.measure == measure_id), key=lambda r: from_iso(r.completed_at))
    first = next((r for r in ordered if score(r.measure, r.answers).scored), None)
    if first is None:
        return None
    latest = next(r for r in reversed(ordered) if score(r.measure, r.answers).scored)
    return first, latest


def change_since_first(responses: Iterable[QuestionnaireResponse], measure_id: str,
                       latest: QuestionnaireResponse | None = None) -> ChangeSinceFirst | None:
    """The first scored check-in against `latest` (default: the latest scored one), as services measure
    change (`content.recovery`); None with fewer than two scored check-ins."""
    from workbook.content.recovery import since_first
    from workbook.content.scoring import score

    ends = first_and_latest_scored(responses, measure_id)
    if ends is None:
        return None
    first, newest = ends
    latest = latest or newest
    if first.id == latest.id:
        return None
    return since_first(measure_id, score(first.measure, first.answers), score(latest.measure, latest.answers))


def result(response: QuestionnaireResponse, previous: QuestionnaireResponse | None = None,
           history: Iterable[QuestionnaireResponse] = ()) -> Result:
    """The score, its band, caseness, the change since the previous response and since the first
    (`history`: every response to the same questionnaire)."""
    from workbook.content.measures import load_measure
    from workbook.content.scoring import change, score

    measure = load_measure(response.measure)
    now = score(response.measure, response.answers)
    if not now.scored:
        return Result(measure.id, measure.short_name, "not scored this time", "",
                      "A few questions were skipped, which is fine; there just isn't enough to add up this time.",
                      "", now.risk)
    words = f"{now.total_text} out of {measure.max_total}"
    band_label, description = (now.band.label, now.band.description) if now.band else ("", "")
    if now.prorated:
        description += " (One question didn't apply, so the total is worked out from the others.)"
    if previous is None:
        moved = "This is your first one here, so there's nothing to compare with yet."
    else:
        moved = change(measure.id, score(previous.measure, previous.answers), now).words
    since = change_since_first(list(history) + [response], measure.id, response)
    return Result(measure.id, measure.short_name, words, band_label, description, moved, now.risk,
                  caseness_words(measure, now), since.words if since is not None else "")


def previous_response(responses: Iterable[QuestionnaireResponse],
                      response: QuestionnaireResponse) -> QuestionnaireResponse | None:
    """The latest response to the same questionnaire completed before this one."""
    at = from_iso(response.completed_at)
    earlier = [r for r in responses if r.measure == response.measure and r.id != response.id
               and from_iso(r.completed_at) < at]
    return max(earlier, key=lambda r: from_iso(r.completed_at), default=None)


@dataclass(frozen=True)
class RiskAnswer:
    """An answer above 0 to a questionnaire's risk question (PHQ-9 question 9), with its wording."""

    when: datetime
    short_name: str
    number: int  # the question's number
    question: str  # its published wording
    value: int
    label: str  # the answer's wording ("Several days")
    lowest: str  # the scale's ends, for reading it out: "0 is 'Not at all'" ...
    highest: str
    item_max: int


def risk_answers(responses: Iterable[QuestionnaireResponse], start: datetime,
                 end: datetime) -> list[RiskAnswer]:
    """Every risk-question answer above 0 completed in [start, end), oldest first."""
    from workbook.content.measures import load_measure

    found = []
    for response in responses:
        when = from_iso(response.completed_at)
        if not start <= when < end:
            continue
        measure = load_measure(response.measure)
        number = measure.risk_item
        if number is None or len(response.answers) < number:
            continue
        value = response.answers[number - 1]
        if value is None or value <= 0:
            continue
        labels = {o.value: o.label for o in measure.options}
        found.append(RiskAnswer(when, measure.short_name, number, measure.items[number - 1].text, value,
                                labels.get(value, ""), labels.get(measure.item_min, ""),
                                labels.get(measure.item_max, ""), measure.item_max))
    return sorted(found, key=lambda r: r.when)
