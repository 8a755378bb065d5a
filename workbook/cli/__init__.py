"""The `workbook` command: argument parsing, dispatch, and errors as plain one-liners.

Each subcommand lives in its own module with `register(subparsers)`; the
module sets `func` on its parser. Exit codes: 0 ok, 1 a user error (one clear
line on stderr), 2 a usage error (argparse). The engine never imports the UI:
the `workbook` console script (screens/launch.py) passes `open_app`, which
runs when no command is given, and `serve_app`, which `workbook serve` runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from types import ModuleType

from workbook import __version__
from workbook.cli import arguments
from workbook.cli.common import NOTES, OPENED, closing_notes
from workbook.core.errors import UsageError, WorkbookError
from workbook.core.inputs import shown_path

#: Each command, in the order `--help` lists them; its module is `workbook/cli/cmd_<name>.py` ("-" read as "_").
COMMAND_NAMES = ("today", "log", "plan", "demo", "remind", "reminders", "report", "review-pack", "export", "calendar",
                 "research", "study", "exercises", "doctor", "backup", "session-pack", "import", "caseload",
                 "serve", "crisis")


def command_module(name: str) -> ModuleType:
    return import_module(f"workbook.cli.cmd_{name.replace('-', '_')}")


def __getattr__(name: str) -> object:
    if name == "COMMAND_MODULES":  # every command's module, imported on first use
        return [command_module(n) for n in COMMAND_NAMES]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


DESCRIPTION = """\
Workbook: a self-help workbook for CBT between calls with your practitioner.
It supports your care; it does not replace it. Nothing leaves this computer
unless you export it. With no command, the workbook opens full-screen.
If you might be in danger now, call your local emergency number; 'workbook crisis'
shows who to contact where you live."""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command's parser; with `only`, just that command's (so `remind --once`, run by a timer every
    few minutes, imports one command module instead of all of them)."""
    parser = arguments.Parser(
        prog="workbook",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"workbook {__version__}")
    parser.add_argument("--home", metavar="DIR", help="the data folder (default: $WORKBOOK_HOME, else your user data folder)")
    parser.add_argument("--exercises", metavar="DIR", action="append", default=[], help="also load exercise files from DIR")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name in (only,) if only else COMMAND_NAMES:
        command_module(name).register(sub)
    parser.set_defaults(func=None)
    return parser


AppOpener = Callable[[argparse.Namespace], int]
NO_FRONT_END = {
    "app": "give a command (see 'workbook --help'), or run 'workbook' to open the full-screen workbook.",
    "serve": "'workbook serve' needs the full workbook: run it as the 'workbook' command.",
}


def main(argv: Sequence[str] | None = None, *, open_app: AppOpener | None = None,
         serve_app: AppOpener | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(named_command(argv))
    args = parser.parse_args(argv)
    NOTES.clear()
    OPENED.clear()
    try:
        arguments.check_arguments(args, arguments.option_names(parser))
        if args.func is None:  # a front end: the terminal app, or the app served to a browser
            front_end = getattr(args, "front_end", "app")
            opener = serve_app if front_end == "serve" else open_app
            if opener is None:
                raise WorkbookError(NO_FRONT_END[front_end])
            return int(opener(args) or 0)
        args.open_app = open_app  # for a command that opens a screen of its own (caseload)
        code = int(args.func(args) or 0)
        for line in closing_notes():
            print(f"workbook: {line}", file=sys.stderr)
        return code
    except UsageError as exc:
        print(f"workbook: {exc}", file=sys.stderr)
        return 2
    except WorkbookError as exc:
        print(f"workbook: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("workbook: stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a last resort: every expected failure is a WorkbookError already
        print(f"workbook: {os_error_line(exc)}", file=sys.stderr)
        return 1


def named_command(argv: Sequence[str]) -> str | None:
    """The command `argv` names, if it names one plainly: `[--home DIR] [--exercises DIR]... COMMAND ...`."""
    items = list(argv)
    while items:
        word = items.pop(0)
        if word in COMMAND_NAMES:
            return word
        name, eq, _ = word.partition("=")
        if name not in ("--home", "--exercises"):
            return None  # --help, --version, a mistake: the full parser says what is wrong
        if not eq:
            if not items:
                return None
            items.pop(0)
    return None


def os_error_line(exc: OSError) -> str:
    """One line for an OSError nothing else caught: the path and the system's reason."""
    reason = exc.strerror or type(exc).__name__
    if exc.filename is None:
        return f"{reason}."
    line = f"{shown_path(exc.filename)}: {reason}"
    if exc.filename2 is not None:
        line += f" ({shown_path(exc.filename2)})"
    return line + "."


if __name__ == "__main__":  # pragma: no cover - `python -m workbook.cli`
    sys.exit(main())
