"""Values logged for an attempt: cleaning, plain-English errors, and derived values."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.content.derived import difference, sleep_efficiency
from workbook.content.exercises import Exercise, Field, ValuesError, derived_values, parse_exercise, validate_values
from workbook.content.library import ExerciseLibrary

ALL_KINDS = '''\
id = "all-kinds"
title = "Every kind of field"
technique = "other"
summary = "A test exercise with one field of each kind."
why = "So the engine's rules for each kind can be checked."
steps = ["Fill it in."]
example = "Nobody in particular."
default_minutes = 10

[[fields]]
id = "situation"
label = "Where were you?"
kind = "text"
required = true

[[fields]]
id = "notes"
label = "Anything else"
kind = "long_text"

[[fields]]
id = "mood"
label = "Mood"
kind = "rating"
min = 0
max = 10
required = true

[[fields]]
id = "mood_after"
label = "Mood afterwards"
kind = "rating"
min = 0
max = 10

[[fields]]
id = "type"
label = "Kind of activity"
kind = "choice"
options = ["routine", "pleasurable", "necessary"]

[[fields]]
id = "feelings"
label = "Feelings"
kind = "choices"
options = ["sad", "anxious", "angry"]

[[fields]]
id = "cups"
label = "Cups of coffee"
kind = "number"
min = 0
max = 20
unit = "cups"

[[fields]]
id = "weight"
label = "Anything numeric"
kind = "number"

[[fields]]
id = "at_least"
label = "A number with only a lower bound"
kind = "number"
min = 5

[[fields]]
id = "into_bed"
label = "Into bed"
kind = "time"

[[fields]]
id = "lights_out"
label = "Lights out"
kind = "time"

[[fields]]
id = "latency"
label = "Minutes to fall asleep"
kind = "minutes"

[[fields]]
id = "awake"
label = "Minutes awake in the night"
kind = "minutes"

[[fields]]
id = "final_wake"
label = "Final waking"
kind = "time"

[[fields]]
id = "out_of_bed"
label = "Out of bed"
kind = "time"

[[fields]]
id = "napped"
label = "Did you nap?"
kind = "yes_no"

[[derived]]
id = "mood_change"
label = "Mood change"
function = "difference"
inputs = ["mood_after", "mood"]

[[derived]]
id = "efficiency"
label = "Sleep efficiency"
function = "sleep_efficiency"
inputs = ["into_bed", "lights_out", "latency", "awake", "final_wake", "out_of_bed"]
unit = "%"
chart = true

[[derived]]
id = "total"
label = "Total"
function = "sum"
inputs = ["cups", "weight", "latency"]
'''

EX = parse_exercise(ALL_KINDS, "all-kinds.toml")
BASE = {"situation": "At home", "mood": 5}


def errors_for(values: dict[str, object], outcome: str = "done") -> dict[str, str]:
    with pytest.raises(ValuesError) as info:
        validate_values(EX, values, outcome=outcome)
    return info.value.errors


# ---- validate_values -----------------------------------------------------------------------

@pytest.mark.parametrize("field, given_value, cleaned", [
    ("mood", "7", 7), ("mood", " 7 ", 7), ("mood", 7.0, 7), ("mood", 0, 0), ("mood", "10", 10),
    ("cups", "2.5", 2.5), ("cups", 3, 3), ("cups", "0", 0), ("weight", -12.75, -12.75),
    ("weight", "1000", 1000), ("weight", "-0.5", -0.5), ("at_least", 5, 5),
    ("latency", "30", 30), ("latency", 1440, 1440),
    ("situation", "  at the bus stop  ", "at the bus stop"), ("notes", "line one\nline two", "line one\nline two"),
    ("type", "routine", "routine"), ("type", " Pleasurable ", "pleasurable"),
    ("feelings", ["angry", "sad"], ["sad", "angry"]), ("feelings", ("anxious",), ["anxious"]),
    ("into_bed", "7:05", "07:05"), ("into_bed", "23:59", "23:59"), ("into_bed", " 00:00 ", "00:00"),
    ("napped", "yes", True), ("napped", "No", False), ("napped", "true", True), ("napped", "FALSE", False),
    ("napped", True, True), ("napped", False, False),
])
def test_values_are_coerced(field: str, given_value: object, cleaned: object) -> None:
    result = validate_values(EX, {**BASE, field: given_value})
    assert result[field] == cleaned and type(result[field]) is type(cleaned)


@pytest.mark.parametrize("field, bad, message", [
    ("mood", 11, "Please give a whole number from 0 to 10."),
    ("mood", -1, "Please give a whole number from 0 to 10."),
    ("mood", "7.5", "Please give a whole number from 0 to 10."),
    ("mood", 6.5, "Please give a whole number from 0 to 10."),
    ("mood", "seven", "Please give a whole number from 0 to 10."),
    ("mood", True, "Please give a whole number from 0 to 10."),
    ("cups", 21, "Please give a number from 0 to 20."),
    ("cups", float("nan"), "Please give a number from 0 to 20."),
    ("weight", "lots", "Please give a number."),
    ("weight", float("inf"), "Please give a number."),
    ("at_least", 4, "Please give a number of at least 5."),
    ("latency", 1441, "Please give a number of minutes from 0 to 1440."),
    ("latency", -5, "Please give a number of minutes from 0 to 1440."),
    ("latency", "1_000", "Please give a number of minutes from 0 to 1440."),
    ("situation", "two\nlines", "Please keep this to one line."),
    ("situation", 42, "Please type this as text."),
    ("situation", "x" * 501, "Please keep this to 500 characters or fewer (this has 501)."),
    ("notes", "y" * 5001, "Please keep this to 5000 characters or fewer (this has 5001)."),
    ("type", "fun", "Choose one of: routine, pleasurable, necessary."),
    ("type", ["routine"], "Choose one of: routine, pleasurable, necessary."),
    ("feelings", ["sad", "bored"], "Choose any of: sad, anxious, angry."),
    ("feelings", "sad", "Choose any of: sad, anxious, angry."),
    ("feelings", ["sad", "sad"], "Each option can only be chosen once."),
    ("into_bed", "24:00", "Please give a time as HH:MM (24-hour clock), for example 07:30."),
    ("into_bed", "7.05", "Please give a time as HH:MM (24-hour clock), for example 07:30."),
    ("into_bed", "07:60", "Please give a time as HH:MM (24-hour clock), for example 07:30."),
    ("into_bed", 705, "Please give a time as HH:MM (24-hour clock), for example 07:30."),
    ("napped", "maybe", "Please answer yes or no."),
    ("napped", 1, "Please answer yes or no."),
])
def test_bad_values_get_plain_messages(field: str, bad: object, message: str) -> None:
    assert errors_for({**BASE, field: bad}) == {field: message}


def test_empty_values_are_dropped_and_order_follows_fields() -> None:
    result = validate_values(EX, {"notes": "   ", "type": None, "feelings": [], "mood": "3",
                                  "situation": "Work", "napped": ""})
    assert result == {"situation": "Work", "mood": 3}
    assert list(result) == ["situation", "mood"]


def test_required_only_when_done() -> None:
    assert errors_for({"notes": "forgot"}) == {"situation": "This one is needed.", "mood": "This one is needed."}
    assert errors_for({"situation": "  ", "mood": None}) == {"situation": "This one is needed.",
                                                             "mood": "This one is needed."}
    assert validate_values(EX, {}, outcome="partly") == {}
    assert validate_values(EX, {"notes": "ran out of time"}, outcome="not done") == {"notes": "ran out of time"}


def test_a_bad_required_value_reports_the_value_problem_not_missing() -> None:
    assert errors_for({"situation": "ok", "mood": 99}) == {"mood": "Please give a whole number from 0 to 10."}


def test_unknown_field_and_derived_id_are_errors() -> None:
    errors = errors_for({**BASE, "moood": 3, "mood_change": 2, 7: "x"})
    assert errors == {"moood": "This exercise has no question called 'moood'.",
                      "mood_change": "This is worked out by Workbook, not entered.",
                      "7": "This exercise has no question called 7."}


def test_all_problems_reported_together() -> None:
    errors = errors_for({"mood": 12, "type": "fun", "into_bed": "late"})
    assert set(errors) == {"situation", "mood", "type", "into_bed"}
    with pytest.raises(ValuesError, match="mood: Please give a whole number"):
        validate_values(EX, {"mood": 12})


def test_cleaned_values_validate_again_unchanged() -> None:
    first = validate_values(EX, {"situation": " x ", "mood": "4", "into_bed": "7:05", "napped": "yes",
                                 "feelings": ["angry", "sad"], "cups": "1.5"})
    assert validate_values(EX, first) == first


# ---- derived values ------------------------------------------------------------------------

def test_sleep_efficiency_across_midnight() -> None:
    # in bed 23:00-07:00 = 480 min; asleep window 23:30-06:30 = 420, less 30 + 30 = 360; 360/480
    assert sleep_efficiency("23:00", "23:30", 30, 30, "06:30", "07:00") == 75.0


@pytest.mark.parametrize("args, expected", [
    (("22:00", "22:15", 15, 0, "06:00", "06:30"), 88.2),    # 450 / 510 = 88.24
    (("00:30", "00:30", 0, 0, "08:30", "08:30"), 100.0),    # all after midnight, perfect
    (("13:00", "13:10", 5, 0, "14:00", "14:15"), 60.0),     # a daytime nap: 45 / 75
    (("23:00", "23:30", 600, 0, "06:30", "07:00"), 0.0),    # latency longer than the night: clamp at 0
    (("23:00", "22:00", 0, 0, "07:00", "07:00"), 100.0),    # lights out before bed (a slip): clamp at 100
    (("23:00", "23:00", 0, 0, "23:00", "23:00"), 0.0),      # no time in bed: 0, not a crash
])
def test_sleep_efficiency_examples(args: tuple, expected: float) -> None:
    assert sleep_efficiency(*args) == expected


def test_difference_and_derived_values() -> None:
    assert difference(70, 30) == 40.0
    assert difference(7.3, 2.1) == 5.2
    values = validate_values(EX, {**BASE, "mood_after": 8, "into_bed": "23:00", "lights_out": "23:30",
                                  "latency": 30, "awake": 30, "final_wake": "6:30", "out_of_bed": "07:00",
                                  "cups": 2.5, "weight": 1})
    assert derived_values(EX, values) == {"mood_change": 3.0, "efficiency": 75.0, "total": 33.5}


def test_derived_only_when_all_inputs_present_and_valid() -> None:
    assert derived_values(EX, {"mood": 5}) == {}
    assert derived_values(EX, {"mood": 5, "mood_after": ""}) == {}
    assert derived_values(EX, {"mood": 5, "mood_after": 99}) == {}
    assert derived_values(EX, {"mood": "5", "mood_after": "9"}) == {"mood_change": 4.0}
    sleep = {"into_bed": "23:00", "lights_out": "23:30", "latency": 30, "awake": 30, "final_wake": "06:30"}
    assert "efficiency" not in derived_values(EX, sleep)
    assert derived_values(EX, {**sleep, "out_of_bed": "7:00"})["efficiency"] == 75.0


def test_built_in_sleep_diary_computes_efficiency_if_present() -> None:
    library = ExerciseLibrary.load()
    for exercise in library.all():
        for item in exercise.derived:
            assert item.function in {"sleep_efficiency", "difference", "sum", "sleep_window"}
            assert all(i in {f.id for f in exercise.fields} for i in item.inputs)


# ---- property: validate_values never fails in an unexpected way ------------------------------

TIME_RE = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


def assert_passes(field: Field, value: object) -> None:
    """The spec's rules for a stored value, written independently of the engine."""
    kind = field.kind
    if kind in ("rating", "minutes"):
        lo, hi = (field.min, field.max) if kind == "rating" else (0, 1440)
        assert type(value) is int and lo <= value <= hi
    elif kind == "number":
        assert type(value) in (int, float) and math.isfinite(value)
        assert field.min is None or value >= field.min
        assert field.max is None or value <= field.max
    elif kind in ("text", "long_text"):
        limit = 500 if kind == "text" else 5000
        assert isinstance(value, str) and value == value.strip() and 0 < len(value) <= limit
        assert kind == "long_text" or len(value.splitlines()) == 1
    elif kind == "choice":
        assert value in field.options
    elif kind == "choices":
        assert isinstance(value, list) and value and len(set(value)) == len(value)
        assert all(v in field.options for v in value)
    elif kind == "time":
        assert isinstance(value, str) and TIME_RE.fullmatch(value)
    elif kind == "yes_no":
        assert type(value) is bool
    else:
        raise AssertionError(f"unexpected kind {kind}")


EXERCISES = [EX, *ExerciseLibrary.load().all()]
OPTION_WORDS = sorted({o for e in EXERCISES for f in e.fields for o in f.options})
ANY_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(-2000, 2000), st.integers(), st.floats(),
    st.text(max_size=20), st.text(max_size=600),
    st.sampled_from(["", " ", "7", " 42 ", "-3", "2.5", "yes", "No", "true", "maybe", "7:05", "23:59",
                     "24:00", "1e5", "٣", "1_0", "12:5", "\n"]),
    st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 30), st.integers(0, 70)),
    st.sampled_from(OPTION_WORDS),
    st.lists(st.one_of(st.sampled_from(OPTION_WORDS), st.text(max_size=5), st.integers()), max_size=4),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def form_value(field: Field, *, valid: bool) -> st.SearchStrategy[object]:
    """What a form might send for `field`: a good answer in any accepted form, or one just off."""
    kind, off = field.kind, 0 if valid else 2
    if kind in ("rating", "number", "minutes"):
        lo = -50 if field.min is None else field.min
        hi = 50 if field.max is None else field.max
        lo, hi = (0, 1440) if kind == "minutes" else (lo, hi)
        ints = st.integers(lo - off, hi + off)
        nums = st.one_of(ints, ints.map(str), ints.map(float))
        if kind == "number" or not valid:
            nums = st.one_of(nums, st.floats(lo - off, hi + off))
        return nums
    if kind in ("text", "long_text"):
        line = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40)
        return line if valid else st.text(max_size=200)
    if kind == "choice":
        picks = st.sampled_from(field.options).map(lambda o: f" {o.upper()} ")
        return picks if valid else st.one_of(picks, st.text(max_size=6))
    if kind == "choices":
        return st.lists(st.sampled_from(field.options), max_size=len(field.options) + off, unique=valid)
    if kind == "time":
        return st.builds(lambda h, m, pad: f"{h:02d}:{m:02d}" if pad else f"{h}:{m:02d}",
                         st.integers(0, 23 + off), st.integers(0, 59 + off), st.booleans())
    words = ["yes", "No", "TRUE", "false", "y", "n"] + ([] if valid else ["perhaps", "1"])
    return st.one_of(st.booleans(), st.sampled_from(words))


@st.composite
def exercise_and_values(draw: st.DrawFn) -> tuple[Exercise, dict[object, object]]:
    exercise = draw(st.sampled_from(EXERCISES))
    values: dict[object, object] = {}
    for field in exercise.fields:
        mode = draw(st.integers(0, 19))
        if mode == 0:
            values[field.id] = draw(ANY_VALUE)
        elif mode == 1:
            values[field.id] = draw(form_value(field, valid=False))
        elif mode > 4:
            values[field.id] = draw(form_value(field, valid=True))
    if draw(st.integers(0, 19)) == 0:
        values[draw(st.text(max_size=8))] = draw(ANY_VALUE)
    return exercise, values


@settings(max_examples=200, deadline=None)
@given(exercise_and_values(), st.sampled_from(["done", "partly", "not done"]))
def test_validate_values_returns_rule_abiding_values_or_values_error(case, outcome: str) -> None:
    exercise, values = case
    try:
        cleaned = validate_values(exercise, values, outcome=outcome)
    except ValuesError as err:
        assert err.errors and all(isinstance(m, str) and m.endswith(".") for m in err.errors.values())
        return
    for field_id, value in cleaned.items():
        assert_passes(exercise.field(field_id), value)
    if outcome == "done":
        assert all(f.id in cleaned for f in exercise.fields if f.required)
    assert validate_values(exercise, cleaned, outcome=outcome) == cleaned
    derived = derived_values(exercise, cleaned)
    assert set(derived) <= {d.id for d in exercise.derived}
    assert all(isinstance(v, float) for v in derived.values())
