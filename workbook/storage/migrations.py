"""Schema versions and the ordered functions that move a home from one to the next.

`prepare` runs under the store lock every time a home is opened: a new home
gets the current version; an older one is backed up, then migrated step by
step; a newer one is refused rather than misread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from workbook.core.errors import NewerDataError
from workbook.core.times import to_iso
from workbook.storage.checked import META_ID, SCHEMA_VERSION, schema_version
from workbook.storage.store import Store, Transaction


def _v1_repeat_words_to_rrule(tx: Transaction) -> None:
    """Version 1 stored a plan's repeat as a word; version 2 stores an RRULE body."""
    words = {
        "once": None,
        "daily": "FREQ=DAILY",
        "weekdays": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "weekends": "FREQ=WEEKLY;BYDAY=SA,SU",
    }
    for plan in tx.all("plans"):
        if "rrule" in plan:
            continue
        word = plan.pop("repeat", "once")
        plan["rrule"] = words.get(word, None)
        tx.put_dict("plans", plan)


#: Version 2 planned every exercise at a set time. These built-in diaries and records belong to
#: moments instead: a panic or worry diary is written when it happens, a sleep or activity diary
#: once a day (caught up the next morning). Frozen here, as migrations are: the exercise files
#: now say which kinds suit them.
_V2_DIARY_KINDS = {"panic-diary": "as_needed", "worry-diary": "as_needed",
                   "sleep-diary": "daily_diary", "activity-diary": "daily_diary"}


def _v2_plan_kinds_pauses_and_routines(tx: Transaction) -> None:
    """Version 3: plan kinds, pause history as records, and a plan's routine link as a field.

    - A diary planned at a set time becomes the kind that fits it (see _V2_DIARY_KINDS); a
      when-it-happens record keeps no repeat rule, so nothing of it is ever overdue.
    - A paused or ended plan gets the pause it is in, starting at its last change (the best
      that version 2 knew; version 3 records each pause as it happens).
    - A routine link made by "Link it to a routine" (an if-then pair "after X" -> the plan's own
      what) becomes the plan's `routine`; the pair is kept, so nothing stored is lost.
    """
    for plan in tx.all("plans"):
        changed = False
        if "kind" not in plan:
            kind = _V2_DIARY_KINDS.get(plan.get("exercise_id", ""), "set_time")
            plan["kind"] = kind
            if kind == "as_needed":
                plan["rrule"], plan["until"] = None, None
            changed = True
        if "routine" not in plan:
            plan["routine"] = ""
            for pair in reversed(plan.get("if_then") or []):
                text = str(pair.get("if", ""))
                if text.startswith("after ") and pair.get("then") == plan.get("what"):
                    plan["routine"] = text.removeprefix("after ")[:120]
                    break
            changed = True
        if changed:
            tx.put_dict("plans", plan)
        if plan.get("status") in ("paused", "ended"):
            import uuid  # only an old home's migration needs it (it loads `platform`; a timer run should not)

            stamp = plan.get("updated_at") or plan.get("created_at")
            pause = {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"workbook-pause-{plan['id']}")),
                     "created_at": stamp, "updated_at": stamp, "plan_id": plan["id"], "paused_at": stamp,
                     "resumed_at": None, "ended": plan.get("status") == "ended"}
            tx.put_dict("pauses", pause)


# (from_version, function): each takes the data from `from_version` to from_version + 1.
MIGRATIONS: list[tuple[int, Callable[[Transaction], None]]] = [
    (1, _v1_repeat_words_to_rrule),
    (2, _v2_plan_kinds_pauses_and_routines),
]


def stored_version(store: Store) -> int | None:
    """The schema version the home records; None if none; BadRecordError (naming the file) if its record is bad."""
    from workbook.storage import layout
    path = layout.core_path(store.home)
    return schema_version(path, store.read_file(path))


def prepare(store: Store, now: datetime) -> None:
    """Bring the home to SCHEMA_VERSION. Call while holding the lock."""
    from workbook.storage import layout
    core_exists = layout.core_path(store.home).exists()
    version = stored_version(store) if core_exists else None
    if version is None:
        version = SCHEMA_VERSION if not layout.data_files(store.db) else 1
        if version == SCHEMA_VERSION:
            _set_version(store, SCHEMA_VERSION, now)
            return
    if version > SCHEMA_VERSION:
        raise NewerDataError(
            f"The data in {store.home} was saved by a newer Workbook (schema {version}); "
            f"this one understands up to {SCHEMA_VERSION}. Please update Workbook."
        )
    if version == SCHEMA_VERSION:
        return
    from workbook.storage import backups  # only to migrate: a home already at this schema needs no backup made

    backups.make_backup(store, f"before-schema-{SCHEMA_VERSION}", now=now, check_records=False)
    for from_version, step in MIGRATIONS:
        if from_version >= version:
            with store.transaction() as tx:
                step(tx)
            _set_version(store, from_version + 1, now)


def _set_version(store: Store, version: int, now: datetime) -> None:
    stamp = to_iso(now)
    with store.transaction() as tx:
        tx.put_dict("_meta", {"id": META_ID, "schema_version": version, "created_at": stamp, "updated_at": stamp})
