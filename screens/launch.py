"""The `workbook` console script: the engine's CLI, plus the full-screen app.

The engine (`workbook`) never imports the UI, so the wiring lives here: with
no command, `workbook.cli.main` calls `open_app`, which is the only place
Textual gets imported; `workbook serve` calls `serve_app`, which serves the same
app to a browser on this computer (`screens/serve/`). Commands such as `workbook remind --once` therefore
start without loading Textual at all.

Opening the workbook is the common case and should paint fast, so a bare
`workbook [--home DIR] [--exercises DIR]...` skips building the full command
parser (which imports every command module) and opens the app directly.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence

from workbook.core import lifetime

OPEN_OPTIONS = ("--home", "--exercises")


def open_app(args: argparse.Namespace) -> int:
    if getattr(args, "app", None) == "caseload":  # `workbook caseload DIR`: the practitioner's own app
        from screens.caseload_app import run_caseload

        code = run_caseload(args)
    else:
        from screens.app import run_app  # imported only when the app is opened

        code = run_app(args)
    # Everything is saved (each save is written, synced and renamed); Python's tear-down of a long
    # history's screens would take longer than closing the app did, with the terminal already back.
    lifetime.keep_until_exit()
    return code


def serve_app(args: argparse.Namespace) -> int:
    from screens.serve import run_serve  # imported only by `workbook serve`: aiohttp and textual-serve

    return run_serve(args)


def open_pack_form(args: argparse.Namespace) -> int:
    from screens.session_pack_form import open_pack_form as run_form  # Textual only when the form opens

    return run_form(args)


def just_open(argv: Sequence[str]) -> argparse.Namespace | None:
    """The options when `argv` only says where to open (no command, no --help); else None."""
    found = argparse.Namespace(home=None, exercises=[])
    items = list(argv)
    while items:
        option = items.pop(0)
        name, eq, value = option.partition("=")
        if name not in OPEN_OPTIONS:
            return None
        if not eq:
            if not items or items[0].startswith("-"):
                return None  # let the full parser explain the mistake
            value = items.pop(0)
        if name == "--home":
            found.home = value
        else:
            found.exercises.append(value)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """The console script (`[project.scripts]`): runs the command, then ends the process quickly."""
    lifetime.started_as_command()
    return lifetime.finish(run(argv))


def run(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    quick = just_open(argv)
    if quick is None:
        from workbook.cli import main as cli_main
        from workbook.cli import named_command

        if named_command(argv) in (None, "session-pack"):  # only it opens a form; `remind --once` need not load it
            from workbook.cli import cmd_session_pack

            cmd_session_pack.OPEN_FORM[:] = [open_pack_form]  # `session-pack new --form`, in the app's half
        return cli_main(argv, open_app=open_app, serve_app=serve_app)
    from workbook.core.errors import WorkbookError
    from workbook.core.inputs import argument_problem

    # Start-up makes a few hundred thousand objects that live as long as the app; the collector's
    # passes over them would only delay the first paint, which turns it back on (see `first_paint`).
    gc.disable()
    try:
        for name, values in (("--home", [quick.home]), ("--exercises", quick.exercises)):
            for value in values:
                if value is not None and (problem := argument_problem(value, is_path=True)):
                    raise WorkbookError(f"{name} {problem}.")
        return open_app(quick)
    except WorkbookError as exc:  # same one-line message and exit code as the CLI
        print(f"workbook: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("workbook: stopped.", file=sys.stderr)
        return 130
    except OSError as exc:  # a last resort, as in the CLI
        from workbook.core.inputs import shown_path

        where = f"{shown_path(exc.filename)}: " if exc.filename is not None else ""
        print(f"workbook: {where}{exc.strerror or type(exc).__name__}.", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
