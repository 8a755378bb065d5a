"""The report's questionnaires as services measure them: caseness plainly, the change since the
first check-in (reliable improvement, recovery, reliable recovery), and the PHQ-9 difficulty answer."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from workbook.facade.workbook import Workbook
from workbook.outputs.report import build_report

START = datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)


def _home(tmp_path: Path) -> Workbook:
    now = START + timedelta(days=20)
    workbook = Workbook.open(tmp_path / "home", clock=lambda: now, daily_backup=False)
    workbook.record_questionnaire("phq9", [2] * 9, now=START)  # 18: above the threshold
    later = workbook.record_questionnaire("phq9", [1] * 8 + [0], now=START + timedelta(days=14))  # 8
    workbook.record_difficulty(later, 1)
    workbook.record_questionnaire("gad7", [2] * 7, now=START)  # 14
    workbook.record_questionnaire("gad7", [2] * 6 + [0], now=START + timedelta(days=14))  # 12
    workbook.record_questionnaire("wsas", [6] * 5, now=START)  # 30
    workbook.record_questionnaire("wsas", [2] * 5, now=START + timedelta(days=14))  # 10
    return workbook


def test_report_shows_caseness_change_since_first_and_difficulty(tmp_path: Path) -> None:
    workbook = _home(tmp_path)
    text = build_report(workbook, now=START + timedelta(days=20), since=(START + timedelta(days=7)).date())
    assert "- PHQ-9 on Thursday 15 October 2026: 8 (Mild; below the clinical threshold)." in text
    assert "Difficulty (the form's last question): \u201cSomewhat difficult\u201d." in text
    assert "- Since the first check-in: PHQ-9: 18 at the first check-in, 8 now." in text
    assert "reliable recovery" in text
    assert "GAD-7: 14 at the first check-in, 12 now." in text and "smaller than services count as reliable" in text
    wsas = next(line for line in text.splitlines() if line.startswith("- WSAS on"))
    assert "reliable" not in wsas and "real improvement" not in wsas and "worth talking over" in wsas
    assert "no published figure" in text  # the WSAS change since the first: never called reliable


def test_difficulty_is_refused_for_a_questionnaire_without_one(tmp_path: Path) -> None:
    import pytest

    from workbook.core.errors import ValidationError

    workbook = _home(tmp_path)
    gad = workbook.responses("gad7")[0]
    with pytest.raises(ValidationError):
        workbook.record_difficulty(gad, 1)
    phq = workbook.responses("phq9")[0]
    with pytest.raises(ValidationError):
        workbook.record_difficulty(phq, 4)
