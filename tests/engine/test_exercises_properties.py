"""Property tests for the exercise parser: generated valid documents parse and round-trip;
broken documents, random text and random bytes fail with ExerciseFileError, never anything else."""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from pathlib import Path

import pytest
from exercise_samples import GOOD, edited
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.content.exercises import (
    KINDS,
    TECHNIQUES,
    Derived,
    Exercise,
    ExerciseFileError,
    Field,
    load_exercise_file,
    parse_exercise,
)

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
