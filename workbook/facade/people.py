"""The façade's people and calls: supporters, questions for the practitioner, and session notes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.core.errors import NotFound
from workbook.core.model import Plan, Question, SessionNote, Supporter
from workbook.core.times import zone
from workbook.facade.base import FacadeBase

if TYPE_CHECKING:  # types only: the modules load when a method needs them, keeping start-up short
    from workbook.planning.asking import Sharing


class PeoplePart(FacadeBase):
    def save_supporter(self, supporter: Supporter, *, base: Supporter | None = None) -> Supporter:
        """Add a supporter, or change one over the version it was read at (`base`: as a form opened it).

        StaleRecordError (carrying the newer version) if another window or `workbook` changed it meanwhile.
        """
        return self._save(supporter, base=base)

    def remove_supporter(self, ref: str) -> None:
        supporter = self._by_prefix(self.supporters(), ref, "supporter", Supporter.table)
        with self.store.transaction(self.clock()) as tx:
            tx.delete("supporters", supporter.id)
            for plan in tx.records(Plan):  # a plan that does not fit is left as it is (doctor names it)
                if supporter.id in plan.supporter_ids:
                    tx.put(plan.changed(supporter_ids=[s for s in plan.supporter_ids if s != supporter.id]))

    def plans_for_supporter(self, supporter_id: str) -> list[Plan]:
        """Plans (not ended) this supporter helps with."""
        return [p for p in self.plans(include_ended=False) if supporter_id in p.supporter_ids]

    def set_supporter_plans(self, supporter_id: str, plan_ids: Iterable[str]) -> None:
        """Link a supporter to exactly these plans (ended plans are left as they were), in one write."""
        self._check_supporters([supporter_id])
        wanted = set(plan_ids)
        now = self.clock()
        with self.store.transaction(now) as tx:
            for plan in tx.records(Plan):
                ids = list(plan.supporter_ids)
                if plan.status == "ended" or (plan.id in wanted) == (supporter_id in ids):
                    continue
                ids = ids + [supporter_id] if plan.id in wanted else [s for s in ids if s != supporter_id]
                tx.put(plan.touched(now, supporter_ids=ids))

    def ask_message(self, supporter_id: str, sharing: Sharing) -> str:
        """The "what to ask" message for a supporter, sharing only what `sharing` (asking.Sharing) allows."""
        from workbook.planning.asking import ask_message

        supporter = self._by_prefix(self.supporters(), supporter_id, "supporter", Supporter.table)
        return ask_message(supporter, self.plans(include_ended=False), sharing, first_name=self.settings().first_name)

    def save_message(self, supporter_id: str, text: str, *, now: datetime | None = None) -> Path:
        """Save a message to `<home>/messages/` (readable by you only); returns the file."""
        from workbook.planning.asking import message_file_name
        from workbook.storage.layout import MESSAGES_DIR, private_subdir
        from workbook.storage.outfiles import write_output

        supporter = self._by_prefix(self.supporters(), supporter_id, "supporter", Supporter.table)
        day = (now or self.clock()).astimezone(zone(self.settings().zone)).date().isoformat()
        folder = private_subdir(self.home, MESSAGES_DIR)  # never through a link planted in the home
        return write_output(folder / message_file_name(supporter, day), text, home=self.home).path or folder

    def checked_practitioner_key(self, key: str) -> str:
        """The practitioner's age public key cleaned of spaces, checked whole (a mistyped letter is caught);
        "" for none. SealError, one plain line, when it is not a key."""
        from workbook.storage.sealed import check_recipient

        return check_recipient(key) if key.strip() else ""

    def set_practitioner_key(self, key: str) -> str:
        """Save the practitioner's age public key, so review packs are encrypted to it; "" forgets it."""
        cleaned = self.checked_practitioner_key(key)
        self.update_settings(practitioner_key=cleaned)
        return cleaned

    def save_question(self, text: str, plan_id: str | None = None) -> Question:
        return self._save(Question(text=text.strip(), plan_id=plan_id))

    def mark_question_asked(self, question_id: str, asked: bool = True, *, base: Question | None = None) -> Question:
        """Tick a question as asked (or not). Only that field changes, over the question as stored now;
        with `base` (the version a screen showed), StaleRecordError if it changed meanwhile."""
        question = self._by_prefix(self.questions(), question_id, "question", Question.table)
        now = self.clock()
        with self.store.transaction(now) as tx:
            if base is not None:
                self._check_version(tx, base, base)
            stored = tx.record(Question, question.id)
            if stored is None:
                raise NotFound("This question was removed meanwhile, in another window or by the workbook command.")
            updated = stored.touched(now, asked=asked)
            tx.put(updated)
        return updated

    def save_session_note(self, note: SessionNote, *, base: SessionNote | None = None) -> SessionNote:
        """Add a call's note, or change one over the version it was read at (see `save_supporter`)."""
        saved = self._save(note, base=base)
        if note.next_call:
            self.update_settings(next_call=note.next_call)
        return saved

    def record_call(self, note: SessionNote) -> SessionNote:
        """Save a practitioner call; the plans it names are marked agreed in session."""
        plans = {p.id: p for p in self.plans()}
        for plan_id in note.agreed_plan_ids:
            if plan_id not in plans:
                raise NotFound(f"There is no plan with id {plan_id}.")
        now = self.clock()
        read = note
        note = note.touched(now)
        with self.store.transaction(now) as tx:
            self._check_version(tx, read)  # a note read earlier is saved only over that version
            tx.put(note)
            for plan_id in note.agreed_plan_ids:
                if not plans[plan_id].agreed_in_session:
                    tx.put(plans[plan_id].touched(now, agreed_in_session=True))
        if note.next_call:
            self.update_settings(next_call=note.next_call)
        return note
