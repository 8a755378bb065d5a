"""Any file at all given as a session pack: either it is a pack, or one line says why and nothing changes.

Hypothesis mutates the sample pack (cuts, insertions, swapped values) and builds TOML-like
documents from scratch; each is imported into a real home, whose files are compared after.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time, timedelta, timezone

import pytest
from helpers import NOW, db_files
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from session_pack_sample import SAMPLE

from workbook.core.model import Settings
from workbook.facade import SETTINGS_ID, Workbook
from workbook.planning.session_pack import (
    PackAnswer,
    SessionPack,
    SessionPackError,
    SuggestedPlan,
    parse_session_pack,
    session_pack_toml,
)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    """One home for every example: each must leave it exactly as it was, or have imported a real pack."""
    workbook = Workbook.open(tmp_path_factory.mktemp("pack-fuzz") / "home", clock=lambda: NOW, daily_backup=False)
    with workbook.store.transaction(NOW) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", welcome_done=True))
    workbook.save_question("Is it OK to skip a day?")
    return workbook


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


def _files(home: Workbook) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in db_files(home.home)}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_any_mutated_pack_is_taken_or_refused_in_one_line(home: Workbook, data: bytes) -> None:
    _check(home, data)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["format", "version", "practitioner", "session_date", "next_call", "notes",
                                        "questionnaires", "plan", "answer", "other"]), values, max_size=9))
def test_any_document_is_taken_or_refused_in_one_line(home: Workbook, table: dict[str, object]) -> None:
    _check(home, "\n".join(f"{k} = {_toml(v)}" for k, v in table.items()).encode("utf-8", "surrogatepass"))


def _check(home: Workbook, data: bytes) -> None:
    path = home.home.parent / "session.toml"
    path.write_bytes(data)
    before = _files(home)
    try:
        result = home.import_session_pack(path)
    except SessionPackError as exc:
        line = str(exc)
        assert line and "\n" not in line and line.isprintable(), line
        assert _files(home) == before
        event("refused")
        return
    event("taken")
    pack = parse_session_pack(data)  # it was a pack: the writer must write it back as the same pack
    assert parse_session_pack(session_pack_toml(pack)) == pack
    assert result.pack.content_hash


_LINE = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=40).map(str.strip)
_WORDS = _LINE.filter(bool)
_LINES = st.lists(_LINE, min_size=1, max_size=3).map(lambda lines: "\n".join(lines).strip())


@st.composite
def suggested_plans(draw: st.DrawFn, key: str) -> SuggestedPlan:
    kind = draw(st.sampled_from([None, "set_time", "as_needed", "daily_diary"]))
    timed = kind != "as_needed"
    start = draw(st.none() | st.dates(date(2020, 1, 1), date(2030, 1, 1)))
    pair = draw(st.none() | st.tuples(_WORDS, _WORDS))
    return SuggestedPlan(
        key=key, exercise_id=draw(st.sampled_from(["activity-scheduling", "thought-record", "worry-time"])),
        what=draw(_WORDS), kind=kind,
        time=draw(st.none() | st.builds(time, st.integers(0, 23), st.integers(0, 59))) if timed else None,
        repeat=draw(st.sampled_from([None, "FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=DAILY;INTERVAL=3",
                                     "FREQ=MONTHLY;BYMONTHDAY=3"])) if timed else None,
        start=start, until=(start + timedelta(days=draw(st.integers(0, 90)))) if start and timed else None,
        where=draw(_LINE), minutes=draw(st.none() | st.integers(1, 600)), rationale=draw(_LINES),
        if_text=pair[0] if pair else "", then_text=pair[1] if pair else "",
        aim_per_week=draw(st.none() | st.integers(1, 50)) if not timed else None, routine=draw(_LINE))


@st.composite
def packs(draw: st.DrawFn) -> SessionPack:
    keys = draw(st.lists(st.from_regex(r"\A[a-z0-9][a-z0-9_-]{0,10}\Z"), max_size=4, unique=True))
    naive = draw(st.booleans())
    return SessionPack(
        practitioner=draw(_WORDS), session_date=draw(st.dates(date(2020, 1, 1), date(2030, 1, 1))),
        plans=tuple(draw(suggested_plans(k)) for k in keys), notes=draw(_LINES),
        answers=tuple(draw(st.lists(st.builds(PackAnswer, _WORDS, _LINES.filter(bool)), max_size=3))),
        next_call=draw(st.none() | st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1),
                                                timezones=st.none() if naive else st.just(timezone.utc))
                       .map(lambda m: m.replace(second=0, microsecond=0))),
        questionnaires=tuple(draw(st.lists(st.sampled_from(["phq9", "gad7", "wsas"]), unique=True))))


@settings(max_examples=200, deadline=None)
@given(packs())
def test_the_writer_writes_any_pack_so_the_reader_reads_it_back(pack: SessionPack) -> None:
    text = session_pack_toml(pack)
    assert parse_session_pack(text) == pack
    assert tomllib.loads(text)["format"] == "workbook-session-pack"
