"""The façade's study part: joining a study from its pack, and what the pack then decides.

Joining applies the pack in one step: the study's exercises (its own files copied into
`<home>/study/exercises/`), check-in cadence and questionnaires, reminder defaults, and
research mode on with the participant's id, with the consent agreed kept as a
`StudyConsent` record and a `consent_given` event naming the wording's version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from workbook.core.consent import StudyConsent
from workbook.core.errors import ValidationError, WorkbookError
from workbook.core.model import Settings
from workbook.core.times import utc_iso
from workbook.facade.base import FacadeBase, settings_from

if TYPE_CHECKING:
    from workbook.content.exercises import Exercise
    from workbook.content.study import StudyPack

STUDY_DIR = "study"
PACK_COPY = "study.toml"


class StudyChoiceError(WorkbookError):
    """Joining refused: already in another study, or a participant id the study does not use."""


@dataclass(frozen=True)
class Joined:
    settings: Settings
    consent: StudyConsent
    already: bool  # the same study and participant were already joined with this wording: nothing changed
    left: str | None = None  # the study this workbook was in before, if it switched


class StudyPart(FacadeBase):
    def consents(self) -> list[StudyConsent]:
        return sorted(self._core(StudyConsent), key=lambda c: c.agreed_at)

    def current_consent(self) -> StudyConsent | None:
        settings = self.settings()
        found = [c for c in self.consents() if c.study_id == settings.study_id and c.left_at is None]
        return found[-1] if found else None

    def offered_exercises(self) -> list[Exercise]:
        """The exercises to offer: a study's choice when one is joined, else every one."""
        chosen = self.settings().offered_exercises
        every = self.exercises.all()
        return [e for e in every if e.id in chosen] if chosen else every

    def offered_by_technique(self) -> dict[str, list[Exercise]]:
        groups: dict[str, list[Exercise]] = {}
        for exercise in self.offered_exercises():
            groups.setdefault(exercise.technique, []).append(exercise)
        return groups

    def check_join(self, pack: StudyPack, participant: str, *, switch: bool = False) -> bool:
        """May `participant` join `pack`'s study? True: already joined just so (nothing to do);
        StudyChoiceError: an id the study does not use, or another study joined (without `switch`)."""
        problem = pack.participant_problem(participant)
        if problem:
            raise StudyChoiceError(f"The participant ID {participant[:64]!r} {problem}.")
        current = self.settings()
        consent = self.current_consent()
        same = (current.study_id == pack.id and current.participant_id == participant)
        if same and current.research_mode and consent is not None and consent.digest == pack.consent_digest:
            return True
        if consent is not None and (consent.study_id, consent.participant_id) != (pack.id, participant) and not switch:
            raise StudyChoiceError(
                f"This workbook is already in study {consent.study_id} as participant {consent.participant_id} "
                f"(since {consent.agreed_at[:10]}). To leave it and join {pack.id} as {participant}, "
                "add --switch; what was recorded so far keeps its own study and participant IDs.")
        return False

    def join_study(self, pack: StudyPack, participant: str, *, switch: bool = False,
                   now: datetime | None = None) -> Joined:
        """Apply `pack` and turn research mode on for `participant`, consent recorded.

        The same study, participant and wording again changes nothing (`already`). Another
        study, or another participant id in this one, is refused unless `switch`: the
        earlier consent is then marked left and its events keep their ids.
        """
        now = now or self.clock()
        current = self.settings()
        consent = self.current_consent()
        if self.check_join(pack, participant, switch=switch):
            assert consent is not None
            return Joined(current, consent, already=True)
        joined_elsewhere = consent is not None and (consent.study_id != pack.id or consent.participant_id != participant)
        self._ship_exercises(pack)
        stamp = utc_iso(now)
        agreed = StudyConsent(study_id=pack.id, participant_id=participant, consent_version=pack.consent_version,
                              digest=pack.consent_digest, agreed_at=stamp).touched(now)
        changes: dict[str, Any] = dict(research_mode=True, participant_id=participant, study_id=pack.id,
                                       offered_exercises=list(pack.offered), checkin_every_days=pack.every_days,
                                       checkin_measures=list(pack.measures))
        if pack.lead_minutes is not None:
            changes["default_lead_minutes"] = pack.lead_minutes
        if pack.quiet_start is not None:
            changes.update(quiet_start=pack.quiet_start, quiet_end=pack.quiet_end)
        was_on = current.research_mode
        with self.store.transaction(now) as tx:
            stored = settings_from(tx.records(Settings))
            for earlier in tx.records(StudyConsent):
                if earlier.left_at is None and (earlier.study_id, earlier.participant_id) != (pack.id, participant):
                    tx.put(earlier.touched(now, left_at=stamp))
            try:
                updated = stored.changed(**changes).touched(now)
            except ValidationError as exc:
                raise StudyChoiceError(f"The study pack's {exc.field} does not fit: {exc.message}.") from None
            tx.put(updated)
            tx.put(agreed)
        moved = (current.study_id, current.participant_id) != (pack.id, participant)
        if was_on and moved:  # the earlier period ends under its own ids
            self.record_event("research_off", now=now, settings=current)
        if not was_on or moved:
            self.record_event("research_on", now=now, settings=updated)
        self.record_event("consent_given", now=now, settings=updated, study=pack.id, consent=pack.consent_version)
        left = consent.study_id if joined_elsewhere and consent is not None else None
        return Joined(updated, agreed, already=False, left=left)

    def _ship_exercises(self, pack: StudyPack) -> None:
        """Copy the pack's own exercise files into the home, where the library finds them."""
        from workbook.storage.layout import private_subdir
        from workbook.storage.outfiles import write_output

        folder = private_subdir(self.home, STUDY_DIR)
        shipped = private_subdir(self.home, STUDY_DIR, "exercises")
        for old in shipped.glob("*.toml"):
            old.unlink()  # the earlier pack's files: a study offers only its own
        for path in pack.files:
            write_output(shipped / path.name, path.read_bytes(), home=self.home)
        write_output(folder / PACK_COPY, pack.source.read_bytes(), home=self.home)
        self.__dict__.pop("exercises", None)  # the cached library: read again with the pack's files
