"""The caseload: one row per patient from a folder of review packs, who needs attention first.

Each pack file is read, opened with the practitioner's age identity if it is encrypted,
checked (`pack_reader`) and summed up in a `CaseloadRow`. A file that cannot be read, opened
or understood becomes a row of its own with its reason, and the rest still load. Packs from
the same patient give one row, from the newest (`same_patient`); two people who only share a
first name are never merged, as that would hide one of them. `attention_key` is the one
ordering rule (see its docstring).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from workbook.content.copy import text
from workbook.content.recovery import Standing
from workbook.core.inputs import shorten
from workbook.insight.pack_reader import (
    PackProblem,
    day_at,
    instant_at,
    items_at,
    number_at,
    parse_pack,
    table_at,
    text_at,
)
from workbook.storage.age_keys import SealedError, is_sealed, open_sealed
from workbook.storage.pack_folder import PackFile, pack_files

__all__ = ["CaseloadRow", "MeasureLine", "RiskFlag", "attention_key", "attention_order", "load_caseload",
           "read_caseload", "summarise"]

MEASURES = ("phq9", "gad7")
TOP_BARRIERS = 3
DETERIORATED = "reliable_deterioration"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
KNOWN_STANDINGS = frozenset(standing.value for standing in Standing)


@dataclass(frozen=True)
class MeasureLine:
    """A questionnaire's latest score and its change since the first, as the pack states them."""

    measure: str
    name: str
    latest: float | None
    band: str
    change: float | None
    standing: str | None  # a `recovery.Standing` value; None with fewer than two scores
    deteriorated: bool
    words: str  # the pack's plain sentence, "" with fewer than two scores


@dataclass(frozen=True)
class RiskFlag:
    """The newest PHQ-9 item-9 answer above 0 in the pack's period."""

    completed_at: datetime
    answer: int
    answer_label: str


@dataclass(frozen=True)
class CaseloadRow:
    """One patient (or one file that could not be read, with `problem` saying why)."""

    source: Path
    name: str
    participant_id: str = ""
    generated_at: datetime | None = None
    period_start: date | None = None
    period_end: date | None = None
    last_activity: datetime | None = None
    completion: float | None = None
    planned: int = 0
    done: int = 0
    barriers: tuple[str, ...] = ()
    measures: tuple[MeasureLine, ...] = ()
    risk: RiskFlag | None = None
    open_questions: int = 0
    next_call: datetime | None = None
    packs: int = 1  # how many of this patient's packs the folder holds
    problem: str = ""
    pack: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    #: What only this patient's packs share: their plans' ids.
    marks: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    @property
    def readable(self) -> bool:
        return not self.problem

    @property
    def deteriorated(self) -> bool:
        return any(m.deteriorated for m in self.measures)

    def measure(self, measure_id: str) -> MeasureLine | None:
        return next((m for m in self.measures if m.measure == measure_id), None)

    @property
    def key(self) -> tuple[str, ...]:
        """Who this may be: the participant ID, else the first name, else only this file."""
        if self.readable and self.participant_id:
            return ("id", self.participant_id)
        if self.readable and self.name:
            return ("name", self.name.casefold())
        return ("file", str(self.source))


def same_patient(a: CaseloadRow, b: CaseloadRow) -> bool:
    """The same participant ID; or the same first name and a plan in common.

    A patient's plans keep their ids from one pack to the next, while two people called Sam
    never share one, so each keeps their own row. (A patient whose plans all changed between
    two packs shows twice, which hides nothing.)
    """
    if a.key != b.key or a.key[0] == "file":
        return False
    return a.key[0] == "id" or bool(a.marks & b.marks)


def summarise(source: Path, data: bytes) -> CaseloadRow:
    """The row for one pack's plaintext (a row with its problem when it is not a pack we can read)."""
    try:
        return _summarise(source, parse_pack(data))
    except PackProblem as exc:
        return CaseloadRow(source, source.name, problem=str(exc))


def _summarise(source: Path, pack: dict[str, Any]) -> CaseloadRow:
    patient, period, totals = pack["patient"], pack["period"], pack["totals"]
    completion = number_at(totals, "completion", "totals.completion")
    risks = [_risk(item) for item in items_at(pack, "risk", "risk")]
    barriers = items_at(pack, "barriers", "barriers")
    ranked = sorted(barriers, key=lambda b: -(number_at(b, "count", "barriers.count") or 0))
    questions = items_at(pack, "questions", "questions")
    measures = tuple(line for q in items_at(pack, "questionnaires", "questionnaires")
                     if (line := _measure(q)) is not None)
    return CaseloadRow(
        source=source,
        name=text_at(patient, "first_name", "patient.first_name").strip(),
        participant_id=text_at(patient, "participant_id", "patient.participant_id").strip(),
        generated_at=instant_at(pack, "generated_at"),
        period_start=_day(period, "start"),
        period_end=_day(period, "end"),
        last_activity=instant_at(pack, "last_activity", optional=True),
        completion=completion,
        planned=int(number_at(totals, "planned", "totals.planned") or 0),
        done=int(number_at(totals, "done", "totals.done") or 0),
        barriers=tuple(text_at(b, "label", "barriers.label") or text_at(b, "code", "barriers.code")
                       for b in ranked[:TOP_BARRIERS]),
        measures=measures,
        risk=max(risks, key=lambda r: r.completed_at) if risks else None,
        open_questions=sum(1 for q in questions if q.get("asked") is not True),
        next_call=instant_at(period, "next_call", "period.next_call", optional=True),
        pack=pack,
        marks=frozenset(_marks(pack)),
    )


def _marks(pack: dict[str, Any]) -> list[str]:
    """The ids of the pack's plans: random (UUID4) and kept from one pack to the next."""
    return [p["id"] for p in pack["plans"] if isinstance(p, dict) and isinstance(p.get("id"), str) and p["id"]]


def _day(period: dict[str, Any], key: str) -> date | None:
    return day_at(period, key, f"period.{key}")


def _risk(item: dict[str, Any]) -> RiskFlag:
    moment = instant_at(item, "completed_at", "risk.completed_at")
    assert moment is not None
    answer = number_at(item, "answer", "risk.answer")
    return RiskFlag(moment, int(answer or 0), text_at(item, "answer_label", "risk.answer_label"))


def _measure(entry: dict[str, Any]) -> MeasureLine | None:
    measure = text_at(entry, "measure", "questionnaires.measure")
    if measure not in MEASURES:
        return None
    scores = items_at(entry, "scores", "questionnaires.scores")
    dated = sorted(scores, key=lambda s: instant_at(s, "completed_at", "questionnaires.scores.completed_at") or EPOCH)
    latest = dated[-1] if dated else {}
    since: dict[str, Any] | None = None
    if entry.get("since_first") is not None:
        since = table_at(entry, "since_first", "questionnaires.since_first")
    standing = text_at(since, "standing", "since_first.standing") if since else None
    deteriorated = since is not None and (since.get("reliable_deterioration") is True or standing == DETERIORATED)
    return MeasureLine(
        measure=measure,
        name=text_at(entry, "name", "questionnaires.name") or measure,
        latest=number_at(latest, "total", "questionnaires.scores.total") if latest else None,
        band=text_at(latest, "band", "questionnaires.scores.band") if latest else "",
        change=number_at(since, "change", "since_first.change") if since else None,
        standing=standing or None,
        deteriorated=deteriorated,
        words=text_at(since, "words", "since_first.words") if since else "",
    )


def open_pack_file(item: PackFile, identities: Sequence[Any] | None) -> CaseloadRow:
    """The row for one file as found in the folder: read, opened if encrypted, then summed up."""
    if item.data is None:
        return CaseloadRow(item.path, item.path.name, problem=item.problem)
    data = item.data
    if item.sealed or is_sealed(data):
        try:
            data = open_sealed(data, identities)
        except SealedError as exc:
            return CaseloadRow(item.path, item.path.name, problem=str(exc))
    return summarise(item.path, data)


def newest_per_patient(rows: Iterable[CaseloadRow]) -> list[CaseloadRow]:
    """One row per patient (see `same_patient`): their newest pack, counting how many the folder holds."""
    by_key: dict[tuple[str, ...], list[list[CaseloadRow]]] = {}
    for row in rows:
        groups = by_key.setdefault(row.key, [])
        joined = [g for g in groups if any(same_patient(row, other) for other in g)]
        by_key[row.key] = [g for g in groups if not any(g is j for j in joined)] + [[row, *(r for g in joined for r in g)]]
    chosen = []
    for group in (g for groups in by_key.values() for g in groups):
        newest = max(group, key=lambda r: (r.generated_at or EPOCH, str(r.source)))
        chosen.append(replace(newest, packs=len(group)) if len(group) > 1 else newest)
    return chosen


def attention_key(row: CaseloadRow) -> tuple[Any, ...]:
    """Who needs attention first (smaller sorts first):

    1. an item-9 answer above 0 in the period, the newest answer first;
    2. a reliable deterioration on PHQ-9 or GAD-7 since the first score;
    3. a file that could not be read (it may hold either of the above: ask for it again);
    4. everyone else.
    Within each group (after the item-9 date): the longest without any activity first (none at
    all counts as longest), then the lowest completion this period (nothing planned counts as
    lowest), then by name.
    """
    if row.risk is not None:
        group, flag = 0, -row.risk.completed_at.timestamp()
    elif row.readable and row.deteriorated:
        group, flag = 1, 0.0
    elif not row.readable:
        group, flag = 2, 0.0
    else:
        group, flag = 3, 0.0
    quiet_since = row.last_activity.astimezone(timezone.utc).date().toordinal() if row.last_activity is not None else 0
    completion = row.completion if row.completion is not None else -1.0
    return (group, flag, quiet_since, completion, row.name.casefold(), str(row.source))


def attention_order(rows: Iterable[CaseloadRow]) -> list[CaseloadRow]:
    return sorted(rows, key=attention_key)


def load_caseload(files: Iterable[PackFile], identities: Sequence[Any] | None) -> list[CaseloadRow]:
    """The caseload's rows in attention order, from files already read."""
    return attention_order(newest_per_patient(open_pack_file(item, identities) for item in files))


def read_caseload(folder: Path, identities: Sequence[Any] | None) -> list[CaseloadRow]:
    """The caseload of the review packs in `folder` (see `storage.pack_folder`)."""
    return load_caseload(pack_files(folder), identities)


def standing_words(line: MeasureLine) -> str:
    """A few plain words for the change since the first score ("reliable improvement").

    A standing this Workbook does not know (a later version's) is shown as the pack names it.
    """
    if not line.standing:
        return text("caseload.standing.one_score")
    if line.standing not in KNOWN_STANDINGS:
        return text("caseload.standing.other", standing=shorten(line.standing.replace("_", " "), 40))
    return text(f"caseload.standing.{line.standing}")
