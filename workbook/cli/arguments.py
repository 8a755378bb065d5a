"""Every argument checked once, before any command runs: text that is text, no empty values.

Refused, each with one plain line: bytes that are not UTF-8 (they reach Python as lone
surrogates), control characters (tab and newline are fine in a note), an empty value where
an empty value means nothing (`--home ""`, `--at ""`, `--out ""`), and a path too long for
any computer. Usage errors from argparse repeat at most the start of what was typed.
"""

from __future__ import annotations

import argparse
import re
from typing import NoReturn

from workbook.core.errors import WorkbookError
from workbook.core.inputs import SHOWN_LIMIT, argument_problem, shorten

#: Options whose text may hold tabs and newlines (a note).
MULTILINE = frozenset({"note"})
#: Options where an empty value means something: no note, or (plan edit) clear the field.
MAY_BE_EMPTY = frozenset({"note", "where", "why", "routine", "start_time", "until"})
#: Options that name a file or folder.
PATHS = frozenset({"home", "out", "exercises", "check", "backup", "folder", "identity", "new_identity"})
#: How a few arguments are named in messages (others by their option, like --note).
DISPLAY = {"backup": "The backup's name", "plan": "The plan id"}
_LONG_WORD = re.compile(r"\S{%d,}" % (SHOWN_LIMIT + 1))


class Parser(argparse.ArgumentParser):
    """argparse, with its error line cut short and stripped of control characters."""

    def error(self, message: str) -> NoReturn:
        message = _LONG_WORD.sub(lambda m: shorten(m.group()), shorten(message, 10 * SHOWN_LIMIT))
        super().error(message)


def option_names(parser: argparse.ArgumentParser) -> dict[str, str]:
    """dest -> how the user wrote it ('--note', 'PLAN'), across every subcommand."""
    names: dict[str, str] = dict(DISPLAY)
    stack = [parser]
    while stack:
        current = stack.pop()
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                stack.extend(action.choices.values())
                continue
            if action.option_strings:
                names.setdefault(action.dest, max(action.option_strings, key=len))
            else:
                metavar = action.metavar if isinstance(action.metavar, str) else None
                names.setdefault(action.dest, metavar or action.dest.upper())
    return names


def check_arguments(args: argparse.Namespace, names: dict[str, str]) -> None:
    """Raise WorkbookError for the first argument that cannot be meant."""
    for dest, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, str):
                continue
            problem = argument_problem(item, multiline=dest in MULTILINE, may_be_empty=dest in MAY_BE_EMPTY,
                                       is_path=dest in PATHS)
            if problem is not None:
                raise WorkbookError(f"{names.get(dest, dest)} {problem}.")
