"""The barrier taxonomy: what got in the way, and which plan changes might help.

Codes are stored on attempts and drive engine operations, so the data file is
validated on load: a typo there would otherwise surface as a missing button.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Sequence

from workbook.content.paths import data_file
from workbook.content.techniques import DIARY, technique_ids
from workbook.content.toml_files import load_limited
from workbook.core.inputs import shown
from workbook.core.words import agree

__all__ = [
    "BARRIER_CODES",
    "RESPONSE_CODES",
    "Barrier",
    "Response",
    "Taxonomy",
    "TaxonomyError",
    "UnknownBarrier",
    "load_taxonomy",
]

#: Barrier codes the shipped taxonomy defines (stored on attempts; never rename).
BARRIER_CODES: tuple[str, ...] = (
    "forgot",
    "no_time",
    "tired_low",
    "too_anxious",
    "not_sure_why",
    "didnt_know_how",
    "too_hard",
    "no_privacy",
    "unwell",
    "something_came_up",
    "didnt_feel_like_it",
    "other",
)

#: Response codes; each is also the name of the engine operation that applies it.
RESPONSE_CODES: tuple[str, ...] = (
    "make_smaller",
    "fewer_days",
    "move_time",
    "link_routine",
    "ask_supporter",
    "reread_why",
    "add_if_then",
    "save_question",
    "pause_plan",
    "step_down",
    "reassure",
)


class TaxonomyError(ValueError):
    """The barriers data file is malformed; the message names the file and the problem."""


class UnknownBarrier(LookupError):
    """A barrier code that the taxonomy doesn't define; the message lists valid codes."""

    def __init__(self, code: str, valid: Sequence[str]) -> None:
        super().__init__(code)
        self.code = code
        self.valid = tuple(valid)

    def __str__(self) -> str:
        return f"Unknown barrier {shown(self.code)}. Valid codes: {', '.join(self.valid)}"


@dataclass(frozen=True)
class Barrier:
    """One kind of obstacle, in the patient's words, with its responses best-first."""

    code: str
    label: str
    description: str
    reflection: str
    responses: tuple[str, ...]


@dataclass(frozen=True)
class Response:
    """A change to the plan the patient can apply in one step, and the exercises it fits."""

    code: str
    label: str
    description: str
    operation: str
    only_for: tuple[str, ...] = ()  # techniques (or "diary"): offered only to these; () = any
    not_for: tuple[str, ...] = ()  # never offered to these

    def fits(self, technique: str | None, diary: bool = False) -> bool:
        """Does this response suit an exercise of `technique` (kept as a diary or not)?"""
        context = {technique} if technique else set()
        if diary:
            context.add(DIARY)
        return (not self.only_for or bool(context & set(self.only_for))) and not context & set(self.not_for)


@dataclass(frozen=True)
class Taxonomy:
    """All barriers (in display order) and responses (by code, in file order)."""

    barriers: tuple[Barrier, ...]
    responses: Mapping[str, Response]

    def get(self, code: str) -> Barrier:
        """The barrier with this code, or UnknownBarrier listing the valid codes."""
        for barrier in self.barriers:
            if barrier.code == code:
                return barrier
        raise UnknownBarrier(code, [b.code for b in self.barriers])

    def responses_for(self, codes: Sequence[str], technique: str | None = None, *,
                      diary: bool = False) -> list[Response]:
        """Responses for several barriers that fit the exercise: their union, ordered by first appearance."""
        seen: dict[str, Response] = {}
        for code in codes:
            for response_code in self.get(code).responses:
                response = self.responses[response_code]
                if response.fits(technique, diary):
                    seen.setdefault(response_code, response)
        return list(seen.values())


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TaxonomyError(f"{where}: {key!r} must be non-empty text")
    return value


def _parse(raw: dict[str, Any], path: Path) -> Taxonomy:
    responses: dict[str, Response] = {}
    for i, entry in enumerate(raw.get("responses", []), start=1):
        where = f"{path}: [[responses]] #{i}"
        code = _text(entry, "code", where)
        if code in responses:
            raise TaxonomyError(f"{where}: duplicate response code {code!r}")
        operation = _text(entry, "operation", where)
        if operation not in RESPONSE_CODES:
            raise TaxonomyError(
                f"{where}: unknown operation {operation!r}; known: {', '.join(RESPONSE_CODES)}"
            )
        only_for, not_for = (_contexts(entry, key, where) for key in ("for", "not_for"))
        responses[code] = Response(code, _text(entry, "label", where), _text(entry, "description", where), operation,
                                   only_for, not_for)

    barriers: list[Barrier] = []
    for i, entry in enumerate(raw.get("barriers", []), start=1):
        where = f"{path}: [[barriers]] #{i}"
        code = _text(entry, "code", where)
        if any(b.code == code for b in barriers):
            raise TaxonomyError(f"{where}: duplicate barrier code {code!r}")
        refs = entry.get("responses")
        if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
            raise TaxonomyError(f"{where} ({code}): 'responses' must be a non-empty list of codes")
        if len(set(refs)) != len(refs):
            raise TaxonomyError(f"{where} ({code}): a response is listed twice")
        missing = [r for r in refs if r not in responses]
        if missing:
            raise TaxonomyError(
                f"{where} ({code}): {agree(len(missing), 'response', 'responses')} {', '.join(missing)} "
                f"{agree(len(missing), 'is', 'are')} not defined under [[responses]]"
            )
        barriers.append(
            Barrier(
                code=code,
                label=_text(entry, "label", where),
                description=_text(entry, "description", where),
                reflection=_text(entry, "reflection", where),
                responses=tuple(refs),
            )
        )
    if not barriers:
        raise TaxonomyError(f"{path}: no [[barriers]] defined")
    for barrier in barriers:  # something must always help, whatever the exercise
        for technique in technique_ids():
            for diary in (False, True):
                if not any(responses[r].fits(technique, diary) for r in barrier.responses):
                    kept = " kept as a diary" if diary else ""
                    raise TaxonomyError(f"{path}: barrier {barrier.code!r} has no response for {technique!r}{kept}")
    return Taxonomy(tuple(barriers), MappingProxyType(responses))


def _contexts(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    """A response's `for` or `not_for`: techniques from data/techniques.toml, or "diary"."""
    value = entry.get(key, [])
    known = (*technique_ids(), DIARY)
    if not isinstance(value, list) or not all(isinstance(v, str) and v in known for v in value):
        raise TaxonomyError(f"{where}: {key!r} must list techniques from data/techniques.toml or {DIARY!r}; "
                            f"known: {', '.join(known)}")
    return tuple(value)


def _load(path: Path) -> Taxonomy:
    try:
        raw = load_limited(path)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TaxonomyError(f"{path}: cannot read barriers file: {exc}") from exc
    return _parse(raw, path)


@lru_cache(maxsize=1)
def _shipped() -> Taxonomy:
    return _load(data_file("barriers.toml"))


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Load and validate the barrier taxonomy: the shipped one (cached) unless `path` is given."""
    return _shipped() if path is None else _load(Path(path))
