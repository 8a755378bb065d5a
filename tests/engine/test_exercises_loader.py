"""Exercise files: the built-ins are valid, broken files are reported fully and clearly,
and the library merges built-ins with packs. Real files in tmp_path, no mocks."""

from __future__ import annotations

from pathlib import Path

import pytest
from exercise_samples import GOOD, edited

from workbook.content.exercises import TECHNIQUES, Derived, ExerciseFileError, load_exercise_file
from workbook.content.library import ExerciseLibrary, check_folder
from workbook.content.paths import content_dir

BUILT_IN_DIR = content_dir("exercises")
BUILT_IN_FILES = sorted(BUILT_IN_DIR.glob("*.toml"))
REQUIRED_TECHNIQUES = {
    "behavioural activation", "cognitive restructuring", "graded exposure", "worry management",
    "problem solving", "sleep", "relaxation", "panic",
}



def write(tmp_path: Path, text: str, name: str = "bad.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


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


def test_a_text_field_may_give_its_own_example(tmp_path: Path) -> None:
    path = write(tmp_path, edited('kind = "text"', 'kind = "text"\nplaceholder = "Walked to the shop"'), "good.toml")
    field = load_exercise_file(path).fields[0]
    assert (field.id, field.placeholder) == ("activity", "Walked to the shop")


@pytest.mark.parametrize("old, new, expected", [
    ('kind = "text"', 'kind = "text"\nplaceholder = "' + "x" * 121 + '"', "placeholder is too long: at most 120"),
    ('kind = "text"', 'kind = "text"\nplaceholder = "one\\ntwo"', "placeholder must be a single line"),
    ('max = 10\n\n[[derived]]', 'max = 10\nplaceholder = "e.g. 7"\n\n[[derived]]',
     "'placeholder' is not used by a rating field (only by text and long_text fields)"),
])
def test_a_field_example_is_one_short_line_on_a_text_field(tmp_path: Path, old: str, new: str, expected: str) -> None:
    _, lines = problems_of(tmp_path, edited(old, new))
    assert any(expected in line for line in lines), lines


def test_built_in_examples_are_on_text_fields_and_leave_the_e_g_to_the_form() -> None:
    fields = [f for e in ExerciseLibrary.load().all() for f in e.fields if f.placeholder]
    assert len(fields) >= 40
    assert all(f.kind in ("text", "long_text") for f in fields)
    assert not [f.placeholder for f in fields if f.placeholder.lower().startswith(("e.g", "for example"))]  # the form adds it
