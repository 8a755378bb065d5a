"""Problems the engine explains (a full disk, a busy lock, a damaged file) never crash the app.

A `WorkbookError` is not a bug: it is a plain-words message for the patient, and
nothing saved was touched (every write is atomic). So anywhere a handler, an action
or a worker meets one, the app shows it as a notice and carries on; the form keeps
what was typed. Any other exception is still a bug and is reported by Textual as usual.

Workers run with `exit_on_error=False` and their failures arrive as
`Worker.StateChanged` (Textual's public API); handlers and actions are covered by
`textual_internals.install_kind_dispatch`, for which Textual has no public hook.
"""

from __future__ import annotations

from typing import Any

from textual.worker import Worker, WorkerFailed, WorkerState

from workbook.core.errors import WorkbookError


def workbook_error(error: BaseException | None) -> WorkbookError | None:
    """The WorkbookError behind `error` (a worker wraps it in WorkerFailed), if any."""
    if isinstance(error, WorkbookError):
        return error
    if isinstance(error, WorkerFailed) and isinstance(error.error, WorkbookError):
        return error.error
    return None


def show_problem(app: Any, problem: WorkbookError) -> None:
    if hasattr(app, "show_problem"):
        app.show_problem(problem)
    else:  # not our app: behave as Textual would
        raise problem


def worker_failed(app: Any, event: Worker.StateChanged) -> None:
    """A worker stopped with an error: explain a WorkbookError; re-raise anything else (a bug)."""
    if event.state != WorkerState.ERROR:
        return
    error = event.worker.error
    problem = workbook_error(error)
    if problem is not None:
        show_problem(app, problem)
    elif error is not None:
        raise error
