"""The practitioner report: its sections against the hand-built fixture, and the command."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from helpers import run_cli
from records_fixture import REPORT_NOW, build

from workbook.facade.workbook import Workbook
from workbook.outputs.report import build_report

AT = "2026-10-26T09:00:00+00:00"
SECTIONS = ["## Plans", "## How the plans went", "## What was logged", "## Ratings that changed",
            "## Other numbers that changed", "## What got in the way",
            "## Changes made to plans", "## Help from supporters", "## Questionnaires",
            "## Questions for the practitioner"]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("report") / "home"
    build(home)
    return home


@pytest.fixture(scope="module")
def text(home: Path) -> str:
    return build_report(Workbook.open(home, clock=lambda: REPORT_NOW, daily_backup=False), now=REPORT_NOW)


def section(text: str, title: str) -> str:
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def test_header_and_period_since_last_call(text: str) -> None:
    assert text.startswith("# Workbook report from Alexandra for Dr Quentin\n")
    assert "Covers Monday 19 October 2026 to Monday 26 October 2026 (since the last call)." in text
    assert "Next call: Tuesday 27 October 2026 at 10:00." in text
    assert [t for t in SECTIONS if t in text] == SECTIONS
    assert [text.index(t) for t in SECTIONS] == sorted(text.index(t) for t in SECTIONS)


def test_item9_line_is_near_the_top(text: str) -> None:
    line = "On Wednesday 21 October 2026 the answer to question 9 of the PHQ-9 was above 0 — please talk about this."
    assert line in text
    assert text.index(line) < text.index("## Plans")
    assert text.count("question 9 of the PHQ-9") == 1  # the PHQ-9 from 10 October (item 9 = 1) is before the period


def test_plans_with_when_and_agreed_mark(text: str) -> None:
    plans = section(text, "Plans")
    assert "- Night-time breathing (Slow breathing): every day at 01:30, 10 minutes. Where: grandfather clock landing." in plans
    walk = next(line for line in plans.splitlines() if line.startswith("- Walk to the zebrafish pond"))
    assert "Agreed in session." in walk  # agreed at the last call (session note), not on the plan itself
    assert "Now ended (since Friday 23 October 2026)." in walk
    assert "Mon, Thu at 09:00" in plans and "Now paused" in plans
    assert "every day (any time of day)" in plans
    breathing = next(line for line in plans.splitlines() if line.startswith("- Night-time breathing"))
    assert "Agreed in session" not in breathing


def test_outcomes(text: str) -> None:
    body = section(text, "How the plans went")
    # Hand-counted (period Mon 19 00:00 to Mon 26 09:00): see test_review for the week itself.
    assert "- Night-time breathing: 9 planned: 5 done, 1 partly done, 1 not done, 2 not logged." in body
    assert ("- Walk to the zebrafish pond: 4 planned: 2 done, 0 partly done, 1 not done, 1 not logged; "
            "plus 1 extra practice.") in body
    assert "- Worry list in the potting shed: 2 planned: 1 done, 0 partly done, 0 not done, 1 not logged." in body
    assert "- Sleep diary by the lava lamp: 4 planned: 1 done, 0 partly done, 0 not done, 3 not logged; 1 still to come." in body
    assert ("- In all: 19 planned: 9 done, 1 partly done, 2 not done, 7 not logged; plus 1 extra practice; "
            "1 still to come (47% done). About 148 minutes of practice.") in body


def test_ratings_barriers_adjustments(text: str) -> None:
    ratings = section(text, "Ratings that changed")
    assert "Slow breathing: How tense or anxious did you feel before: from 6 to 4 over 5 entries" in ratings
    assert "minutes" not in ratings.lower().replace("10 minutes", "")  # minutes fields are not ratings
    assert "Worry time" not in ratings  # one entry: nothing to compare
    barriers = section(text, "What got in the way")
    assert barriers.splitlines()[2:] == [
        "- I forgot: 2 times.",
        "  - \u201cMarmalade the cat\u201d (Wednesday 21 October 2026, Night-time breathing)",
        "- I didn't have time: once.",
        "- I was too tired or low: once.",
        "  - \u201cFelt like lead\u201d (Thursday 22 October 2026, Walk to the zebrafish pond)",
        "- I felt too anxious: once.",
        "  - \u201cthe hallway creaked\u201d (Tuesday 20 October 2026, Night-time breathing)",
    ]
    changes = section(text, "Changes made to plans")
    assert "- Wednesday 21 October 2026: Night-time breathing: Make it smaller (15 to 10 minutes)." in changes
    assert "earlier" not in changes  # applied on 1 October, before the period


def test_supporters_questionnaires_questions(text: str) -> None:
    people = section(text, "Help from supporters")
    assert "- Bartholomew (brother-in-law) helped once; helps with: Walk to the zebrafish pond." in people
    assert "- Cordelia (neighbour): no times logged; helps with: Night-time breathing." in people
    assert "- Someone helped once more (not named)." in people
    scores = section(text, "Questionnaires")
    assert ("- PHQ-9 on Wednesday 21 October 2026: 10 (Moderate; above the clinical threshold). 1 point higher "
            "than last time. Small ups and downs are normal.") in scores
    assert "- GAD-7 on Thursday 22 October 2026: 7 (Mild; below the clinical threshold)." in scores
    assert "- Since the first check-in: PHQ-9:" in scores  # as services measure change, from the first score
    assert "10 October" not in scores
    questions = section(text, "Questions for the practitioner")
    assert "Should I do the breathing with the window cracked open? (about: Night-time breathing)" in questions
    assert "ferret" not in questions  # already asked


def test_since_date_and_empty_sections(home: Path) -> None:
    text = build_report(Workbook.open(home, clock=lambda: REPORT_NOW, daily_backup=False), since=date(2026, 10, 24), now=REPORT_NOW)
    assert "Covers Saturday 24 October 2026 to Monday 26 October 2026 (since the date asked for)." in text
    assert "question 9" not in text
    assert "## Changes made to plans\n\nNone in this period.\n" in text


def test_no_call_yet_uses_14_days(tmp_path: Path) -> None:
    text = build_report(Workbook.open(tmp_path / "home", clock=lambda: REPORT_NOW, daily_backup=False), now=REPORT_NOW)
    assert "Covers Monday 12 October 2026 to Monday 26 October 2026 (the last 14 days; no call is recorded yet)." in text
    assert text.count("None in this period.") == len(SECTIONS)


def test_cli_stdout_and_private_file(home: Path, tmp_path: Path) -> None:
    result = run_cli("--home", home, "report", "--at", AT)
    assert result.code == 0, result.err
    assert result.out == build_report(Workbook.open(home, clock=lambda: REPORT_NOW, daily_backup=False), now=REPORT_NOW)
    out = tmp_path / "report.md"
    result = run_cli("--home", home, "report", "--at", AT, "--out", out)
    assert result.code == 0 and "Report written to" in result.out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8").startswith("# Workbook report")


def test_cli_since_reads_dates_as_people_type_them(home: Path) -> None:
    iso = run_cli("--home", home, "report", "--since", "2026-10-19", "--at", AT)
    short = run_cli("--home", home, "report", "--since", "19/10", "--at", AT)
    assert iso.code == short.code == 0 and iso.out == short.out


def test_cli_bad_since(home: Path) -> None:
    result = run_cli("--home", home, "report", "--since", "last week", "--at", AT)
    assert result.code == 1 and "isn't a date Workbook understands" in result.err and result.err.count("\n") == 1
    result = run_cli("--home", home, "report", "--since", "2027-01-01", "--at", AT)
    assert result.code == 1 and "in the future" in result.err
