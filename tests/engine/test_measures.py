"""Questionnaire data and scoring, checked against hand-scored examples."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbook.content.measures import Measure, Score, UnknownMeasure, all_measures, load_measure
from workbook.content.scoring import change, risk_flag, score

# --- the data files ------------------------------------------------------------


def test_all_measures_in_checkin_order() -> None:
    assert [m.id for m in all_measures()] == ["phq9", "gad7", "wsas"]


@pytest.mark.parametrize(("measure_id", "n_items", "item_max"), [("phq9", 9, 3), ("gad7", 7, 3), ("wsas", 5, 8)])
def test_item_counts_and_ranges(measure_id: str, n_items: int, item_max: int) -> None:
    m = load_measure(measure_id)
    assert len(m.items) == n_items
    assert [i.number for i in m.items] == list(range(1, n_items + 1))
    assert (m.item_min, m.item_max) == (0, item_max)
    assert [o.value for o in m.options] == list(range(item_max + 1))
    assert m.citation and m.licence


def test_phq9_exact_wording() -> None:
    m = load_measure("phq9")
    assert m.stem == "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    assert m.items[0].text == "Little interest or pleasure in doing things"
    assert m.items[1].text == "Feeling down, depressed, or hopeless"
    assert m.items[3].text == "Feeling tired or having little energy"
    assert m.items[8].text == "Thoughts that you would be better off dead or of hurting yourself in some way"
    assert [o.label for o in m.options] == ["Not at all", "Several days", "More than half the days", "Nearly every day"]
    assert "Pfizer" in m.citation and "Spitzer" in m.citation
    assert "No permission required" in m.licence
    assert m.risk_item == 9


def test_gad7_exact_wording() -> None:
    m = load_measure("gad7")
    assert m.items[0].text == "Feeling nervous, anxious or on edge"
    assert m.items[1].text == "Not being able to stop or control worrying"
    assert m.items[3].text == "Trouble relaxing"
    assert m.items[6].text == "Feeling afraid as if something awful might happen"
    assert [o.label for o in m.options] == ["Not at all", "Several days", "More than half the days", "Nearly every day"]
    assert m.risk_item is None


def test_wsas_wording_and_placeholder() -> None:
    m = load_measure("wsas")
    assert "Mundt" in m.citation and "180" in m.citation
    work = m.items[0]
    assert work.allow_not_applicable and work.not_applicable_text
    assert not any(i.allow_not_applicable for i in m.items[1:])
    assert work.render().startswith("Because of my problem my ability to work is impaired.")
    assert work.render("worry").startswith("Because of my worry my ability to work is impaired.")
    assert m.items[4].render() == (
        "Because of my problem, my ability to form and maintain close relationships "
        "with others, including those I live with, is impaired."
    )
    labels = {o.value: o.label for o in m.options}
    assert (labels[0], labels[2], labels[4], labels[6], labels[8]) == (
        "Not at all",
        "Slightly",
        "Definitely",
        "Markedly",
        "Very severely",
    )


def test_thresholds() -> None:
    phq, gad, wsas = (load_measure(i) for i in ("phq9", "gad7", "wsas"))
    assert (phq.caseness_threshold, phq.reliable_change) == (10, 6)
    assert (gad.caseness_threshold, gad.reliable_change) == (8, 4)
    assert wsas.caseness_threshold is None
    # The WSAS has no published reliable change: its 8 points are only a rough guide, never "reliable".
    assert wsas.reliable_change is None and not wsas.reliable_change_cited
    assert wsas.notable_change == 8 and "not a published criterion" in wsas.notable_change_note
    assert phq.reliable_change_cited and gad.reliable_change_cited


def test_unknown_measure_lists_known() -> None:
    with pytest.raises(UnknownMeasure, match="phq9, gad7, wsas"):
        load_measure("bdi")


# --- hand-scored examples --------------------------------------------------------

PHQ9_CASES = [
    # answers (item 1..9), total, band label, caseness
    ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "Minimal", False),
    ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "Minimal", False),
    ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "Mild", False),
    ([2, 2, 1, 1, 1, 1, 1, 0, 0], 9, "Mild", False),
    ([2, 2, 2, 1, 1, 1, 1, 0, 0], 10, "Moderate", True),
    ([2, 2, 2, 2, 2, 2, 1, 1, 0], 14, "Moderate", True),
    ([3, 2, 2, 2, 2, 2, 1, 1, 0], 15, "Moderately severe", True),
    ([3, 3, 3, 3, 2, 2, 2, 1, 0], 19, "Moderately severe", True),
    ([3, 3, 3, 3, 2, 2, 2, 1, 1], 20, "Severe", True),
    ([3, 3, 3, 3, 3, 3, 3, 3, 3], 27, "Severe", True),
]


@pytest.mark.parametrize(("answers", "total", "label", "case"), PHQ9_CASES)
def test_phq9_hand_scored(answers: list[int], total: int, label: str, case: bool) -> None:
    s = score("phq9", answers)
    assert s.scored and s.reason is None
    assert s.total == total
    assert s.band is not None and s.band.label == label
    assert s.caseness is case
    assert s.answered == 9 and not s.prorated
    assert s.risk is (answers[8] > 0)


GAD7_CASES = [
    ([0, 0, 0, 0, 0, 0, 0], 0, "Minimal", False),
    ([1, 1, 1, 1, 0, 0, 0], 4, "Minimal", False),
    ([1, 1, 1, 1, 1, 0, 0], 5, "Mild", False),
    ([1, 1, 1, 1, 1, 1, 1], 7, "Mild", False),
    ([2, 1, 1, 1, 1, 1, 1], 8, "Mild", True),
    ([2, 2, 2, 1, 1, 1, 0], 9, "Mild", True),
    ([2, 2, 2, 1, 1, 1, 1], 10, "Moderate", True),
    ([2, 2, 2, 2, 2, 2, 2], 14, "Moderate", True),
    ([3, 2, 2, 2, 2, 2, 2], 15, "Severe", True),
    ([3, 3, 3, 3, 3, 3, 3], 21, "Severe", True),
]


@pytest.mark.parametrize(("answers", "total", "label", "case"), GAD7_CASES)
def test_gad7_hand_scored(answers: list[int], total: int, label: str, case: bool) -> None:
    s = score("gad7", answers)
    assert s.scored
    assert s.total == total
    assert s.band is not None and s.band.label == label
    assert s.caseness is case
    assert s.risk is False


WSAS_CASES = [
    # work, home, social, private, close -> total, clinical label
    ([0, 0, 0, 0, 0], 0, "Subclinical"),
    ([2, 2, 2, 2, 1], 9, "Subclinical"),
    ([2, 2, 2, 2, 2], 10, "Significant functional impairment (less severe)"),
    ([4, 4, 4, 4, 4], 20, "Significant functional impairment (less severe)"),
    ([5, 4, 4, 4, 4], 21, "Moderately severe functional impairment or worse"),
    ([8, 8, 8, 8, 8], 40, "Moderately severe functional impairment or worse"),
]


@pytest.mark.parametrize(("answers", "total", "clinical"), WSAS_CASES)
def test_wsas_hand_scored(answers: list[int], total: int, clinical: str) -> None:
    s = score("wsas", answers)
    assert s.scored and not s.prorated
    assert s.total == total
    assert s.band is not None and s.band.clinical_label == clinical
    assert s.caseness is None  # WSAS has no caseness threshold
    assert s.risk is False


def test_wsas_work_not_applicable_is_prorated() -> None:
    # Retired: work N/A. Answered 3, 4, 5, 6 -> mean 4.5 x 5 = 22.5
    s = score("wsas", [None, 3, 4, 5, 6])
    assert s.scored and s.prorated
    assert s.total == 22.5
    assert s.total_text == "22.5"
    assert s.answered == 4
    assert s.band is not None and s.band.low == 21


def test_wsas_one_missing_rounds_to_one_decimal() -> None:
    # Home skipped. 1 + 2 + 2 + 2 = 7, mean 1.75 x 5 = 8.75 -> 8.8 (half up)
    s = score("wsas", [1, None, 2, 2, 2])
    assert s.total == 8.8
    assert s.band is not None and s.band.low == 0


def test_wsas_prorated_band_edges() -> None:
    # 8 / 4 x 5 = 10.0 -> less severe band starts at 10
    assert score("wsas", [None, 2, 2, 2, 2]).total == 10.0
    # 7 / 4 x 5 = 8.75 -> 8.8 -> still below 10
    assert score("wsas", [None, 2, 2, 2, 1]).band.high == 9  # type: ignore[union-attr]
    # 16 / 4 x 5 = 20.0 -> less severe;  17 / 4 x 5 = 21.25 -> 21.3 -> more severe
    assert score("wsas", [None, 4, 4, 4, 4]).band.high == 20  # type: ignore[union-attr]
    s = score("wsas", [None, 5, 4, 4, 4])
    assert s.total == 21.3 and s.band is not None and s.band.low == 21


def test_wsas_more_than_one_missing_not_scored() -> None:
    s = score("wsas", [None, None, 4, 4, 4])
    assert not s.scored
    assert s.total is None and s.band is None
    assert s.reason and "at most 1" in s.reason
    assert s.answered == 3


@pytest.mark.parametrize("measure_id", ["phq9", "gad7"])
def test_phq_gad_need_every_item(measure_id: str) -> None:
    n = len(load_measure(measure_id).items)
    s = score(measure_id, [1] * (n - 1) + [None])
    assert not s.scored and s.total is None and s.band is None and s.caseness is None
    assert s.reason and "every question" in s.reason
    assert s.answered == n - 1


@pytest.mark.parametrize(
    ("measure_id", "answers", "message"),
    [
        ("phq9", [4, 0, 0, 0, 0, 0, 0, 0, 0], "question 1: answer 4 is outside 0-3"),
        ("gad7", [0, 0, -1, 0, 0, 0, 0], "question 3: answer -1 is outside 0-3"),
        ("wsas", [0, 0, 0, 0, 9], "question 5: answer 9 is outside 0-8"),
        ("phq9", [0] * 8, "has 9 questions but 8 answers"),
        ("gad7", [0] * 8, "has 7 questions but 8 answers"),
        ("phq9", [0.5] + [0] * 8, "not a whole number"),
        ("phq9", [True] + [0] * 8, "not a whole number"),
    ],
)
def test_out_of_range_raises(measure_id: str, answers: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        score(measure_id, answers)


# --- risk -----------------------------------------------------------------------


@pytest.mark.parametrize(("item9", "flag"), [(0, False), (1, True), (2, True), (3, True)])
def test_phq9_item9_risk(item9: int, flag: bool) -> None:
    answers = [0] * 8 + [item9]
    assert risk_flag("phq9", answers) is flag
    assert score("phq9", answers).risk is flag


def test_risk_flag_works_on_partial_answers() -> None:
    assert risk_flag("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1]) is True
    assert risk_flag("phq9", [3, 3, 3]) is False  # item 9 not reached yet
    assert risk_flag("phq9", [None] * 8 + [2]) is True
    assert score("phq9", [None] * 8 + [2]).risk is True  # flagged even when not scored


def test_risk_flag_other_measures_never() -> None:
    assert risk_flag("gad7", [3] * 7) is False
    assert risk_flag("wsas", [8] * 5) is False


def test_risk_flag_still_validates() -> None:
    with pytest.raises(ValueError):
        risk_flag("phq9", [0] * 8 + [5])


# --- change -----------------------------------------------------------------------


def test_change_reliable_improvement_phq9() -> None:
    before = score("phq9", [2, 2, 2, 2, 2, 2, 2, 1, 0])  # 15
    after = score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 0])  # 8
    c = change("phq9", before, after)
    assert c.difference == -7
    assert c.reliable_improvement and not c.reliable_deterioration
    assert c.words.startswith("7 points lower than last time.")


def test_change_reliable_deterioration_gad7() -> None:
    before = score("gad7", [1, 1, 1, 0, 0, 0, 0])  # 3
    after = score("gad7", [1, 1, 1, 1, 1, 1, 1])  # 7
    c = change("gad7", before, after)
    assert c.difference == 4
    assert c.reliable_deterioration and not c.reliable_improvement
    assert c.words.startswith("4 points higher than last time.")
    assert "practitioner" in c.words


def test_change_below_threshold_is_not_reliable() -> None:
    before = score("phq9", [1] * 9)  # 9
    after = score("phq9", [1] * 4 + [0] * 5)  # 4
    c = change("phq9", before, after)
    assert c.difference == -5
    assert not c.reliable_improvement and not c.reliable_deterioration
    assert c.words == "5 points lower than last time."
    up = change("gad7", score("gad7", [0] * 7), score("gad7", [1, 0, 0, 0, 0, 0, 0]))
    assert up.words.startswith("1 point higher than last time.") and not up.reliable_deterioration


def test_change_same_and_unscored() -> None:
    s = score("gad7", [1] * 7)
    assert change("gad7", s, s).words == "The same as last time."
    unscored = score("gad7", [None] * 7)
    c = change("gad7", s, unscored)
    assert c.difference is None and not c.reliable_improvement and not c.reliable_deterioration


def test_change_wsas_prorated_and_mismatch() -> None:
    before = score("wsas", [None, 5, 4, 4, 4])  # 21.3
    after = score("wsas", [2, 2, 2, 2, 2])  # 10
    c = change("wsas", before, after)
    assert c.difference == -11.3 and not c.reliable_improvement  # no published reliable change for the WSAS
    assert c.words.startswith("11.3 points lower")
    with pytest.raises(ValueError):
        change("phq9", before, after)


# --- properties ---------------------------------------------------------------------


def _answers(measure: Measure) -> st.SearchStrategy[list[int]]:
    return st.lists(
        st.integers(measure.item_min, measure.item_max),
        min_size=len(measure.items),
        max_size=len(measure.items),
    )


@pytest.mark.parametrize("measure_id", ["phq9", "gad7", "wsas"])
def test_any_complete_answers_sum_and_band(measure_id: str) -> None:
    measure = load_measure(measure_id)

    @given(_answers(measure))
    def check(answers: list[int]) -> None:
        s: Score = score(measure_id, answers)
        assert s.scored
        assert s.total == sum(answers)
        assert s.band is not None and s.band.low <= s.total <= s.band.high
        if measure.caseness_threshold is not None:
            assert s.caseness is (s.total >= measure.caseness_threshold)

    check()


@given(st.lists(st.integers(0, 8), min_size=4, max_size=4), st.integers(0, 4))
def test_wsas_prorated_total_is_scaled_mean(answered: list[int], gap: int) -> None:
    answers: list[int | None] = list(answered)
    answers.insert(gap, None)
    s = score("wsas", answers)
    assert s.scored and s.prorated
    assert s.total is not None and abs(s.total - sum(answered) * 5 / 4) <= 0.05 + 1e-9
    assert 0 <= s.total <= 40 and s.band is not None


def test_wsas_change_words_never_say_reliable_or_real() -> None:
    from workbook.content.scoring import change

    for before, after in (([6] * 5, [1] * 5), ([1] * 5, [6] * 5), ([3] * 5, [2] * 5)):
        moved = change("wsas", score("wsas", before), score("wsas", after))
        assert "reliable" not in moved.words and "real" not in moved.words
        assert not moved.reliable_improvement and not moved.reliable_deterioration
    big = change("wsas", score("wsas", [6] * 5), score("wsas", [4] * 5))  # 10 points lower
    assert "worth talking over" in big.words


def test_phq9_change_of_six_is_called_reliable() -> None:
    from workbook.content.scoring import change

    moved = change("phq9", score("phq9", [2] * 9), score("phq9", [2] * 3 + [0] * 3 + [2] * 3))
    assert moved.reliable_improvement and "reliable improvement" in moved.words


def test_gad7_says_it_has_no_difficulty_question() -> None:
    gad = load_measure("gad7")
    assert gad.followup is None and "no difficulty question" in gad.followup_note
    assert load_measure("phq9").followup is not None
