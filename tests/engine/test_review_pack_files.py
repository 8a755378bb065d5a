"""Review pack file names, and the JSON reader against any bytes at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbook.core.errors import WorkbookError
from workbook.outputs.review_pack import PackFormatError, pack_paths, read_pack_json


@pytest.mark.parametrize("out", ["/x/pack", "/x/pack.html", "/x/pack.json", "/x/pack.fhir.json", "/x/pack.html.age"])
def test_one_name_gives_three_files(out: str) -> None:
    assert pack_paths(out) == (Path("/x/pack.html"), Path("/x/pack.json"), Path("/x/pack.fhir.json"))
    assert [p.name for p in pack_paths(out, sealed=True)] == ["pack.html.age", "pack.json.age", "pack.fhir.json.age"]


@pytest.mark.parametrize("out", ["-", "/dev/stdout", "/x/"])
def test_no_name_is_refused_plainly(out: str) -> None:
    with pytest.raises(WorkbookError) as caught:
        pack_paths(out)
    assert "\n" not in str(caught.value)


@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_are_a_pack_or_one_plain_reason(data: bytes) -> None:
    try:
        found = read_pack_json(data)
    except PackFormatError as exc:
        assert "\n" not in str(exc) and str(exc)
    else:
        assert found["format"] == "workbook-review-pack"


@given(st.dictionaries(st.text(max_size=8), st.none() | st.integers() | st.text(max_size=8), max_size=5),
       st.integers(min_value=-3, max_value=5) | st.text(max_size=3) | st.none())
def test_any_object_is_read_only_with_our_format_and_a_known_version(extra: dict, version: object) -> None:
    data = {**extra, "format": "workbook-review-pack", "version": version}
    try:
        found = read_pack_json(json.dumps(data))
    except PackFormatError:
        assert not (isinstance(version, int) and 1 <= version <= 1)
    else:
        assert found["version"] == 1
