"""The `Workbook` façade: the one way in for every front end (the CLI, the app, outputs).

It turns intentions ("log this plan as partly done") into validated records and store
transactions, so no front end touches storage or scheduling directly.

`Workbook` is imported on first use, not with the package: a reminder pass opens the narrow
`facade.reminder_book` and must not pay for every topic the full façade loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbook.facade.workbook import SETTINGS_ID, Workbook

__all__ = ["SETTINGS_ID", "Workbook"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from workbook.facade import workbook

        return getattr(workbook, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
