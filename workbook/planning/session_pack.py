"""The session pack (`session.toml`): what a practitioner and patient agreed at a call, as a file.

The practitioner writes it (from the README's template, `workbook session-pack new`, or the
caseload view's *Prepare next session pack*) and passes it on as any file; the patient's
Workbook imports it (`workbook.planning.pack_import`). Format 1 is documented, with a full
example, in docs/session-pack.md. This module is the way in: the pack's dataclasses (from
`pack_model`), the reader (`parse_session_pack`, which refuses a bad file whole with one line
naming the field) and the writer (`session_pack_toml`, `write_session_pack`), which writes what
the reader reads back.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.core.inputs import shown_path
from workbook.core.model import MEASURES
from workbook.core.repeat_words import repeat_text
from workbook.planning.pack_fields import parse_document
from workbook.planning.pack_model import (
    FORMAT,
    KINDS,
    MAX_BYTES,
    VERSION,
    PackAnswer,
    SessionPack,
    SessionPackError,
    SuggestedPlan,
    pack_hash,
)

if TYPE_CHECKING:
    from workbook.storage.outfiles import Written

__all__ = ["FORMAT", "VERSION", "KINDS", "MEASURES", "SessionPack", "SuggestedPlan", "PackAnswer", "SessionPackError",
           "parse_session_pack", "read_session_pack", "session_pack_toml", "write_session_pack", "pack_hash"]


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
