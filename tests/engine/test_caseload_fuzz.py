"""Any file in a caseload folder gives a row: a readable pack, or one line saying why not (never an exception)."""

from __future__ import annotations

import json
from pathlib import Path

from caseload_packs import pack
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workbook.insight.caseload import summarise
from workbook.insight.caseload_words import row_cells, row_details
from workbook.insight.pack_sections import pack_sections

SOURCE = Path("/packs/file.json")
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20)
KEYS = list(pack())


def check(data: bytes) -> None:
    row = summarise(SOURCE, data)
    if row.readable:
        assert row.pack is not None
        row_cells(row, now=row.generated_at, zone="Europe/London")  # type: ignore[arg-type]
        row_details(row, now=row.generated_at, zone="Europe/London")  # type: ignore[arg-type]
        pack_sections(row.pack, zone="Europe/London")
    else:
        assert row.problem and "\n" not in row.problem and len(row.problem) < 200


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes(data: bytes) -> None:
    check(data)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(KEYS), json_values)
def test_a_pack_with_any_one_value_changed(key: str, value: object) -> None:
    body = pack()
    body[key] = value
    check(json.dumps(body).encode())


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["plans", "barriers", "questionnaires", "questions", "risk"]), json_values)
def test_a_pack_with_any_entry_in_a_list(key: str, value: object) -> None:
    body = pack()
    body[key] = [*body[key], value]
    check(json.dumps(body).encode())


NESTED = {
    "plan": (lambda b: b["plans"][0], list(pack()["plans"][0])),
    "schedule": (lambda b: b["plans"][0]["schedule"], list(pack()["plans"][0]["schedule"])),
    "questionnaire": (lambda b: b["questionnaires"][0], list(pack()["questionnaires"][0])),
    "score": (lambda b: b["questionnaires"][0]["scores"][0], list(pack()["questionnaires"][0]["scores"][0])),
    "since_first": (lambda b: b["questionnaires"][0]["since_first"], list(pack()["questionnaires"][0]["since_first"])),
    "patient": (lambda b: b["patient"], list(pack()["patient"])),
    "period": (lambda b: b["period"], list(pack()["period"])),
    "totals": (lambda b: b["totals"], list(pack()["totals"])),
}


@settings(max_examples=400, deadline=None)
@example(("plan", "notes"), 1)  # once read as a list of notes
@example(("plan", "if_then"), True)
@given(st.sampled_from(sorted(NESTED)).flatmap(lambda part: st.tuples(st.just(part), st.sampled_from(NESTED[part][1]))),
       json_values)
def test_a_pack_with_any_inner_value_changed(where: tuple[str, str], value: object) -> None:
    part, key = where
    body = pack()
    NESTED[part][0](body)[key] = value
    check(json.dumps(body).encode())
