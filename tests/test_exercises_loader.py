"""Exercise files: the built-ins are valid, broken files are reported fully and clearly,
and the library merges built-ins with packs. Real files in tmp_path, no mocks."""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.exercises import (
    KINDS,
    TECHNIQUES,
    Derived,
    Exercise,
    ExerciseFileError,
    ExerciseLibrary,
    Field,
    check_folder,
    load_exercise_file,
    parse_exercise,
)
from workbook.paths import content_dir

BUILT_IN_DIR = content_dir("exercises")
BUILT_IN_FILES = sorted(BUILT_IN_DIR.glob("*.toml"))
REQUIRED_TECHNIQUES = {
    "behavioural activation", "cognitive restructuring", "graded exposure", "worry management",
    "problem solving", "sleep", "relaxation", "panic",
}

GOOD = '''\
id = "mood-check"
title = "Mood check"
technique = "other"
summary = "Rate your mood and note what you were doing."
why = "Noticing mood and activity together shows which activities help."
steps = ["Stop for a moment.", "Rate your mood.", "Write what you were doing."]
example = "Sam rated mood 4 after lunch, while tidying the kitchen."
default_minutes = 5

[[fields]]
id = "activity"
label = "What were you doing?"
kind = "text"
required = true

[[fields]]
id = "mood"
label = "Mood right now"
kind = "rating"
min = 0
max = 10
anchors = { "0" = "very low", "10" = "very good" }
chart = true

[[fields]]
id = "type"
label = "What kind of activity?"
kind = "choice"
options = ["routine", "pleasurable", "necessary"]

[[fields]]
id = "mood_later"
label = "Mood an hour later"
kind = "rating"
min = 0
max = 10

[[derived]]
id = "mood_change"
label = "Change in mood"
function = "difference"
inputs = ["mood_later", "mood"]
chart = true
'''


def write(tmp_path: Path, text: str, name: str = "bad.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def edited(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def problems_of(tmp_path: Path, text: str) -> tuple[Path, list[str]]:
    path = write(tmp_path, text)
    with pytest.raises(ExerciseFileError) as info:
        load_exercise_file(path)
    assert info.value.path == path
    lines = str(info.value).splitlines()
    assert len(lines) == len(info.value.problems)
    assert all(line.startswith(f"{path}: ") for line in lines)
    return path, lines


def the_line(lines: list[str], *parts: str) -> str:
    """The one line mentioning all of `parts`."""
    hits = [line for line in lines if all(part in line for part in parts)]
    assert len(hits) == 1, (parts, lines)
    return hits[0]


# ---- built-in content ---------------------------------------------------------------------

def test_at_least_twelve_built_in_exercises() -> None:
    assert len(BUILT_IN_FILES) >= 12, [p.name for p in BUILT_IN_FILES]


@pytest.mark.parametrize("path", BUILT_IN_FILES, ids=lambda p: p.name)
def test_built_in_file_validates(path: Path) -> None:
    exercise = load_exercise_file(path)
    assert exercise.id == path.stem, "a built-in's file name should be <id>.toml"
    assert exercise.source == str(path)


def test_built_ins_unique_and_cover_required_techniques() -> None:
    exercises, errors = check_folder(BUILT_IN_DIR)
    assert errors == [], "\n".join(str(e) for e in errors)
    ids = [e.id for e in exercises]
    assert len(ids) == len(set(ids))
    missing = REQUIRED_TECHNIQUES - {e.technique for e in exercises}
    assert not missing, f"no built-in exercise for: {sorted(missing)}"


def test_good_file_parses_to_expected_exercise(tmp_path: Path) -> None:
    exercise = load_exercise_file(write(tmp_path, GOOD, "mood-check.toml"))
    assert exercise.id == "mood-check" and exercise.technique == "other"
    assert exercise.steps == ("Stop for a moment.", "Rate your mood.", "Write what you were doing.")
    mood = exercise.field("mood")
    assert (mood.kind, mood.min, mood.max, mood.chart, mood.required) == ("rating", 0, 10, True, False)
    assert mood.anchors == {0: "very low", 10: "very good"}
    assert exercise.field("type").options == ("routine", "pleasurable", "necessary")
    assert exercise.field("activity").required is True
    assert exercise.derived == (Derived("mood_change", "Change in mood", "difference",
                                        ("mood_later", "mood"), None, True),)
    assert [c.id for c in exercise.chart_fields] == ["mood", "mood_change"]
    with pytest.raises(KeyError, match="mood-check.*nope"):
        exercise.field("nope")


# ---- one test per kind of problem ---------------------------------------------------------

def test_unknown_kind(tmp_path: Path) -> None:
    _, lines = problems_of(tmp_path, edited('kind = "text"', 'kind = "slider"'))
    line = the_line(lines, "fields[1] (activity)", "slider")
    assert "unknown kind" in line and "rating" in line


def test_min_not_less_than_max(tmp_path: Path) -> None:
    text = edited('kind = "rating"\nmin = 0\nmax = 10\n\n[[derived]]',
                  'kind = "rating"\nmin = 10\nmax = 5\n\n[[derived]]')
    path, lines = problems_of(tmp_path, text)
    assert lines == [f"{path}: fields[4] (mood_later): min (10) must be less than max (5)"]
    with pytest.raises(ExerciseFileError) as info:
        load_exercise_file(path)
    assert info.value.problems[0].field == "fields[4].max"


def test_missing_why(tmp_path: Path) -> None:
    text = edited('why = "Noticing mood and activity together shows which activities help."\n', "")
    _, lines = problems_of(tmp_path, text)
    assert "'why' is missing" in the_line(lines, "why")


def test_empty_why(tmp_path: Path) -> None:
    text = edited('why = "Noticing mood and activity together shows which activities help."',
                  'why = "   "')
    _, lines = problems_of(tmp_path, text)
    assert "why is empty" in the_line(lines, "why")


def test_duplicate_field_id(tmp_path: Path) -> None:
    text = edited('id = "type"', 'id = "mood"')
    _, lines = problems_of(tmp_path, text)
    assert "already used by fields[2]" in the_line(lines, "fields[3] (mood)", "'mood'")


def test_derived_id_clashing_with_field(tmp_path: Path) -> None:
    _, lines = problems_of(tmp_path, edited('id = "mood_change"', 'id = "mood"'))
    assert "already used by a field" in the_line(lines, "derived[1] (mood)")


def test_unknown_top_level_key(tmp_path: Path) -> None:
    _, lines = problems_of(tmp_path, edited('title = "Mood check"', 'titel = "Mood check"'))
    assert "unknown key 'titel'" in the_line(lines, "titel")
    assert "did you mean 'title'" in the_line(lines, "titel")
    assert "'title' is missing" in the_line(lines, "'title'", "missing")


def test_unknown_field_key(tmp_path: Path) -> None:
    _, lines = problems_of(tmp_path, edited('required = true', 'required = true\ncolour = "red"'))
    assert "unknown key 'colour'" in the_line(lines, "fields[1] (activity)")


def test_key_that_does_not_belong_to_the_kind(tmp_path: Path) -> None:
    _, lines = problems_of(tmp_path, edited('max = 10\n\n[[derived]]', 'max = 10\noptions = ["a", "b"]\n\n[[derived]]'))
    line = the_line(lines, "fields[4] (mood_later)")
    assert "'options' is not used by a rating field" in line


def test_bad_toml_reports_line_and_column(tmp_path: Path) -> None:
    text = edited('default_minutes = 5', 'default_minutes 5')
    line_no = text.splitlines().index("default_minutes 5") + 1
    path, lines = problems_of(tmp_path, text)
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}: line {line_no}, column 17: not valid TOML")
    assert "(at line" not in lines[0]


def test_unterminated_toml_at_end_of_file(tmp_path: Path) -> None:
    _, lines = problems_of(tmp_path, GOOD + 'extra = ["never closed",\n')
    assert "end of file" in lines[0] and "not valid TOML" in lines[0]


def test_anchor_out_of_range(tmp_path: Path) -> None:
    _, lines = problems_of(tmp_path, edited('"10" = "very good"', '"150" = "very good"'))
    line = the_line(lines, "fields[2] (mood)")
    assert 'anchor "150" is outside min..max (0 to 10)' in line


def test_anchor_key_not_a_number(tmp_path: Path) -> None:
    _, lines = problems_of(tmp_path, edited('"10" = "very good"', 'high = "very good"'))
    assert "must be a whole number in quotes" in the_line(lines, "fields[2] (mood)", "'high'")


def test_options_missing_for_choice(tmp_path: Path) -> None:
    _, lines = problems_of(tmp_path, edited('options = ["routine", "pleasurable", "necessary"]\n', ""))
    line = the_line(lines, "fields[3] (type)")
    assert "'options' is missing" in line and "choice" in line


@pytest.mark.parametrize("options, expected", [
    ('["routine"]', "options needs at least 2 items"),
    ('["a", "b", "a"]', "options lists 'a' more than once"),
    ('["a", 3]', "options item 2 must be text"),
    ('"routine, other"', "options must be a list"),
])
def test_bad_options(tmp_path: Path, options: str, expected: str) -> None:
    text = edited('options = ["routine", "pleasurable", "necessary"]', f"options = {options}")
    _, lines = problems_of(tmp_path, text)
    assert expected in the_line(lines, "fields[3] (type)")


def test_derived_input_missing(tmp_path: Path) -> None:
    _, lines = problems_of(tmp_path, edited('inputs = ["mood_later", "mood"]', 'inputs = ["mood_later", "nope"]'))
    line = the_line(lines, "derived[1] (mood_change)")
    assert "input 'nope' is not a field of this exercise" in line


def test_derived_input_of_wrong_kind(tmp_path: Path) -> None:
    _, lines = problems_of(tmp_path, edited('inputs = ["mood_later", "mood"]', 'inputs = ["activity", "mood"]'))
    assert "input 1 of difference must be a rating/number/minutes field, not text" in the_line(lines, "derived[1]")


def test_derived_wrong_number_of_inputs(tmp_path: Path) -> None:
    _, lines = problems_of(tmp_path, edited('inputs = ["mood_later", "mood"]', 'inputs = ["mood"]'))
    assert "difference needs 2 inputs" in the_line(lines, "derived[1]")


def test_unknown_derived_function(tmp_path: Path) -> None:
    _, lines = problems_of(tmp_path, edited('function = "difference"', 'function = "average"'))
    line = the_line(lines, "derived[1] (mood_change)")
    assert "unknown function 'average'" in line and "sleep_efficiency" in line


def test_sleep_efficiency_input_kinds_checked(tmp_path: Path) -> None:
    text = edited('function = "difference"', 'function = "sleep_efficiency"')
    _, lines = problems_of(tmp_path, text)
    assert "sleep_efficiency needs 6 inputs" in the_line(lines, "derived[1]")


def test_chart_only_for_numeric_kinds(tmp_path: Path) -> None:
    _, lines = problems_of(tmp_path, edited('required = true', 'required = true\nchart = true'))
    assert "chart = true is only allowed for rating, number and minutes" in the_line(lines, "fields[1]")


@pytest.mark.parametrize("old, new, where, expected", [
    ("default_minutes = 5", 'default_minutes = "5"', "default_minutes", "must be a whole number, not text"),
    ("default_minutes = 5", "default_minutes = 300", "default_minutes", "must be from 1 to 240 (it is 300)"),
    ("required = true", 'required = "yes"', "fields[1] (activity)", "required must be true or false, not text"),
    ("min = 0\nmax = 10\nanchors", "min = 0.5\nmax = 10\nanchors", "fields[2] (mood)", "min must be a whole number"),
    ('id = "mood-check"', 'id = "Mood Check"', "id", "is not allowed"),
    ('id = "activity"', 'id = "Activity"', "fields[1]", "id 'Activity' is not allowed"),
    ('title = "Mood check"', 'title = "' + "x" * 61 + '"', "title", "at most 60 characters (it has 61)"),
    ('summary = "Rate', 'summary = "Two\\nlines. Rate', "summary", "must be a single line"),
    ('technique = "other"', 'technique = "mindfulness"', "technique", "unknown technique 'mindfulness'"),
    ("steps = [", 'steps = ["", ', "steps", "steps item 1 is empty"),
    ("default_minutes = 5", "default_minutes = 5\nformat = 2", "format", "format 2 is not known"),
    ('label = "Mood right now"\n', "", "fields[2] (mood)", "'label' is missing"),
    ("min = 0\nmax = 10\nanchors", "max = 10\nanchors", "fields[2] (mood)", "'min' is missing: a rating needs both"),
])
def test_wrong_values(tmp_path: Path, old: str, new: str, where: str, expected: str) -> None:
    _, lines = problems_of(tmp_path, edited(old, new))
    assert expected in the_line(lines, where, expected)


def test_fields_must_be_tables_and_present(tmp_path: Path) -> None:
    top = GOOD.split("[[fields]]")[0]
    _, lines = problems_of(tmp_path, top)
    assert "'fields' is missing" in the_line(lines, "fields")
    _, lines = problems_of(tmp_path, top + "fields = []\n")
    assert "fields is empty" in the_line(lines, "fields")
    _, lines = problems_of(tmp_path, top + 'fields = ["mood"]\n')
    assert "must be a table, not text" in the_line(lines, "fields[1]")


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    text = GOOD
    text = edited('kind = "text"', 'kind = "slider"', text)
    text = edited('why = "Noticing mood and activity together shows which activities help."\n', "", text)
    text = edited('title = "Mood check"', 'titel = "Mood check"', text)
    text = edited('"10" = "very good"', '"150" = "very good"', text)
    text = edited('inputs = ["mood_later", "mood"]', 'inputs = ["mood_later", "nope"]', text)
    _, lines = problems_of(tmp_path, text)
    for part in ("slider", "'why' is missing", "unknown key 'titel'", "'title' is missing",
                 'anchor "150"', "input 'nope'"):
        the_line(lines, part)
    assert len(lines) == 6


def test_not_utf8_and_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(GOOD.replace("Sam", "Zo\xeb").encode("latin-1"))
    with pytest.raises(ExerciseFileError, match="latin.toml: the file is not UTF-8"):
        load_exercise_file(path)
    with pytest.raises(ExerciseFileError, match="could not read the file"):
        load_exercise_file(tmp_path / "missing.toml")


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_exercise_file(path).id == "mood-check"


# ---- folders and the library ----------------------------------------------------------------

def test_check_folder_reports_bad_files_and_duplicate_ids(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a-mood.toml")
    write(tmp_path, GOOD, "b-mood-copy.toml")
    write(tmp_path, edited('kind = "text"', 'kind = "slider"'), "c-bad.toml")
    write(tmp_path, "not = toml = at all", "d-broken.toml")
    write(tmp_path, "ignored", "notes.txt")
    exercises, errors = check_folder(tmp_path)
    assert [e.source for e in exercises] == [str(tmp_path / "a-mood.toml")]
    assert [Path(e.path).name for e in errors] == ["b-mood-copy.toml", "c-bad.toml", "d-broken.toml"]
    assert "id 'mood-check' is already used by a-mood.toml" in str(errors[0])
    with pytest.raises(NotADirectoryError):
        check_folder(tmp_path / "nowhere")


def test_library_built_ins() -> None:
    library = ExerciseLibrary.load()
    assert library.warnings == []
    assert len(library) == len(BUILT_IN_FILES)
    assert all(e.source == "built-in" for e in library.all())
    order = [(TECHNIQUES.index(e.technique), e.title.casefold()) for e in library.all()]
    assert order == sorted(order)
    groups = library.by_technique()
    assert list(groups) == [t for t in TECHNIQUES if t in groups]
    assert sum(len(v) for v in groups.values()) == len(library)
    first = library.all()[0]
    assert first.id in library and library.get(first.id) is first
    assert "nope" not in library
    with pytest.raises(KeyError, match="no exercise with id 'nope'"):
        library.get("nope")


def test_library_pack_adds_overrides_and_survives_bad_files(tmp_path: Path) -> None:
    pack = tmp_path / "exercises"
    pack.mkdir()
    write(pack, GOOD, "mood-check.toml")
    built_in = load_exercise_file(BUILT_IN_FILES[0])
    override = BUILT_IN_FILES[0].read_text(encoding="utf-8").replace(
        f'title = "{built_in.title}"', 'title = "Our own version"', 1)
    assert override != BUILT_IN_FILES[0].read_text(encoding="utf-8")
    write(pack, override, "override.toml")
    write(pack, edited("min = 0\nmax = 10\nanchors", "min = 10\nmax = 0\nanchors"), "broken.toml")

    library = ExerciseLibrary.load(home=tmp_path)
    assert library.get("mood-check").source == str(pack / "mood-check.toml")
    replaced = library.get(built_in.id)
    assert replaced.title == "Our own version" and replaced.source == str(pack / "override.toml")
    assert [e.source for e in library.overridden[built_in.id]] == ["built-in"]
    assert len(library) == len(BUILT_IN_FILES) + 1
    assert library.warnings and all(w.startswith(str(pack / "broken.toml")) for w in library.warnings)
    assert any("min (10) must be less than max (0)" in w for w in library.warnings)
    assert [Path(e.path).name for e in library.errors] == ["broken.toml"]


def test_library_extra_dirs_override_home_and_missing_dir_warns(tmp_path: Path) -> None:
    (tmp_path / "home" / "exercises").mkdir(parents=True)
    write(tmp_path / "home" / "exercises", GOOD, "mood-check.toml")
    extra = tmp_path / "study"
    extra.mkdir()
    write(extra, edited('title = "Mood check"', 'title = "Study mood check"'), "mood-check.toml")
    library = ExerciseLibrary.load(home=tmp_path / "home", extra_dirs=[extra, tmp_path / "nowhere"])
    assert library.get("mood-check").title == "Study mood check"
    assert library.warnings == [f"{tmp_path / 'nowhere'}: exercise folder not found"]


def test_library_without_home_pack_folder(tmp_path: Path) -> None:
    library = ExerciseLibrary.load(home=tmp_path)
    assert library.warnings == [] and len(library) == len(BUILT_IN_FILES)


# ---- property tests ------------------------------------------------------------------------

def toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("-inf" if value < 0 else "inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


def to_toml(doc: dict[str, object]) -> str:
    """A tiny TOML writer: scalars first, then non-empty lists of tables as [[tables]]."""
    lines, tables = [], {}
    for key, value in doc.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            tables[key] = value
        else:
            lines.append(f"{toml_string(key)} = {toml_value(value)}")
    for key, items in tables.items():
        for item in items:
            lines += ["", f"[[{toml_string(key)}]]"]
            lines += [f"{toml_string(k)} = {toml_value(v)}" for k, v in item.items()]
    return "\n".join(lines) + "\n"


def texts(max_size: int, single_line: bool = True) -> st.SearchStrategy[str]:
    bad = ("Cs", "Cc", "Zl", "Zp") if single_line else ("Cs",)
    chars = st.characters(blacklist_categories=bad)
    return st.text(chars, min_size=1, max_size=max_size).map(str.strip).filter(bool)


EXERCISE_IDS = st.from_regex(r"[a-z][a-z0-9-]{1,47}", fullmatch=True)
FIELD_IDS = st.from_regex(r"[a-z][a-z0-9_]{0,39}", fullmatch=True)
SLEEP = (("sl_in", "time"), ("sl_out", "time"), ("sl_lat", "minutes"), ("sl_awake", "minutes"),
         ("sl_wake", "time"), ("sl_up", "time"))


@st.composite
def field_tables(draw: st.DrawFn, field_id: str, kind: str | None = None) -> dict[str, object]:
    kind = kind or draw(st.sampled_from(KINDS))
    table: dict[str, object] = {"id": field_id, "label": draw(texts(60)), "kind": kind}
    if draw(st.booleans()):
        table["help"] = draw(texts(60, single_line=False))
    if draw(st.booleans()):
        table["required"] = draw(st.booleans())
    if kind in ("rating", "number", "minutes") and draw(st.booleans()):
        table["chart"] = draw(st.booleans())
    if kind in ("rating", "number"):
        lo = draw(st.integers(-1000, 1000))
        hi = draw(st.integers(lo + 1, lo + 1000))
        if kind == "rating" or draw(st.booleans()):
            table["min"] = lo
        if kind == "rating" or draw(st.booleans()):
            table["max"] = hi
        if kind == "rating" and draw(st.booleans()):
            table["anchors"] = draw(st.dictionaries(st.integers(lo, hi).map(str), texts(20), max_size=4))
        if kind == "number" and draw(st.booleans()):
            table["unit"] = draw(texts(10))
    if kind in ("choice", "choices"):
        table["options"] = draw(st.lists(texts(20), min_size=2, max_size=5, unique=True))
    return table


@st.composite
def exercise_docs(draw: st.DrawFn) -> dict[str, object]:
    sleep = draw(st.booleans())
    taken = {name for name, _ in SLEEP}
    ids = draw(st.lists(FIELD_IDS.filter(lambda i: i not in taken), min_size=3, max_size=8, unique=True))
    field_ids, derived_ids = ids[:-2], ids[-2:]
    fields = [draw(field_tables(i)) for i in field_ids]
    if sleep:
        fields += [draw(field_tables(name, kind)) for name, kind in SLEEP]
    derived = []
    numeric = [f["id"] for f in fields if f["kind"] in ("rating", "number", "minutes")]
    if len(numeric) >= 2 and draw(st.booleans()):
        derived.append({"id": derived_ids[0], "label": draw(texts(40)), "function": "difference",
                        "inputs": draw(st.permutations(numeric))[:2]})
    if numeric and draw(st.booleans()):
        derived.append({"id": derived_ids[1], "label": draw(texts(40)), "function": "sum",
                        "inputs": draw(st.lists(st.sampled_from(numeric), min_size=1, max_size=4)),
                        "unit": draw(texts(5)), "chart": draw(st.booleans())})
    if sleep:
        derived.append({"id": "sl_efficiency", "label": "Sleep efficiency", "function": "sleep_efficiency",
                        "inputs": [name for name, _ in SLEEP], "unit": "%", "chart": True})
    doc: dict[str, object] = {
        "id": draw(EXERCISE_IDS), "title": draw(texts(60)), "technique": draw(st.sampled_from(TECHNIQUES)),
        "summary": draw(texts(140)), "why": draw(texts(120, single_line=False)),
        "steps": draw(st.lists(texts(40, single_line=False), min_size=1, max_size=4)),
        "example": draw(texts(120, single_line=False)), "default_minutes": draw(st.integers(1, 240)),
        "fields": fields,
    }
    if derived:
        doc["derived"] = derived
    if draw(st.booleans()):
        doc["format"] = 1
    return doc


def expected_exercise(doc: dict[str, object], source: str) -> Exercise:
    fields = tuple(
        Field(f["id"], f["label"], f["kind"], f.get("help"), f.get("required", False), f.get("chart", False),
              f.get("min"), f.get("max"), dict(sorted((int(k), v) for k, v in f.get("anchors", {}).items())),
              tuple(f.get("options", ())), f.get("unit"))
        for f in doc["fields"])
    derived = tuple(Derived(d["id"], d["label"], d["function"], tuple(d["inputs"]), d.get("unit"),
                            d.get("chart", False)) for d in doc.get("derived", []))
    return Exercise(doc["id"], doc["title"], doc["technique"], doc["summary"], doc["why"],
                    tuple(doc["steps"]), doc["example"], doc["default_minutes"], fields, derived, source)


@settings(max_examples=100, deadline=None)
@given(exercise_docs())
def test_valid_documents_parse_and_round_trip(doc: dict[str, object]) -> None:
    exercise = parse_exercise(to_toml(doc), "generated.toml")
    assert exercise == expected_exercise(doc, "generated.toml")
    assert all(f.anchors == dict(sorted(f.anchors.items())) for f in exercise.fields)


JUNK = st.recursive(
    st.one_of(st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(), st.text(max_size=12), st.dates()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=6,
)
FIELD_KEYS = ("id", "label", "kind", "help", "required", "chart", "min", "max", "anchors", "options", "unit")
TOP_KEYS = ("id", "title", "technique", "summary", "why", "steps", "example", "default_minutes",
            "fields", "derived", "format")


@st.composite
def broken_docs(draw: st.DrawFn) -> dict[str, object]:
    doc = copy.deepcopy(draw(exercise_docs()))
    for _ in range(draw(st.integers(1, 3))):
        fields = doc.get("fields")
        table = draw(st.sampled_from(fields)) if isinstance(fields, list) and fields else None
        table = table if isinstance(table, dict) else None
        action = draw(st.sampled_from(["drop", "drop_field_key", "kind", "swap", "retype", "retype_field",
                                       "unknown", "junk_item", "derived_inputs"]))
        if action == "drop":
            doc.pop(draw(st.sampled_from(TOP_KEYS)), None)
        elif action == "drop_field_key" and table:
            table.pop(draw(st.sampled_from(FIELD_KEYS)), None)
        elif action == "kind" and table:
            table["kind"] = draw(st.one_of(st.text(max_size=10), st.sampled_from(KINDS), JUNK))
        elif action == "swap" and table and "min" in table and "max" in table:
            table["min"], table["max"] = table["max"], table["min"]
        elif action == "retype":
            doc[draw(st.sampled_from(TOP_KEYS))] = draw(JUNK)
        elif action == "retype_field" and table:
            table[draw(st.sampled_from(FIELD_KEYS))] = draw(JUNK)
        elif action == "unknown":
            target = table if table is not None and draw(st.booleans()) else doc
            target[draw(st.text(min_size=1, max_size=8))] = draw(JUNK)
        elif action == "junk_item" and isinstance(fields, list):
            fields.insert(draw(st.integers(0, len(fields))), draw(JUNK))
        elif action == "derived_inputs" and isinstance(doc.get("derived"), list) \
                and doc["derived"] and isinstance(doc["derived"][0], dict):
            doc["derived"][0]["inputs"] = draw(st.one_of(st.lists(FIELD_IDS, max_size=3), JUNK))
    return doc


def assert_clean_failure(err: ExerciseFileError, source: str) -> None:
    assert err.problems and str(err.path) == source
    for line in str(err).split("\n"):
        assert line.startswith(f"{source}: ") and len(line) > len(source) + 2


@settings(max_examples=150, deadline=None)
@given(broken_docs())
def test_broken_documents_fail_cleanly(doc: dict[str, object]) -> None:
    try:
        exercise = parse_exercise(to_toml(doc), "mutated.toml")
    except ExerciseFileError as err:
        assert_clean_failure(err, "mutated.toml")
    else:
        assert isinstance(exercise, Exercise)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(), st.binary().map(lambda b: b.decode("utf-8", errors="replace")),
                 st.lists(st.sampled_from(GOOD.splitlines(keepends=True))).map("".join)))
def test_random_text_fails_cleanly(text: str) -> None:
    try:
        parse_exercise(text, "random.toml")
    except ExerciseFileError as err:
        assert_clean_failure(err, "random.toml")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_random_bytes_file_fails_cleanly(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bytes.toml"
    path.write_bytes(data)
    try:
        load_exercise_file(path)
    except ExerciseFileError as err:
        assert_clean_failure(err, str(path))


def test_problem_locations_are_dotted() -> None:
    text = edited('kind = "text"', 'kind = "slider"')
    text = edited('"10" = "very good"', '"150" = "very good"', text)
    with pytest.raises(ExerciseFileError) as info:
        parse_exercise(text, "x.toml")
    assert [p.field for p in info.value.problems] == ["fields[1].kind", "fields[2].anchors.150"]
    assert re.fullmatch(r"fields\[\d+\] \(\w+\)", info.value.problems[0].where)
