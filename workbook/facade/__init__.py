"""The `Workbook` façade: the one way in for every front end (the CLI, the app, outputs).

It turns intentions ("log this plan as partly done") into validated records and store
transactions, so no front end touches storage or scheduling directly.
"""

from workbook.facade.workbook import SETTINGS_ID, Workbook

__all__ = ["SETTINGS_ID", "Workbook"]
