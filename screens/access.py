"""Typed access to the running app and its façade, for screens and widgets.

Textual types `self.app` as a plain `App`; mixing `WorkbookAccess` into a screen or
widget gives it `self.workbook_app` and `self.workbook` (the façade), both typed, as
Elia's screens reach theirs. `AppServices` is what screens may ask of the app; the
app (`screens.app.WorkbookApp`) provides it, and screens never import the app itself.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from workbook.core.model import Attempt
    from workbook.facade import Workbook


class AppServices(Protocol):
    """The app's side of the border: its façade, its clock, drafts, routes and research log."""

    workbook: Workbook
    drafts: MutableMapping[str, dict[str, Any]]

    def now(self) -> datetime: ...
    def first_paint(self) -> None: ...
    def go_home(self, note: str = "") -> None: ...
    def record(self, kind: str, **refs: str) -> None: ...
    def save_drafts_soon(self) -> None: ...
    def save_drafts(self) -> None: ...
    def offer_reminder(self) -> None: ...
    def set_theme(self, name: str) -> None: ...
    def open_screen(self, route_id: str, **params: Any) -> None: ...
    def open_welcome(self, first_run: bool = False) -> None: ...
    def open_library(self) -> None: ...
    def open_plan(self, *, exercise_id: str | None = None, plan_id: str | None = None, **more: Any) -> None: ...
    def open_log(self, plan_id: str, occurrence: datetime | None = None) -> None: ...
    def open_barriers(self, plan_id: str, *, attempt: Attempt | None = None, occurrence: datetime | None = None,
                      replace: bool = False) -> None: ...


class WorkbookAccess:
    @property
    def workbook_app(self) -> AppServices:
        return cast(AppServices, self.app)  # type: ignore[attr-defined]  # a Textual node's app

    @property
    def workbook(self) -> Workbook:
        return self.workbook_app.workbook
