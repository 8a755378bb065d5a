"""The sleep-window derived function used by sleep scheduling: average sleep, never under 5 hours."""

from __future__ import annotations

import pytest

from workbook.content.derived import FUNCTIONS, SLEEP_WINDOW_FLOOR_MINUTES, sleep_window
from workbook.content.exercises import ExerciseFileError, derived_values, parse_exercise, validate_values


def test_floor_is_five_hours() -> None:
    assert SLEEP_WINDOW_FLOOR_MINUTES == 300


@pytest.mark.parametrize("average, window", [
    (330, 330.0),   # 5½ hours asleep: the window matches it
    (420, 420.0),
    (300, 300.0),   # exactly at the floor
    (299, 300.0),   # just under: raised to the floor
    (240, 300.0),   # 4 hours asleep: still 5 hours in bed
    (0, 300.0),
    (1440, 1440.0),
    (367.5, 367.5),
])
def test_window_is_average_sleep_never_below_floor(average: float, window: float) -> None:
    assert sleep_window(average) == window


def test_returns_a_float() -> None:
    assert isinstance(sleep_window(330), float)


def test_registered_with_one_minutes_input() -> None:
    fn = FUNCTIONS["sleep_window"]
    assert fn.compute is sleep_window
    assert fn.kinds == ("minutes",)
    assert fn.kinds_problem(["minutes"]) is None
    assert "must be a minutes field, not rating" in (fn.kinds_problem(["rating"]) or "")
    assert "needs 1 inputs" in (fn.kinds_problem(["minutes", "minutes"]) or "")


EXERCISE = '''\
id = "window-test"
title = "Window test"
technique = "sleep"
summary = "A test exercise."
why = "To check the derived value."
steps = ["Fill it in."]
example = "Nobody in particular."
default_minutes = 5

[[fields]]
id = "average_sleep"
label = "Average sleep"
kind = "minutes"

[[fields]]
id = "quality"
label = "Quality"
kind = "rating"
min = 1
max = 5

[[derived]]
id = "window"
label = "Sleep window"
function = "sleep_window"
inputs = ["average_sleep"]
unit = "minutes"
'''


def test_worked_out_from_logged_values() -> None:
    exercise = parse_exercise(EXERCISE, "window-test.toml")
    assert derived_values(exercise, validate_values(exercise, {"average_sleep": "270"})) == {"window": 300.0}
    assert derived_values(exercise, validate_values(exercise, {"average_sleep": 345})) == {"window": 345.0}
    assert derived_values(exercise, {}) == {}


def test_input_kind_is_checked_when_loading() -> None:
    text = EXERCISE.replace('inputs = ["average_sleep"]', 'inputs = ["quality"]')
    with pytest.raises(ExerciseFileError) as info:
        parse_exercise(text, "window-test.toml")
    assert "input 1 of sleep_window must be a minutes field, not rating" in str(info.value)
