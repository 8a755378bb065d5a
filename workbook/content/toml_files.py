"""Reading TOML content with limits: a planted or broken file is damaged, never a hang or a crash.

Exercise packs and a home's own overrides (crisis contacts) are files anyone may drop into a
folder, so they are read within bounds: at most `MAX_BYTES` (checked before reading) and at
most `MAX_DEPTH` levels of tables and arrays. Python's TOML parser recurses once per level
of nesting, so a 2 KB file of brackets would otherwise raise RecursionError. Every limit is
reported as `TomlLimitError`, a `tomllib.TOMLDecodeError`, so callers that already treat an
unreadable file as damaged treat these the same way.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

MAX_BYTES = 256 * 1024
MAX_DEPTH = 24


class TomlLimitError(tomllib.TOMLDecodeError):
    """A TOML file past a limit (too big, nested too deeply); the message is one plain line."""


def read_limited(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, refusing (TomlLimitError) a file over `max_bytes` before reading it all."""
    with open(path, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TomlLimitError(f"the file is too big (the limit is {max_bytes // 1024} KB)")
    return data


def parse_limited(text: str, max_depth: int = MAX_DEPTH) -> dict[str, Any]:
    """tomllib.loads within `max_depth` levels of nesting (TomlLimitError beyond it)."""
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise TomlLimitError(_too_deep(max_depth)) from None
    if _depth(data) > max_depth:
        raise TomlLimitError(_too_deep(max_depth))
    return data


def load_limited(path: Path, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> dict[str, Any]:
    """Read and parse a UTF-8 TOML file within both limits (OSError if it cannot be read)."""
    raw = read_limited(path, max_bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise tomllib.TOMLDecodeError(f"the file is not UTF-8 text (bad byte at position {exc.start})") from None
    return parse_limited(text, max_depth)


def _too_deep(max_depth: int) -> str:
    return f"tables or lists are nested too deeply (more than {max_depth} levels)"


def _depth(value: object) -> int:
    """How many levels of tables and arrays `value` holds (without recursing)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        level += 1
        deepest = max(deepest, level)
        stack.extend((child, level) for child in children)
    return deepest
