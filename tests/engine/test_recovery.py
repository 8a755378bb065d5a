"""Change from the first score to the latest, by NHS Talking Therapies' definitions."""

from __future__ import annotations

import pytest

from workbook.content.recovery import Standing, since_first
from workbook.content.scoring import score


def phq(total: int) -> object:
    answers = [3] * (total // 3) + ([total % 3] if total % 3 else [])
    return score("phq9", answers + [0] * (9 - len(answers)))


@pytest.mark.parametrize(
    ("first", "latest", "standing"),
    [
        (15, 9, Standing.RELIABLE_RECOVERY),  # case -> not case, drop of 6
        (11, 9, Standing.RECOVERY),  # below threshold but change under 6
        (20, 14, Standing.RELIABLE_IMPROVEMENT),  # reliable, still at caseness
        (8, 2, Standing.RELIABLE_IMPROVEMENT),  # started below threshold: recovery does not apply
        (12, 10, Standing.NO_RELIABLE_CHANGE),
        (9, 15, Standing.RELIABLE_DETERIORATION),
    ],
)
def test_phq9_standings_follow_the_published_thresholds(first: int, latest: int, standing: Standing) -> None:
    result = since_first("phq9", phq(first), phq(latest))  # type: ignore[arg-type]
    assert result.standing is standing
    assert result.change == latest - first
    assert str(latest) in result.words


def test_recovery_does_not_apply_when_the_first_score_was_below_caseness() -> None:
    result = since_first("phq9", phq(8), phq(2))  # type: ignore[arg-type]
    assert result.recovered is None and result.reliably_recovered is None


def test_gad7_uses_its_own_thresholds() -> None:
    first, latest = score("gad7", [2, 2, 2, 1, 1, 1, 0]), score("gad7", [1, 1, 1, 0, 0, 0, 0])  # 9 -> 3
    result = since_first("gad7", first, latest)
    assert result.standing is Standing.RELIABLE_RECOVERY


def test_wsas_change_is_never_called_reliable() -> None:
    result = since_first("wsas", score("wsas", [6] * 5), score("wsas", [1] * 5))
    assert result.standing is Standing.NO_THRESHOLD
    assert result.reliable_improvement is None
    assert "reliable" not in result.words.replace("counts as reliable", "")


def test_an_unscored_check_in_is_not_compared() -> None:
    result = since_first("phq9", score("phq9", [1] * 8 + [None]), phq(5))  # type: ignore[arg-type]
    assert result.standing is Standing.NOT_COMPARABLE and result.change is None


def test_the_change_since_first_skips_check_ins_that_cannot_be_scored_at_either_end() -> None:
    """The first and latest scored check-ins are found from each end, past unscored ones, in time order
    whatever order they are stored in."""
    from workbook.core.model import QuestionnaireResponse
    from workbook.insight.checkin import change_since_first, first_and_latest_scored

    def phq9(day: int, answers: list[int | None]) -> QuestionnaireResponse:
        stamp = f"2026-10-{day:02d}T09:00:00+00:00"
        return QuestionnaireResponse(measure="phq9", answers=answers, completed_at=stamp, created_at=stamp,
                                     updated_at=stamp)

    unscored = [None] * 9
    first, latest = phq9(3, [3] * 6 + [2, 2, 0]), phq9(20, [1] * 9)
    stored = [phq9(25, unscored), latest, phq9(10, [2] * 9), phq9(1, unscored), first]
    assert first_and_latest_scored(stored, "phq9") == (first, latest)
    assert first_and_latest_scored([phq9(1, unscored)], "phq9") is None
    change = change_since_first(stored, "phq9")
    assert change is not None
    assert change == since_first("phq9", score("phq9", first.answers), score("phq9", latest.answers))
