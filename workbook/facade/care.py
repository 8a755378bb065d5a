"""The façade's methods for supporters, calls, check-ins, progress, reports and backups.

A mixin of `manager.Workbook` (the screens of people who help, review,
check-in, progress and settings use these); logic lives in the modules each
method names.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from workbook.core.errors import NotFound
from workbook.core.lookup import by_prefix
from workbook.core.model import Plan, Question, QuestionnaireResponse, SessionNote
from workbook.core.times import from_iso
from workbook.core.times import zone as _zone
from workbook.storage import backups


class CareMixin:
    def plans_for_supporter(self, supporter_id: str) -> list[Plan]:
        """Plans (not ended) this supporter helps with."""
        return [p for p in self.plans(include_ended=False) if supporter_id in p.supporter_ids]

    def set_supporter_plans(self, supporter_id: str, plan_ids: Iterable[str]) -> None:
        """Link a supporter to exactly these plans (ended plans are left as they were), in one write."""
        self._check_supporters([supporter_id])
        wanted = set(plan_ids)
        now = self.clock()
        with self.store.transaction(now) as tx:
            for row in tx.all("plans"):
                ids = list(row.get("supporter_ids", []))
                if row.get("status") == "ended" or (row["id"] in wanted) == (supporter_id in ids):
                    continue
                ids = ids + [supporter_id] if row["id"] in wanted else [s for s in ids if s != supporter_id]
                tx.put(Plan.from_dict(row).touched(now, supporter_ids=ids))

    def ask_message(self, supporter_id: str, sharing: Any) -> str:
        """The "what to ask" message for a supporter, sharing only what `sharing` (asking.Sharing) allows."""
        from workbook.planning.asking import ask_message

        supporter = by_prefix(self.supporters(), supporter_id, "supporter")
        return ask_message(supporter, self.plans(include_ended=False), sharing, first_name=self.settings().first_name)

    def save_message(self, supporter_id: str, text: str, *, now: datetime | None = None) -> Path:
        """Save a message to `<home>/messages/` (readable by you only); returns the file."""
        from workbook.planning.asking import message_file_name
        from workbook.storage.layout import make_private_dir
        from workbook.storage.outfiles import write_private

        supporter = by_prefix(self.supporters(), supporter_id, "supporter")
        day = (now or self.clock()).astimezone(_zone(self.settings().zone)).date().isoformat()
        folder = make_private_dir(self.home / "messages")
        return write_private(folder / message_file_name(supporter, day), text)

    def mark_question_asked(self, question_id: str, asked: bool = True) -> Question:
        question = by_prefix(self.questions(), question_id, "question")
        return self._save(question.changed(asked=asked))

    def record_call(self, note: SessionNote) -> SessionNote:
        """Save a practitioner call; the plans it names are marked agreed in session."""
        plans = {p.id: p for p in self.plans()}
        for plan_id in note.agreed_plan_ids:
            if plan_id not in plans:
                raise NotFound(f"There is no plan with id {plan_id}.")
        now = self.clock()
        note = note.touched(now)
        with self.store.transaction(now) as tx:
            tx.put(note)
            for plan_id in note.agreed_plan_ids:
                if not plans[plan_id].agreed_in_session:
                    tx.put(plans[plan_id].touched(now, agreed_in_session=True))
        if note.next_call:
            self.update_settings(next_call=note.next_call)
        return note

    def checkin_due(self, now: datetime | None = None) -> bool:
        """Show the weekly check-in nudge? (see `checkin.checkin_due`)."""
        from workbook.insight.checkin import checkin_due
        from workbook.insight.review import last_call

        now = now or self.clock()
        settings = self.settings()
        next_call = from_iso(settings.next_call) if settings.next_call else None
        return checkin_due(self.responses(), now, zone_name=settings.zone, next_call=next_call,
                           last_call=last_call(self.session_notes(), now, settings.zone))

    def checkin_result(self, response: QuestionnaireResponse):
        """Score, band and change since last time, in words (see `checkin.result`)."""
        from workbook.insight.checkin import previous_response, result

        return result(response, previous_response(self.responses(response.measure), response))

    def progress(self, now: datetime | None = None):
        """Everything the Progress charts draw (see `progress.build`); reads the whole history."""
        from workbook.insight.progress import build

        now = now or self.clock()
        return build(self.plans(), self.attempts(), self.responses(), self.exercises, now, self.settings().zone)

    def daily_backup(self, *, now: datetime | None = None) -> Path | None:
        """Today's rolling backup, if there isn't one yet (cheap when there is)."""
        return backups.ensure_daily(self.store, now=now or self.clock())

    def backup_now(self, *, now: datetime | None = None) -> Path | None:
        return backups.make_backup(self.store, "manual", now=now or self.clock())

    def backups(self) -> list[Any]:
        """Complete backups, newest first."""
        return backups.list_backups(self.home)

    def restore_backup(self, name: str | None = None, *, now: datetime | None = None):
        """Bring a backup back (the current files are set aside): (backup, set-aside folder)."""
        return backups.restore(self.store, name, now=now or self.clock())
