"""The full-screen workbook: the App, its app-wide keys, and where each screen leads.

Screens talk to the engine only through `self.app.workbook` (the façade) and
report what they finished with small messages (`messages.py`); this module
decides where to go next. Screens other than Today load on first use, so the
opening screen paints fast.
"""

from __future__ import annotations

import asyncio
import gc
import signal
from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker

from screens import kindly, textual_internals
from screens.app_keys import AppKeys
from screens.collect_after_paint import CollectsAfterPaint
from screens.early_keys import HoldsEarlyKeys
from screens.first_paint import report_first_paint
from screens.messages import AttemptLogged, BarriersFinished, PlanSaved, WelcomeFinished
from screens.notices import QuietNotices
from screens.open_reminders import REMINDER_CHECK_SECONDS, ShowsReminders
from screens.routes import route
from screens.styling import MountedRestyles
from screens.themes import THEMES
from screens.today import TodayScreen
from workbook.content.copy import text as copy_text
from workbook.core.errors import WorkbookError
from workbook.core.model import Attempt
from workbook.core.outcomes import Outcome
from workbook.facade import Workbook

Clock = Callable[[], datetime]


def _commands_provider():
    from screens.commands import WorkbookCommands

    return WorkbookCommands


class WorkbookApp(MountedRestyles, CollectsAfterPaint, QuietNotices, HoldsEarlyKeys, AppKeys, ShowsReminders,
                  App[int]):
    TITLE = "Workbook"
    # Each screen names its own .tcss (CSS_PATH). The opening screens' (and Support's) are listed
    # here too, so they are parsed in the one start-up parse rather than by a later re-parse of
    # every stylesheet (Textual re-parses everything when a screen brings new CSS).
    CSS_PATH = ["app.tcss", "today.tcss", "welcome.tcss", "support.tcss"]
    COMMANDS = {_commands_provider}
    BINDINGS = [
        Binding("f1", "support", "Support", key_display="F1", priority=True, id="app.support",
                tooltip=copy_text("app.tooltips.support")),
        Binding("ctrl+g", "support", "Support", show=False, priority=True, id="app.support_alt",
                tooltip=copy_text("app.tooltips.support_alt")),
        Binding("ctrl+t", "toggle_contrast", "High contrast", show=False, id="app.contrast",
                tooltip=copy_text("app.tooltips.contrast")),
        Binding("space", "press_focused", "Press", key_display="Space", show=False, id="app.press",
                tooltip=copy_text("app.tooltips.press")),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit",
                tooltip=copy_text("app.tooltips.quit")),
    ]

    def __init__(self, workbook: Workbook, *, clock: Clock | None = None, blink: bool = True,
                 daily_backup: bool = False) -> None:
        super().__init__()
        textual_internals.install_kind_dispatch(kindly.show_problem)
        textual_internals.colours_only_inner_outer()
        self.workbook = workbook
        if clock is not None:
            workbook.clock = clock  # one clock for the app and the engine it drives
        self.clock: Clock = workbook.clock
        self.blink = blink
        self.daily_backup = daily_backup
        self.drafts = _draft_store(workbook)
        self._drafts_timer: Any = None
        self._painted = False
        self._reminders_since = self.clock()  # toasts only for what comes due while open
        self._hung_up = False  # hang_up has run (a SIGHUP and the driver may both report one hang-up)
        for theme in THEMES:
            self.register_theme(theme)
        settings = workbook.settings()
        textual_internals.start_theme(self, settings.theme if settings.theme in self.available_themes else "workbook")
        self._welcome_needed = not settings.welcome_done

    def now(self) -> datetime:
        return self.clock()

    def get_driver_class(self) -> Any:
        """Textual's driver, noticing a terminal that goes away without a SIGHUP (see `hang_up`)."""
        return textual_internals.driver_noticing_hang_up(super().get_driver_class())

    # -- start-up ----------------------------------------------------------------------

    def on_mount(self) -> None:
        self._listen_for_hang_up()
        # Pushed (not the default screen) so its .tcss loads. On a first run only Welcome is
        # shown; Today comes when it is done (see `_welcome_finished`).
        if self._welcome_needed:
            self.open_welcome(first_run=True)
        else:
            self.push_screen(TodayScreen())

    def first_paint(self) -> None:
        """Called by the opening screen once it has painted: start the slower work now."""
        if self._painted:
            return
        self._painted = True
        # Paused by the launcher while starting up. What start-up made lives as long as the app, so it
        # is set aside first (`gc.freeze`); the first pass would otherwise walk all of it (~15 ms).
        gc.freeze()
        gc.enable()
        if report_first_paint(self):
            return
        self.record("app_opened")
        # What Today read, stamped now: a save elsewhere before the first check is still seen.
        _, self._data_stamp = self.workbook.changed_since(None, self.now())
        if self.daily_backup:
            self._take_daily_backup()
        self._check_exercise_packs()
        if getattr(self.drafts, "warning", ""):
            self.notify(self.drafts.warning, title=copy_text("app.titles.drafts"), severity="warning", timeout=12)
        self.set_interval(REMINDER_CHECK_SECONDS, self.check_reminders)
        self._preload_screens()

    @work(exit_on_error=False, thread=True, exclusive=True, group="preload")
    def _preload_screens(self) -> None:
        """Import every screen once the first one has painted, then add all their styles in one parse,
        so no screen has to parse stylesheets as it opens (see `textual_internals.preload_styles`).
        What start-up made lasts as long as the app, so the garbage collector stops walking it (`gc.freeze`):
        a full collection, one every few screens opened, took some 50 ms of opening a form."""
        from screens.routes import ROUTES
        from screens.widgets import long_entry  # noqa: F401 - the Log form's long answers (TextArea)

        classes = [entry.factory for entry in ROUTES]
        self.call_from_thread(textual_internals.preload_styles, self, classes)
        self.call_from_thread(gc.freeze)

    @work(exit_on_error=False, thread=True, exclusive=True, group="packs")
    def _check_exercise_packs(self) -> None:
        """A bad exercise file is skipped, never fatal; say so once, plainly, after first paint."""
        warnings = self.workbook.exercises.warnings
        if warnings:
            first = warnings[0]
            more = copy_text("app.exercise_skipped_more", count=len(warnings) - 1) if len(warnings) > 1 else ""
            message = copy_text("app.exercise_skipped", problem=first, more=more)
            self.call_from_thread(self.notify, message, title=copy_text("app.titles.exercise_files"),
                                  severity="warning", timeout=12)

    @work(exit_on_error=False, thread=True, exclusive=True, group="backup")
    def _take_daily_backup(self) -> None:
        """Rolling daily backup, taken after the first paint so it never delays opening (nor stops anything)."""
        self.workbook.daily_backup()
        warning = self.workbook.backup_warning
        if warning:
            self.call_from_thread(self.notify, warning[:1].upper() + warning[1:], title=copy_text("app.titles.backups"),
                                  severity="warning", timeout=12)

    # -- problems the engine explains are shown, never a traceback -----------------------

    def show_problem(self, problem: WorkbookError) -> None:
        self.notify(str(problem), title=copy_text("app.titles.problem"), severity="error", timeout=20)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        kindly.worker_failed(self, event)  # a WorkbookError becomes a notice; a bug is still raised

    # -- drafts: what is typed but not saved, kept on disk ------------------------------

    def save_drafts_soon(self) -> None:
        """Write drafts half a second after typing pauses (one write per pause, not per key)."""
        if self._drafts_timer is not None:
            self._drafts_timer.stop()
        self._drafts_timer = self.set_timer(0.5, self.save_drafts)

    def save_drafts(self) -> None:
        """Write what changed in drafts now (a save, a hang-up, closing), over other windows' drafts."""
        if self._drafts_timer is not None:
            self._drafts_timer.stop()
        self._drafts_timer = None
        save = getattr(self.drafts, "save", None)
        if save is not None:
            try:
                save()
            except (WorkbookError, OSError) as exc:  # a full disk must not take the form with it
                self.notify(copy_text("draft.not_kept", problem=exc),
                            severity="warning", timeout=8)

    def _listen_for_hang_up(self) -> None:
        """In a real terminal, closing its window (SIGHUP) keeps the drafts and closes the workbook.

        Without this, the default action of SIGHUP ends the process at once, before the draft
        written half a second after typing pauses. Pilot tests run headless and skip it.
        """
        if self.is_headless or not hasattr(signal, "SIGHUP"):
            return
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.hang_up)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no such loop support
            return
        self._hang_up_listening = True

    def hang_up(self) -> None:
        """The terminal went away: save drafts first, then exit cleanly (nothing can be drawn any more).

        Called on SIGHUP, and by the driver when stdin hangs up or output fails without one.
        """
        if self._hung_up:
            return
        self._hung_up = True
        self.save_drafts()
        self.exit(0)

    def on_unmount(self) -> None:
        self.save_drafts()
        if getattr(self, "_hang_up_listening", False):
            try:
                asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
            except (NotImplementedError, RuntimeError, ValueError):
                pass
        if self._painted:  # it opened and painted (an app that failed to start records nothing)
            try:
                self.workbook.record_event("app_closed", now=self.now())
            except WorkbookError:
                pass  # closing must never fail; research mode is off or the disk is full

    # -- research events (recorded only when research mode is on; ids only) -------------

    def record(self, kind: str, **refs: str) -> None:
        """Off the UI thread, so an event write never delays a key press."""
        self._record(kind, self.now(), refs)

    @work(exit_on_error=False, thread=True, group="events")
    def _record(self, kind: str, now: datetime, refs: dict[str, str]) -> None:
        self.workbook.record_event(kind, now=now, **refs)

    # -- where things lead ---------------------------------------------------------------

    def go_home(self, note: str = "") -> None:
        while len(self.screen_stack) > 2 and not isinstance(self.screen, TodayScreen):
            self.pop_screen()
        if note:
            self.notify(note, timeout=6)

    def make_screen(self, route_id: str, **params: Any) -> Screen[Any]:
        """A screen from the route table (see `routes.py`), made with `params`."""
        return route(route_id).factory(**params)

    def open_screen(self, route_id: str, **params: Any) -> None:
        self.push_screen(self.make_screen(route_id, **params))

    action_open_screen = open_screen  # for key bindings: "app.open_screen('review')"

    def open_welcome(self, first_run: bool = False) -> None:
        self.open_screen("welcome", first_run=first_run)

    def open_library(self) -> None:
        self.open_screen("library")

    def open_plan(self, *, exercise_id: str | None = None, plan_id: str | None = None, **more: Any) -> None:
        try:  # more: suggestion_id, for a practitioner's suggestion to adjust
            screen = self.make_screen("plan", exercise_id=exercise_id, plan_id=plan_id, **more)
        except KeyError:  # its exercise file has gone (a removed pack)
            self.notify(copy_text("app.exercise_gone"), timeout=6)
            return
        self.push_screen(screen)

    def open_log(self, plan_id: str, occurrence: datetime | None = None) -> None:
        self.open_screen("log", plan_id=plan_id, occurrence=occurrence)

    def open_barriers(self, plan_id: str, *, attempt: Attempt | None = None, occurrence: datetime | None = None,
                      replace: bool = False) -> None:
        screen = self.make_screen("barriers", plan_id=plan_id, attempt=attempt, occurrence=occurrence)
        self.switch_screen(screen) if replace else self.push_screen(screen)

    def action_support(self) -> None:
        from screens.support import SupportScreen

        if not isinstance(self.screen, SupportScreen):
            self.open_screen("support")

    # -- what screens report -----------------------------------------------------------

    @on(WelcomeFinished)
    def _welcome_finished(self, message: WelcomeFinished) -> None:
        if len(self.screen_stack) > 2:
            self.pop_screen()
        else:
            self.switch_screen(TodayScreen())
        self.notify(copy_text("welcome.skipped" if message.skipped else "welcome.saved"), timeout=6)

    @on(PlanSaved)
    def _plan_saved(self, message: PlanSaved) -> None:
        if message.from_suggestion:  # back to the rest of what the practitioner suggested
            self.pop_screen()
            self.notify(copy_text("session_pack.accepted", what=message.plan.what), timeout=5)
            return
        self.go_home(copy_text("plan.saved" if message.created else "plan.changed"))

    @on(AttemptLogged)
    def _attempt_logged(self, message: AttemptLogged) -> None:
        if message.plan.as_needed:
            self.go_home(copy_text("states.entry.saved"))
        elif message.attempt.outcome == Outcome.DONE:
            self.go_home(copy_text("log.done_saved"))
        else:
            self.open_barriers(message.plan.id, attempt=message.attempt, replace=True)

    @on(BarriersFinished)
    def _barriers_finished(self, message: BarriersFinished) -> None:
        if message.noted:
            self.go_home(copy_text("barriers.saved"))
        else:
            self.go_home(copy_text("log.saved") if message.logged else "")


def _draft_store(workbook: Any) -> Any:
    """Drafts on disk in the home (a plain dict for a workbook without a home, as in some tests)."""
    home = getattr(workbook, "home", None)
    if home is None:
        return {}
    from workbook.storage.drafts import DraftStore

    return DraftStore(home, workbook.clock)


def run_app(args: Any) -> int:
    """`workbook` with no command: open the home and run the full-screen workbook."""
    from pathlib import Path

    from workbook.core.times import system_now
    from workbook.facade.workbook import Workbook
    from workbook.storage.home import resolve_home

    workbook = Workbook.open(resolve_home(getattr(args, "home", None)), clock=system_now, daily_backup=False)
    extra = getattr(args, "exercises", None) or []
    if extra:
        from workbook.content.library import ExerciseLibrary

        workbook.exercises = ExerciseLibrary.load(workbook.home, [Path(d) for d in extra])
    result = WorkbookApp(workbook, daily_backup=True).run()
    return int(result or 0)
