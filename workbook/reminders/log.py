"""Reminders and storage: read what the due check needs; claim, record, snooze and skip.

Sending is split in two locked steps so that two runners (a system timer and
`workbook remind` in a terminal, or two overlapping timer runs) never send the
same reminder twice, while no lock is held during the slow part (talking to
the notification server):

1. `claim` — under the store's lock, re-read the reminders table and write a
   "sending" record for each reminder nobody has sent (or may retry) yet.
   A second runner then sees the claim and leaves that reminder alone.
2. `finish` — under the lock again, record the outcome: delivered with its
   channel, or failed with the reason. A runner killed between the two leaves a
   "sending" record, which the retry rule picks up a few minutes later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from tinydb import Query

from workbook.core.plan_records import Attempt, Plan, Supporter
from workbook.core.reminder_records import ReminderSent, Snooze
from workbook.core.settings_record import Settings
from workbook.core.times import from_iso, month_key, months_between, to_iso
from workbook.reminders.due import DueReminder, Inputs, record_key, settled

if TYPE_CHECKING:
    from workbook.storage.store import Store, Transaction

SENT_LOOKBACK = timedelta(days=3)  # reminders sent longer ago than this cannot matter to the due check
SNOOZE_KEEP = timedelta(days=14)
SENDING = "sending"


class Claim(NamedTuple):
    """A reminder this runner took, and the "sending" record that says so (read by name)."""

    due: DueReminder
    record: ReminderSent


def load_inputs(store: "Store", now: datetime, first_run: Callable[[], Settings],
                last_run: datetime | None = None) -> Inputs:
    """Read everything the due check needs with one parse of the core file.

    `first_run` gives the settings of a home that has none saved yet.
    """
    core = store.core()  # every record validated as read; one that does not fit is skipped (doctor names it)
    found_settings = core.get(Settings)
    settings = found_settings[0] if found_settings else first_run()
    plans = core.get(Plan)
    supporters = core.get(Supporter)
    snoozes = core.get(Snooze)
    sent = sent_since(store, now - SENT_LOOKBACK, now)
    attempts = store.records(Attempt, months_between(now - SENT_LOOKBACK, now + timedelta(days=1)),
                             keep=lambda r: bool(r.get("occurrence")))
    logged = frozenset((a.plan_id, from_iso(a.occurrence).timestamp()) for a in attempts if a.occurrence)
    return Inputs(settings, plans, supporters, sent, snoozes, logged, last_run)


def sent_since(store: "Store", since: datetime, until: datetime) -> list[ReminderSent]:
    found = store.records(ReminderSent, months_between(since, until))
    return [r for r in found if from_iso(r.updated_at) >= since]


def _existing(tx: "Transaction", now: datetime) -> dict[tuple[str, float, str], ReminderSent]:
    found: dict[tuple[str, float, str], ReminderSent] = {}
    for month in months_between(now - SENT_LOOKBACK, now):
        for record in sorted(tx.records(ReminderSent, month), key=lambda r: r.updated_at):
            found[record_key(record)] = record
    return found


def _still_wanted(due: DueReminder, snoozes: list[Snooze]) -> bool:
    """False if, since the due check, the patient skipped it or snoozed it for later."""
    for snooze in snoozes:
        if snooze.plan_id != due.plan_id or from_iso(snooze.occurrence).timestamp() != due.occurrence.timestamp():
            continue
        if snooze.skip:
            return False
        if due.snooze_id is None or snooze.created_at > _created_of(due.snooze_id, snoozes):
            return False
    return True


def _created_of(snooze_id: str, snoozes: list[Snooze]) -> str:
    return next((s.created_at for s in snoozes if s.id == snooze_id), "")


def claim(store: "Store", dues: Sequence[DueReminder], now: datetime) -> list[Claim]:
    """Take the reminders nobody else has taken, under the lock. Returns what this runner must send."""
    if not dues:
        return []
    stamp = to_iso(now)
    claims: list[Claim] = []
    with store.transaction() as tx:
        existing = _existing(tx, now)
        snoozes = tx.records(Snooze)
        fresh: list[ReminderSent] = []
        retried: list[ReminderSent] = []
        for due in dues:
            if not _still_wanted(due, snoozes):
                continue
            record = existing.get(due.key)
            if record is None:
                record = ReminderSent(
                    plan_id=due.plan_id, occurrence=due.occurrence_key, kind=due.kind, reason=SENDING,
                    tried_at=stamp, snooze_id=due.snooze_id, created_at=stamp, updated_at=stamp,
                )
                fresh.append(record)
            elif settled(record, now):
                continue
            else:
                record = replace(record, kind=due.kind, tries=record.tries + 1, tried_at=stamp, reason=SENDING, updated_at=stamp)
                retried.append(record)
            existing[due.key] = record
            claims.append(Claim(due, record))
        _write(tx, fresh, retried)
    return claims


def finish(store: "Store", outcomes: Iterable[tuple[ReminderSent, bool, str, str]], now: datetime) -> list[ReminderSent]:
    """Record each claimed reminder's outcome: (record, delivered, channel, reason)."""
    stamp = to_iso(now)
    done = [replace(r, delivered=ok, channel=channel, reason="" if ok else (reason or "not delivered"), updated_at=stamp)
            for r, ok, channel, reason in outcomes]
    if done:
        with store.transaction() as tx:
            _write(tx, [], done)
    return done


def _write(tx: "Transaction", fresh: list[ReminderSent], changed: list[ReminderSent]) -> None:
    """One file write per month touched, however many reminders (not one per record)."""
    for month, group in _by_month(fresh).items():
        tx.table("reminders", month).insert_multiple([r.to_dict() for r in group])
    for month, group in _by_month(changed).items():
        table = tx.table("reminders", month)
        table.update_multiple([(r.to_dict(), Query().id == r.id) for r in group])


def _by_month(records: list[ReminderSent]) -> dict[str, list[ReminderSent]]:
    groups: dict[str, list[ReminderSent]] = {}
    for record in records:
        groups.setdefault(month_key(from_iso(record.created_at)), []).append(record)
    return groups


def save_choice(store: "Store", plan_id: str, occurrence: datetime, now: datetime, *,
                until: datetime | None = None, skip: bool = False) -> Snooze:
    """Store a snooze (remind again at `until`) or a skip, dropping choices older than two weeks."""
    stamp = to_iso(now)
    choice = Snooze(plan_id=plan_id, occurrence=to_iso(occurrence), until=to_iso(until) if until else None,
                    skip=skip, created_at=stamp, updated_at=stamp)
    with store.transaction() as tx:
        for old in tx.records(Snooze):
            if from_iso(old.occurrence) < now - SNOOZE_KEEP:
                tx.delete("snoozes", old.id)
        tx.put(choice)
    return choice


def failures(store: "Store", now: datetime, days: int = 7) -> list[ReminderSent]:
    """Reminders in the last `days` that were not delivered (newest first).

    A "sending" record only counts once its runner has had time to finish.
    """
    since = now - timedelta(days=days)
    found = []
    for record in sent_since(store, since, now):
        if record.delivered:
            continue
        if record.reason == SENDING and now - from_iso(record.updated_at) < timedelta(minutes=2):
            continue
        found.append(record)
    return sorted(found, key=lambda r: r.updated_at, reverse=True)


def due_now(store: "Store", now: datetime, first_run: Callable[[], Settings], *,
            since: datetime | None = None) -> list[DueReminder]:
    """For the open workbook's timer: reminders whose time came in (since, now].

    `since` defaults to the catch-up window (12 hours). See
    `reminders.due_while_open`; the screen remembers which it has shown.
    """
    from workbook.reminders.due import CATCH_UP, due_while_open

    return due_while_open(load_inputs(store, now, first_run), now, since if since is not None else now - CATCH_UP)


def unresolved_failures(store: "Store", now: datetime, days: int = 7) -> tuple[list[ReminderSent], int]:
    """(failures since the last delivered reminder, failures before it) in the last `days`.

    A failure followed by a delivered reminder was fixed (or passing); only the
    newer ones are a problem worth reporting.
    """
    recent = sent_since(store, now - timedelta(days=days), now)
    delivered = [from_iso(r.updated_at) for r in recent if r.delivered]
    last_ok = max(delivered) if delivered else None
    failed = failures(store, now, days)
    newer = [r for r in failed if last_ok is None or from_iso(r.updated_at) > last_ok]
    return newer, len(failed) - len(newer)
