"""Support (crisis) contacts and every crisis sentence, for the region the person lives in.

`data/crisis.toml` holds one table per region (England, Wales, Scotland, Northern Ireland,
Republic of Ireland, somewhere else, and "not chosen yet"). Each gives its emergency numbers,
the words for reaching emergency help (which fill the shared sentences in `data/copy.toml`), and
its contacts, each with a source and the day it was checked. A person's own `<home>/crisis.toml`
replaces all of it, copy included.

This must always produce something to show. A broken override never raises: the region's
contacts are returned with a warning, because the Support screen is the last place an error
message should replace a phone number.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from workbook.content.copy import load_copy
from workbook.content.paths import data_file
from workbook.content.toml_files import load_limited
from workbook.core.words import agree

__all__ = ["Contact", "CrisisInfo", "CrisisFileError", "OVERRIDE_NAME", "REGION_COPY", "Region", "default_crisis",
           "load_crisis", "local_contact_text", "region_choices", "regions"]

#: File name, inside the Workbook home folder, that replaces the shipped contacts.
OVERRIDE_NAME = "crisis.toml"
#: The crisis sentences a region (or a person's own file) may replace, each a key of [crisis] in copy.toml.
REGION_COPY = ("title", "intro", "disclaimer", "risk_note", "result_risk", "report_line")
UNSET = "unset"
ELSEWHERE = "elsewhere"


class CrisisFileError(ValueError):
    """A crisis contacts file is malformed (names the file and the problem)."""


@dataclass(frozen=True)
class Contact:
    """Who to contact, how (number or text), when they're available, what for, and where that was checked."""

    name: str
    how: str
    when: str
    what_for: str
    source: str = ""
    checked: str = ""


@dataclass(frozen=True)
class Region:
    """One region's emergency numbers, wording and contacts, as the shipped file gives them."""

    code: str
    name: str
    emergency: tuple[str, ...]
    emergency_action: str  # "call 999 or go to your nearest A&E": fills the shared sentences
    prompt: str
    contacts: tuple[Contact, ...]
    copy: Mapping[str, str]


@dataclass(frozen=True)
class CrisisInfo:
    """Everything a screen or the report says about getting help. `warning` is set when an override was ignored."""

    region: str
    region_name: str
    title: str
    intro: str
    not_notified: str
    contacts: tuple[Contact, ...]
    source: Path
    is_default: bool  # False: the person's own crisis.toml
    emergency: tuple[str, ...]
    emergency_action: str
    prompt: str
    disclaimer: str
    risk_note: str
    result_risk: str
    report_line: str
    warning: str | None = None
    country: str = ""


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CrisisFileError(f"{where}: {key!r} must be non-empty text")
    return value.strip()


def _optional(table: Mapping[str, Any], key: str, where: str) -> str | None:
    return _text(table, key, where) if key in table else None


def _contacts(raw: Any, where: str, *, sourced: bool) -> tuple[Contact, ...]:
    if not isinstance(raw, list) or not raw:
        raise CrisisFileError(f"{where}: needs at least one [[contacts]] entry")
    found = []
    for i, entry in enumerate(raw, start=1):
        here = f"{where}: contact #{i}"
        if not isinstance(entry, dict):
            raise CrisisFileError(f"{here} must be a table")
        source = _text(entry, "source", here) if sourced else str(entry.get("source", "")).strip()
        checked = _text(entry, "checked", here) if sourced else str(entry.get("checked", "")).strip()
        found.append(Contact(_text(entry, "name", here), _text(entry, "how", here), _text(entry, "when", here),
                             _text(entry, "what_for", here), source, checked))
    return tuple(found)


def _copy_table(raw: Any, where: str) -> Mapping[str, str]:
    if raw is None:
        return MappingProxyType({})
    if not isinstance(raw, dict):
        raise CrisisFileError(f"{where}: 'copy' must be a table")
    unknown = sorted(set(raw) - set(REGION_COPY))
    if unknown:
        raise CrisisFileError(f"{where}: {agree(len(unknown), 'copy key', 'copy keys')} {', '.join(unknown)} "
                               f"{agree(len(unknown), 'is', 'are')} unknown; known: {', '.join(REGION_COPY)}")
    return MappingProxyType({key: _text(raw, key, f"{where} copy") for key in raw})


def _numbers(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(n, str) and n.strip() for n in raw):
        raise CrisisFileError(f"{where}: 'emergency' must be a list of numbers as text, like [\"999\"]")
    return tuple(n.strip() for n in raw)


@dataclass(frozen=True)
class _Shipped:
    regions: Mapping[str, Region]
    order: tuple[str, ...]
    not_notified: str
    care_team: tuple[Contact, ...]
    path: Path


@lru_cache(maxsize=1)
def _shipped() -> _Shipped:
    path = data_file("crisis.toml")
    raw = _read_raw(path)
    where = str(path)
    tables = raw.get("regions")
    if not isinstance(tables, dict) or UNSET not in tables or ELSEWHERE not in tables:
        raise CrisisFileError(f"{where}: needs [regions.{UNSET}] and [regions.{ELSEWHERE}]")
    found = {}
    for code, table in tables.items():
        here = f"{where}: [regions.{code}]"
        if not isinstance(table, dict):
            raise CrisisFileError(f"{here} must be a table")
        found[code] = Region(code, _text(table, "name", here), _numbers(table.get("emergency", []), here),
                             _text(table, "emergency_action", here), str(table.get("prompt", "")).strip(),
                             _contacts(table.get("contacts"), here, sourced=True), _copy_table(table.get("copy"), here))
    order = raw.get("order")
    if not isinstance(order, list) or sorted(order) != sorted(c for c in found if c != UNSET):
        raise CrisisFileError(f"{where}: 'order' must list every region but {UNSET!r} once")
    care = _contacts(raw.get("care_team"), f"{where}: [[care_team]]", sourced=False)
    return _Shipped(MappingProxyType(found), tuple(order), _text(raw, "not_notified", where), care, path)


def regions() -> tuple[Region, ...]:
    """Every shipped region, "not chosen yet" first, then in the order the file gives."""
    shipped = _shipped()
    return tuple(shipped.regions[c] for c in (UNSET, *shipped.order))


def region_choices() -> list[tuple[str, str]]:
    """(code, name) for a "where do you live?" question, in the file's order ("Not chosen yet" first)."""
    return [(r.code, r.name) for r in regions()]


def _region(code: str) -> Region:
    shipped = _shipped()
    return shipped.regions.get(code) or shipped.regions[UNSET]


def _sentences(action: str, *overrides: Mapping[str, str]) -> dict[str, str]:
    """The crisis sentences: copy.toml's [crisis] with `action` filled, each replaceable by a later table."""
    copy = load_copy()
    found = {key: copy.text(f"crisis.{key}", emergency_action=action) for key in REGION_COPY}
    for table in overrides:
        found.update(table)
    return found


def default_crisis(region: str = UNSET) -> CrisisInfo:
    """The shipped contacts and wording for `region` (an unknown code gets "not chosen yet")."""
    shipped = _shipped()
    chosen = _region(region)
    words = _sentences(chosen.emergency_action, chosen.copy)
    return CrisisInfo(chosen.code, chosen.name, words["title"], words["intro"], shipped.not_notified,
                      chosen.contacts + shipped.care_team, shipped.path, True, chosen.emergency,
                      chosen.emergency_action, chosen.prompt, words["disclaimer"], words["risk_note"],
                      words["result_risk"], words["report_line"])


def _read_raw(path: Path) -> dict[str, Any]:
    try:
        return load_limited(path)
    except tomllib.TOMLDecodeError as exc:
        raise CrisisFileError(f"{path}: not valid TOML ({exc})") from exc
    except OSError as exc:
        raise CrisisFileError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _own(path: Path, fallback: CrisisInfo) -> CrisisInfo:
    """A person's own file: its contacts, and its words where it gives them.

    Without its own `emergency_action`, a file used with no region chosen says "your local
    emergency number" (such a file is usually for somewhere the shipped regions don't cover).
    """
    raw = _read_raw(path)
    where = str(path)
    contacts = _contacts(raw.get("contacts"), where, sourced=False)
    if "emergency_action" in raw:
        action = _text(raw, "emergency_action", where)
    else:
        action = _region(ELSEWHERE if fallback.region == UNSET else fallback.region).emergency_action
    emergency = _numbers(raw["emergency"], where) if "emergency" in raw else \
        (() if fallback.region == UNSET else fallback.emergency)
    country = raw.get("country", "")
    if not isinstance(country, str):
        raise CrisisFileError(f"{where}: 'country' must be text such as \"GB\"")
    top = {key: value for key in ("title", "intro") if (value := _optional(raw, key, where)) is not None}
    words = _sentences(action, top, _copy_table(raw.get("copy"), where))
    not_notified = _optional(raw, "not_notified", where) or fallback.not_notified
    return CrisisInfo(fallback.region, fallback.region_name, words["title"], words["intro"], not_notified, contacts,
                      path, False, emergency, action, "", words["disclaimer"], words["risk_note"],
                      words["result_risk"], words["report_line"], country=country.strip().upper())


def load_crisis(home: Path | None, region: str = UNSET) -> CrisisInfo:
    """What to show: `<home>/crisis.toml` if present and valid, else the shipped contacts for `region`.

    Never raises for a bad override; the returned info then carries a `warning`.
    """
    default = default_crisis(region)
    if home is None:
        return default
    path = Path(home) / OVERRIDE_NAME
    try:
        if not path.exists():
            return default
        return _own(path, default)
    except (CrisisFileError, OSError) as exc:
        problem = str(exc)
    except Exception as exc:  # noqa: BLE001 - the Support screen must always have contacts
        problem = f"{path}: {type(exc).__name__}"
    warning = f"Your own support contacts could not be used ({problem}). Showing the contacts for " \
              f"{default.region_name if default.region != UNSET else 'the UK'} instead."
    return replace(default, warning=warning)


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _contact_text(contact: Contact) -> str:
    lines = ["[[contacts]]"] + [f"{key} = {_quoted(getattr(contact, key))}" for key in ("name", "how", "when", "what_for")]
    return "\n".join(lines) + "\n"


def local_contact_text(existing: str | None, info: CrisisInfo, contact: Contact) -> str:
    """The text of `<home>/crisis.toml` with `contact` added.

    A new file starts with the contact, then the contacts shown now (so nothing shown before is
    lost), and keeps the current emergency wording; an existing file gets the contact appended.
    """
    if existing is not None:
        return existing.rstrip("\n") + "\n\n" + _contact_text(contact)
    head = ["# Your own support contacts: Workbook shows these instead of its own.",
            "# Edit freely; each [[contacts]] needs name, how, when and what_for.",
            f"emergency_action = {_quoted(info.emergency_action)}",
            f"emergency = [{', '.join(_quoted(n) for n in info.emergency)}]", ""]
    body = [_contact_text(contact)] + [_contact_text(c) for c in info.contacts]
    return "\n".join(head) + "\n" + "\n".join(body)
