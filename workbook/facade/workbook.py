"""The `Workbook` façade: one class composed of topic parts, each in its own module.

Every front end (the CLI, the app, the reminder runner, outputs) goes through it, so
none touches storage or scheduling directly; `FacadeBase` holds the store, the clock
and the typed readers the parts share.
"""

from __future__ import annotations

from pathlib import Path

from workbook.core.times import Clock
from workbook.facade.attempts import AttemptsPart, LoggedOccurrence, recent_window  # noqa: F401 - re-exported
from workbook.facade.backups import BackupsPart
from workbook.facade.base import SETTINGS_ID, FacadeBase, short_ids  # noqa: F401 - re-exported
from workbook.facade.insight import InsightPart
from workbook.facade.measures import MeasuresPart, score_response  # noqa: F401 - re-exported
from workbook.facade.people import PeoplePart
from workbook.facade.plans import PlansPart
from workbook.facade.practitioner import PackImport, PractitionerPart  # noqa: F401 - re-exported
from workbook.facade.reminders import RemindersPart
from workbook.facade.research import EVENT_KINDS, ResearchPart  # noqa: F401 - re-exported
from workbook.facade.review_pack import ReviewPackPart
from workbook.facade.study import StudyPart
from workbook.storage.opening import open_store


class Workbook(PlansPart, AttemptsPart, PeoplePart, MeasuresPart, ReviewPackPart, InsightPart, BackupsPart, RemindersPart,
               ResearchPart, PractitionerPart, StudyPart, FacadeBase):
    """One patient's workbook. Open with `Workbook.open(home, clock=...)`."""

    @classmethod
    def open(cls, home: Path, *, clock: Clock, daily_backup: bool = True) -> Workbook:
        store = open_store(home, now=clock())
        workbook = cls(store, clock)
        if daily_backup:
            workbook.daily_backup()
        return workbook
