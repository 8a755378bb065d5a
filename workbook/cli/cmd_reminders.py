"""`workbook reminders install | uninstall | status`: the timer that runs `remind --once`."""

from __future__ import annotations

import argparse

from workbook.storage.home import resolve_home


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "reminders",
        help="install, remove or check the reminder timer",
        description=(
            "Set up the timer that sends your reminders every 5 minutes: a systemd user timer on Linux "
            "(a crontab line where systemd is not available), a launchd agent on macOS, a Task Scheduler "
            "task on Windows. It runs this installation's 'workbook remind --once' for this data folder."
        ),
    )
    parser.add_argument("action", choices=("install", "uninstall", "status"), help="what to do")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbook.reminders import timer_install as scheduler_install

    home = resolve_home(args.home)
    action = getattr(scheduler_install, args.action)
    from workbook.core.times import system_now

    lines = action(home, now=system_now()) if args.action == "status" else action(home)
    for line in lines:
        print(line)
    return 0
