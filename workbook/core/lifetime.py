"""The end of a `workbook` process: no work spent on objects that die with it.

As Python shuts down it clears every module and runs the garbage collector over what is left:
every class, function and record the run made. For `remind --once`, which a system timer starts
every five minutes for years, that was about a sixth of the whole run (~10 ms): `finish` freezes
those objects first, so the collector's passes leave them out, and the exit goes on as ever
(output flushed, `atexit` work done, threads joined).

A bulk command can also hand its big results to `keep_until_exit` (an export of 50,000 attempts
would otherwise spend ~0.15 s freeing them one by one just before the process ends). Only in a
process an entry point started (`started_as_command`); anywhere else, such as a test calling the
CLI in-process, nothing is kept and everything is freed as usual. When something was kept, the
process leaves with `os._exit` once its output is flushed: every file Workbook writes is already
synced and renamed into place by then.
"""

from __future__ import annotations

import gc
import os
import sys

_kept: list[object] | None = None


def started_as_command() -> None:
    """Called by an entry point (`python -m workbook`, the console script) before it runs a command."""
    global _kept
    _kept = []


def keep_until_exit(*objects: object) -> None:
    """Leave `objects` to the end of the process, when it is a command's (else a no-op). With none:
    the process has nothing left to tidy (a full-screen app has closed), so it ends at once."""
    if _kept is not None:
        _kept.extend(objects or (None,))


def finish(code: int) -> int:
    """Call as the process is about to exit (never from code that goes on running); returns `code`."""
    if _kept:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass  # a terminal or pipe already gone: nothing more can be shown anyway
        os._exit(code)
    gc.freeze()
    return code
