"""The base every stored record shares: a stable UUID and UTC created/updated times.

TinyDB's integer document ids can be reused after a delete, and two processes
can hand out the same one, so records are keyed by a UUID of their own.
Subclasses are dataclasses that validate themselves in `validate()`.
"""

from __future__ import annotations

import dataclasses
import inspect
import os
import random
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, ClassVar, NamedTuple, Self

from workbook.core.errors import ValidationError, WorkbookError
from workbook.core.times import from_iso, to_iso, utc_iso, zone

_ID_SOURCE: ContextVar[random.Random | None] = ContextVar("workbook_id_source", default=None)


def new_id() -> str:
    """A random UUID (version 4); from a seeded source inside `seeded_ids` (the demo's)."""
    source = _ID_SOURCE.get()
    number = int.from_bytes(os.urandom(16)) if source is None else source.getrandbits(128)
    return uuid4_text(number)


def uuid4_text(number: int) -> str:
    """`str(uuid.UUID(int=number, version=4))`, without importing `uuid` (it loads `platform`, which a
    reminder run started by a timer every few minutes has no use for)."""
    number = (number & ~(0xC000 << 48) | (0x8000 << 48)) & ~(0xF000 << 64) | (4 << 76)
    text = f"{number:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


def is_uuid(value: object) -> bool:
    """What `uuid.UUID(value)` accepts: 32 hex digits, with optional hyphens, braces or a 'urn:uuid:' prefix."""
    if not isinstance(value, str):
        return False
    if _CANONICAL_UUID.match(value):  # the form Workbook writes: checked fast, as 50,000 records are read
        return True
    text = value.replace("urn:", "").replace("uuid:", "").strip("{}").replace("-", "")
    return len(text) == 32 and all(c in "0123456789abcdefABCDEF" for c in text)


@contextmanager
def seeded_ids(seed: int) -> Iterator[None]:
    """New records get reproducible ids, so `workbook demo --seed S` gives the same ids each time."""
    token = _ID_SOURCE.set(random.Random(f"workbook-ids-{seed}"))
    try:
        yield
    finally:
        _ID_SOURCE.reset(token)


@dataclass(kw_only=True)
class Record:
    """Fields every record has; `table` names where it is stored."""

    table: ClassVar[str] = ""
    id: str = field(default_factory=new_id)
    # Empty until the record is first written: the writer stamps it with the time it was given
    # (records never read the real clock; see `touched` and `storage.store.Transaction.put`).
    created_at: str = ""
    updated_at: str = ""

    def __post_init__(self) -> None:
        self._validate_common()
        self.validate()

    def _validate_common(self) -> None:
        if not is_uuid(self.id):
            raise ValidationError("id", f"{self.id!r} is not a UUID")
        for name in ("created_at", "updated_at"):
            value = getattr(self, name)
            if value == "":
                continue  # not written yet
            try:
                from_iso(value)
            except (TypeError, ValueError):
                raise ValidationError(name, f"{value!r} is not an ISO time with an offset") from None

    def validate(self) -> None:
        """Raise ValidationError naming the first field that does not fit."""

    @property
    def updated(self) -> datetime:
        return from_iso(self.updated_at)

    @property
    def created(self) -> datetime:
        return from_iso(self.created_at)

    @property
    def stamped(self) -> bool:
        return bool(self.created_at and self.updated_at)

    def changed(self, **changes: Any) -> Self:
        """A copy with `changes` applied (validated); its times are left for the writer to set."""
        return dataclasses.replace(self, **changes)

    def touched(self, now: datetime, **changes: Any) -> Self:
        """A copy with `changes` applied and `updated_at` set to `now` (created too, if new)."""
        moment = utc_iso(now)
        return dataclasses.replace(self, created_at=self.created_at or moment, updated_at=moment, **changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: dates as ISO text, times as HH:MM."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            out[f.name] = _dump(getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from stored JSON; keys this version does not know are ignored."""
        plan = _loading_plan(cls)
        # Usually the stored keys are exactly this version's fields: then no copy is needed.
        kwargs = data if data.keys() <= plan.known else {name: data[name] for name in plan.names if name in data}
        if plan.converted and kwargs is data:
            kwargs = dict(data)  # converted below, and the stored row is left as it was
        if not plan.required <= kwargs.keys():
            missing = next(name for name in plan.names if name in plan.required and name not in kwargs)
            raise ValidationError(missing, "is missing from the stored record")
        for name, hint in plan.converted:
            value = kwargs.get(name)
            if value is not None:
                try:
                    kwargs[name] = _load(hint, value)
                except ValidationError as exc:  # name the field, not just the kind of value
                    raise ValidationError(name, exc.message) from None
        return cls(**kwargs)


_PLAN_CACHE: dict[type, _LoadingPlan] = {}
#: A field that holds a date or a time says so in its annotation's words (`date | None`, `time`).
_NAMES_DATE_OR_TIME = re.compile(r"\b(?:date|time)\b")


def _field_type(cls: type, f: dataclasses.Field[Any]) -> Any:
    """The field's type, where it could be a date or a time; None for any other field.

    Only those annotations are evaluated (in the module of the class that declares the field):
    `typing.get_type_hints` would evaluate every annotation of every class a pass reads, which a
    reminder run started every few minutes pays for each time."""
    if not isinstance(f.type, str):
        return f.type
    if not _NAMES_DATE_OR_TIME.search(f.type):
        return None
    owner = next(c for c in cls.__mro__ if f.name in inspect.get_annotations(c))
    return eval(f.type, vars(sys.modules[owner.__module__]))  # our own annotation, evaluated as get_type_hints does


class _LoadingPlan(NamedTuple):
    """How a class is built from stored JSON, worked out once: reading 50,000 attempts must not look
    up type hints (or walk the fields one by one in Python) 50,000 times. (A tuple, not a dataclass:
    it is private, and a tuple class is several times cheaper to make when a timer's pass starts.)"""

    names: tuple[str, ...]
    required: frozenset[str]
    converted: tuple[tuple[str, Any], ...]  # (field, date or time): stored text that becomes one
    known: frozenset[str] = frozenset()  # every field name


def _loading_plan(cls: type) -> _LoadingPlan:
    if cls not in _PLAN_CACHE:
        plan = []
        for f in dataclasses.fields(cls):
            found = _field_type(cls, f)
            text_hint = str(found)
            hint: Any = None
            if found is date or text_hint in ("datetime.date | None", "typing.Optional[datetime.date]"):
                hint = date
            elif found is time or text_hint in ("datetime.time | None", "typing.Optional[datetime.time]"):
                hint = time
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            plan.append((f.name, hint, required))
        required_names = frozenset(name for name, _, needed in plan if needed)
        names = tuple(name for name, _, _ in plan)
        _PLAN_CACHE[cls] = _LoadingPlan(names, required_names,
                                        tuple((name, hint) for name, hint, _ in plan if hint is not None), frozenset(names))
    return _PLAN_CACHE[cls]


def _dump(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, (list, tuple)):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


def _load(hint: Any, value: Any) -> Any:
    """Turn stored text back into date/time objects where the field wants one."""
    if value is None:
        return None
    text_hint = str(hint)
    if isinstance(value, str):
        if hint is date or text_hint in ("datetime.date | None", "typing.Optional[datetime.date]"):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise ValidationError("date", f"{value!r} is not a date like 2026-11-30") from None
        if hint is time or text_hint in ("datetime.time | None", "typing.Optional[datetime.time]"):
            try:
                return time.fromisoformat(value)
            except ValueError:
                raise ValidationError("time", f"{value!r} is not a time like 19:00") from None
    return value


def require_text(name: str, value: Any, *, max_len: int, allow_empty: bool = True) -> None:
    """Free text: a str within `max_len` characters (non-empty unless allowed)."""
    if not isinstance(value, str):
        raise ValidationError(name, "must be text")
    if not allow_empty and not value.strip():
        raise ValidationError(name, "cannot be empty")
    if len(value) > max_len:
        raise ValidationError(name, f"is too long (at most {max_len} characters)")


def require_int(name: str, value: Any, low: int, high: int, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(name, f"must be a whole number from {low} to {high}")
    if not low <= value <= high:
        raise ValidationError(name, f"must be from {low} to {high} (got {value})")


def require_choice(name: str, value: Any, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValidationError(name, f"must be one of {', '.join(choices)} (got {value!r})")


def require_uuid(name: str, value: Any, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not is_uuid(str(value)):
        raise ValidationError(name, f"{value!r} is not a record id")
    if not isinstance(value, str):
        raise ValidationError(name, "must be a record id")


def require_instant(name: str, value: Any, *, optional: bool = False) -> None:
    """An ISO time with an offset (an instant)."""
    if value is None and optional:
        return
    try:
        from_iso(value)
    except (TypeError, ValueError):
        raise ValidationError(name, f"{value!r} is not an ISO time with an offset") from None


#: An exercise id or an event kind: a short lower-case word (hyphens and underscores allowed).
ID_WORD = re.compile(r"^[a-z][a-z0-9_-]{0,47}$")


def require_zone(name: str, value: Any) -> None:
    """An IANA time zone name this computer knows (Europe/London)."""
    if not isinstance(value, str):
        raise ValidationError(name, "must be a time zone name")
    try:
        zone(value)
    except ValueError as exc:
        raise ValidationError(name, str(exc)) from None


def require_id_list(name: str, value: Any) -> None:
    if not isinstance(value, list):
        raise ValidationError(name, "must be a list of ids")
    for i, item in enumerate(value):
        require_uuid(f"{name}[{i}]", item)


class StaleRecordError(WorkbookError):
    """The record changed since it was read (in another window, or by `workbook`); nothing was saved.

    `newer` is the stored version, so a form can offer it with its own edits on top.
    """

    def __init__(self, newer: Record, message: str = "") -> None:
        self.newer = newer
        super().__init__(message or (
            "This was changed meanwhile, in another window or by the workbook command, "
            "so nothing was saved over it; please have a look at the newer version."))
