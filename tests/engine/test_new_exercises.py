"""The four built-in exercises added together: staying-well plan, behavioural experiment,
activity ladder (hierarchy) and sleep scheduling. Each loads cleanly from the shipped folder
and accepts a full, sensible attempt, with its derived values worked out."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO

import workbook
from workbook.content.exercises import ValuesError, derived_values, load_exercise_file, validate_values
from workbook.content.library import ExerciseLibrary
from workbook.content.paths import content_dir

NEW = {
    "staying-well-plan": "other",
    "behavioural-experiment": "cognitive restructuring",
    "activity-hierarchy": "behavioural activation",
    "sleep-scheduling": "sleep",
}

FULL_VALUES: dict[str, dict[str, object]] = {
    "staying-well-plan": {
        "what_helped": "Walking every morning. Writing worries down.",
        "warning_signs": "Waking early. Cancelling plans.",
        "sign_types": ["changes in sleep", "pulling away from people"],
        "setbacks": "Early shifts in winter.",
        "action_plan": "Plan one small activity a day again.",
        "who_can_help": "My sister; my GP.",
        "keep_going": "Morning walk, football on Thursdays.",
        "confidence": "7",
        "review_when": "First Sunday of the month",
    },
    "behavioural-experiment": {
        "belief": "If I speak up, people will think I'm stupid.",
        "belief_before": 85,
        "prediction": "Someone will smirk.",
        "experiment": "Say one thing in Tuesday's seminar.",
        "problems": "If I freeze, read out a question I wrote down.",
        "as_predicted": "No",
        "what_happened": "The tutor said it was a good question.",
        "learned": "People were busy with their own notes.",
        "belief_after": "40",
    },
    "activity-hierarchy": {
        "routine": "Cook a meal - medium\nChange the bed - medium",
        "pleasurable": "Phone Pat - easy\nChoir - hard",
        "necessary": "Ring the bank - hard",
        "first_activity": "Phone Pat on Wednesday after lunch",
        "first_kind": "pleasurable",
        "first_difficulty": "easy",
        "confidence": 7,
    },
    "sleep-scheduling": {
        "average_sleep": 330,
        "wake_time": "6:30",
        "bedtime": "01:00",
        "daytime_sleepiness": 6,
        "only_when_sleepy": "yes",
        "got_up_if_awake": False,
        "bed_for_sleep_only": True,
        "same_wake_time": "yes",
        "no_naps": "no",
        "note": "Staying up until 1 was hard at first.",
    },
}

EXPECTED_DERIVED: dict[str, dict[str, float]] = {
    "staying-well-plan": {},
    "behavioural-experiment": {"belief_change": 45.0},
    "activity-hierarchy": {},
    "sleep-scheduling": {"sleep_window": 330.0},
}


@pytest.fixture(scope="module")
def library() -> ExerciseLibrary:
    return ExerciseLibrary.load()


def test_this_checkout_is_the_one_under_test() -> None:
    here = REPO
    assert Path(workbook.__file__).resolve().parent == here / "workbook"
    assert content_dir("exercises").resolve() == here / "exercises"


@pytest.mark.parametrize("exercise_id", sorted(NEW))
def test_file_loads_without_problems(exercise_id: str, library: ExerciseLibrary) -> None:
    path = content_dir("exercises") / f"{exercise_id}.toml"
    exercise = load_exercise_file(path)  # raises ExerciseFileError listing any problem
    assert exercise.id == exercise_id and exercise.technique == NEW[exercise_id]
    assert not [w for w in library.warnings if path.name in w]
    assert exercise_id in library and library.get(exercise_id).source == "built-in"
    assert exercise.example and exercise.why and 1 <= len(exercise.steps) <= 7
    assert all(f.help for f in exercise.fields), "every field should have help text"
    assert exercise.chart_fields, "at least one rating worth plotting"


@pytest.mark.parametrize("exercise_id", sorted(NEW))
def test_full_attempt_validates_with_derived_values(exercise_id: str, library: ExerciseLibrary) -> None:
    exercise = library.get(exercise_id)
    values = FULL_VALUES[exercise_id]
    assert set(values) == {f.id for f in exercise.fields}, "the sample should answer every field"
    cleaned = validate_values(exercise, values)
    assert list(cleaned) == [f.id for f in exercise.fields]
    assert derived_values(exercise, cleaned) == EXPECTED_DERIVED[exercise_id]
    assert {d.id for d in exercise.derived} == set(EXPECTED_DERIVED[exercise_id])


def test_values_are_cleaned_to_stored_form(library: ExerciseLibrary) -> None:
    sleep = validate_values(library.get("sleep-scheduling"), FULL_VALUES["sleep-scheduling"])
    assert sleep["wake_time"] == "06:30"
    assert [sleep[k] for k in ("only_when_sleepy", "got_up_if_awake", "bed_for_sleep_only",
                               "same_wake_time", "no_naps")] == [True, False, True, True, False]
    experiment = validate_values(library.get("behavioural-experiment"), FULL_VALUES["behavioural-experiment"])
    assert experiment["as_predicted"] == "no" and experiment["belief_after"] == 40
    assert validate_values(library.get("staying-well-plan"), FULL_VALUES["staying-well-plan"])["confidence"] == 7


def test_short_sleep_gets_the_five_hour_floor(library: ExerciseLibrary) -> None:
    exercise = library.get("sleep-scheduling")
    values = validate_values(exercise, {"average_sleep": 250, "wake_time": "07:00"})
    assert derived_values(exercise, values) == {"sleep_window": 300.0}


@pytest.mark.parametrize("exercise_id, field_id", [
    ("staying-well-plan", "what_helped"),
    ("behavioural-experiment", "belief"),
    ("activity-hierarchy", "first_activity"),
    ("sleep-scheduling", "average_sleep"),
])
def test_required_fields_enforced_only_when_done(exercise_id: str, field_id: str,
                                                 library: ExerciseLibrary) -> None:
    exercise = library.get(exercise_id)
    values = {k: v for k, v in FULL_VALUES[exercise_id].items() if k != field_id}
    with pytest.raises(ValuesError) as info:
        validate_values(exercise, values)
    assert field_id in info.value.errors
    assert field_id not in validate_values(exercise, values, outcome="partly")


@pytest.mark.parametrize("exercise_id, field_id, bad", [
    ("behavioural-experiment", "belief_before", 101),
    ("activity-hierarchy", "first_difficulty", "impossible"),
    ("sleep-scheduling", "average_sleep", 1500),
    ("sleep-scheduling", "no_naps", "maybe"),
    ("staying-well-plan", "sign_types", ["nothing like this"]),
])
def test_out_of_range_values_are_refused(exercise_id: str, field_id: str, bad: object,
                                         library: ExerciseLibrary) -> None:
    exercise = library.get(exercise_id)
    with pytest.raises(ValuesError) as info:
        validate_values(exercise, {**FULL_VALUES[exercise_id], field_id: bad})
    assert set(info.value.errors) == {field_id}


def test_derived_values_cannot_be_entered(library: ExerciseLibrary) -> None:
    with pytest.raises(ValuesError) as info:
        validate_values(library.get("sleep-scheduling"), {**FULL_VALUES["sleep-scheduling"], "sleep_window": 400})
    assert "worked out by Workbook" in info.value.errors["sleep_window"]
