"""Which reminders are due, and when the next one is: pure, the clock always passed in.

The same function serves the reminder runner (`workbook remind`), the open
workbook's timer (in-app toasts) and the tests, so "is it due?" is decided in
one place. Occurrences come from `schedule.occurrences` (dateutil, wall time
kept across daylight-saving changes); on top of them this module applies:

* the plan's reminder lead time (plans without one get no reminder; a plan with
  no set time gets a morning reminder at 09:00);
* paused and ended plans (nothing), end dates (in the rule), occurrences from
  before the plan existed (nothing);
* quiet hours: a reminder that falls inside them moves to their end (or, if the
  occurrence's day would be over by then, to just before they began);
* snoozes (the reminder comes back at the snooze time) and skips (it doesn't);
* occurrences already logged (no reminder needed);
* the catch-up window: a reminder missed by up to 12 hours is still sent (a
  laptop that slept); one missed by more becomes at most one gentle "still
  want to?" per plan, only for today, and nothing older;
* quiet hours hold every reminder, late, retried and catch-up ones too: a check
  made inside them sends nothing, and what it would have sent waits for their
  end (`DueCheck.due_from` keeps it due; time inside quiet hours does not count
  against the 12 hours);
* reminders already sent (by any process): a delivered one is never sent again;
  a failed one is retried a few times, a few minutes apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from typing import NamedTuple

from workbook.core.plan_records import Plan, Supporter
from workbook.core.reminder_records import ReminderSent, Snooze
from workbook.core.settings_record import Settings
from workbook.core.times import from_iso
from workbook.planning.schedule import _shift_if_missing, _tz, occurrence_key, occurrences
from workbook.reminders import text as reminder_text

CATCH_UP = timedelta(hours=12)
FIRST_RUN_WINDOW = timedelta(minutes=30)  # with no earlier run, only what is due about now
MAX_TRIES = 3
RETRY_GAP = timedelta(minutes=4)
ANYTIME_AT = time(9, 0)
LOOKAHEAD = timedelta(days=2)  # how far ahead `next_at` looks; runners re-check sooner anyway
CHECK_IN_EXERCISE = "supporter-check-in"
UTC = timezone.utc


@dataclass(frozen=True)
class DueReminder:
    """One reminder to show: for a plan's occurrence (or a supporter check-in)."""

    kind: str  # reminder | catch_up | check_in | snoozed
    plan_id: str  # the supporter's id for a check_in
    what: str  # the plan's own words (the supporter's name for a check-in)
    occurrence: datetime  # aware, local to the plan's zone
    fire_at: datetime  # aware UTC: when it is due, after lead time, quiet hours and snooze
    title: str  # notification title (discreet-aware)
    body: str  # notification text (discreet-aware)
    text: str  # the full text in the plan's own words, for the open workbook
    snooze_id: str | None = None
    anytime: bool = False

    @property
    def occurrence_key(self) -> str:
        return occurrence_key(self.occurrence)

    @property
    def key(self) -> tuple[str, float, str]:
        """What "the same reminder" means: (plan, occurrence instant, snooze or "")."""
        return reminder_key(self.plan_id, self.occurrence, self.snooze_id)


@dataclass(frozen=True)
class Inputs:
    """Everything the due check reads; the runner and the screens build it from storage."""

    settings: Settings
    plans: list[Plan]
    supporters: list[Supporter] = field(default_factory=list)
    sent: list[ReminderSent] = field(default_factory=list)
    snoozes: list[Snooze] = field(default_factory=list)
    logged: frozenset[tuple[str, float]] = frozenset()  # (plan id, occurrence timestamp) with an attempt
    last_run: datetime | None = None


class DueCheck(NamedTuple):
    """What a due check found (a named tuple: read by name, and cheap to define for a timer's pass)."""

    due: list[DueReminder]
    next_at: datetime | None  # the next time something may become due (for the loop)
    # Where the next check's window starts, if not at this check's `now`: inside quiet hours nothing
    # is sent, so what this check held back must still count as new at their end (the runner keeps it).
    due_from: datetime | None = None


def reminder_key(plan_id: str, occurrence: datetime, snooze_id: str | None) -> tuple[str, float, str]:
    return (plan_id, occurrence.timestamp(), snooze_id or "")


def record_key(record: ReminderSent) -> tuple[str, float, str]:
    return reminder_key(record.plan_id, from_iso(record.occurrence), record.snooze_id)


def settled(record: ReminderSent, now: datetime) -> bool:
    """True if this record means "do not send again (now)": delivered, out of tries, or just tried."""
    if record.delivered or record.tries >= MAX_TRIES:
        return True
    tried = from_iso(record.tried_at) if record.tried_at else from_iso(record.created_at)
    return now - tried < RETRY_GAP


def retry_at(record: ReminderSent) -> datetime | None:
    if record.delivered or record.tries >= MAX_TRIES:
        return None
    tried = from_iso(record.tried_at) if record.tried_at else from_iso(record.created_at)
    return tried + RETRY_GAP


def in_quiet_hours(moment: datetime, settings: Settings) -> datetime | None:
    """If `moment` falls in quiet hours, the instant they end (UTC); else None."""
    start, end = settings.quiet_start, settings.quiet_end
    if start is None or end is None or start == end:
        return None
    zone = _tz(settings.zone)
    local = moment.astimezone(zone)
    wall = local.time().replace(tzinfo=None)
    if start < end:
        if not start <= wall < end:
            return None
        end_day = local.date()
    else:  # spans midnight, e.g. 21:30-08:00
        if end <= wall < start:
            return None
        end_day = local.date() + timedelta(days=1 if wall >= start else 0)
    ends = _shift_if_missing(datetime.combine(end_day, end, tzinfo=zone))
    return ends.astimezone(UTC)


def quiet_shift(moment: datetime, settings: Settings) -> datetime:
    """`moment` (aware), moved to the end of quiet hours if it falls inside them."""
    return in_quiet_hours(moment, settings) or moment.astimezone(UTC)


def quiet_began(moment: datetime, settings: Settings) -> datetime:
    """The instant the quiet hours that `moment` falls in began (call only when it does)."""
    zone = _tz(settings.zone)
    local = moment.astimezone(zone)
    start, end = settings.quiet_start, settings.quiet_end
    if start is None or end is None:
        raise ValueError("quiet_began needs quiet hours set")
    day = local.date()
    if start > end and local.time().replace(tzinfo=None) < end:
        day -= timedelta(days=1)  # a quiet period spanning midnight began yesterday evening
    return _shift_if_missing(datetime.combine(day, start, tzinfo=zone)).astimezone(UTC)


def quiet_periods(around: datetime, settings: Settings, days: int = 3) -> list[tuple[datetime, datetime]]:
    """Quiet-hour intervals [start, end) in UTC that begin in the `days` local days up to `around`'s."""
    start, end = settings.quiet_start, settings.quiet_end
    if start is None or end is None or start == end:
        return []
    zone = _tz(settings.zone)
    today = around.astimezone(zone).date()
    found = []
    for back in range(days, -1, -1):
        day = today - timedelta(days=back)
        began = _shift_if_missing(datetime.combine(day, start, tzinfo=zone)).astimezone(UTC)
        end_day = day if start < end else day + timedelta(days=1)
        ends = _shift_if_missing(datetime.combine(end_day, end, tzinfo=zone)).astimezone(UTC)
        found.append((began, ends))
    return found


def awake_start(now: datetime, span: timedelta, settings: Settings) -> datetime:
    """The instant from which `span` of time outside quiet hours runs up to `now`.

    So a reminder held through the night is still within its 12 hours at their end:
    only the hours it could have been sent in count. Looks back a few days at most.
    """
    cursor, left = now.astimezone(UTC), span
    for began, ends in reversed(quiet_periods(now, settings)):
        if began >= cursor:
            continue
        if ends < cursor:
            gap = cursor - ends
            if gap >= left:
                return cursor - left
            left -= gap
        cursor = began
    return cursor - left


def quiet_aware_fire_time(base: datetime, occurrence: datetime, settings: Settings) -> datetime:
    """Quiet hours move a reminder to their end, unless by then the occurrence's day is over
    (a 21:45 plan under 21:30-08:00 quiet hours): then it comes just before they begin, the
    closest time that is both quiet-respecting and still useful."""
    shifted = quiet_shift(base, settings)
    if shifted == base.astimezone(UTC):
        return shifted
    day_end = datetime.combine(occurrence.date() + timedelta(days=1), time(0, 0), tzinfo=occurrence.tzinfo)
    if shifted < day_end.astimezone(UTC):
        return shifted
    return quiet_began(base, settings) - timedelta(minutes=1)


def check_in_plan(supporter: Supporter, zone: str) -> Plan | None:
    """A supporter's check-in as a plan-shaped schedule, so `schedule` expands it the same way."""
    if not supporter.check_in_rrule or supporter.check_in_time is None:
        return None
    start = from_iso(supporter.created_at).astimezone(_tz(zone)).date()
    return Plan(
        id=supporter.id, exercise_id=CHECK_IN_EXERCISE, what=supporter.name, start_date=start,
        start_time=supporter.check_in_time, zone=zone, rrule=supporter.check_in_rrule,
        reminder_lead_minutes=0, created_at=supporter.created_at, updated_at=supporter.updated_at,
    )


class _Candidate(NamedTuple):  # private and read only by name: a tuple is built faster than a dataclass
    plan: Plan
    kind: str
    occurrence: datetime
    fire_at: datetime
    snooze_id: str | None = None


def _fire_time(plan: Plan, occurrence: datetime, settings: Settings) -> datetime:
    if plan.start_time is None:
        zone = _tz(plan.zone)
        base = _shift_if_missing(datetime.combine(occurrence.date(), ANYTIME_AT, tzinfo=zone))
    else:
        base = occurrence.astimezone(UTC) - timedelta(minutes=plan.reminder_lead_minutes or 0)
    return quiet_aware_fire_time(base, occurrence, settings)


def _schedules(inputs: Inputs) -> list[tuple[Plan, str]]:
    found = [(p, "reminder") for p in inputs.plans if p.is_active and p.reminder_lead_minutes is not None]
    for supporter in inputs.supporters:
        plan = check_in_plan(supporter, inputs.settings.zone)
        if plan is not None:
            found.append((plan, "check_in"))
    return found


def candidates(inputs: Inputs, start: datetime, end: datetime) -> list[_Candidate]:
    """Every reminder whose fire time is in [start, end), ignoring what was already sent."""
    settings = inputs.settings
    skipped = {(s.plan_id, from_iso(s.occurrence).timestamp()) for s in inputs.snoozes if s.skip}
    latest_snooze: dict[tuple[str, float], Snooze] = {}
    for snooze in sorted((s for s in inputs.snoozes if not s.skip and s.until), key=lambda s: s.created_at):
        latest_snooze[(snooze.plan_id, from_iso(snooze.occurrence).timestamp())] = snooze
    found: list[_Candidate] = []
    schedules = _schedules(inputs)
    for plan, kind in schedules:
        lead = timedelta(minutes=plan.reminder_lead_minutes or 0)
        # Quiet hours can move a reminder up to a day later; widen the occurrence search to match.
        for occ in occurrences(plan, start - timedelta(days=1, hours=1), end + lead + timedelta(days=1)):
            ident = (plan.id, occ.timestamp())
            if occ < from_iso(plan.created_at) or ident in inputs.logged or ident in skipped or ident in latest_snooze:
                continue
            fire = _fire_time(plan, occ, settings)
            if start <= fire < end:
                found.append(_Candidate(plan, kind, occ, fire))
    by_id = {plan.id: plan for plan, _ in schedules}
    for (plan_id, stamp), snooze in latest_snooze.items():
        snoozed = by_id.get(plan_id)
        if snoozed is None or snooze.until is None or (plan_id, stamp) in inputs.logged or (plan_id, stamp) in skipped:
            continue
        occ = from_iso(snooze.occurrence).astimezone(_tz(snoozed.zone))
        fire = quiet_shift(from_iso(snooze.until), settings)
        if start <= fire < end:
            found.append(_Candidate(snoozed, "snoozed", occ, fire, snooze.id))
    return sorted(found, key=lambda c: (c.fire_at, c.plan.what))


def to_due(candidate: _Candidate, settings: Settings, now: datetime, kind: str | None = None) -> DueReminder:
    plan = candidate.plan
    kind = kind or candidate.kind
    text_kind = "reminder" if kind == "snoozed" else kind
    anytime = plan.start_time is None
    title, body = reminder_text.notification(
        text_kind, plan.what, plan.if_then, candidate.occurrence, now, discreet=settings.discreet, anytime=anytime
    )
    text = reminder_text.full_text(text_kind, plan.what, plan.if_then, candidate.occurrence, now, anytime=anytime)
    return DueReminder(kind, plan.id, plan.what, candidate.occurrence, candidate.fire_at, title, body, text,
                       candidate.snooze_id, anytime)


def compute_due(inputs: Inputs, now: datetime) -> DueCheck:
    """What to send now, and when to look again. See the module docstring for the rules.

    `inputs.last_run` is where this check's window starts: the previous check's `due_from`
    if it gave one (it was inside quiet hours), else the time of that check.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    settings = inputs.settings
    quiet_until = in_quiet_hours(now, settings)  # inside quiet hours: nothing is sent before this
    sent = {record_key(r): r for r in sorted(inputs.sent, key=lambda r: r.updated_at)}
    last_run = inputs.last_run if inputs.last_run is not None and inputs.last_run <= now else None
    # The catch-up window counts only time outside quiet hours (a night's wait is not lateness).
    catch_up_from = awake_start(now, CATCH_UP, settings)
    # New reminders: those due since the last run (earlier ones were its job), within the window.
    window_start = max(catch_up_from, last_run) if last_run is not None else now - FIRST_RUN_WINDOW
    # Look back far enough to find today's older misses (for the single catch-up).
    look_back = min(now - timedelta(days=1, hours=2), window_start - timedelta(minutes=1))
    due: list[DueReminder] = []
    next_times: list[datetime] = []
    late: dict[str, _Candidate] = {}
    reminded_today: set[str] = set()
    for cand in candidates(inputs, look_back, now + LOOKAHEAD):
        key = reminder_key(cand.plan.id, cand.occurrence, cand.snooze_id)
        record = sent.get(key)
        today = now.astimezone(cand.occurrence.tzinfo).date()
        if record is not None and cand.occurrence.date() == today and cand.kind != "check_in":
            reminded_today.add(cand.plan.id)
        if cand.fire_at > now:
            next_times.append(cand.fire_at)
            continue
        if record is not None and settled(record, now):
            again = retry_at(record)
            if again is not None and cand.fire_at >= catch_up_from:
                next_times.append(again)
            continue
        retrying = record is not None and cand.fire_at >= catch_up_from
        fresh = record is None and (cand.fire_at > window_start or (cand.kind == "snoozed" and cand.fire_at >= catch_up_from))
        if retrying or fresh:
            if quiet_until is not None:
                next_times.append(quiet_until)  # late, and now it is quiet: it waits for their end
                continue
            due.append(to_due(cand, settings, now))
            if cand.occurrence.date() == today:
                reminded_today.add(cand.plan.id)
        elif (
            last_run is not None
            and record is None
            and cand.fire_at > last_run
            and cand.kind == "reminder"
            and cand.occurrence.date() == today
            and cand.occurrence <= now
        ):
            late[cand.plan.id] = cand  # sorted by fire time, so the latest wins
    for plan_id, cand in late.items():
        if plan_id not in reminded_today and not _caught_up_today(inputs.sent, plan_id, cand.occurrence, now):
            if quiet_until is not None:
                next_times.append(quiet_until)  # a catch-up waits too (and is dropped if the day is over by then)
                continue
            due.append(to_due(cand, settings, now, kind="catch_up"))
    due.sort(key=lambda d: (d.fire_at, d.what))
    return DueCheck(due, min(next_times) if next_times else None, window_start if quiet_until is not None else None)


def _caught_up_today(sent: Iterable[ReminderSent], plan_id: str, occurrence: datetime, now: datetime) -> bool:
    today = now.astimezone(occurrence.tzinfo).date()
    return any(
        r.plan_id == plan_id and r.kind == "catch_up" and from_iso(r.occurrence).astimezone(occurrence.tzinfo).date() == today
        for r in sent
    )


def due_while_open(inputs: Inputs, now: datetime, since: datetime) -> list[DueReminder]:
    """Reminders whose time came in (since, now], whether or not a runner sent them.

    For the open workbook's timer: it shows each as a toast (log now / snooze /
    skip) and remembers which it has shown. Logged, skipped and snoozed-for-later
    occurrences are left out; what was sent elsewhere is not. Inside quiet hours, nothing.
    """
    if since >= now or in_quiet_hours(now, inputs.settings) is not None:
        return []  # quiet hours: the open workbook waits too (it keeps `since` until they end)
    found = candidates(inputs, since + timedelta(microseconds=1), now + timedelta(microseconds=1))
    return [to_due(c, inputs.settings, now) for c in found]
