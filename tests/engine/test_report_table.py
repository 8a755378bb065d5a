"""An exercise file's `[report]` table: read when right, every problem named when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from exercise_samples import GOOD

from workbook.content.exercises import ExerciseFileError, load_exercise_file, parse_exercise
from workbook.content.library import ExerciseLibrary
from workbook.content.reporting import Reporting


def with_report(table: str) -> str:
    return GOOD + "\n[report]\n" + table + "\n"


def problems(table: str) -> list[str]:
    with pytest.raises(ExerciseFileError) as info:
        parse_exercise(with_report(table), "mood-check.toml")
    return info.value.lines()


def test_a_file_without_the_table_reports_every_number_unjudged() -> None:
    exercise = parse_exercise(GOOD, "mood-check.toml")
    assert exercise.report == Reporting() and exercise.report.better("mood") is None


def test_the_table_is_read() -> None:
    exercise = parse_exercise(with_report(
        'higher_is_better = ["mood", "mood_change"]\nweekly = ["mood"]\neach_entry = ["mood", "type"]'), "x.toml")
    assert exercise.report == Reporting(higher_is_better=("mood", "mood_change"), weekly=("mood",),
                                        each_entry=("mood", "type"))
    assert exercise.report.better("mood_change") == "higher" and exercise.report.better("mood_later") is None


def test_an_unknown_id_is_named_with_its_key_and_a_suggestion() -> None:
    (line,) = problems('lower_is_better = ["mood_chnage"]')
    assert line == ("mood-check.toml: [report]: lower_is_better: 'mood_chnage' is not a number field (rating, number "
                    "or minutes) or derived value of this exercise (did you mean 'mood_change'?)")


def test_a_text_field_is_no_number() -> None:
    (line,) = problems('weekly = ["activity"]')
    assert "weekly: 'activity' is not a number field" in line


def test_each_entry_may_list_any_field() -> None:
    assert parse_exercise(with_report('each_entry = ["activity"]'), "x.toml").report.each_entry == ("activity",)
    (line,) = problems('each_entry = ["nothing"]')
    assert "each_entry: 'nothing' is not a field or derived value of this exercise" in line


def test_one_value_cannot_be_better_both_ways() -> None:
    (line,) = problems('lower_is_better = ["mood"]\nhigher_is_better = ["mood"]')
    assert "higher_is_better: 'mood' is also in lower_is_better" in line


def test_unknown_keys_and_wrong_shapes_are_all_reported() -> None:
    lines = problems('lower_is_beter = ["mood"]\nweekly = "mood"')
    assert any("unknown key 'lower_is_beter' in [report] (did you mean 'lower_is_better'?)" in line for line in lines)
    assert any("weekly must be a list of text" in line for line in lines)
    assert len(lines) == 2


def test_report_must_be_a_table(tmp_path: Path) -> None:
    path = tmp_path / "mood-check.toml"
    path.write_text(GOOD.replace('default_minutes = 5', 'default_minutes = 5\nreport = "yes"'), encoding="utf-8")
    with pytest.raises(ExerciseFileError) as info:
        load_exercise_file(path)
    assert info.value.lines() == [f"{path}: report must be a [report] table, not text"]


def test_the_built_in_diaries_say_what_their_summaries_need() -> None:
    library = ExerciseLibrary.load()
    assert library.get("worry-diary").report.better("anxiety") == "lower"
    assert library.get("panic-diary").report.each_entry == ("peak_anxiety",)
    assert library.get("sleep-diary").report.weekly == ("sleep_efficiency",)
    assert library.get("activity-scheduling").report.better("mood_after") == "higher"
