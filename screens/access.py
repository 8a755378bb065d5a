"""Typed access to the running app and its façade, for screens and widgets.

Textual types `self.app` as a plain `App`; mixing `WorkbookAccess` into a screen or
widget gives it `self.workbook_app` (the `WorkbookApp`, with its clock, drafts and
routes) and `self.workbook` (the façade), both typed, as Elia's screens reach theirs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from screens.app import WorkbookApp
    from workbook.facade import Workbook


class WorkbookAccess:
    @property
    def workbook_app(self) -> WorkbookApp:
        return cast("WorkbookApp", self.app)  # type: ignore[attr-defined]  # a Textual node's app

    @property
    def workbook(self) -> Workbook:
        return self.workbook_app.workbook
