"""The report shows what was logged: the worry-and-panic week of `logged_week`, line by line.

Every figure below is worked out by hand from the entries in `logged_week.build`.
"""

from __future__ import annotations

import pytest
from logged_week import NOW, build

from workbook.outputs.report import build_report


@pytest.fixture(scope="module")
def text(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_report(build(tmp_path_factory.mktemp("report-logged") / "home"), now=NOW)


def section(text: str, title: str) -> list[str]:
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return [line for line in text[start:end if end != -1 else None].splitlines()[1:] if line]


def test_the_item9_answer_and_its_date_are_near_the_top(text: str) -> None:
    line = ("On Thursday 12 November 2026 the answer to question 9 of the PHQ-9 was above 0 — please talk about this. "
            "The answer given was 2, \u201cMore than half the days\u201d (0 is \u201cNot at all\u201d, 3 is "
            "\u201cNearly every day\u201d), to \u201cThoughts that you would be better off dead or of hurting "
            "yourself in some way\u201d, at 18:30.")
    assert line in text.splitlines()
    assert text.index(line) < text.index("## Plans")
    assert text.count("question 9 of the PHQ-9") == 1


def test_when_it_happens_records_are_counted_as_entries(text: str) -> None:
    assert section(text, "Plans")[:2] == [
        "- Note a worry when it comes (Worry diary): when it happens, about 5 a week, 3 minutes.",
        "- Note a panic attack (Panic diary): when it happens, 10 minutes.",
    ]
    assert section(text, "How the plans went") == [
        "- Note a worry when it comes: 6 entries (aim about 5 a week).",
        "- Note a panic attack: 2 entries (written when it happens).",
        "- Walk to the market: 1 planned: 1 done, 0 partly done, 0 not done, 0 not logged.",
        "- In all: 1 planned: 1 done, 0 partly done, 0 not done, 0 not logged (100% done); "
        "and 8 entries written down as things happened. About 30 minutes of practice.",
    ]
    assert "not logged" not in " ".join(section(text, "How the plans went")[:2])
    assert "making the time" not in text


def test_what_was_logged_per_diary(text: str) -> None:
    assert section(text, "What was logged") == [
        "- Panic diary (2 entries):",
        "  - How did it come on: out of the blue 1; in a situation I find hard 1; not sure 0.",
        "  - What did you feel in your body: racing or pounding heart 2; short of breath 1.",
        "  - How intense was the anxiety at its worst: average 72.5, lowest 60, highest 85.",
        "  - At the time, how much did you believe it: average 80, lowest 70, highest 90.",
        "  - Looking back now, how much do you believe your fear: average 30, lowest 20, highest 40.",
        "  - How much your belief in the fear has fallen since the attack: 50 each time.",
        "  - Tuesday 10 November 2026, 08:40: How intense was the anxiety at its worst: 85.",
        "  - Friday 13 November 2026, 19:05: How intense was the anxiety at its worst: 60.",
        "- Planned activity (1 entry):",
        "  - Your mood just before you started: 3.",  # mood 3 -> 6 on one walk: both, and the change
        "  - Your mood afterwards: 6.",
        "  - Change in mood (after minus before): 3.",
        "- Worry diary (6 entries):",
        "  - Is it a practical worry or a hypothetical one: practical 2; hypothetical 4.",
        "  - Did you save it for your worry time: yes 4; no 2.",
        "  - How anxious is it making you: average 5.5, lowest 3, highest 8.",
    ]


def test_every_number_that_can_be_compared(text: str) -> None:
    assert section(text, "Ratings that changed") == [
        "- Panic diary: How intense was the anxiety at its worst: from 85 to 60 over 2 entries (first and last entry); "
        "fell, a good sign.",
        "- Panic diary: At the time, how much did you believe it: from 90 to 70 over 2 entries (first and last entry); "
        "fell, a good sign.",
        "- Panic diary: Looking back now, how much do you believe your fear: from 40 to 20 over 2 entries "
        "(first and last entry); fell, a good sign.",
        "- Panic diary: How much your belief in the fear has fallen since the attack: from 50 to 50 over 2 entries "
        "(first and last entry); stayed about the same.",
        # 7, 6, 8 then 5, 4, 3: averages 7 and 4
        "- Worry diary: How anxious is it making you: from 7 to 4 over 6 entries "
        "(average of the first three and of the latest three); fell, a good sign.",
    ]
    assert section(text, "Other numbers that changed") == ["None in this period."]


def test_risk_answers_are_the_answers_above_0_in_the_period() -> None:
    from datetime import timedelta

    from workbook.core.model import QuestionnaireResponse
    from workbook.insight.checkin import risk_answers

    def response(day: int, answers: list) -> QuestionnaireResponse:
        stamp = (NOW - timedelta(days=day)).isoformat()
        return QuestionnaireResponse(measure="phq9", answers=answers, completed_at=stamp, created_at=stamp,
                                     updated_at=stamp)

    found = risk_answers([response(3, [0] * 8 + [3]), response(2, [0] * 9), response(1, [0] * 8 + [None]),
                          response(20, [0] * 8 + [1]), response(4, [0] * 7)],  # GAD-7-length answers: no item 9
                         NOW - timedelta(days=7), NOW)
    assert [(r.value, r.label, r.number, r.short_name) for r in found] == [(3, "Nearly every day", 9, "PHQ-9")]
    assert found[0].when == NOW - timedelta(days=3) and found[0].question.startswith("Thoughts that you would be")
