"""Reading `session.toml`: each field checked, and the first that does not fit named in one line.

Strict on purpose: a field this version does not know (a typo such as `minuts`) is refused
rather than silently dropped, because a practitioner's agreement should arrive whole or not at all.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, time
from typing import Any, NoReturn

from workbook.core.dates import in_range
from workbook.core.inputs import shown, text_problem
from workbook.core.model import AS_NEEDED, MEASURES, PLAN_KINDS
from workbook.core.recurrence import RuleError
from workbook.core.repeat_words import repeat_rule
from workbook.planning.pack_model import (
    FORMAT,
    MAX_BYTES,
    VERSION,
    PackAnswer,
    SessionPack,
    SessionPackError,
    SuggestedPlan,
)

TOP_FIELDS = ("format", "version", "practitioner", "session_date", "next_call", "questionnaires", "notes", "plan",
              "answer")
PLAN_FIELDS = ("key", "exercise", "what", "kind", "time", "repeat", "start", "until", "aim", "where", "minutes",
               "routine", "rationale", "if", "then")
ANSWER_FIELDS = ("question", "answer")
MAX_PLANS, MAX_ANSWERS = 30, 50
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_EXERCISE = re.compile(r"^[a-z][a-z0-9_-]{0,47}$")
_HHMM = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")


class _Fields:
    """One table of the file, with where it sits (for messages) and the fields it may hold."""

    def __init__(self, source: str, where: str, table: dict[str, Any], known: tuple[str, ...], what: str) -> None:
        self.source, self.where, self.table = source, where, table
        for name in table:
            if name not in known:
                self.fail(name, f"is not a field of {what} (the fields are: {', '.join(known)})")

    def fail(self, name: str, problem: str) -> NoReturn:
        raise SessionPackError(self.source, f"{self.where}{shown(name, 40)[1:-1]}", problem)

    def text(self, name: str, *, limit: int, required: bool = False, multiline: bool = False) -> str:
        value = self.table.get(name)
        if value is None:
            if required:
                self.fail(name, "is missing")
            return ""
        if not isinstance(value, str):
            self.fail(name, "must be text in quotes")
        problem = text_problem(value, multiline=multiline)
        if problem is None and not multiline and "\n" in value:
            problem = "must be one line"
        if problem:
            self.fail(name, problem)
        value = value.strip()
        if required and not value:
            self.fail(name, "is empty")
        if len(value) > limit:
            self.fail(name, f"is too long (at most {limit} characters)")
        return value

    def number(self, name: str, low: int, high: int) -> int | None:
        value = self.table.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, f"must be a whole number from {low} to {high}, without quotes")
        if not low <= value <= high:
            self.fail(name, f"must be from {low} to {high} (it is {value})")
        return int(value)

    def day(self, name: str, *, required: bool = False) -> date | None:
        value = self.table.get(name)
        if value is None:
            if required:
                self.fail(name, "is missing (a date like 2026-12-03)")
            return None
        if isinstance(value, str):
            text = value
            try:
                value = date.fromisoformat(text.strip())
            except ValueError:
                self.fail(name, f"{shown(text)} is not a date like 2026-12-03")
        if isinstance(value, datetime) or not isinstance(value, date):
            self.fail(name, "must be a date like 2026-12-03 (no time)")
        try:
            return in_range(value)
        except ValueError as exc:
            self.fail(name, str(exc))

    def moment(self, name: str) -> datetime | None:
        value = self.table.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            problem = text_problem(value)
            try:
                value = datetime.fromisoformat(value.strip()) if problem is None else None
            except ValueError:
                value = None
            if value is None:
                self.fail(name, "must be a date and time like 2026-12-17T10:00:00")
        if not isinstance(value, datetime):
            self.fail(name, "must be a date and time like 2026-12-17T10:00:00 (a date alone has no time)")
        try:
            in_range(value.date())
        except ValueError as exc:
            self.fail(name, str(exc))
        return value.replace(second=0, microsecond=0)

    def clock_time(self, name: str) -> time | None:
        value = self.table.get(name)
        if value is None:
            return None
        if isinstance(value, time) and not isinstance(value, datetime):
            if value.second or value.microsecond or value.tzinfo:
                self.fail(name, "must be a time of day in whole minutes, like \"18:30\"")
            return value
        if not isinstance(value, str) or not _HHMM.match(value.strip()):
            self.fail(name, "must be a time of day like \"18:30\"")
        hours, minutes = value.strip().split(":")
        return time(int(hours), int(minutes))

    def tables(self, name: str, limit: int) -> list[dict[str, Any]]:
        value = self.table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.fail(name, f"must be written as [[{name}]] sections")
        if len(value) > limit:
            self.fail(name, f"there are {len(value)}; a pack holds at most {limit}")
        return value


def parse_document(data: str | bytes, source: str) -> SessionPack:
    """See `session_pack.parse_session_pack`."""
    return pack_from_table(_load(data, source), source)


def pack_from_table(table: dict[str, Any], source: str) -> SessionPack:
    """A pack from the tables a TOML file holds (or a form or the command line gathered), checked."""
    top = _Fields(source, "", table, TOP_FIELDS, "a session pack")
    if top.table.get("format") != FORMAT:
        top.fail("format", f"must be \"{FORMAT}\" (is this a session pack?)")
    version = top.table.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        top.fail("version", f"must be a whole number; this Workbook reads version {VERSION}")
    if version > VERSION:
        top.fail("version", f"is {version}, newer than this Workbook reads ({VERSION}); please update Workbook")
    questionnaires = top.table.get("questionnaires", [])
    if not isinstance(questionnaires, list) or any(q not in MEASURES for q in questionnaires):
        top.fail("questionnaires", f"must be a list of {', '.join(MEASURES)}, like [\"phq9\", \"gad7\"]")
    if len(set(questionnaires)) != len(questionnaires):
        top.fail("questionnaires", "names one questionnaire twice")
    plans = tuple(_plan(source, i, item) for i, item in enumerate(top.tables("plan", MAX_PLANS), 1))
    keys = [p.key for p in plans]
    for key in keys:
        if keys.count(key) > 1:
            raise SessionPackError(source, f"plan \"{key}\"", "key: two plans have this key; give each its own")
    answers = tuple(_answer(source, i, item) for i, item in enumerate(top.tables("answer", MAX_ANSWERS), 1))
    return SessionPack(
        practitioner=top.text("practitioner", limit=80, required=True),
        session_date=top.day("session_date", required=True),  # type: ignore[arg-type]  # required: never None
        plans=plans, notes=top.text("notes", limit=5000, multiline=True), answers=answers,
        next_call=top.moment("next_call"), questionnaires=tuple(questionnaires), version=version)


def _load(data: str | bytes, source: str) -> dict[str, Any]:
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise SessionPackError(source, "", f"is too big for a session pack (more than {MAX_BYTES // 1024} KB)")
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise SessionPackError(source, "", "is not UTF-8 text; save it as UTF-8 (plain text)") from None
    if data.startswith("\ufeff"):
        data = data[1:]  # a byte-order mark, as some editors save
    try:
        return tomllib.loads(data)
    except tomllib.TOMLDecodeError as exc:
        raise SessionPackError(source, "", f"is not a TOML file Workbook can read: {str(exc).splitlines()[0]}") from None
    except (ValueError, RecursionError) as exc:
        raise SessionPackError(source, "", f"is not a TOML file Workbook can read: {type(exc).__name__}") from None


def _plan(source: str, number: int, table: dict[str, Any]) -> SuggestedPlan:
    key = table.get("key")
    label = f"plan \"{key}\"" if isinstance(key, str) and _KEY.match(key) else f"plan {number}"
    fields = _Fields(source, f"{label}: ", table, PLAN_FIELDS, "a plan")
    key = fields.text("key", limit=32, required=True)
    if not _KEY.match(key):
        fields.fail("key", "must be a short name in lower case, like \"walk\" or \"worry-time\"")
    exercise = fields.text("exercise", limit=48, required=True)
    if not _EXERCISE.match(exercise):
        fields.fail("exercise", f"{shown(exercise)} is not an exercise id (see 'workbook exercises')")
    kind = fields.table.get("kind")
    if kind is not None and kind not in PLAN_KINDS:
        fields.fail("kind", f"must be one of {', '.join(PLAN_KINDS)}")
    repeat: str | None = None
    if "repeat" in table:
        try:
            repeat = repeat_rule(fields.text("repeat", limit=120, required=True))
        except RuleError as exc:
            fields.fail("repeat", str(exc))
    if kind == AS_NEEDED:
        for name in ("time", "repeat", "until"):
            if name in table:
                fields.fail(name, "a 'when it happens' record (kind = \"as_needed\") has no time, repeat or end")
    elif "aim" in table:
        fields.fail("aim", "an aim per week goes with kind = \"as_needed\"")
    start, until = fields.day("start"), fields.day("until")
    if start is not None and until is not None and until < start:
        fields.fail("until", "is before start")
    if_text, then_text = fields.text("if", limit=300), fields.text("then", limit=300)
    if bool(if_text) != bool(then_text):
        fields.fail("then" if if_text else "if", "an if-then needs both halves: 'if' and 'then'")
    return SuggestedPlan(
        key=key, exercise_id=exercise, what=fields.text("what", limit=200, required=True), kind=kind,
        time=fields.clock_time("time"), repeat=repeat, start=start, until=until,
        where=fields.text("where", limit=120), minutes=fields.number("minutes", 1, 600),
        rationale=fields.text("rationale", limit=1000, multiline=True), if_text=if_text, then_text=then_text,
        aim_per_week=fields.number("aim", 1, 50), routine=fields.text("routine", limit=120))


def _answer(source: str, number: int, table: dict[str, Any]) -> PackAnswer:
    fields = _Fields(source, f"answer {number}: ", table, ANSWER_FIELDS, "an answer")
    return PackAnswer(question=fields.text("question", limit=1000, required=True),
                      answer=fields.text("answer", limit=2000, required=True, multiline=True))
