"""What a participant agreed to when joining a study: the consent wording's version, when, and for whom.

Kept as a record of its own (one per joining), so the consent a study's data rests on is
always on file, even after research mode is turned off, and joining again is seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from workbook.core.errors import ValidationError
from workbook.core.records import Record, require_instant, require_text

_DIGEST = re.compile(r"^[0-9a-f]{64}$")


@dataclass(kw_only=True)
class StudyConsent(Record):
    """One participant's agreement to one study's consent wording (`digest` is the wording's SHA-256)."""

    table: ClassVar[str] = "consents"
    study_id: str
    participant_id: str
    consent_version: str
    digest: str
    agreed_at: str
    left_at: str | None = None  # when the workbook joined another study instead

    def validate(self) -> None:
        require_text("study_id", self.study_id, max_len=64, allow_empty=False)
        require_text("participant_id", self.participant_id, max_len=64, allow_empty=False)
        require_text("consent_version", self.consent_version, max_len=40, allow_empty=False)
        if not isinstance(self.digest, str) or not _DIGEST.match(self.digest):
            raise ValidationError("digest", "must be the SHA-256 of the consent wording")
        require_instant("agreed_at", self.agreed_at)
        require_instant("left_at", self.left_at, optional=True)
