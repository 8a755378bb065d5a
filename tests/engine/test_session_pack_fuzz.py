"""Any file at all given as a session pack: either it is a pack, or one line says why and nothing changes.

Hypothesis mutates the sample pack (cuts, insertions, swapped values) and builds TOML-like
documents from scratch; each is imported into a real home, whose files are compared after.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time
from pathlib import Path

from helpers import NOW, db_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from session_pack_sample import SAMPLE

from workbook.core.model import Settings
from workbook.facade import SETTINGS_ID, Workbook
from workbook.planning.session_pack import SessionPackError, parse_session_pack, session_pack_toml

_HOME = Path(tempfile.mkdtemp(prefix="pack-fuzz-")) / "home"
_WORKBOOK = Workbook.open(_HOME, clock=lambda: NOW, daily_backup=False)
with _WORKBOOK.store.transaction(NOW) as _tx:
    _tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", welcome_done=True))
_WORKBOOK.save_question("Is it OK to skip a day?")

values = st.one_of(st.integers(-5, 10**6), st.text(max_size=30), st.booleans(), st.floats(allow_nan=False),
                   st.dates(), st.times(), st.datetimes(), st.lists(st.integers(), max_size=3))


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    text = SAMPLE
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["cut", "insert", "value"]))
        at = draw(st.integers(0, len(text)))
        if how == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif how == "insert":
            text = text[:at] + draw(st.text(max_size=20)) + text[at:]
        else:
            lines = text.split("\n")
            index = draw(st.integers(0, len(lines) - 1))
            if "=" in lines[index]:
                key = lines[index].split("=", 1)[0]
                lines[index] = f"{key}= {_toml(draw(values))}"
            text = "\n".join(lines)
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        raw = raw[: draw(st.integers(0, len(raw)))] + draw(st.binary(max_size=4))
    return raw


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (date, time, datetime)):
        return value.isoformat()
    return str(value)


def _files() -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in db_files(_HOME)}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_any_mutated_pack_is_taken_or_refused_in_one_line(data: bytes) -> None:
    _check(data)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["format", "version", "practitioner", "session_date", "next_call", "notes",
                                        "questionnaires", "plan", "answer", "other"]), values, max_size=9))
def test_any_document_is_taken_or_refused_in_one_line(table: dict[str, object]) -> None:
    _check("\n".join(f"{k} = {_toml(v)}" for k, v in table.items()).encode("utf-8", "surrogatepass"))


def _check(data: bytes) -> None:
    path = _HOME.parent / "session.toml"
    path.write_bytes(data)
    before = _files()
    try:
        result = _WORKBOOK.import_session_pack(path)
    except SessionPackError as exc:
        line = str(exc)
        assert line and "\n" not in line and line.isprintable(), line
        assert _files() == before
        return
    pack = parse_session_pack(data)  # it was a pack: the writer must write it back as the same pack
    assert parse_session_pack(session_pack_toml(pack)) == pack
    assert result.pack.content_hash
