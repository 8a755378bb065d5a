"""Bulk work pauses Python's cycle collector.

An export of a long history makes millions of small objects (50,000 records, their columns, the
text of each file) that all live until the export ends and hold no reference cycles: each
collector pass walks all of them again for nothing, about a tenth of the export's time. They are
freed by reference counting when the export returns, as they would be anyway.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No collector passes inside; the collector is left as it was found."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
