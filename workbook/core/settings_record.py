"""The settings record (one per home): who, where, quiet hours, and what a study or a review pack uses.

In a module of its own so a reminder pass, which reads only settings, plans, supporters and
attempts, loads just those records (`core.model` gathers every record type).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from typing import Any, ClassVar

from workbook.core.errors import ValidationError
from workbook.core.records import (
    ID_WORD,
    Record,
    require_choice,
    require_instant,
    require_int,
    require_text,
    require_zone,
)

MEASURES = ("phq9", "gad7", "wsas")
THEMES = ("workbook", "workbook-light", "high-contrast")
#: Where the person lives, for the right crisis contacts (each a [regions.<code>] table in data/crisis.toml).
REGIONS = ("unset", "england", "wales", "scotland", "northern_ireland", "ireland", "elsewhere")
PACK_CHOICES = ("pack_name", "pack_notes", "pack_barrier_notes", "pack_ratings", "pack_questions")
# An age X25519 recipient: "age1" then 58 bech32 characters (lower case; no b, i, o or 1).
_AGE_RECIPIENT = re.compile(r"^age1[02-9ac-hj-np-z]{58}$")


@dataclass(kw_only=True)
class Settings(Record):
    """The single settings record (one per home)."""

    table: ClassVar[str] = "settings"
    first_name: str = ""
    practitioner_name: str = ""
    next_call: str | None = None  # aware ISO datetime (local offset) of the next practitioner call
    zone: str = "UTC"
    quiet_start: time | None = time(21, 30)
    quiet_end: time | None = time(8, 0)
    discreet: bool = False
    theme: str = "workbook"
    default_lead_minutes: int = 15
    research_mode: bool = False
    participant_id: str = ""
    study_id: str = ""
    welcome_done: bool = False
    offered_exercises: list[str] = field(default_factory=list)  # a study's choice; empty: every exercise
    checkin_every_days: int = 7  # how often the check-in nudge comes
    checkin_measures: list[str] = field(default_factory=list)  # ticked at a check-in; empty: all three
    caseload_identity: str = ""  # a practitioner's age identity file, for the caseload view
    # The practitioner's age public key ("age1..."): review packs are encrypted to it when set.
    practitioner_key: str = ""
    # What the patient chose to put in a review pack (remembered from one pack to the next).
    pack_name: bool = True
    pack_notes: bool = True
    pack_barrier_notes: bool = True
    pack_ratings: bool = True
    pack_questions: bool = True
    region: str = "unset"  # not chosen yet: Support shows UK-wide contacts and asks where you live

    def validate(self) -> None:
        require_choice("region", self.region, REGIONS)
        require_text("first_name", self.first_name, max_len=60)
        require_text("practitioner_name", self.practitioner_name, max_len=80)
        require_instant("next_call", self.next_call, optional=True)
        require_zone("zone", self.zone)
        for name in ("quiet_start", "quiet_end"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, time):
                raise ValidationError(name, "must be a time like 21:30")
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise ValidationError("quiet_end", "quiet hours need both a start and an end")
        require_choice("theme", self.theme, THEMES)
        require_int("default_lead_minutes", self.default_lead_minutes, 0, 1440)
        require_text("participant_id", self.participant_id, max_len=64)
        require_text("study_id", self.study_id, max_len=64)
        check_study_choices(self.offered_exercises, self.checkin_every_days, self.checkin_measures, MEASURES)
        require_text("caseload_identity", self.caseload_identity, max_len=4096)
        if self.research_mode and not self.participant_id.strip():
            raise ValidationError("participant_id", "research mode needs a participant ID")
        require_age_recipient("practitioner_key", self.practitioner_key)
        for name in PACK_CHOICES:
            if not isinstance(getattr(self, name), bool):
                raise ValidationError(name, "must be yes or no")


def check_study_choices(offered: object, every_days: object, measures: object, known_measures: tuple[str, ...]) -> None:
    """The settings a study pack sets (Settings.validate): exercise ids, check-in days and questionnaires."""
    require_int("checkin_every_days", every_days, 1, 90)
    if not isinstance(measures, list) or any(m not in known_measures for m in measures):
        raise ValidationError("checkin_measures", f"must list some of {', '.join(known_measures)}")
    if not isinstance(offered, list) or not all(isinstance(e, str) and ID_WORD.match(e) for e in offered):
        raise ValidationError("offered_exercises", "must be a list of exercise ids")


def require_age_recipient(name: str, value: Any) -> None:
    """An age public key ("age1" and 58 more letters and digits), or empty for none."""
    if not isinstance(value, str):
        raise ValidationError(name, "must be text")
    if value and not _AGE_RECIPIENT.match(value):
        raise ValidationError(name, "is not an age public key: it starts with age1 and is 62 letters and digits "
                                    "long (the 'public key' line of your practitioner's key file)")
