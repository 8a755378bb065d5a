"""The places Workbook reaches into Textual's private internals, owned here and nowhere else.

Textual has no public hook for either, so each is installed explicitly by
`WorkbookApp` (never as a side effect of an import) and checked by `problems()`,
which a test runs: a Textual upgrade that moves either fails that test loudly
instead of silently changing behaviour. Textual is pinned in pyproject.

1. Problems the engine explains (`WorkbookError`: a full disk, a busy lock) raised in
   any message handler or action become a notice instead of stopping the widget's
   message loop: Textual offers no per-app handler for exceptions in handlers.
2. The saved theme is set before the first stylesheet parse: assigning `App.theme`
   in `__init__` would parse every stylesheet twice (about 30 ms of start-up).
3. Every screen's stylesheet and every widget's default CSS are added after the first paint,
   in one parse (`preload_styles`). Otherwise the first opening of each screen re-parses
   every stylesheet once per widget type it brings, and once more for its own .tcss, and
   restyles every widget of every screen open beneath it: a slower first open of each screen.
4. `event_clock` is the clock Textual stamps every event with (`Message.time`), so a key can be
   compared with the moment a screen appeared (see `WorkbookApp.on_event`).
5. Before the app closes (`App._on_exit_app`), keys it has already received are let reach the
   focused field (`let_typed_keys_land`): a browser tab closed straight after typing, or a quit
   from `workbook serve`, must not drop the last letters typed before the drafts are written.
6. The terminal driver notices a terminal that went away without a SIGHUP (`driver_noticing_hang_up`):
   a pty that is not the app's controlling terminal, its other end closed. Textual's LinuxDriver
   reads EOF there as "stdin is piped" and selects again at once, for ever (a core spinning), and
   its output thread dies on the first EIO, so the app would then block on a full output queue.
   The subclass watches stdin for a hang-up and takes writes that fail as the terminal gone;
   either way the app's `hang_up` runs once (drafts kept, a clean exit), as on SIGHUP.
7. `StylesCache.get_inner_outer` is an lru_cache on a method, so it keeps up to 1024 widgets'
   render caches (every line they drew) alive long after their screens closed, for the garbage
   collector to walk in each full collection: some 5,000 objects more for each form opened, and
   tens of ms of a later opening. `colours_only_inner_outer` makes it a cache of colours alone.
8. `screens.widgets.dropdown.Dropdown` makes Select's parts already compact and marked as holding a
   value, with the classes Select would give them once mounted; `problems()` checks those names.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import select
import sys
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any

import textual
from textual.app import App
from textual.dom import DOMNode
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widget import Widget

from workbook.core.errors import WorkbookError

event_clock: Callable[[], float] = time.perf_counter if sys.platform == "win32" else time.monotonic

CHECKED_WITH = "8.2.8"  # the Textual release these were read against
_installed = False


def problems() -> list[str]:
    """What no longer matches the Textual these patches were written for (empty when all is well)."""
    found = []
    if textual.__version__ != CHECKED_WITH:
        found.append(f"Textual is {textual.__version__}, these patches were checked with {CHECKED_WITH}")
    dispatch = getattr(MessagePump, "_dispatch_message", None)
    if dispatch is None or not (inspect.iscoroutinefunction(dispatch) or getattr(dispatch, "_workbook_kindly", False)):
        found.append("MessagePump._dispatch_message is gone or no longer a coroutine")
    watch = getattr(App, "_watch_theme", None)
    source = inspect.getsource(watch) if watch is not None else ""
    for needle in ('f"-theme-', '"-dark-mode"', '"-light-mode"'):
        if needle not in source:
            found.append(f"App._watch_theme no longer sets {needle}")
    if not (hasattr(DOMNode, "_css_bases") and hasattr(App, "_load_screen_css")
            and "has_source" in inspect.getsource(App._load_screen_css)
            and "_get_default_css" in inspect.getsource(Widget._post_register)):
        found.append("Textual no longer names screen and widget CSS sources as preload_styles does")
    exit_app = getattr(App, "_on_exit_app", None)
    if exit_app is None or not inspect.iscoroutinefunction(exit_app) or "_message_queue" not in inspect.getsource(exit_app):
        found.append("App._on_exit_app is gone, or no longer ends the app through its message queue")
    if sys.platform != "win32":
        from textual.drivers import linux_driver

        driver = linux_driver.LinuxDriver
        sources = {name: inspect.getsource(getattr(driver, name))
                   for name in ("__init__", "start_application_mode", "run_input_thread")}
        if not ("self._file = sys.__stderr__" in sources["__init__"]
                and "WriterThread(self._file)" in sources["start_application_mode"]
                and "self.fileno" in sources["run_input_thread"]):
            found.append("LinuxDriver no longer writes through self._file and reads self.fileno")
    from textual._styles_cache import StylesCache

    inner_outer = StylesCache.__dict__.get("get_inner_outer")
    if not getattr(inner_outer, "_workbook_colours_only", False) and (
            not hasattr(inner_outer, "__wrapped__") or "cls." in inspect.getsource(inner_outer.__wrapped__)
            or "self." in inspect.getsource(inner_outer.__wrapped__)):
        found.append("StylesCache.get_inner_outer is no longer a cached function of the colours alone")
    from textual.widgets._select import SelectCurrent, SelectOverlay

    if (getattr(SelectOverlay.compact, "_toggle_class", None) != "-textual-compact"
            or '"-has-value"' not in inspect.getsource(SelectCurrent._watch_has_value)):
        found.append("Select's parts no longer mark compact and has-value as Dropdown makes them")
    from textual import _time

    if _time.get_time is not event_clock:
        found.append("Textual no longer stamps events with the clock event_clock reads")
    return found


def _widget_classes() -> list[type[Widget]]:
    found: list[type[Widget]] = []
    stack = [Widget]
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack.extend(cls.__subclasses__())
    return found


def preload_styles(app: App[Any], screens: list[type[Screen[Any]]]) -> None:
    """Add the stylesheets of `screens` and the default CSS of every widget class loaded, then parse once.

    Textual adds the same sources, under the same names, when a screen is first pushed
    (`App._load_screen_css`) and when a widget type is first mounted (`Widget._post_register`);
    finding them there already, it has nothing left to parse.
    """
    sheet = app.stylesheet
    for screen in screens:
        paths = [screen.CSS_PATH] if isinstance(screen.CSS_PATH, (str, PurePath)) else list(screen.CSS_PATH or [])
        for path in paths:
            resolved = (Path(inspect.getfile(screen)).parent / path).resolve()
            if not sheet.has_source(str(resolved), ""):
                sheet.read(resolved)
    for cls in _widget_classes():
        for tie_breaker, base in enumerate(cls._css_bases(cls)):
            css: str = base.__dict__.get("DEFAULT_CSS", "")
            if not css:
                continue
            try:
                location = (inspect.getfile(base), f"{base.__name__}.DEFAULT_CSS")
            except (TypeError, OSError):
                location = ("", f"{base.__name__}.DEFAULT_CSS")
            scope = base._css_type_name if base.__dict__.get("SCOPED_CSS", True) else ""
            sheet.add_source(css, read_from=location, is_default_css=True, tie_breaker=-tie_breaker, scope=scope)
    sheet.reparse()
    sheet.update(app)


def colours_only_inner_outer() -> None:
    """Make `StylesCache.get_inner_outer` (which never reads its first argument) cache on the colours only."""
    from textual._styles_cache import StylesCache

    method = StylesCache.__dict__["get_inner_outer"]
    if getattr(method, "_workbook_colours_only", False):
        return
    compute = method.__wrapped__
    by_colours = lru_cache(1024)(lambda base_background, background: compute(None, base_background, background))

    def get_inner_outer(self: Any, base_background: Any, background: Any) -> Any:
        return by_colours(base_background, background)

    get_inner_outer._workbook_colours_only = True  # type: ignore[attr-defined]
    StylesCache.get_inner_outer = get_inner_outer  # type: ignore[method-assign]


def install_kind_dispatch(show: Callable[[Any, WorkbookError], None]) -> None:
    """Route a WorkbookError from any handler to `show(app, problem)`; once per process."""
    global _installed
    if _installed:
        return
    original = MessagePump._dispatch_message

    async def dispatch_kindly(self: MessagePump, message: Any) -> None:
        try:
            await original(self, message)
        except WorkbookError as problem:
            show(self.app, problem)

    dispatch_kindly._workbook_kindly = True  # type: ignore[attr-defined]
    MessagePump._dispatch_message = dispatch_kindly  # type: ignore[method-assign]
    _installed = True


def start_theme(app: App[Any], name: str) -> None:
    """Set `name` as the theme before any stylesheet is parsed, as `App._watch_theme` would."""
    app.set_reactive(App.theme, name)
    dark = app.current_theme.dark
    app.set_class(True, f"-theme-{name}", update=False)
    app.set_class(dark, "-dark-mode", update=False)
    app.set_class(not dark, "-light-mode", update=False)
    app.stylesheet.set_variables(app.get_css_variables())  # nothing is parsed yet: cheap


async def let_typed_keys_land(app: App[Any], seconds: float = 0.5) -> None:
    """Wait (at most `seconds`) until the keys already delivered have reached the focused field.

    A key travels app → screen → focused widget, each through its own message queue; an exit
    message can overtake keys still queued at the screen or the widget.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pumps: list[MessagePump] = [pump for pump in (app.screen if app.screen_stack else None, app.focused)
                                    if pump is not None]
        if all(pump._message_queue.empty() for pump in pumps):
            return
        await asyncio.sleep(0.01)


class _TerminalOutput:
    """The driver's output file; a write that fails (EIO, EPIPE) means the terminal is gone.

    Later writes are dropped, so Textual's output thread lives on and its queue never fills.
    """

    def __init__(self, file: Any, gone: Callable[[], None]) -> None:
        self._file = file
        self._gone = gone
        self.lost = False

    def write(self, text: str) -> int:
        if not self.lost:
            try:
                return int(self._file.write(text))
            except (OSError, ValueError):
                self._lose()
        return len(text)

    def flush(self) -> None:
        if not self.lost:
            try:
                self._file.flush()
            except (OSError, ValueError):
                self._lose()

    def fileno(self) -> int:
        return int(self._file.fileno())

    def isatty(self) -> bool:
        return bool(self._file.isatty())

    def _lose(self) -> None:
        self.lost = True
        self._gone()


def driver_noticing_hang_up(base: type[Any]) -> type[Any]:
    """Textual's LinuxDriver, made to call the app's `hang_up()` once when its terminal goes away.

    Any other driver (Windows, the web driver `workbook serve` runs under) is returned as it is.
    """
    if sys.platform == "win32":
        return base
    from textual.drivers.linux_driver import LinuxDriver

    if base is not LinuxDriver:
        return base

    class HangUpNoticingDriver(LinuxDriver):
        def __init__(self, app: App[Any], **options: Any) -> None:
            super().__init__(app, **options)
            self._told = threading.Event()
            self._loop: asyncio.AbstractEventLoop | None = None
            self._file = _TerminalOutput(self._file, self._terminal_gone)
            self._watch_wake: tuple[int, int] | None = None
            self._watcher: threading.Thread | None = None

        def start_application_mode(self) -> None:
            self._loop = asyncio.get_running_loop()
            super().start_application_mode()
            self._watch_wake = os.pipe()
            self._watcher = threading.Thread(target=self._watch_input, name="workbook-hang-up", daemon=True)
            self._watcher.start()

        def stop_application_mode(self) -> None:
            if self._watch_wake is not None:
                os.write(self._watch_wake[1], b"x")
                if self._watcher is not None:
                    self._watcher.join(2)
                for end in self._watch_wake:
                    os.close(end)
                self._watch_wake = None
            super().stop_application_mode()

        def _watch_input(self) -> None:
            """Block until stdin hangs up (its other end closed) or the driver stops: no polling."""
            assert self._watch_wake is not None
            poller = select.poll()
            poller.register(self.fileno, 0)  # no events asked for: only a hang-up or an error is reported
            poller.register(self._watch_wake[0], select.POLLIN)
            while True:
                try:
                    ready = dict(poller.poll())
                except InterruptedError:
                    continue
                if self._watch_wake[0] in ready:
                    return
                if ready.get(self.fileno, 0) & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                    self._terminal_gone()
                    return

        def _terminal_gone(self) -> None:
            if self._told.is_set() or self._loop is None:
                return
            self._told.set()
            try:
                self._loop.call_soon_threadsafe(self._app.hang_up)
            except RuntimeError:  # the loop has already closed: the app is ending anyway
                pass

    return HangUpNoticingDriver


class LeavesWhenTerminalGoes:
    """For the practitioner's own apps (caseload, session-pack form), which keep no drafts: a terminal
    that goes away ends the app at once instead of leaving it spinning (see item 6)."""

    def get_driver_class(self) -> Any:
        return driver_noticing_hang_up(super().get_driver_class())  # type: ignore[misc]

    def hang_up(self) -> None:
        self.exit(1)  # type: ignore[attr-defined]

