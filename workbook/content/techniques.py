"""The techniques exercises belong to, read from `data/techniques.toml` (in library order).

Exercise files are checked against this list, and the barrier taxonomy says per technique which
responses fit (`barriers.Taxonomy.responses_for`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from workbook.content.paths import data_file
from workbook.content.toml_files import load_limited

__all__ = ["DIARY", "Technique", "TechniqueError", "technique_ids", "techniques"]

#: Not a technique: the word barriers.toml uses for any exercise kept as a diary or record.
DIARY = "diary"


class TechniqueError(ValueError):
    """The techniques file is malformed (names the file and the problem)."""


@dataclass(frozen=True)
class Technique:
    id: str
    about: str


@lru_cache(maxsize=1)
def techniques() -> tuple[Technique, ...]:
    """Every technique, in the order the library shows them."""
    path = data_file("techniques.toml")
    try:
        raw = load_limited(path)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TechniqueError(f"{path}: cannot read techniques file: {exc}") from exc
    found: list[Technique] = []
    for i, entry in enumerate(raw.get("techniques", []), start=1):
        ident, about = entry.get("id") if isinstance(entry, dict) else None, entry.get("about", "") if isinstance(entry, dict) else ""
        if not isinstance(ident, str) or not ident.strip() or ident == DIARY or any(t.id == ident for t in found):
            raise TechniqueError(f"{path}: [[techniques]] #{i} needs a unique 'id' (not {DIARY!r})")
        found.append(Technique(ident, str(about)))
    if not found:
        raise TechniqueError(f"{path}: no [[techniques]] defined")
    return tuple(found)


def technique_ids() -> tuple[str, ...]:
    return tuple(t.id for t in techniques())
