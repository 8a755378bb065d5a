"""The two JSON codecs a database file may meet read the same documents and refuse the same ones."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbook.storage import json_codec
from workbook.storage.atomic import DamagedFileError, parse_json_bytes

# What a database holds: tables of records of text, whole numbers, finite floats, true/false, null, lists.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
SCALARS = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False, allow_infinity=False) | TEXT
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                      max_leaves=20)


@pytest.fixture
def standard(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The codec as a timer run starts: nothing handled yet, orjson not loaded."""
    monkeypatch.setattr(json_codec, "_orjson", None)
    monkeypatch.setattr(json_codec, "_handled", 0)
    monkeypatch.setattr(json_codec, "FAST_AFTER_BYTES", 2**62)
    yield


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(json_codec, "_orjson", orjson)
    yield


@given(VALUES)
def test_either_codec_reads_what_the_other_wrote(value: object) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_codec, "_orjson", None)
        patch.setattr(json_codec, "FAST_AFTER_BYTES", 2**62)
        written_standard = json_codec.dumps(value)
        read_standard = json_codec.loads(orjson.dumps(value))
    assert orjson.loads(written_standard) == value == read_standard
    assert json.loads(orjson.dumps(value)) == value


@pytest.mark.parametrize("raw", [b"NaN", b"[Infinity]", b"[-Infinity]", b"[1e400]", b"{\"a\": 1", b"\xff{}",
                                 b"\xef\xbb\xbf{}", b"[\"\\ud800\"]", b"{\"a\": \"\\udc00\"}", b"", b"{} x"])
def test_both_codecs_refuse_what_is_not_strict_json(raw: bytes, standard: None) -> None:
    with pytest.raises((json_codec.DecodeError, UnicodeDecodeError)):
        orjson.loads(raw)
    with pytest.raises((json_codec.DecodeError, UnicodeDecodeError)):
        json_codec.loads(raw)


def test_a_damaged_file_is_named_whichever_codec_reads_it(standard: None) -> None:
    with pytest.raises(DamagedFileError, match="is not valid JSON"):
        parse_json_bytes(Path("core.json"), b'{"plans": {"1": {"minutes": NaN}}}')


def test_a_surrogate_pair_written_as_escapes_is_read_as_its_character(standard: None) -> None:
    assert json_codec.loads(b'["\\ud83d\\ude00"]') == ["\U0001f600"]


def test_the_standard_library_is_used_until_enough_json_was_handled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_codec, "_orjson", None)
    monkeypatch.setattr(json_codec, "_handled", 0)
    monkeypatch.setattr(json_codec, "FAST_AFTER_BYTES", 100)
    json_codec.loads(b'{"a": [1, 2, 3]}')
    assert json_codec._orjson is None
    json_codec.dumps({"text": "x" * 100})
    assert json_codec._orjson is orjson  # a big home: orjson from now on
    assert json_codec.dumps({"a": 1}) == b'{"a":1}'


def test_the_fast_codec_writes_the_same_compact_utf8(fast: None) -> None:
    value = {"what": "Walk · 20 min", "n": 3, "list": [True, None]}
    fast_bytes = json_codec.dumps(value)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_codec, "_orjson", None)
        patch.setattr(json_codec, "FAST_AFTER_BYTES", 2**62)
        assert json_codec.dumps(value) == fast_bytes
