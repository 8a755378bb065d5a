"""Errors a user can meet, each with a message fit to show as it is.

The CLI turns any `WorkbookError` into one line on stderr and exit code 1;
anything else is a bug and is reported as such.
"""

from __future__ import annotations

from pathlib import Path


class WorkbookError(Exception):
    """A problem the user can understand and act on (exit code 1)."""


class ValidationError(WorkbookError, ValueError):
    """A value that does not fit the model; `field` names what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFound(WorkbookError, LookupError):
    """No record matches what the user asked for."""


class StorageError(WorkbookError):
    """Saving failed (for example, a full disk); nothing saved before was changed."""


class BusyError(WorkbookError):
    """Another Workbook process held the lock for too long."""


class CorruptDataError(WorkbookError):
    """A data file does not parse; it is left exactly as it is."""

    def __init__(self, path: Path, backup: Path | None, detail: str = "") -> None:
        self.path = Path(path)
        self.backup = backup
        self.detail = detail
        if backup is not None:
            hint = f"newest good backup: {backup}; run 'workbook restore' to bring it back"
        else:
            hint = "no good backup was found; please keep the file and ask for help"
        super().__init__(
            f"Workbook cannot read {self.path} (it looks damaged) and has not changed it; {hint}."
        )


class BadRecordError(WorkbookError):
    """One stored record does not fit the model. It is left as it is, skipped when records are
    listed, and only work on that record (or copying it into a backup) is refused."""

    def __init__(self, path: Path, table: str, record_id: str, field: str, problem: str, *, lead: str = "") -> None:
        self.path = Path(path)
        self.table = table
        self.record_id = record_id
        self.field = field
        self.problem = problem
        super().__init__(
            f"{lead}{self.path}: the {table} record {record_id} does not fit ({field}: {problem}); "
            "nothing was changed, and 'workbook doctor' says how to fix it."
        )


class UnsafePathError(WorkbookError):
    """Something other than Workbook's own plain file or folder (a symbolic link, a file where a
    folder belongs) stands at a place in the home; it is neither followed nor changed."""

    def __init__(self, path: Path, what: str = "is a symbolic link") -> None:
        self.path = Path(path)
        self.what = what
        super().__init__(
            f"{self.path} {what}; Workbook never follows links or replaces unknown things in its home, "
            f"and changed nothing. Move it away (for example: mv '{self.path}' '{self.path}.moved') and try again."
        )


class NewerDataError(WorkbookError):
    """The data was written by a newer Workbook than this one."""


class UsageError(WorkbookError):
    """The command was given the wrong words (exit code 2, as argparse uses)."""
