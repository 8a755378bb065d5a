"""The study pack parser: the shipped example is good, every problem names its field, and no input crashes it."""

from __future__ import annotations

import json
from datetime import time
from pathlib import Path

import pytest
from helpers import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.content.library import ExerciseLibrary
from workbook.content.study import MEASURE_IDS, StudyPackError, load_pack, parse_pack

EXAMPLE = REPO / "docs" / "study-pack" / "study.toml"
BUILT_IN = {e.id for e in ExerciseLibrary.load(None)}


def test_the_documented_example_is_a_good_pack() -> None:
    pack = load_pack(EXAMPLE, BUILT_IN)
    assert pack.id == "MOOD-ACT-1" and pack.consent_version == "2.1"
    assert pack.offered == ("activity-scheduling", "activity-diary", "thought-record", "three-good-things")
    assert [e.id for e in pack.shipped] == ["three-good-things"]
    assert pack.measures == ("phq9", "gad7") and pack.every_days == 14
    assert (pack.lead_minutes, pack.quiet_start, pack.quiet_end) == (10, time(22, 0), time(8, 0))
    assert pack.participant_problem("P-017") is None and pack.participant_problem("17") is not None
    assert len(pack.consent_digest) == 64


def test_the_example_in_the_docs_is_the_shipped_file() -> None:
    """docs/study-pack.md shows the example pack in full; it must be the file the test checks."""
    doc = (REPO / "docs" / "study-pack.md").read_text()
    assert EXAMPLE.read_text().strip() in doc


def _pack(text: str, folder: Path) -> list[str]:
    try:
        parse_pack(text, folder / "study.toml", BUILT_IN)
    except StudyPackError as err:
        return err.problems
    return []


GOOD = """
[study]
id = "S-1"
[exercises]
offered = ["activity-scheduling"]
[participant]
prompt = "Your ID is on your card."
[consent]
version = "1"
text = "I agree."
"""


@pytest.mark.parametrize("change, field", [
    (("id = \"S-1\"", "id = \"S 1!\""), "study.id"),
    (("id = \"S-1\"", ""), "study.id"),
    (("offered = [\"activity-scheduling\"]", "offered = [\"no-such-exercise\"]"), "exercises.offered[1]"),
    (("offered = [\"activity-scheduling\"]", "offered = []"), "exercises.offered"),
    (("offered = [\"activity-scheduling\"]", "offered = \"activity-scheduling\""), "exercises.offered"),
    (("[exercises]", "[exercises]\nfiles = [\"../elsewhere.toml\"]"), "exercises.files[1]"),
    (("[exercises]", "[exercises]\nfiles = [\"missing.toml\"]"), "exercises.files[1]"),
    (("[consent]", "[questionnaires]\nmeasures = [\"bdi\"]\n[consent]"), "questionnaires.measures[1]"),
    (("[consent]", "[questionnaires]\nevery_days = 0\n[consent]"), "questionnaires.every_days"),
    (("[consent]", "[reminders]\nquiet_start = \"25:00\"\nquiet_end = \"08:00\"\n[consent]"), "reminders.quiet_start"),
    (("[consent]", "[reminders]\nquiet_start = \"22:00\"\n[consent]"), "reminders.quiet_end"),
    (("[consent]", "[reminders]\nlead_minutes = true\n[consent]"), "reminders.lead_minutes"),
    (("prompt = \"Your ID is on your card.\"", "prompt = \"\""), "participant.prompt"),
    (("[consent]", "[participant.extra]\n[consent]"), "participant.extra"),
    (("version = \"1\"", ""), "consent.version"),
    (("text = \"I agree.\"", "text = 3"), "consent.text"),
    (("[study]", "[sponsor]\nname = \"x\"\n[study]"), "sponsor"),
])
def test_each_problem_is_one_line_naming_its_field(tmp_path: Path, change: tuple[str, str], field: str) -> None:
    assert _pack(GOOD, tmp_path) == []
    problems = _pack(GOOD.replace(*change), tmp_path)
    assert problems and problems[0].startswith(f"{field}: "), problems
    assert all("\n" not in p for p in problems)


def test_a_shipped_exercise_file_is_checked_like_exercises_check(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text('id = "mine"\ntitle = "Mine"\n')
    problems = _pack(GOOD.replace("[exercises]", "[exercises]\nfiles = [\"mine.toml\"]"), tmp_path)
    assert problems and all(p.startswith("exercises.files[1]: mine.toml: ") for p in problems)


def test_not_toml_is_one_problem(tmp_path: Path) -> None:
    assert _pack("[study\nid=", tmp_path)[0].startswith("not valid TOML")


_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
_value = st.recursive(st.one_of(st.booleans(), st.integers(-5, 200), _text, st.none()),
                      lambda inner: st.lists(inner, max_size=3), max_leaves=6)
_sections = st.sampled_from(["study", "exercises", "questionnaires", "reminders", "participant", "consent", "other"])
_keys = st.sampled_from(["id", "title", "offered", "files", "measures", "every_days", "lead_minutes", "quiet_start",
                         "quiet_end", "prompt", "id_pattern", "version", "text", "other"])


def _toml(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    items = [_toml(v) for v in value]  # type: ignore[attr-defined]
    return None if any(i is None for i in items) else "[" + ", ".join(items) + "]"  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(_sections, st.dictionaries(_keys, _value, max_size=5), max_size=6))
def test_any_pack_is_read_or_refused_with_named_fields(tmp_path: Path, data: dict) -> None:
    lines = []
    for section, table in data.items():
        lines.append(f"[{section}]")
        lines += [f"{k} = {t}" for k, v in table.items() if (t := _toml(v)) is not None]
    try:
        pack = parse_pack("\n".join(lines), tmp_path / "study.toml", BUILT_IN)
    except StudyPackError as err:
        assert err.problems and all(p.split(":", 1)[0] for p in err.problems)
        known = {f"{s}.{k}" for s in data for k in data[s]} | set(data) | {
            "study.id", "exercises.offered", "participant.prompt", "consent.version", "consent.text",
            "reminders.quiet_start", "reminders.quiet_end"}  # quiet hours name the half that is missing
        for problem in err.problems:
            where = problem.split(": ", 1)[0]
            assert where.split("[", 1)[0] in known, problem
    else:
        assert pack.id and pack.offered and pack.prompt and pack.consent_text
        assert set(pack.offered) <= BUILT_IN and set(pack.measures) <= set(MEASURE_IDS)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(study=st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,20}\Z"),
       offered=st.lists(st.sampled_from(sorted(BUILT_IN)), min_size=1, max_size=4, unique=True),
       measures=st.lists(st.sampled_from(MEASURE_IDS), min_size=1, max_size=3, unique=True),
       every=st.integers(1, 90), lead=st.integers(0, 1440),
       prompt=_text.filter(str.strip), consent=_text.filter(str.strip))
def test_a_good_pack_reads_back_what_it_says(tmp_path: Path, study: str, offered: list[str], measures: list[str],
                                             every: int, lead: int, prompt: str, consent: str) -> None:
    text = f"""[study]
id = {json.dumps(study)}
[exercises]
offered = {json.dumps(offered)}
[questionnaires]
measures = {json.dumps(measures)}
every_days = {every}
[reminders]
lead_minutes = {lead}
[participant]
prompt = {json.dumps(prompt, ensure_ascii=False)}
[consent]
version = "3"
text = {json.dumps(consent, ensure_ascii=False)}
"""
    pack = parse_pack(text, tmp_path / "study.toml", BUILT_IN)
    assert (pack.id, list(pack.offered), list(pack.measures), pack.every_days, pack.lead_minutes) == (
        study, offered, measures, every, lead)
    assert (pack.prompt, pack.consent_text) == (prompt.strip(), consent.strip())
