"""Support (crisis) contacts: the shipped UK default, or the user's own override.

This must always produce something to show. A broken override never raises: the
default is returned with a warning, because the Support screen is the last
place an error message should replace a phone number.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from workbook.content.paths import data_file
from workbook.content.toml_files import load_limited

__all__ = ["Contact", "CrisisInfo", "CrisisFileError", "OVERRIDE_NAME", "default_crisis", "load_crisis"]

#: File name, inside the Workbook home folder, that replaces the default contacts.
OVERRIDE_NAME = "crisis.toml"


class CrisisFileError(ValueError):
    """A crisis contacts file is malformed (names the file and the problem)."""


@dataclass(frozen=True)
class Contact:
    """Who to contact, how (number or text), when they're available, and what for."""

    name: str
    how: str
    when: str
    what_for: str


@dataclass(frozen=True)
class CrisisInfo:
    """What the Support screen shows. `warning` is set when an override was ignored."""

    country: str
    title: str
    intro: str
    not_notified: str
    contacts: tuple[Contact, ...]
    source: Path
    is_default: bool
    warning: str | None = None


def _text(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CrisisFileError(f"{where}: {key!r} must be non-empty text")
    return value.strip()


def _parse(raw: dict[str, Any], path: Path, *, fallback: CrisisInfo | None) -> CrisisInfo:
    where = str(path)
    contacts_raw = raw.get("contacts")
    if not isinstance(contacts_raw, list) or not contacts_raw:
        raise CrisisFileError(f"{where}: needs at least one [[contacts]] entry")
    contacts = []
    for i, entry in enumerate(contacts_raw, start=1):
        if not isinstance(entry, dict):
            raise CrisisFileError(f"{where}: contact #{i} must be a table")
        here = f"{where}: contact #{i}"
        contacts.append(
            Contact(
                name=_text(entry, "name", here),
                how=_text(entry, "how", here),
                when=_text(entry, "when", here),
                what_for=_text(entry, "what_for", here),
            )
        )
    # Workbook's own behaviour doesn't change with the country, so an override may
    # leave out the "nobody is notified" statement and still show it.
    if fallback is not None and "not_notified" not in raw:
        not_notified = fallback.not_notified
    else:
        not_notified = _text(raw, "not_notified", where)
    country = raw.get("country", "")
    if not isinstance(country, str):
        raise CrisisFileError(f"{where}: 'country' must be text such as \"GB\"")
    return CrisisInfo(
        country=country.strip().upper(),
        title=_text(raw, "title", where),
        intro=_text(raw, "intro", where),
        not_notified=not_notified,
        contacts=tuple(contacts),
        source=path,
        is_default=fallback is None,
    )


def _read(path: Path, fallback: CrisisInfo | None) -> CrisisInfo:
    try:
        raw = load_limited(path)
    except tomllib.TOMLDecodeError as exc:
        raise CrisisFileError(f"{path}: not valid TOML ({exc})") from exc
    except OSError as exc:
        raise CrisisFileError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    return _parse(raw, path, fallback=fallback)


def default_crisis() -> CrisisInfo:
    """The shipped UK contacts (raises if the installation itself is broken)."""
    return _read(data_file("crisis.toml"), None)


def load_crisis(home: Path | None) -> CrisisInfo:
    """Contacts to show: `<home>/crisis.toml` if present and valid, else the UK default.

    Never raises for a bad override; the returned info then carries a `warning`.
    """
    default = default_crisis()
    if home is None:
        return default
    path = Path(home) / OVERRIDE_NAME
    try:
        if not path.exists():
            return default
        return _read(path, default)
    except (CrisisFileError, OSError) as exc:
        warning = f"Your own support contacts could not be used ({exc}). Showing the UK contacts instead."
    except Exception as exc:  # noqa: BLE001 - the Support screen must always have contacts
        warning = (
            f"Your own support contacts in {path} could not be used ({type(exc).__name__}). "
            "Showing the UK contacts instead."
        )
    return replace(default, warning=warning)
