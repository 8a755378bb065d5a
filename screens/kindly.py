"""Problems the engine explains (a full disk, a busy lock, a damaged file) never crash the app.

Textual stops a widget's message loop after an unhandled exception and shows a
traceback. A `WorkbookError` is not a bug: it is a plain-words message for the
patient, and nothing saved was touched (every write is atomic). So anywhere a
handler, an action or a worker meets one, the app shows it as a notice and
carries on; the form keeps what was typed. Any other exception is still a bug
and is reported by Textual as usual.
"""

from __future__ import annotations

from typing import Any

from textual.message_pump import MessagePump
from textual.worker import WorkerFailed

from workbook.core.errors import WorkbookError

_installed = False


def install() -> None:
    """Wrap message dispatch once per process (Textual is pinned; see pyproject)."""
    global _installed
    if _installed:
        return
    original = MessagePump._dispatch_message

    async def dispatch_kindly(self: MessagePump, message: Any) -> None:
        try:
            await original(self, message)
        except WorkbookError as problem:
            show_problem(self.app, problem)

    MessagePump._dispatch_message = dispatch_kindly  # type: ignore[method-assign]
    _installed = True


def workbook_error(error: BaseException) -> WorkbookError | None:
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
