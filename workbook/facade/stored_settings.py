"""The one settings record, or a new home's defaults: shared by the full façade and `ReminderBook`."""

from __future__ import annotations

from collections.abc import Sequence

from workbook.core.settings_record import Settings
from workbook.core.times import local_zone_name

SETTINGS_ID = "00000000-0000-4000-8000-000000000001"


def settings_from(found: Sequence[Settings]) -> Settings:
    """The stored settings (validated), or first-run defaults (in this computer's time zone)."""
    if found:
        return found[0]
    return Settings(id=SETTINGS_ID, zone=local_zone_name())
