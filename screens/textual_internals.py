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
"""

from __future__ import annotations

import asyncio
import inspect
import sys
import time
from collections.abc import Callable
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
