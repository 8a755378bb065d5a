"""`workbook reminders install | uninstall | status`: put the reminder timer in place.

Linux: a systemd user service + timer when `systemctl --user` works (it runs
missed timers after sleep, `Persistent=true`), else a crontab line carrying the
session bus address. macOS: a launchd agent loaded with launchctl. Windows: a
Task Scheduler task made with schtasks. The texts come from `scheduler_text`;
this module writes them and calls the platform's tools.

Every outside call goes through `Platform.run`, so tests can drive each
platform's flow on any machine with a fake, and a real run never touches
anything but the user's own timer entries.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from workbook.core.errors import WorkbookError
from workbook.core.times import from_iso
from workbook.core.words import counted
from workbook.reminders import timer_files as text
from workbook.reminders.last_run import read_last_run
from workbook.reminders.notify import session_bus_address


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str = ""
    stderr: str = ""


def _run(args: list[str], stdin: str | None = None) -> Outcome:
    try:
        done = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        return Outcome(127, "", f"{args[0]} was not found")
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Outcome(1, "", str(exc))
    return Outcome(done.returncode, done.stdout, done.stderr)


@dataclass
class Platform:
    """Where and how: the OS, the environment, and the way commands are run (a fake in tests)."""

    system: str = field(default_factory=lambda: sys.platform)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    run: Callable[..., Outcome] = _run
    which: Callable[[str], str | None] = shutil.which
    command: list[str] | None = None  # the runner command; default: `scheduler_text.runner_command`

    def runner(self, home: Path) -> list[str]:
        return self.command or text.runner_command(home, system=self.system)

    @property
    def user_home(self) -> Path:
        return Path(self.environ.get("HOME") or self.environ.get("USERPROFILE") or Path.home())

    def systemd_dir(self) -> Path:
        config = self.environ.get("XDG_CONFIG_HOME") or str(self.user_home / ".config")
        return Path(config) / "systemd" / "user"

    def launchd_path(self) -> Path:
        return self.user_home / "Library" / "LaunchAgents" / f"{text.LAUNCHD_LABEL}.plist"

    def systemd_works(self) -> bool:
        return bool(self.which("systemctl")) and self.run(["systemctl", "--user", "show-environment"]).returncode == 0

    def kind(self) -> str:
        if self.system == "darwin":
            return "launchd"
        if self.system.startswith("win"):
            return "schtasks"
        return "systemd" if self.systemd_works() else "cron"


def _check(outcome: Outcome, doing: str) -> None:
    if outcome.returncode != 0:
        said = (outcome.stderr or outcome.stdout).strip().splitlines()
        raise WorkbookError(f"Could not {doing}: {said[-1] if said else f'exit code {outcome.returncode}'}")


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o644)


def install(home: Path, platform: Platform | None = None) -> list[str]:
    """Install (or replace) the timer for `home`; returns what to tell the user."""
    p = platform or Platform()
    command = p.runner(home)
    kind = p.kind()
    shown = " ".join(command)
    if kind == "systemd":
        folder = p.systemd_dir()
        _write(folder / f"{text.SERVICE_NAME}.service", text.systemd_service(command, home).encode())
        _write(folder / f"{text.SERVICE_NAME}.timer", text.systemd_timer().encode())
        _check(p.run(["systemctl", "--user", "daemon-reload"]), "reload systemd's user units")
        _check(p.run(["systemctl", "--user", "enable", "--now", f"{text.SERVICE_NAME}.timer"]), "start the reminder timer")
        _remove_cron(p)
        where = f"a systemd user timer ({folder / (text.SERVICE_NAME + '.timer')})"
    elif kind == "cron":
        if not p.which("crontab"):
            raise WorkbookError(
                "Neither a systemd user session nor cron is available here, so no timer can be installed. "
                "Run 'workbook remind' in a terminal instead: it keeps running and sends reminders while it is open."
            )
        bus = session_bus_address(p.environ)
        new = text.without_our_lines(_crontab(p)) + text.crontab_line(command, bus) + "\n"
        _check(p.run(["crontab", "-"], new), "write your crontab")
        where = "a crontab line"
        if bus is None:
            where += " (no desktop session bus was found; reminders may not reach your desktop: run this from a terminal inside it)"
    elif kind == "launchd":
        path = p.launchd_path()
        _write(path, text.launchd_plist(command))
        target = f"gui/{os.getuid() if hasattr(os, 'getuid') else 501}"
        p.run(["launchctl", "bootout", f"{target}/{text.LAUNCHD_LABEL}"])  # an older copy, if loaded
        if p.run(["launchctl", "bootstrap", target, str(path)]).returncode != 0:
            _check(p.run(["launchctl", "load", "-w", str(path)]), "load the launchd agent")
        where = f"a launchd agent ({path})"
    else:
        try:
            args = text.schtasks_create_args(command)
        except ValueError as exc:
            raise WorkbookError(f"Could not install the reminder task: {exc}.") from None
        _check(p.run(args), "create the scheduled task")
        where = f"a Task Scheduler task ({text.TASK_NAME!r})"
    return [
        f"Reminders are set up: {where} runs every {text.INTERVAL_MINUTES} minutes:",
        f"  {shown}",
        "Check it with 'workbook reminders status' and test notifications with 'workbook doctor --notify'.",
    ]


def _crontab(p: Platform) -> str:
    current = p.run(["crontab", "-l"])
    return current.stdout if current.returncode == 0 else ""  # "no crontab for you" exits 1


def _remove_cron(p: Platform) -> bool:
    if not p.which("crontab"):
        return False
    current = _crontab(p)
    if text.CRON_MARK not in current:
        return False
    _check(p.run(["crontab", "-"], text.without_our_lines(current)), "update your crontab")
    return True


def uninstall(home: Path, platform: Platform | None = None) -> list[str]:
    """Remove whatever timer Workbook installed (any kind, so switching is clean)."""
    p = platform or Platform()
    removed: list[str] = []
    if p.system == "darwin":
        path = p.launchd_path()
        if path.exists():
            target = f"gui/{os.getuid() if hasattr(os, 'getuid') else 501}"
            if p.run(["launchctl", "bootout", f"{target}/{text.LAUNCHD_LABEL}"]).returncode != 0:
                p.run(["launchctl", "unload", "-w", str(path)])
            path.unlink()
            removed.append(f"the launchd agent {path}")
    elif p.system.startswith("win"):
        if p.run(text.schtasks_query_args()).returncode == 0:
            _check(p.run(text.schtasks_delete_args()), "delete the scheduled task")
            removed.append(f"the Task Scheduler task {text.TASK_NAME!r}")
    else:
        folder = p.systemd_dir()
        units = [folder / f"{text.SERVICE_NAME}.timer", folder / f"{text.SERVICE_NAME}.service"]
        if any(u.exists() for u in units):
            if p.systemd_works():
                p.run(["systemctl", "--user", "disable", "--now", f"{text.SERVICE_NAME}.timer"])
            for unit in units:
                unit.unlink(missing_ok=True)
            if p.systemd_works():
                p.run(["systemctl", "--user", "daemon-reload"])
            removed.append(f"the systemd user timer in {folder}")
        if _remove_cron(p):
            removed.append("the crontab line")
    if not removed:
        return ["No Workbook reminder timer was installed; nothing to remove."]
    return [f"Removed {' and '.join(removed)}. Reminders will not be sent until you install them again "
            "(or run 'workbook remind' in a terminal)."]


def status(home: Path, platform: Platform | None = None, *, now: datetime) -> list[str]:
    """What is installed, whether it runs this install for this home, and when it last ran."""
    p = platform or Platform()
    lines: list[str] = []
    installed: list[tuple[str, list[str] | None]] = []
    if p.system == "darwin":
        path = p.launchd_path()
        if path.exists():
            import plistlib

            command = plistlib.loads(path.read_bytes()).get("ProgramArguments")
            loaded = p.run(["launchctl", "print", f"gui/{os.getuid() if hasattr(os, 'getuid') else 501}/{text.LAUNCHD_LABEL}"]).returncode == 0
            installed.append((f"launchd agent {path} ({'loaded' if loaded else 'not loaded: run workbook reminders install again'})", command))
    elif p.system.startswith("win"):
        query = p.run(text.schtasks_query_args())
        if query.returncode == 0:
            info = {k.strip(): v.strip() for k, _, v in (l.partition(":") for l in query.stdout.splitlines()) if v}
            installed.append((f"Task Scheduler task {text.TASK_NAME!r} (status: {info.get('Status', 'unknown')}, "
                              f"last run: {info.get('Last Run Time', 'unknown')})", None))
    else:
        timer = p.systemd_dir() / f"{text.SERVICE_NAME}.timer"
        service = p.systemd_dir() / f"{text.SERVICE_NAME}.service"
        if timer.exists():
            state = "systemctl --user cannot be reached from here"
            if p.systemd_works():
                enabled = p.run(["systemctl", "--user", "is-enabled", timer.name]).stdout.strip() or "unknown"
                active = p.run(["systemctl", "--user", "is-active", timer.name]).stdout.strip() or "unknown"
                state = f"{enabled}, {active}"
            command = text.systemd_exec_start(service.read_text()) if service.exists() else None
            installed.append((f"systemd user timer {timer} ({state})", command))
        if p.which("crontab"):
            crontab = _crontab(p)
            if text.CRON_MARK in crontab:
                installed.append(("crontab line (every 5 minutes)", text.cron_command(crontab)))
    if not installed:
        lines.append("No reminder timer is installed. 'workbook reminders install' sets one up "
                     "(or run 'workbook remind' in a terminal).")
    for what, command in installed:
        lines.append(f"Installed: {what}")
        lines += _command_notes(command, home)
    lines.append(_last_run_line(home, now))
    return lines


def _command_notes(command: list[str] | None, home: Path) -> list[str]:
    if not command:
        return []
    notes = [f"  runs: {' '.join(command)}"]
    if not Path(command[0]).exists():
        notes.append(f"  PROBLEM: {command[0]} no longer exists; run 'workbook reminders install' again.")
    if "--home" in command and command.index("--home") + 1 < len(command):
        target = command[command.index("--home") + 1]
        if Path(target) != Path(home).absolute():
            notes.append(f"  note: it is for the Workbook home {target}, not {home}.")
    return notes


def _last_run_line(home: Path, now: datetime) -> str:
    data = read_last_run(home)
    if data is None:
        return f"Reminders have not run yet for {home}."
    at = from_iso(data["at"])
    minutes = int((now - at).total_seconds() // 60)
    ago = "just now" if 0 <= minutes < 1 else (f"{counted(minutes, 'minute')} ago" if 0 < minutes < 120 else at.astimezone().strftime("%Y-%m-%d %H:%M"))
    text_ = f"Last ran {ago}: {counted(data.get('delivered', 0), 'reminder')} shown, {data.get('failed', 0)} could not be shown"
    if data.get("failed"):
        text_ += f" ({data.get('reason', 'see workbook doctor')})"
    return text_ + "."
