"""Scoring a questionnaire as its file says: totals, bands, prorating, the risk item and change.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Sequence

from workbook.content.measures import Answer, Change, Measure, Score, load_measure
from workbook.core.words import agree, counted


def _validate(measure: Measure, answers: Sequence[Answer], *, partial: bool = False) -> list[Answer]:
    """Check answers are whole numbers in range (or None); raise ValueError saying which."""
    if isinstance(answers, (str, bytes)):
        raise ValueError(f"{measure.short_name}: answers must be a list of numbers, not text")
    values = list(answers)
    n = len(measure.items)
    if len(values) > n or (not partial and len(values) != n):
        raise ValueError(f"{measure.short_name} has {counted(n, 'question')} but "
                         f"{counted(len(values), 'answer')} {agree(len(values), 'was', 'were')} given")
    for number, value in enumerate(values, start=1):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(
                f"{measure.short_name} question {number}: answer {value!r} is not a whole number "
                f"from {measure.item_min} to {measure.item_max}"
            )
        if not measure.item_min <= value <= measure.item_max:
            raise ValueError(
                f"{measure.short_name} question {number}: answer {value} is outside "
                f"{measure.item_min}-{measure.item_max}"
            )
    return values + [None] * (n - len(values))


def _round1(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _risk(measure: Measure, values: Sequence[Answer]) -> bool:
    if measure.risk_item is None:
        return False
    answer = values[measure.risk_item - 1]
    return answer is not None and answer > 0


def score(measure_id: str, answers: Sequence[Answer]) -> Score:
    """Score one questionnaire. None means unanswered (or, for WSAS work, "not applicable").

    PHQ-9 and GAD-7 need every answer. WSAS tolerates one missing item by
    prorating: mean of the answered items x 5, rounded to 1 decimal place.
    Out-of-range answers raise ValueError; incomplete ones give `scored=False`.
    """
    measure = load_measure(measure_id)
    values = _validate(measure, answers)
    given = [v for v in values if v is not None]
    missing = len(values) - len(given)
    risk = _risk(measure, values)

    if missing > measure.max_missing:
        if measure.max_missing == 0:
            reason = (
                f"{missing} of {len(values)} questions not answered; "
                f"the {measure.short_name} needs every question answered to give a score."
            )
        else:
            reason = (
                f"{missing} questions were skipped or marked not applicable; the "
                f"{measure.short_name} can only be scored with at most {measure.max_missing} missing."
            )
        return Score(measure.id, None, False, reason, None, None, risk, len(given))

    prorated = missing > 0
    total = _round1(sum(given) / len(given) * len(values)) if prorated else float(sum(given))
    caseness = None if measure.caseness_threshold is None else total >= measure.caseness_threshold
    return Score(
        measure_id=measure.id,
        total=total,
        scored=True,
        reason=None,
        band=measure.band_for(total),
        caseness=caseness,
        risk=risk,
        answered=len(given),
        prorated=prorated,
    )


def risk_flag(measure_id: str, answers: Sequence[Answer]) -> bool:
    """True when the risk item (PHQ-9 item 9) is answered above 0.

    Accepts a partly filled list (answers so far) so the check-in can react the
    moment item 9 is answered. Always False for measures without a risk item.
    """
    measure = load_measure(measure_id)
    return _risk(measure, _validate(measure, answers, partial=True))


def _points(value: float) -> str:
    text = f"{value:g}"
    return f"{text} point" if value == 1 else f"{text} points"


def change(measure_id: str, before: Score, after: Score) -> Change:
    """Compare two scores (lower is better on all three measures) in calm, plain words.

    Only a measure whose reliable change has a published source (`reliable_change_cited`) may
    call a change reliable; for the WSAS a large change is only "worth talking over".
    Words are in `data/copy.toml [change]`.
    """
    from workbook.content.copy import text

    measure = load_measure(measure_id)
    for label, s in (("before", before), ("after", after)):
        if s.measure_id != measure.id:
            raise ValueError(f"{label} score is for {s.measure_id!r}, not {measure.id!r}")
    if before.total is None or after.total is None:
        return Change(None, False, False, text("change.not_comparable"))
    diff = _round1(after.total - before.total)
    cited = measure.reliable_change if measure.reliable_change_cited else None
    improved = cited is not None and diff <= -cited
    worse = cited is not None and diff >= cited
    notable = measure.notable_change if cited is None else None
    big = notable is not None and abs(diff) >= notable
    if diff == 0:
        return Change(diff, False, False, text("change.same"))
    points = _points(abs(diff))
    if diff < 0:
        key = "lower_reliable" if improved else "lower_notable" if big else "lower"
    else:
        key = "higher_reliable" if worse else "higher_notable" if big else "higher"
    return Change(diff, improved, worse, text(f"change.{key}", points=points))
