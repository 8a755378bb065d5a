"""Database files as strict JSON: the standard library for a little data, orjson for a lot.

A system timer runs `workbook remind --once` every few minutes for years, and it reads and writes
a few files of some kilobytes. Loading orjson (a native library that brings `uuid` and `platform`
with it) costs that run about 5 ms, more than the standard library's slower parsing of so little
(it is ~5 ms slower per MB read, ~10 ms per MB written). So a process starts with the standard
library and, once it has handled `FAST_AFTER_BYTES` (a large home, an export, the open app),
loads orjson and uses it from then on.

Both codecs read the same documents and refuse the same ones: UTF-8 only, no NaN or infinity, no
lone surrogate. A file holding any `\\uD8xx`-style escape goes to orjson, which is the authority on
those (Workbook never writes one: it writes text as UTF-8).
"""

from __future__ import annotations

import json
import math
from types import ModuleType
from typing import Any

#: After this much JSON read and written, orjson's load has paid for itself: it is used from then on.
FAST_AFTER_BYTES = 512 * 1024

DecodeError = json.JSONDecodeError  # orjson.JSONDecodeError is a subclass: one `except` catches both

_orjson: ModuleType | None = None
_handled = 0  # bytes of JSON this process has read and written with the standard library


def loads(raw: bytes) -> Any:
    """The document in `raw`; DecodeError or UnicodeDecodeError if it is not strict JSON in UTF-8."""
    if _orjson is None and not _count(len(raw)) and not _has_surrogate_escape(raw):
        return json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant, parse_float=_finite_float)
    return _fast().loads(raw)


def dumps(data: Any) -> bytes:
    """`data` as compact UTF-8 JSON (the same document either codec writes)."""
    if _orjson is not None:
        return _orjson.dumps(data)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    if _count(len(payload)):
        _fast()
    return payload


def _count(size: int) -> bool:
    """Add `size` bytes to what the standard library has handled; True once that is past the line."""
    global _handled
    _handled += size
    return _handled >= FAST_AFTER_BYTES


def _fast() -> ModuleType:
    global _orjson
    if _orjson is None:
        import orjson

        _orjson = orjson
    return _orjson


def _has_surrogate_escape(raw: bytes) -> bool:
    return b"\\ud" in raw or b"\\uD" in raw


def _refuse_constant(name: str) -> float:
    raise DecodeError(f"{name} is not a JSON number", name, 0)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise DecodeError(f"{text[:20]} is too large for a JSON number", text, 0)
    return value
