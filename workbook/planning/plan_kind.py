"""Which kind a plan made or changed from the command line is, from what the person typed.

An exercise kept first as a when-it-happens record (a thought record) may also be planned at a
set time; someone who gives a time or a repeat clearly means that, so the first timed kind the
exercise offers is chosen. Where no kind fits both the exercise and the options, one line says
what the exercise supports and how to ask for it, before anything is saved.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbook.content.copy import text as copy_text
from workbook.content.exercises import PLAN_KIND_WORDS
from workbook.core.errors import WorkbookError
from workbook.core.model import AS_NEEDED


def chosen_kind(title: str, kinds: Sequence[str], *, asked: str | None, current: str | None, timed: bool) -> str:
    """The plan's kind: `asked` (--kind), else `current` (editing) or the exercise's usual kind.

    `timed` is whether a time, repeat or end day was given. A when-it-happens record takes
    none of them, so without an explicit --kind the exercise's first timed kind is chosen, and
    WorkbookError (one line, nothing saved) when there is none or --kind as_needed was asked.
    """
    if asked is not None and asked not in kinds:
        raise WorkbookError(copy_text("plan.kind_not_offered", exercise=title, asked=asked, offered=_offered(kinds)))
    kind = asked or current or kinds[0]
    if kind != AS_NEEDED or not timed:
        return kind
    first_timed = _first_timed(kinds)
    if asked is None and first_timed is not None:
        return first_timed
    key = "plan.kind_untimed_only" if first_timed is None else "plan.kind_untimed_asked"
    raise WorkbookError(copy_text(key, exercise=title, offered=_offered(kinds)))


def usual_kind(kinds: Sequence[str], *, timed: bool) -> str:
    """The kind a plan is kept as when none is named: the exercise's first, or, when a time, repeat
    or end day was given, its first timed kind (a session pack's plan, as on the command line)."""
    if timed and kinds[0] == AS_NEEDED:
        return _first_timed(kinds) or kinds[0]
    return kinds[0]


def _first_timed(kinds: Sequence[str]) -> str | None:
    """The first kind the exercise offers that takes a time (None if it is kept only when it happens)."""
    return next((k for k in kinds if k != AS_NEEDED), None)


def _offered(kinds: Sequence[str]) -> str:
    return " or ".join(f"{PLAN_KIND_WORDS[k]} (--kind {k})" for k in kinds)
