"""Appending a research engagement event: only in research mode, and ids only, never free text.

Shared by the full façade and `ReminderBook` (a reminder pass logs what it sent), so both
keep the same rule for what an event may hold.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from workbook.core.times import utc_iso

if TYPE_CHECKING:
    from workbook.core.model import Event
    from workbook.core.settings_record import Settings
    from workbook.storage.store import Store

_REF_VALUE = re.compile(r"^[A-Za-z0-9_.:+-]{1,64}$")  # ids, codes and ISO times: no spaces, so no prose


def append_event(store: Store, kind: str, now: datetime, settings: Settings, refs: dict[str, str],
                 *, stacklevel: int = 2) -> Event | None:
    """Store an event of `kind` at `now`; None (nothing stored) outside research mode.

    A ref that is not a short id is left out with a warning (`stacklevel` as for `warnings.warn`)."""
    if not settings.research_mode:
        return None
    from workbook.core.model import Event  # research mode is rare: a reminder pass without it never loads Event

    for key, value in list(refs.items()):
        if value and not _REF_VALUE.match(str(value)):  # dropped, never stored: events hold no prose
            import warnings

            warnings.warn(f"event {kind}: ref {key!r} is not a short id and was left out", stacklevel=stacklevel)
            del refs[key]
    moment = utc_iso(now)
    event = Event(
        kind=kind,
        at=moment,
        created_at=moment,
        updated_at=moment,
        participant_id=settings.participant_id,
        study_id=settings.study_id,
        refs={k: v for k, v in refs.items() if v},
    )
    with store.transaction() as tx:
        tx.put(event)
    return event
