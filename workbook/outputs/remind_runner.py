"""The reminder runner: one pass (`remind --once`, for a system timer) or a loop.

One pass reads the home, asks `reminders.compute_due` what is due at `now`,
claims those reminders under the store's lock (so overlapping runners never
both send one), sends them through `notify.deliver`, records each outcome, and
writes `<home>/remind-last-run` (a tiny JSON file, cheap for `reminders status`
and `doctor` to read, 0600 like everything in the home).

The loop (`workbook remind`) is for people without a system scheduler: it runs
a pass, then sleeps until the next reminder is due — at most five minutes, so a
plan added in the open workbook, a laptop waking from sleep or a changed clock
is noticed soon — and stops cleanly on SIGTERM or ctrl+c.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TextIO

from workbook.core.errors import BusyError
from workbook.reminders import log as reminder_log
from workbook.reminders import text as reminder_text
from workbook.reminders.due import compute_due
from workbook.reminders.last_run import last_run_time, write_last_run

if TYPE_CHECKING:
    from workbook.core.reminder_records import ReminderSent
    from workbook.facade.reminder_book import ReminderBook
    from workbook.facade.workbook import Workbook
    from workbook.reminders.notify import Delivery

MAX_SLEEP = 300.0  # seconds
MIN_SLEEP = 1.0
BUSY_SLEEP = 30.0
COMBINE_OVER = 2  # more reminders than this at once go out as one notification, not a flood

Sender = Callable[[str, str], "Delivery"]


@dataclass
class RunResult:
    now: datetime
    delivered: list["ReminderSent"] = field(default_factory=list)
    failed: list["ReminderSent"] = field(default_factory=list)
    next_at: datetime | None = None
    messages: list[tuple[str, "Delivery"]] = field(default_factory=list)  # (body, outcome) per notification


def _default_sender(title: str, body: str) -> "Delivery":
    from workbook.reminders.notify import deliver  # imported only when something is sent

    return deliver(title, body)


def run_once(workbook: ReminderBook | Workbook, now: datetime, *, send: Sender | None = None) -> RunResult:
    """Send everything due at `now` that no runner has sent; record each outcome."""
    send = send or _default_sender
    inputs = workbook.reminder_inputs(now, last_run=last_run_time(workbook.home))
    check = compute_due(inputs, now)
    claims = reminder_log.claim(workbook.store, check.due, now)
    result = RunResult(now, next_at=check.next_at)
    outcomes: list[tuple["ReminderSent", bool, str, str]] = []
    for group in _groups(claims):
        title, body = _text(group, inputs.settings.discreet)
        outcome = _safe_send(send, title, body)
        result.messages.append((body, outcome))
        outcomes += [(c.record, outcome.delivered, outcome.channel, outcome.reason) for c in group]
    for record in reminder_log.finish(workbook.store, outcomes, now):
        (result.delivered if record.delivered else result.failed).append(record)
    if inputs.settings.research_mode:
        for kind, records in (("reminder_sent", result.delivered), ("reminder_failed", result.failed)):
            for record in records:
                workbook.record_event(kind, now=now, settings=inputs.settings, plan=record.plan_id, reminder=record.id)
    write_last_run(workbook.home, now, len(result.delivered), len(result.failed),
                   result.failed[-1].reason if result.failed else "", due_from=check.due_from)
    return result


def _groups(claims: list[reminder_log.Claim]) -> list[list[reminder_log.Claim]]:
    return [claims] if len(claims) > COMBINE_OVER else [[c] for c in claims]


def _text(group: list[reminder_log.Claim], discreet: bool) -> tuple[str, str]:
    if len(group) == 1:
        return group[0].due.title, group[0].due.body
    return reminder_text.combined([(c.due.occurrence, c.due.what, c.due.anytime) for c in group], discreet=discreet)


def _safe_send(send: Sender, title: str, body: str) -> "Delivery":
    try:
        return send(title, body)
    except Exception as exc:  # a broken notification path is recorded, never a crash
        from workbook.reminders.notify import Delivery

        return Delivery(False, "none", f"unexpected error while notifying: {exc!r}")


# -- the loop -----------------------------------------------------------------------


def seconds_until(next_at: datetime | None, now: datetime, *, max_sleep: float = MAX_SLEEP) -> float:
    """How long the loop sleeps: until the next due time, between 1 s and `max_sleep`."""
    if next_at is None:
        return max_sleep
    return max(MIN_SLEEP, min(max_sleep, (next_at - now).total_seconds()))


def run_loop(
    workbook: ReminderBook | Workbook,
    clock: Callable[[], datetime],
    *,
    send: Sender | None = None,
    out: TextIO | None = None,
    stop: threading.Event | None = None,
    max_sleep: float = MAX_SLEEP,
) -> int:
    """Run passes until stopped (SIGTERM, ctrl+c, or `stop` set). Returns the exit code 0."""
    out = out or sys.stdout
    stop = stop or threading.Event()
    restore = _install_handlers(stop)
    try:
        _say(out, "Workbook reminders are running. Leave this window open; stop with ctrl+c.")
        while not stop.is_set():
            now = clock()
            try:
                result = run_once(workbook, now, send=send)
            except BusyError:
                stop.wait(BUSY_SLEEP)
                continue
            _report(out, result)
            stop.wait(seconds_until(result.next_at, now, max_sleep=max_sleep))
        _say(out, "Workbook reminders stopped.")
        return 0
    finally:
        restore()


def _install_handlers(stop: threading.Event) -> Callable[[], None]:
    """SIGTERM and the first ctrl+c set `stop` (a clean exit); a second ctrl+c interrupts."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    import signal  # only the loop needs it, not a timer's single pass

    def on_signal(signum: int, frame: object) -> None:  # noqa: ARG001 - signal handler signature
        if signum == signal.SIGINT and stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return restore


def _say(out: TextIO, line: str) -> None:
    try:
        print(line, file=out, flush=True)
    except (OSError, ValueError):
        pass


def _report(out: TextIO, result: RunResult) -> None:
    stamp = result.now.astimezone().strftime("%H:%M")
    for body, outcome in result.messages:
        first = body.splitlines()[0] if body else ""
        if outcome.delivered:
            bell = "\a" if getattr(out, "isatty", lambda: False)() else ""
            _say(out, f"{stamp} reminder shown ({outcome.channel}): {first}{bell}")
        else:
            _say(out, f"{stamp} could not show a reminder: {outcome.reason}")
            if outcome.fix:
                _say(out, f"      how to fix: {outcome.fix}")


def clock_from(start: datetime, *, monotonic: Callable[[], float] | None = None) -> Callable[[], datetime]:
    """The loop's clock: `start` (the front end's now, or --at) moving forward as time passes."""
    import time

    tick = monotonic or time.monotonic
    origin = tick()
    return lambda: start + timedelta(seconds=tick() - origin)
