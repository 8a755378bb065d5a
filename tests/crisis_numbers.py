"""Which emergency numbers a region may show, and finding the ones it must not (for the crisis tests)."""

from __future__ import annotations

import re

from workbook.content.crisis import regions

#: Numbers only UK services use: "somewhere else" must never show one.
UK_ONLY = ("999", "111", "116 123", "85258", "0808 808 8000", "18000", "18001", "0800 83 85 87")


def _found(number: str, text: str) -> bool:
    return re.search(rf"(?<!\d){re.escape(number)}(?!\d)", text) is not None


def foreign_numbers(region: str) -> set[str]:
    """Other regions' emergency numbers that are not this region's own (plus every UK one for "elsewhere")."""
    everything = {n for r in regions() for n in r.emergency}
    own = next(r for r in regions() if r.code == region).emergency
    foreign = everything - set(own)
    if region == "elsewhere":
        foreign |= set(UK_ONLY)
    return foreign


def shown_foreign(region: str, text: str) -> list[str]:
    """The numbers in `text` that `region` must not show."""
    return sorted(n for n in foreign_numbers(region) if _found(n, text))
