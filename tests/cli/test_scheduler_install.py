"""`workbook reminders install | uninstall | status`: every platform's format, generated here.

The unit, crontab, plist and schtasks texts are checked on this machine for all
platforms. The install flows run against a fake `Platform.run` (recording the
commands) with HOME / XDG_CONFIG_HOME in a temp folder, so nothing touches the
real user's timers; the cron flow also runs for real against a fake `crontab`
program. Real systemctl / launchctl / schtasks calls are skipped where absent.
"""

from __future__ import annotations

import configparser
import os
import plistlib
import shlex
import shutil
import stat
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from workbook.core.errors import WorkbookError
from workbook.reminders import timer_files as text
from workbook.reminders import timer_install as inst

NOW_UTC = datetime(2026, 11, 20, 18, 23, tzinfo=timezone.utc)
HOME = Path("/home/sam/My Workbook 100%")
COMMAND = ["/home/sam/.venv/bin/workbook", "--home", str(HOME), "remind", "--once"]
WIN_COMMAND = [r"C:\Users\Sam Smith\AppData\Local\Programs\Python\Python311\pythonw.exe", "-m", "workbook",
               "--home", r"C:\Users\Sam Smith\AppData\Local\workbook", "remind", "--once"]


def unit(textual: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True, comment_prefixes=("#",))
    parser.optionxform = str
    parser.read_string(textual)
    return parser


# -- the texts -----------------------------------------------------------------------------


def test_systemd_service_runs_this_install_for_this_home() -> None:
    service = unit(text.systemd_service(COMMAND, HOME))
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["ExecStart"] == '/home/sam/.venv/bin/workbook --home "/home/sam/My Workbook 100%%" remind --once'
    assert text.systemd_exec_start(text.systemd_service(COMMAND, HOME)) == COMMAND


def test_systemd_timer_every_five_minutes_and_persistent() -> None:
    timer = unit(text.systemd_timer())
    assert timer["Timer"]["OnCalendar"] == "*:0/5"
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Timer"]["Unit"] == "workbook-remind.service"
    assert timer["Install"]["WantedBy"] == "timers.target"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_systemd_units_verify(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "workbook", "--home", str(tmp_path / "a home $HOME 50%"), "remind", "--once"]
    (tmp_path / "workbook-remind.service").write_text(text.systemd_service(command, tmp_path))
    (tmp_path / "workbook-remind.timer").write_text(text.systemd_timer())
    done = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "workbook-remind.service"),
                           str(tmp_path / "workbook-remind.timer")], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert "workbook-remind" not in done.stderr  # no complaint about our units
    calendar = subprocess.run(["systemd-analyze", "calendar", "*:0/5"], capture_output=True, text=True, timeout=30)
    assert calendar.returncode == 0 and "*-*-* *:00/5:00" in calendar.stdout


@pytest.mark.parametrize("word", ["plain", "with space", "100%", "$HOME", 'say "hi"', "back\\slash"])
def test_systemd_quoting_round_trips(word: str) -> None:
    command = ["/bin/workbook", "--home", word, "remind", "--once"]
    assert text.systemd_exec_start(text.systemd_service(command, Path("/x"))) == command


def test_crontab_line_carries_the_bus_and_escapes_percent() -> None:
    line = text.crontab_line(COMMAND, "unix:path=/run/user/1000/bus,guid=abc")
    fields = line.split(None, 5)
    assert fields[:5] == ["*/5", "*", "*", "*", "*"]
    assert fields[5].startswith("DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus,guid=abc /home/sam/.venv/bin/workbook")
    assert "100\\%" in line and line.count("%") == line.count("\\%")
    assert line.endswith("remind --once >/dev/null 2>&1 # workbook-remind")
    assert text.cron_command(line) == COMMAND
    # What the shell finally runs (cron strips the backslash before %):
    words = shlex.split(fields[5].replace("\\%", "%"), comments=True)
    assert words[1:6] == COMMAND


def test_crontab_replaces_only_our_line() -> None:
    mine = text.crontab_line(COMMAND, None)
    theirs = "0 9 * * 1 /usr/bin/backup-photos\n"
    assert text.without_our_lines(theirs + mine + "\n") == theirs
    assert "DBUS_SESSION_BUS_ADDRESS" not in mine


def test_launchd_plist_parses_back() -> None:
    data = plistlib.loads(text.launchd_plist(COMMAND))
    assert data["Label"] == "org.workbook-cbt.remind"
    assert data["ProgramArguments"] == COMMAND
    assert data["StartInterval"] == 300 and data["RunAtLoad"] is True


def test_schtasks_arguments() -> None:
    args = text.schtasks_create_args(WIN_COMMAND)
    assert args[:5] == ["schtasks", "/Create", "/TN", "Workbook reminders", "/TR"]
    assert args[5] == ('"C:\\Users\\Sam Smith\\AppData\\Local\\Programs\\Python\\Python311\\pythonw.exe" -m workbook '
                       '--home "C:\\Users\\Sam Smith\\AppData\\Local\\workbook" remind --once')
    assert args[6:] == ["/SC", "MINUTE", "/MO", "5", "/F"]
    with pytest.raises(ValueError, match="more than Task Scheduler's 261"):
        text.schtasks_create_args([WIN_COMMAND[0], "--home", "C:\\" + "x" * 300])


def test_runner_command_is_absolute_and_runs_this_install(tmp_path: Path) -> None:
    command = text.runner_command(tmp_path / "home")
    assert Path(command[0]).is_absolute() and Path(command[0]).exists()
    assert command[-4:] == ["--home", str(tmp_path / "home"), "remind", "--once"]
    done = subprocess.run([*command[:-2], "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "workbook" in done.stdout
    script = tmp_path / "bin" / "workbook"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert text.runner_command(tmp_path, argv0=str(script))[0] == str(script)
    fallback = text.runner_command(tmp_path, python=str(tmp_path / "nowhere" / "python"), argv0="")
    assert fallback[0] in (shutil.which("workbook"), str(tmp_path / "nowhere" / "python"))


# -- install flows, with a fake platform ---------------------------------------------------------


class Fake:
    """A fake `Platform.run`: records commands; answers from `answers` (prefix -> Outcome)."""

    def __init__(self, answers: dict[tuple[str, ...], inst.Outcome] | None = None) -> None:
        self.calls: list[tuple[list[str], str | None]] = []
        self.answers = answers or {}
        self.crontab = ""

    def __call__(self, args: list[str], stdin: str | None = None) -> inst.Outcome:
        self.calls.append((list(args), stdin))
        if args[:2] == ["crontab", "-l"]:
            return inst.Outcome(0, self.crontab) if self.crontab else inst.Outcome(1, "", "no crontab for sam")
        if args[:2] == ["crontab", "-"]:
            self.crontab = stdin or ""
            return inst.Outcome(0)
        for prefix, outcome in self.answers.items():
            if tuple(args[: len(prefix)]) == prefix:
                return outcome
        return inst.Outcome(0)

    def commands(self) -> list[str]:
        return [" ".join(args) for args, _ in self.calls]


def platform(tmp_path: Path, system: str, fake: Fake, tools: tuple[str, ...]) -> inst.Platform:
    env = {"HOME": str(tmp_path / "user"), "XDG_CONFIG_HOME": str(tmp_path / "user" / ".config"),
           "DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"}
    return inst.Platform(system=system, environ=env, run=fake, which=lambda name: f"/usr/bin/{name}" if name in tools else None,
                         command=[sys.executable, "-m", "workbook", "--home", str(tmp_path / "wb"), "remind", "--once"])


def test_systemd_install_status_uninstall(tmp_path: Path) -> None:
    fake = Fake({("systemctl", "--user", "is-enabled"): inst.Outcome(0, "enabled\n"),
                 ("systemctl", "--user", "is-active"): inst.Outcome(0, "active\n")})
    p = platform(tmp_path, "linux", fake, ("systemctl", "crontab"))
    home = tmp_path / "wb"
    lines = inst.install(home, p)
    folder = tmp_path / "user" / ".config" / "systemd" / "user"
    assert (folder / "workbook-remind.timer").read_text() == text.systemd_timer()
    assert text.systemd_exec_start((folder / "workbook-remind.service").read_text()) == p.command
    assert "systemctl --user enable --now workbook-remind.timer" in fake.commands()
    assert "a systemd user timer" in lines[0]
    (home).mkdir()
    (home / "remind-last-run").write_text('{"at": "2026-11-20T18:20:00+00:00", "delivered": 1, "failed": 0}')
    report = inst.status(home, p, now=datetime(2026, 11, 20, 18, 23, tzinfo=timezone.utc))
    assert report[0] == f"Installed: systemd user timer {folder / 'workbook-remind.timer'} (enabled, active)"
    assert report[-1] == "Last ran 3 minutes ago: 1 reminder shown, 0 could not be shown."
    assert inst.uninstall(home, p)[0].startswith("Removed the systemd user timer")
    assert not (folder / "workbook-remind.timer").exists()
    assert "systemctl --user disable --now workbook-remind.timer" in fake.commands()
    assert inst.status(home, p, now=NOW_UTC)[0].startswith("No reminder timer is installed")


def test_cron_when_systemd_user_session_is_absent(tmp_path: Path) -> None:
    fake = Fake({("systemctl", "--user", "show-environment"): inst.Outcome(1, "", "Failed to connect to bus")})
    fake.crontab = "0 9 * * 1 /usr/bin/backup-photos\n"
    p = platform(tmp_path, "linux", fake, ("systemctl", "crontab"))
    home = tmp_path / "wb"
    inst.install(home, p)
    inst.install(home, p)  # installing twice replaces, never duplicates
    assert fake.crontab.count("# workbook-remind") == 1 and fake.crontab.startswith("0 9 * * 1 /usr/bin/backup-photos\n")
    assert "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus" in fake.crontab
    assert any(line.startswith("Installed: crontab line") for line in inst.status(home, p, now=NOW_UTC))
    inst.uninstall(home, p)
    assert fake.crontab == "0 9 * * 1 /usr/bin/backup-photos\n"


def test_no_scheduler_at_all_says_what_to_do(tmp_path: Path) -> None:
    p = platform(tmp_path, "linux", Fake(), ())
    with pytest.raises(WorkbookError, match="Run 'workbook remind' in a terminal instead"):
        inst.install(tmp_path / "wb", p)


def test_launchd_install_status_uninstall(tmp_path: Path) -> None:
    fake = Fake({("launchctl", "bootstrap"): inst.Outcome(5, "", "Bootstrap failed: 5: Input/output error")})
    p = platform(tmp_path, "darwin", fake, ("launchctl",))
    inst.install(tmp_path / "wb", p)
    plist = tmp_path / "user" / "Library" / "LaunchAgents" / "org.workbook-cbt.remind.plist"
    assert plistlib.loads(plist.read_bytes())["ProgramArguments"] == p.command
    assert any(c.startswith("launchctl load -w") for c in fake.commands())  # the fallback for older macOS
    assert inst.status(tmp_path / "wb", p, now=NOW_UTC)[0].startswith(f"Installed: launchd agent {plist} (loaded)")
    inst.uninstall(tmp_path / "wb", p)
    assert not plist.exists() and any(c.startswith("launchctl bootout gui/") for c in fake.commands())


def test_schtasks_install_status_uninstall(tmp_path: Path) -> None:
    query = inst.Outcome(0, "TaskName: \\Workbook reminders\nStatus: Ready\nLast Run Time: 20/11/2026 18:20:00\n")
    fake = Fake({("schtasks", "/Query"): query})
    p = platform(tmp_path, "win32", fake, ())
    p.command = WIN_COMMAND
    inst.install(tmp_path / "wb", p)
    assert fake.calls[0][0] == text.schtasks_create_args(WIN_COMMAND)
    assert "status: Ready, last run: 20/11/2026 18:20:00" in inst.status(tmp_path / "wb", p, now=NOW_UTC)[0]
    inst.uninstall(tmp_path / "wb", p)
    assert fake.calls[-1][0] == ["schtasks", "/Delete", "/TN", "Workbook reminders", "/F"]


# -- real programs -----------------------------------------------------------------------------------

FAKE_CRONTAB = """#!/bin/sh
# A stand-in for crontab(1) that keeps the table in $CRONTAB_FILE.
if [ "$1" = "-l" ]; then
  [ -f "$CRONTAB_FILE" ] && exec cat "$CRONTAB_FILE"
  echo "no crontab for $USER" >&2; exit 1
elif [ "$1" = "-" ]; then
  cat > "$CRONTAB_FILE"
else
  exit 2
fi
"""


def test_cli_with_a_real_crontab_program(tmp_path: Path) -> None:
    """`workbook reminders install|status|uninstall` as a subprocess; PATH has only a fake crontab (no systemctl)."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "crontab").write_text(FAKE_CRONTAB)
    (bindir / "crontab").chmod(0o755)
    for tool in ("sh", "cat"):
        os.symlink(shutil.which(tool), bindir / tool)
    table = tmp_path / "crontab.txt"
    env = {"PATH": str(bindir), "HOME": str(tmp_path / "user"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "CRONTAB_FILE": str(table), "DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus", "USER": "sam"}
    home = tmp_path / "wb"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "workbook", "--home", str(home), "reminders", *args],
                              env=env, capture_output=True, text=True, timeout=60)

    installed = run("install")
    assert installed.returncode == 0, installed.stderr
    assert "a crontab line runs every 5 minutes" in installed.stdout
    [line] = table.read_text().splitlines()
    command = text.cron_command(line)
    assert Path(command[0]).is_absolute() and command[-4:] == ["--home", str(home), "remind", "--once"]
    status = run("status")
    assert "Installed: crontab line" in status.stdout and "Reminders have not run yet" in status.stdout
    assert run("uninstall").returncode == 0 and table.read_text() == ""
    assert "No reminder timer is installed" in run("status").stdout
    assert stat.S_IMODE((bindir / "crontab").stat().st_mode) == 0o755


def _user_systemd_works() -> bool:
    if shutil.which("systemctl") is None:
        return False
    return subprocess.run(["systemctl", "--user", "show-environment"], capture_output=True, timeout=10).returncode == 0


@pytest.mark.skipif(not _user_systemd_works(), reason="no systemd user session here (systemctl --user cannot connect)")
def test_real_user_manager_accepts_our_units(tmp_path: Path) -> None:  # pragma: no cover - desktop only
    # Only a check: the real user manager parses the units from a temp folder; nothing is enabled.
    command = [sys.executable, "-m", "workbook", "--home", str(tmp_path / "wb"), "remind", "--once"]
    (tmp_path / "workbook-remind.service").write_text(text.systemd_service(command, tmp_path / "wb"))
    (tmp_path / "workbook-remind.timer").write_text(text.systemd_timer())
    done = subprocess.run(["systemd-analyze", "--user", "verify", str(tmp_path / "workbook-remind.service"),
                           str(tmp_path / "workbook-remind.timer")], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(shutil.which("launchctl") is None, reason="launchctl is macOS only; the plist is checked above")
def test_real_launchctl_is_available() -> None:  # pragma: no cover - macOS only
    assert subprocess.run(["launchctl", "version"], capture_output=True, timeout=10).returncode == 0


@pytest.mark.skipif(shutil.which("schtasks") is None, reason="schtasks is Windows only; its arguments are checked above")
def test_real_schtasks_is_available() -> None:  # pragma: no cover - Windows only
    assert subprocess.run(["schtasks", "/Query", "/?"], capture_output=True, timeout=30).returncode == 0
