"""Helpers for tests that need a real D-Bus session (and, for dunst, an X server).

Everything is private to the test: its own `dbus-daemon` on a socket in a new
temp folder, its own Xvfb display, dunst with an empty config folder. `Session`
stops every process it started (TERM, then KILL) when closed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{services}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def missing(*binaries: str) -> list[str]:
    return [b for b in binaries if shutil.which(b) is None]


def has_owner(address: str, name: str = "org.freedesktop.Notifications") -> bool:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    try:
        with open_dbus_connection(bus=address) as conn:
            return bool(conn.send_and_get_reply(message_bus.NameHasOwner(name), timeout=2).body[0])
    except (OSError, TimeoutError):
        return False


class Session:
    """A private session bus (and optionally X + a notification server), cleaned up on close()."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="wb-bus-"))  # short: socket paths max ~100 chars
        self.procs: list[subprocess.Popen] = []
        self.address = ""
        self.display = ""

    # -- starting things -----------------------------------------------------------------

    def start_bus(self, *, activatable: str | None = None) -> str:
        """A session bus of our own. It starts no services (the machine's installed ones are
        not visible), except, if given, a notification server run by the command `activatable`."""
        services = self.folder / "services"
        services.mkdir()
        if activatable:
            (services / "notifications.service").write_text(
                f"[D-BUS Service]\nName=org.freedesktop.Notifications\nExec={activatable}\n")
        config = self.folder / "bus.conf"
        config.write_text(BUS_CONFIG.format(socket=self.folder / "bus", services=services))
        proc = self._spawn(["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile", "--print-address=1"],
                           stdout=subprocess.PIPE)
        self.address = proc.stdout.readline().decode().strip()
        if not self.address:
            raise RuntimeError("dbus-daemon did not start")
        return self.address

    def start_fake_server(self, log: Path, delay: float = 0.0) -> None:
        proc = self._spawn([sys.executable, str(HERE / "fake_notify_server.py"), str(log), str(delay)],
                           env=self.env(), stdout=subprocess.PIPE)
        if proc.stdout.readline().decode().strip() != "ready":
            raise RuntimeError("the fake notification server did not start")

    def start_x(self) -> str:
        for number in range(90, 200):
            if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
                break
        else:
            raise RuntimeError("no free X display number")
        self._spawn(["Xvfb", f":{number}", "-nolisten", "tcp"], stdout=subprocess.DEVNULL)
        self.display = f":{number}"
        self._wait(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), "Xvfb did not start")
        return self.display

    def start_dunst(self) -> None:
        config = self.folder / "config"
        (config / "dunst").mkdir(parents=True, exist_ok=True)
        self._spawn(["dunst"], env=self.env(XDG_CONFIG_HOME=str(config)), stdout=subprocess.DEVNULL)
        self._wait(lambda: has_owner(self.address), "dunst did not take org.freedesktop.Notifications")

    # -- using it ------------------------------------------------------------------------

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("WORKBOOK_HOME", "DISPLAY", "WAYLAND_DISPLAY")}
        env["DBUS_SESSION_BUS_ADDRESS"] = self.address
        if self.display:
            env["DISPLAY"] = self.display
        env.update(extra)
        return env

    def close(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 5
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            for stream in (proc.stdout, proc.stderr):
                if stream:
                    stream.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- internals ---------------------------------------------------------------------------

    def _spawn(self, args: list[str], *, env: dict[str, str] | None = None, stdout=None) -> subprocess.Popen:
        proc = subprocess.Popen(args, env=env, stdout=stdout, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        self.procs.append(proc)
        return proc

    def _wait(self, ready, message: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if ready():
                return
            if any(p.poll() is not None for p in self.procs):
                break
            time.sleep(0.05)
        raise RuntimeError(message)
