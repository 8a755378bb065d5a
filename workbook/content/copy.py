"""User-facing prose for the screens, kept in `data/copy.toml` so it can be read and
reworded in one place without touching code.

Keys are dotted ("welcome.intro"). A missing key is a programming error, so it
raises KeyError naming the nearest keys that do exist.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from workbook.content.paths import data_file
from workbook.content.toml_files import load_limited

__all__ = ["Copy", "CopyError", "MissingCopy", "load_copy", "text"]


class CopyError(ValueError):
    """The copy file is malformed (names the file and the key)."""


class MissingCopy(KeyError):
    """No text under this key; the message suggests nearby keys."""

    def __init__(self, key: str, nearby: list[str]) -> None:
        super().__init__(key)
        self.key = key
        self.nearby = nearby

    def __str__(self) -> str:
        hint = f" Nearby keys: {', '.join(self.nearby)}" if self.nearby else ""
        return f"No text for {self.key!r} in copy.toml.{hint}"


def _flatten(table: Mapping[str, Any], prefix: str, out: dict[str, str], path: Path) -> None:
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            _flatten(value, f"{key}.", out, path)
        elif isinstance(value, str):
            out[key] = value
        else:
            raise CopyError(f"{path}: {key!r} must be text, got {type(value).__name__}")


@dataclass(frozen=True)
class Copy:
    """All copy, flattened to dotted keys."""

    entries: Mapping[str, str]

    def keys(self) -> list[str]:
        """Every dotted key, in file order."""
        return list(self.entries)

    def nearby(self, key: str) -> list[str]:
        """Keys in the same section plus close spellings, for a helpful error."""
        section = key.rpartition(".")[0]
        same = [k for k in self.entries if section and k.rpartition(".")[0] == section]
        close = difflib.get_close_matches(key, self.entries, n=5, cutoff=0.6)
        return list(dict.fromkeys(close + same))[:8]

    def text(self, key: str, **fmt: Any) -> str:
        """The text for `key`, with `{placeholders}` filled from `fmt` by str.format."""
        try:
            raw = self.entries[key]
        except KeyError:
            raise MissingCopy(key, self.nearby(key)) from None
        try:
            return raw.format(**fmt)
        except (KeyError, IndexError) as exc:
            raise KeyError(f"copy {key!r} needs the placeholder {exc}; pass it to text()") from None


def load_copy(path: Path | None = None) -> Copy:
    """Load a copy file: the shipped `data/copy.toml` (cached) unless `path` is given."""
    return _shipped() if path is None else _load(Path(path))


@lru_cache(maxsize=1)
def _shipped() -> Copy:
    return _load(data_file("copy.toml"))


def _load(path: Path) -> Copy:
    try:
        raw = load_limited(path)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CopyError(f"{path}: cannot read copy file: {exc}") from exc
    entries: dict[str, str] = {}
    _flatten(raw, "", entries, path)
    return Copy(entries)


def text(key: str, **fmt: Any) -> str:
    """Shipped copy for a dotted key, e.g. `text("welcome.intro")`."""
    return load_copy().text(key, **fmt)
