"""The first-paint bench hook both apps share (bench/first_paint.py, bench/caseload.py).

With WORKBOOK_FIRST_PAINT set to a file, an app writes the moment it first painted there and
quits, so a bench measures process start to first paint without driving the app.
"""

from __future__ import annotations

import os
import time
from typing import Any

from textual.app import App

FIRST_PAINT_ENV = "WORKBOOK_FIRST_PAINT"


def report_first_paint(app: App[Any]) -> bool:
    """Write the first-paint time and quit when a bench asked for it; True if it did."""
    marker = os.environ.get(FIRST_PAINT_ENV)
    if not marker:
        return False
    with open(marker, "w", encoding="utf-8") as fh:
        fh.write(f"{time.time():.6f}\n")
    app.exit(0)
    return True
