"""Change from the first score to the latest, as NHS Talking Therapies measures it.

Services judge a course of treatment by comparing the first score with the latest, not each
check-in with the one before. The thresholds come from the measure files (`caseness_threshold`,
`reliable_change`, each with a cited note); this module applies the published definitions:

- reliable improvement: the score fell by at least the reliable change;
- reliable deterioration: it rose by at least the reliable change;
- recovery: the first score was at or above the clinical threshold ("caseness") and the latest is below it;
- reliable recovery: recovery and reliable improvement together.

Recovery only applies to someone who started at caseness; for a measure with no threshold, or a
first score below it, `recovered` is None ("does not apply"), never False. Pure: no storage, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from workbook.content.copy import text
from workbook.content.measures import Score, load_measure

__all__ = ["ChangeSinceFirst", "Standing", "since_first"]


class Standing(StrEnum):
    """The one summary a service would record, most favourable first."""

    RELIABLE_RECOVERY = "reliable_recovery"
    RECOVERY = "recovery"
    RELIABLE_IMPROVEMENT = "reliable_improvement"
    NO_RELIABLE_CHANGE = "no_reliable_change"
    RELIABLE_DETERIORATION = "reliable_deterioration"
    NOT_COMPARABLE = "not_comparable"  # one of the two could not be scored, or only one score
    NO_THRESHOLD = "no_threshold"  # the measure has no cited reliable change (WSAS): the change alone


@dataclass(frozen=True)
class ChangeSinceFirst:
    """The first and latest totals of one measure and what their difference means."""

    measure_id: str
    first: float | None
    latest: float | None
    change: float | None  # latest - first (negative is better on every measure here)
    reliable_improvement: bool | None
    reliable_deterioration: bool | None
    recovered: bool | None  # None: does not apply (no threshold, or started below it)
    reliably_recovered: bool | None
    standing: Standing

    @property
    def words(self) -> str:
        """Plain words for the patient and the practitioner (from `data/copy.toml [recovery]`)."""
        measure = load_measure(self.measure_id)
        if self.change is None:
            return text("recovery.not_comparable", measure=measure.short_name)
        points = abs(self.change)
        fmt = {"measure": measure.short_name, "first": f"{self.first:g}", "latest": f"{self.latest:g}",
               "points": f"{points:g}", "unit": "point" if points == 1 else "points"}
        return text(f"recovery.{self.standing.value}", **fmt)


def since_first(measure_id: str, first: Score, latest: Score) -> ChangeSinceFirst:
    """Compare the first scored check-in with the latest one, by the measure's own thresholds."""
    measure = load_measure(measure_id)
    for label, score in (("first", first), ("latest", latest)):
        if score.measure_id != measure.id:
            raise ValueError(f"{label} score is for {score.measure_id!r}, not {measure.id!r}")
    if first.total is None or latest.total is None:
        return ChangeSinceFirst(measure.id, first.total, latest.total, None, None, None, None, None,
                                Standing.NOT_COMPARABLE)
    change = round(latest.total - first.total, 1)
    threshold = measure.caseness_threshold
    rc = measure.reliable_change if measure.reliable_change_cited else None
    improved = None if rc is None else change <= -rc
    worse = None if rc is None else change >= rc
    recovered = None
    if threshold is not None and first.total >= threshold:
        recovered = latest.total < threshold
    reliably = None if recovered is None or improved is None else recovered and improved
    if rc is None:
        standing = Standing.NO_THRESHOLD
    elif reliably:
        standing = Standing.RELIABLE_RECOVERY
    elif worse:
        standing = Standing.RELIABLE_DETERIORATION
    elif recovered:
        standing = Standing.RECOVERY
    elif improved:
        standing = Standing.RELIABLE_IMPROVEMENT
    else:
        standing = Standing.NO_RELIABLE_CHANGE
    return ChangeSinceFirst(measure.id, first.total, latest.total, change, improved, worse, recovered,
                            reliably, standing)
