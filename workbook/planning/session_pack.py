"""The session pack (`session.toml`): what a practitioner and patient agreed at a call, as a file.

The practitioner writes it (from the README's template, `workbook session-pack new`, or the
caseload view's *Prepare next session pack*) and passes it on as any file; the patient's
Workbook imports it (`workbook.planning.pack_import`). Format 1 is documented, with a full
example, in docs/session-pack.md. This module holds the pack as dataclasses, the reader
(`parse_session_pack`, which refuses a bad file whole with one line naming the field) and the
writer (`session_pack_toml`, `write_session_pack`), which writes what the reader reads back.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.core.errors import WorkbookError
from workbook.core.inputs import shown_path
from workbook.core.model import MEASURES, PLAN_KINDS
from workbook.core.recurrence import repeat_text

if TYPE_CHECKING:
    from workbook.storage.outfiles import Written

FORMAT = "workbook-session-pack"
VERSION = 1
#: A session pack is a few kilobytes; anything far bigger is not one.
MAX_BYTES = 256 * 1024
__all__ = ["FORMAT", "VERSION", "KINDS", "MEASURES", "SessionPack", "SuggestedPlan", "PackAnswer", "SessionPackError",
           "parse_session_pack", "read_session_pack", "session_pack_toml", "write_session_pack", "pack_hash"]
KINDS = PLAN_KINDS  # set_time | as_needed | daily_diary, as a plan's kind


class SessionPackError(WorkbookError):
    """A session pack that cannot be taken: one line naming the file, the field and the problem."""

    def __init__(self, source: str, where: str, problem: str) -> None:
        self.source, self.where, self.problem = source, where, problem
        lead = f"{source}: " if source else ""
        super().__init__(f"{lead}{where}: {problem}" if where else f"{lead}{problem}")


@dataclass(frozen=True)
class SuggestedPlan:
    """One agreed exercise, as a plan the patient can accept, adjust or decline.

    `key` names it within the pack (the patient's `--accept KEY`); `repeat` is an RRULE body
    (None: once, or every day for a daily diary); `minutes` None means the exercise's usual length; `start` None means the day
    the patient accepts it. `rationale` is the practitioner's reason, in their words: it becomes
    the plan's "why this matters".
    """

    key: str
    exercise_id: str
    what: str
    kind: str | None = None  # None: the exercise's usual kind
    time: time | None = None
    repeat: str | None = None
    start: date | None = None
    until: date | None = None
    where: str = ""
    minutes: int | None = None
    rationale: str = ""
    if_text: str = ""
    then_text: str = ""
    aim_per_week: int | None = None
    routine: str = ""


@dataclass(frozen=True)
class PackAnswer:
    """The practitioner's answer to one of the patient's saved questions (matched by its text or id)."""

    question: str
    answer: str


@dataclass(frozen=True)
class SessionPack:
    """A whole session pack. `next_call` without a zone means the patient's local time."""

    practitioner: str
    session_date: date
    plans: tuple[SuggestedPlan, ...] = ()
    notes: str = ""
    answers: tuple[PackAnswer, ...] = ()
    next_call: datetime | None = None
    questionnaires: tuple[str, ...] = ()
    version: int = VERSION

    def plan(self, key: str) -> SuggestedPlan | None:
        return next((p for p in self.plans if p.key == key), None)


def pack_hash(pack: SessionPack) -> str:
    """What identifies a pack's content: the same agreement gives the same hash, however it is laid out."""
    text = json.dumps(asdict(pack), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- reading -----------------------------------------------------------------------------------


def read_session_pack(path: str | os.PathLike[str]) -> SessionPack:
    """Read and check a session pack file; SessionPackError (one line) if it cannot be taken."""
    source = Path(path).name or str(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SessionPackError("", "", f"there is no file {shown_path(path)}") from None
    except IsADirectoryError:
        raise SessionPackError("", "", f"{shown_path(path)} is a folder; give the session pack file") from None
    except OSError as exc:
        raise SessionPackError("", "", f"{shown_path(path)} cannot be read ({exc.strerror or exc})") from None
    return parse_session_pack(data, source=source)


def parse_session_pack(data: str | bytes, *, source: str = "session.toml") -> SessionPack:
    """The pack in `data`; SessionPackError naming the first field that does not fit."""
    from workbook.planning.pack_fields import parse_document

    return parse_document(data, source)


# -- writing -----------------------------------------------------------------------------------


def session_pack_toml(pack: SessionPack, *, now: datetime | None = None) -> str:
    """The pack as `session.toml` text that `parse_session_pack` reads back as the same pack."""
    lines = ["# A Workbook session pack: what was agreed at a call. See docs/session-pack.md.",
             "# The patient imports it with 'workbook import session.toml' (or From my practitioner in the app)."]
    if now is not None:
        lines.append(f"# Written {now.replace(microsecond=0).isoformat()}.")
    lines += ["", f"format = {_string(FORMAT)}", f"version = {pack.version}",
              f"practitioner = {_string(pack.practitioner)}", f"session_date = {pack.session_date.isoformat()}"]
    if pack.next_call is not None:
        lines.append(f"next_call = {_moment(pack.next_call)}")
    if pack.questionnaires:
        lines.append("questionnaires = [" + ", ".join(_string(q) for q in pack.questionnaires) + "]")
    if pack.notes:
        lines.append(f"notes = {_string(pack.notes)}")
    for plan in pack.plans:
        lines += ["", "[[plan]]", *_plan_lines(plan)]
    for answer in pack.answers:
        lines += ["", "[[answer]]", f"question = {_string(answer.question)}", f"answer = {_string(answer.answer)}"]
    text = "\n".join(lines) + "\n"
    parse_session_pack(text, source="the session pack")  # never write what the reader would refuse
    return text


def write_session_pack(pack: SessionPack, path: str | os.PathLike[str], now: datetime, *,
                       home: Path | None = None) -> Written:
    """Write the pack to `path`, readable by its owner only (see `storage.outfiles`); `-` for the screen."""
    from workbook.storage.outfiles import write_output

    return write_output(path, session_pack_toml(pack, now=now), home=home)


def _plan_lines(plan: SuggestedPlan) -> list[str]:
    lines = [f"key = {_string(plan.key)}", f"exercise = {_string(plan.exercise_id)}", f"what = {_string(plan.what)}"]
    if plan.kind is not None:
        lines.append(f"kind = {_string(plan.kind)}")
    if plan.time is not None:
        lines.append(f"time = {_string(plan.time.strftime('%H:%M'))}")
    if plan.repeat is not None:
        lines.append(f"repeat = {_string(repeat_text(plan.repeat))}")
    for name, day in (("start", plan.start), ("until", plan.until)):
        if day is not None:
            lines.append(f"{name} = {day.isoformat()}")
    if plan.aim_per_week is not None:
        lines.append(f"aim = {plan.aim_per_week}")
    if plan.where:
        lines.append(f"where = {_string(plan.where)}")
    if plan.minutes is not None:
        lines.append(f"minutes = {plan.minutes}")
    if plan.routine:
        lines.append(f"routine = {_string(plan.routine)}")
    if plan.rationale:
        lines.append(f"rationale = {_string(plan.rationale)}")
    if plan.if_text or plan.then_text:
        lines += [f"if = {_string(plan.if_text)}", f"then = {_string(plan.then_text)}"]
    return lines


def _string(text: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's; DEL must be escaped too).

    Text of several lines is written as a multi-line string, so it reads as the practitioner wrote it.
    """
    if "\n" not in text:
        return _escaped(text)
    return '"""\n' + "\n".join(_escaped(line)[1:-1] for line in text.split("\n")) + '"""'


def _escaped(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _moment(moment: datetime) -> str:
    """A TOML date-time: local (no offset) when the pack means the patient's own time."""
    return moment.replace(microsecond=0).isoformat()
