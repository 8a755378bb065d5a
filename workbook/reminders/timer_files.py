"""The text of a reminder timer for each platform: pure functions, testable anywhere.

Each timer runs `workbook --home <home> remind --once` every five minutes, by
the absolute path of *this* installation (a timer has no shell PATH, and a
pyenv shim or another virtualenv's `workbook` would be a different program).
Kept apart from `scheduler_install` so the Linux, macOS and Windows formats can
all be generated and checked on any machine.
"""

from __future__ import annotations

import os
import plistlib
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

SERVICE_NAME = "workbook-remind"
LAUNCHD_LABEL = "org.workbook-cbt.remind"
TASK_NAME = "Workbook reminders"
CRON_MARK = "# workbook-remind"
INTERVAL_MINUTES = 5
SCHTASKS_TR_MAX = 261  # schtasks refuses a longer /TR command


def runner_command(home: Path, *, system: str | None = None, python: str | None = None,
                   argv0: str | None = None) -> list[str]:
    """The absolute command a timer runs for `home`.

    Prefers the `workbook` script the user ran (sys.argv[0]), then the one
    installed beside this Python, then PATH, then `python -m workbook`. On
    Windows, `pythonw -m workbook` when present, so no console window flashes
    every five minutes.
    """
    system = system or sys.platform
    python = python or sys.executable
    argv0 = sys.argv[0] if argv0 is None else argv0
    tail = ["--home", str(Path(home).absolute()), "remind", "--once"]
    if system.startswith("win"):
        pythonw = Path(python).with_name("pythonw.exe")
        if pythonw.exists():
            return [str(pythonw), "-m", "workbook", *tail]
    candidates = []
    if argv0 and Path(argv0).name in ("workbook", "workbook.exe"):
        candidates.append(Path(os.path.abspath(argv0)))
    bindir = Path(python).parent
    candidates += [bindir / "workbook", bindir / "workbook.exe", bindir / "Scripts" / "workbook.exe"]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate), *tail]
    found = shutil.which("workbook")
    if found:
        return [os.path.abspath(found), *tail]
    return [os.path.abspath(python), "-m", "workbook", *tail]


# -- systemd (Linux) -------------------------------------------------------------------

_SYSTEMD_PLAIN = re.compile(r"^[A-Za-z0-9_@+=:,./-]+$")


def systemd_quote(arg: str) -> str:
    """One ExecStart word: % and $ made literal, quoted when it holds anything else."""
    arg = arg.replace("%", "%%").replace("$", "$$")
    if _SYSTEMD_PLAIN.match(arg.replace("%%", "").replace("$$", "")) and arg:
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def systemd_service(command: list[str], home: Path) -> str:
    exec_start = " ".join(systemd_quote(a) for a in command)
    return (
        "[Unit]\n"
        "Description=Workbook reminders: send what is due, then exit\n"
        f"# Written by 'workbook reminders install' for the Workbook home {home}.\n"
        "# Remove it with 'workbook reminders uninstall'.\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={exec_start}\n"
        "TimeoutStartSec=120\n"
        "Nice=5\n"
    )


def systemd_timer() -> str:
    return (
        "[Unit]\n"
        f"Description=Run Workbook reminders every {INTERVAL_MINUTES} minutes\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar=*:0/{INTERVAL_MINUTES}\n"
        "# Persistent: after sleep or a shutdown, run once straight away (the catch-up window does the rest).\n"
        "Persistent=true\n"
        "AccuracySec=30s\n"
        f"Unit={SERVICE_NAME}.service\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def systemd_exec_start(service_text: str) -> list[str] | None:
    """The command an installed service runs (for `status`), or None."""
    for line in service_text.splitlines():
        if line.startswith("ExecStart="):
            words = shlex.split(line[len("ExecStart="):].replace("$$", "$").replace("%%", "%"))
            return words or None
    return None


# -- cron (Linux without a systemd user session) ----------------------------------------


def crontab_line(command: list[str], bus_address: str | None) -> str:
    """`*/5 * * * * DBUS_SESSION_BUS_ADDRESS=... /abs/workbook --home ... remind --once ... # workbook-remind`.

    cron starts jobs without the desktop's environment, so the session bus
    address is written into the line; `%` is escaped (cron reads it as a newline).
    """
    env = f"DBUS_SESSION_BUS_ADDRESS={shlex.quote(bus_address)} " if bus_address else ""
    cmd = " ".join(shlex.quote(a) for a in command)
    line = f"*/{INTERVAL_MINUTES} * * * * {env}{cmd} >/dev/null 2>&1 {CRON_MARK}"
    return line.replace("%", "\\%")


def without_our_lines(crontab: str) -> str:
    kept = [line for line in crontab.splitlines() if not line.rstrip().endswith(CRON_MARK)]
    return "\n".join(kept) + ("\n" if kept else "")


def cron_command(crontab: str) -> list[str] | None:
    for line in crontab.splitlines():
        if line.rstrip().endswith(CRON_MARK):
            words = shlex.split(line.replace("\\%", "%"), comments=True)
            words = words[5:]  # drop the schedule
            while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
                words = words[1:]  # and the VAR=value prefixes
            return words[: words.index(">/dev/null")] if ">/dev/null" in words else words
    return None


# -- launchd (macOS) --------------------------------------------------------------------


def launchd_plist(command: list[str]) -> bytes:
    """A LaunchAgent running the command every five minutes (and once at login)."""
    return plistlib.dumps(
        {
            "Label": LAUNCHD_LABEL,
            "ProgramArguments": list(command),
            "StartInterval": INTERVAL_MINUTES * 60,
            "RunAtLoad": True,
            "ProcessType": "Background",
            "StandardOutPath": "/dev/null",
            "StandardErrorPath": "/dev/null",
        },
        fmt=plistlib.FMT_XML,
    )


# -- Task Scheduler (Windows) -------------------------------------------------------------


def schtasks_command_line(command: list[str]) -> str:
    return subprocess.list2cmdline(command)


def schtasks_create_args(command: list[str]) -> list[str]:
    task_run = schtasks_command_line(command)
    if len(task_run) > SCHTASKS_TR_MAX:
        raise ValueError(
            f"the reminder command is {len(task_run)} characters long, more than Task Scheduler's {SCHTASKS_TR_MAX}; "
            "install Workbook or keep its data in a folder with a shorter path"
        )
    return ["schtasks", "/Create", "/TN", TASK_NAME, "/TR", task_run, "/SC", "MINUTE", "/MO", str(INTERVAL_MINUTES), "/F"]


def schtasks_delete_args() -> list[str]:
    return ["schtasks", "/Delete", "/TN", TASK_NAME, "/F"]


def schtasks_query_args() -> list[str]:
    return ["schtasks", "/Query", "/TN", TASK_NAME, "/FO", "LIST", "/V"]
