"""Notifications against a REAL notification server: dunst on Xvfb on a private D-Bus bus.

Nothing is mocked: `workbook remind --once` and `workbook doctor --notify` run as
subprocesses with the private session's environment, and we read back from dunst
(`dunstctl history`) what it received. Skipped, saying why, where the binaries
are missing; CI installs them (`.ci/run`: xvfb dunst libnotify-bin dbus-x11 dbus).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from desktop_session import Session, missing

from workbook.reminders import notify

AT = "2026-11-20T18:20:00"  # the demo's 18:30 walk, 15 minutes' lead
WALK = "18:30: Walk round the park after tea. If it's raining, then I'll do the 10-minute stretch video indoors."
NEEDED = ("dbus-daemon", "Xvfb", "dunst", "dunstctl", "notify-send")


@pytest.fixture
def desktop():
    absent = missing(*NEEDED)
    if absent:
        pytest.skip(f"needs {', '.join(absent)} (apt-get install xvfb dunst libnotify-bin dbus-x11 dbus)")
    session = Session()
    try:
        session.start_bus()
        session.start_x()
        session.start_dunst()
        yield session
    finally:
        session.close()


def workbook(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbook", *args], env=env, capture_output=True, text=True, timeout=60)


def dunst_bodies(session: Session) -> list[str]:
    """Everything dunst has received: close what is showing (it moves to history), read the history."""
    env = session.env()
    subprocess.run(["dunstctl", "close-all"], env=env, check=True, timeout=10)
    history = json.loads(subprocess.run(["dunstctl", "history"], env=env, capture_output=True, text=True,
                                        check=True, timeout=10).stdout)
    return sorted(n["body"]["data"] for n in history["data"][0])


def test_remind_once_reaches_dunst_once(desktop: Session, demo_home: Path) -> None:
    first = workbook(desktop.env(), "--home", str(demo_home), "remind", "--once", "-v", "--at", AT)
    assert first.returncode == 0, first.stderr
    assert "Reminder shown (dbus)" in first.stdout
    assert dunst_bodies(desktop) == [WALK]
    second = workbook(desktop.env(), "--home", str(demo_home), "remind", "--once", "-v", "--at", AT)
    assert second.returncode == 0 and "Nothing is due right now." in second.stdout
    assert dunst_bodies(desktop) == [WALK]  # nothing new arrived


def test_doctor_notify_confirms_delivery(desktop: Session, demo_home: Path) -> None:
    result = workbook(desktop.env(), "--home", str(demo_home), "doctor", "--notify")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok       notifications: a test notification was delivered (dbus, id" in result.stdout
    assert "dunst" in result.stdout
    assert any("test notification from Workbook" in b for b in dunst_bodies(desktop))


def test_notify_send_path_and_plyer_wrapper(desktop: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    sent = notify._notify_send("Workbook", "checked by its exit code", desktop.env())
    assert sent == notify.Delivery(True, "notify-send")
    # plyer: trusted only if its backend reports failure (dbus-python); without it, plyer would use
    # notify-send and ignore the exit code, so the wrapper declines (None) and jeepney confirms instead.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desktop.address)
    via_plyer = notify._plyer("Workbook", "through plyer")
    assert via_plyer is None or via_plyer.delivered
    delivered = notify.deliver("Workbook", "through the wrapper", env=desktop.env())
    assert delivered.delivered and delivered.channel in ("plyer", "dbus")
    assert "checked by its exit code" in dunst_bodies(desktop)


def test_doctor_notify_fails_plainly_without_a_server(demo_home: Path, tmp_path: Path) -> None:
    if missing("dbus-daemon"):
        pytest.skip("needs dbus-daemon (apt-get install dbus)")
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_HOME"}
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={tmp_path}/no-such-bus"
    no_bus = workbook(env, "--home", str(demo_home), "doctor", "--notify")
    assert no_bus.returncode == 1
    assert "PROBLEM  notifications: the test notification could not be shown: cannot connect to the desktop session bus" in no_bus.stdout
    assert "how to fix: Reminders need your desktop session" in no_bus.stdout
    session = Session()  # a bus, but nothing owning org.freedesktop.Notifications
    try:
        session.start_bus()
        no_server = workbook(session.env(), "--home", str(demo_home), "doctor", "--notify")
    finally:
        session.close()
    assert no_server.returncode == 1
    assert "notifications: the test notification could not be shown: no notification server is running" in no_server.stdout
    assert "dunst or mako" in no_server.stdout


def test_a_server_that_cannot_start_is_reported_with_its_fix(demo_home: Path) -> None:
    if missing("dbus-daemon"):
        pytest.skip("needs dbus-daemon (apt-get install dbus)")
    session = Session()  # D-Bus can start a notification server, but it dies (like dunst without DISPLAY)
    try:
        session.start_bus(activatable="/bin/false")
        result = workbook(session.env(), "--home", str(demo_home), "remind", "--once", "-v", "--at", AT)
    finally:
        session.close()
    assert result.returncode == 0
    assert "a notification server is installed but could not be started" in result.stdout
    assert "dbus-update-activation-environment" in result.stdout
