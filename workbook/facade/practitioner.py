"""The façade's session packs: import one, decide each suggested plan, and what the review pack needs back.

An import is all-or-nothing (`storage.staged`: its changes are staged, then moved in through the
journal, so a kill leaves none of them or all): the pack, its suggestions, the call's note, the
answers on the patient's questions and the practitioner's name and next call. The same pack imported again
(same content hash) writes nothing at all, and a suggestion once decided is never offered again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.core.errors import NotFound, ValidationError, WorkbookError
from workbook.core.model import Plan, Question, QuestionnaireResponse, SessionNote, Settings
from workbook.core.pack_records import SessionPackRecord, Suggestion
from workbook.core.records import require_text
from workbook.core.suggestions import DeclinedSuggestion
from workbook.core.times import from_iso, utc_iso, zone
from workbook.facade.base import FacadeBase, settings_from
from workbook.storage.staged import all_or_nothing
from workbook.storage.store import Transaction

if TYPE_CHECKING:  # reading packs is loaded when one is imported, not by every opening
    from workbook.planning.session_pack import SessionPack

#: How long questionnaires asked for stay a nudge when the pack gave no next call.
NUDGE_DAYS = 28


@dataclass(frozen=True)
class PackImport:
    """What an import did: the stored pack, its suggestions still to decide, and whether anything was new."""

    pack: SessionPackRecord
    pending: list[Suggestion]
    new: bool
    answered: int = 0  # answers matched to the patient's saved questions


class PractitionerPart(FacadeBase):
    # -- importing -------------------------------------------------------------------------

    def import_session_pack(self, path: str | os.PathLike[str], *, now: datetime | None = None) -> PackImport:
        """Read, check and import a session pack file (SessionPackError, one line, if it cannot be taken)."""
        from workbook.planning.session_pack import read_session_pack

        return self.import_pack(read_session_pack(path), source_name=Path(path).name, now=now)

    def import_pack(self, pack: SessionPack, *, source_name: str = "session.toml",
                    now: datetime | None = None) -> PackImport:
        from workbook.planning.pack_import import check_pack, matched_questions, next_call_iso, suggestion_fields
        from workbook.planning.session_pack import pack_hash

        now = now or self.clock()
        check_pack(pack, self.exercises, source_name)
        digest = pack_hash(pack)
        with all_or_nothing(self.store, now, "import") as tx:
            known = tx.records(SessionPackRecord)
            same = next((p for p in known if p.content_hash == digest), None)
            if same is not None:  # imported before: nothing is written
                pending = [s for s in tx.records(Suggestion) if s.pack_id == same.id and not s.decided]
                return PackImport(same, sorted(pending, key=lambda s: s.created_at), new=False)
            stored_settings = tx.records(Settings)
            damaged = self.store.record_problems(Settings.table)
            if damaged:  # never put first-run defaults over settings that do not fit
                raise damaged[0].error()
            settings = settings_from(stored_settings)
            next_call = next_call_iso(pack, settings.zone)
            questions = tx.records(Question)
            matches = matched_questions(pack.answers, questions)
            answers = []
            for answer, question in zip(pack.answers, matches, strict=True):
                answers.append({"question": answer.question, "answer": answer.answer,
                                "question_id": question.id if question else ""})
                if question is not None:
                    tx.put(question.touched(now, answer=answer.answer, answered_on=pack.session_date, asked=True))
            note = SessionNote(call_date=pack.session_date, agreed=pack.notes, next_call=next_call).touched(now)
            record = SessionPackRecord(
                content_hash=digest, practitioner=pack.practitioner, session_date=pack.session_date,
                imported_at=utc_iso(now), source_name=source_name[:255], notes=pack.notes, next_call=next_call,
                questionnaires=list(pack.questionnaires), answers=answers, note_id=note.id).touched(now)
            tx.put(note)
            earlier = {p.id for p in known if p.practitioner == pack.practitioner and p.session_date == pack.session_date}
            before = [s for s in tx.records(Suggestion) if s.pack_id in earlier]
            decided_keys = {s.key for s in before if s.decided}
            for old in before:  # a corrected pack for the same session replaces what is still undecided
                if not old.decided and pack.plan(old.key) is not None:
                    tx.delete(Suggestion.table, old.id)
            pending = []
            for plan in pack.plans:
                if plan.key in decided_keys:
                    continue
                suggestion = Suggestion(
                    pack_id=record.id, key=plan.key, exercise_id=plan.exercise_id, what=plan.what,
                    practitioner=pack.practitioner, session_date=pack.session_date, rationale=plan.rationale,
                    plan=suggestion_fields(plan)).touched(now)
                tx.put(suggestion)
                pending.append(suggestion)
            latest = max((p.session_date for p in known), default=None)
            changes: dict[str, object] = {}
            if latest is None or pack.session_date >= latest:
                changes["practitioner_name"] = pack.practitioner
            if next_call is not None and from_iso(next_call) > now:
                changes["next_call"] = next_call
            if changes:
                tx.put(settings.changed(**changes).touched(now))
            tx.put(record)
        return PackImport(record, pending, new=True, answered=sum(1 for m in matches if m is not None))

    # -- reading -----------------------------------------------------------------------------

    def session_packs(self) -> list[SessionPackRecord]:
        """Every imported pack, oldest session first."""
        return sorted(self._core(SessionPackRecord), key=lambda p: (p.session_date, p.imported_at))

    def last_session_pack(self) -> SessionPackRecord | None:
        packs = self.session_packs()
        return packs[-1] if packs else None

    def suggestions(self, pack_id: str | None = None, *, pending_only: bool = False) -> list[Suggestion]:
        """Suggested plans (one pack's, if given), in the order the packs gave them."""
        packs = {p.id for p in self._core(SessionPackRecord)}  # one an older version left half-imported is not offered
        found = [s for s in self._core(Suggestion) if s.pack_id in packs and (pack_id is None or s.pack_id == pack_id)
                 and not (pending_only and s.decided)]
        return sorted(found, key=lambda s: (s.session_date, s.created_at))

    def suggestion(self, ref: str, pack_id: str | None = None) -> Suggestion:
        """A suggestion by its key within a pack (`pack_id`), or by its id or the start of it."""
        found = self.suggestions(pack_id)
        if pack_id is not None:
            match = next((s for s in found if s.key == ref), None)
            if match is None:
                keys = ", ".join(s.key for s in found) or "none"
                raise NotFound(f"This session pack has no plan with the key {ref[:32]!r} (its keys: {keys}).")
            return match
        return self._by_prefix(found, ref, "suggestion", Suggestion.table)

    def suggestion_plan(self, ref: str) -> Plan:
        """The plan accepting the suggestion as it is would make (not saved): it prefills the Plan form."""
        from workbook.planning.pack_import import suggested_plan

        suggestion = self.suggestion(ref)
        return suggested_plan(suggestion, self.exercises, self.settings().zone, self._today())

    # -- deciding ----------------------------------------------------------------------------

    def accept_suggestion(self, ref: str, *, plan: Plan | None = None, now: datetime | None = None) -> Plan:
        """Make the suggested plan (as it is, or as adjusted: `plan`), marked as agreed with the practitioner."""
        now = now or self.clock()
        suggestion = self.suggestion(ref)
        adjusted = plan is not None
        base = plan if plan is not None else self.suggestion_plan(suggestion.id)
        if base.exercise_id not in self.exercises:
            raise ValidationError("exercise_id", f"there is no exercise called {base.exercise_id!r}")
        self._check_supporters(base.supporter_ids)
        made = replace(base, agreed_in_session=True, agreed_with=suggestion.practitioner,
                       agreed_on=suggestion.session_date).touched(now)
        with self.store.transaction(now) as tx:
            current = self._undecided(tx.record(Suggestion, suggestion.id), suggestion)
            tx.put(made)
            tx.put(current.touched(now, decision="adjusted" if adjusted else "accepted", decided_at=utc_iso(now),
                                   plan_id=made.id))
            self._note_agreed(tx, current, made.id, now)
        self.record_event("plan_created", now=now, plan=made.id, exercise=made.exercise_id)
        return made

    def decline_suggestion(self, ref: str, reason: str, *, now: datetime | None = None) -> Suggestion:
        """Decline a suggested plan; the reason goes back to the practitioner in the next review pack."""
        from workbook.content.copy import text as copy_text

        now = now or self.clock()
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", copy_text("session_pack.decline_needs_reason"))
        require_text("reason", reason, max_len=1000)
        suggestion = self.suggestion(ref)
        with self.store.transaction(now) as tx:
            current = self._undecided(tx.record(Suggestion, suggestion.id), suggestion)
            declined = current.touched(now, decision="declined", reason=reason, decided_at=utc_iso(now))
            tx.put(declined)
        return declined

    def declined_suggestions(self, since: date) -> list[DeclinedSuggestion]:
        """Suggestions declined on or after `since` (the patient's local day), oldest first, for the review pack."""
        zone_name = self.settings().zone
        found = []
        for s in self.suggestions():
            if s.decision != "declined" or s.decided_at is None:
                continue
            decided = from_iso(s.decided_at)
            if decided.astimezone(zone(zone_name)).date() >= since:
                found.append(DeclinedSuggestion(what=s.what, exercise_id=s.exercise_id, practitioner=s.practitioner,
                                                session_date=s.session_date, reason=s.reason, decided_at=decided))
        return sorted(found, key=lambda d: d.decided_at)

    def questionnaires_asked(self, now: datetime | None = None) -> list[str]:
        """Questionnaires the last pack asked for before the next call and not filled in since: a nudge."""
        now = now or self.clock()
        pack = self.last_session_pack()
        if pack is None or not pack.questionnaires:
            return []
        if pack.next_call is not None and from_iso(pack.next_call) <= now:
            return []
        if pack.next_call is None and (now - from_iso(pack.imported_at)).days > NUDGE_DAYS:
            return []
        since = from_iso(pack.imported_at)
        done = {r.measure for r in self._core(QuestionnaireResponse) if from_iso(r.completed_at) >= since}
        return [q for q in pack.questionnaires if q not in done]

    def questionnaire_nudge(self, now: datetime | None = None) -> str:
        """The nudge for `questionnaires_asked`, in the words of data/copy.toml ('' when there is none)."""
        from workbook.content.copy import text as copy_text
        from workbook.content.measures import load_measure
        from workbook.planning.pack_import import day_words

        asked = self.questionnaires_asked(now)
        pack = self.last_session_pack()
        if not asked or pack is None:
            return ""
        names = [load_measure(m).short_name for m in asked]
        measures = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        if pack.next_call:
            day = day_words(from_iso(pack.next_call).astimezone(zone(self.settings().zone)).date())
            return copy_text("session_pack.nudge", name=pack.practitioner, measures=measures, day=day)
        return copy_text("session_pack.nudge_no_call", name=pack.practitioner, measures=measures)

    # -- helpers -----------------------------------------------------------------------------

    def _today(self) -> date:
        return self.clock().astimezone(zone(self.settings().zone)).date()

    @staticmethod
    def _undecided(current: Suggestion | None, read: Suggestion) -> Suggestion:
        """The suggestion as stored now, if it is still to decide; else say plainly what became of it."""
        from workbook.content.copy import text as copy_text
        from workbook.planning.pack_import import day_words

        if current is None:
            raise NotFound(f"The suggestion '{read.what}' is no longer there (a newer pack replaced it).")
        if current.decided:
            day = day_words(from_iso(current.decided_at or current.updated_at).date())
            raise WorkbookError(copy_text("session_pack.already", decision=current.decision, day=day))
        return current

    def _note_agreed(self, tx: Transaction, suggestion: Suggestion, plan_id: str, now: datetime) -> None:
        """The call's note lists the plans agreed at it, as a call recorded by hand does."""
        pack = tx.record(SessionPackRecord, suggestion.pack_id)
        note = tx.record(SessionNote, pack.note_id) if pack is not None and pack.note_id else None
        if note is not None and plan_id not in note.agreed_plan_ids:
            tx.put(note.touched(now, agreed_plan_ids=[*note.agreed_plan_ids, plan_id]))
