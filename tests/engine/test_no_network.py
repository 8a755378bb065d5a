"""Nothing leaves this computer: a full CLI flow never connects, sends or listens on the network.

In-process, sockets are replaced by a guard that refuses every connect, send and bind
beyond this computer (`doctor` may bind 127.0.0.1, to say whether `serve` can start), and
name look-ups are refused too; the guard records each call and raises; the guard's record is checked too, so code that swallows the error
cannot hide a connection attempt. A subprocess flow is guarded the same way through a
sitecustomize module, which a Python process loads before anything else.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from exercise_samples import MOOD_PACK
from helpers import NOW_ARG, run_cli


def _flow(home: Path, pack: Path) -> list[tuple[str, ...]]:
    return [
        ("--home", home, "demo", "--at", NOW_ARG),
        ("--home", home, "today", "--at", NOW_ARG),
        ("--home", home, "log", "{plan}", "--partly", "--barrier", "forgot", "--note", "rain", "--at", NOW_ARG),
        ("--home", home, "doctor"),
        ("--home", home, "backup"),
        ("--home", home, "backup", "--list"),
        ("--home", home, "restore"),
        ("--home", home, "today", "--at", NOW_ARG),
        ("--home", home, "exercises"),
        ("--home", home, "--exercises", pack, "exercises"),
        ("--home", home, "exercises", "--check", pack),
    ]


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "mood-check.toml").write_text(MOOD_PACK)

    return folder


LOOPBACK = ("127.0.0.1", "::1")
NETWORK_CALLS = ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "getnameinfo")


class SocketGuard:
    """Refuses (and records) every network socket and name look-up. A Unix-domain
    socket is local IPC (the session bus for notifications), not the network: allowed."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def trap(self, name: str):
        def refuse(*args, **kwargs):
            self.calls.append(f"{name}{args!r}")
            raise OSError(f"test guard: {name} called; Workbook must not use the network")
        return refuse

    def socket_class(self):
        """Sockets that may listen on this computer only (`doctor` checks `serve` can), never connect or send."""
        guard, real = self, socket.socket

        class GuardedSocket(real):
            def _refuse(self, name, address):
                guard.calls.append(f"{name}({address!r})")
                raise OSError(f"test guard: {name} called; Workbook must not use the network")

            def connect(self, address):
                if self.family != socket.AF_UNIX:
                    self._refuse("connect", address)
                return super().connect(address)

            def connect_ex(self, address):
                if self.family != socket.AF_UNIX:
                    self._refuse("connect_ex", address)
                return super().connect_ex(address)

            def sendto(self, *args):
                if self.family != socket.AF_UNIX:
                    self._refuse("sendto", args[-1])
                return super().sendto(*args)

            def bind(self, address):
                if self.family != socket.AF_UNIX and address[0] not in LOOPBACK:
                    self._refuse("bind", address)
                return super().bind(address)

        return GuardedSocket


@pytest.fixture
def guard(monkeypatch: pytest.MonkeyPatch) -> SocketGuard:
    guard = SocketGuard()
    monkeypatch.setattr(socket, "socket", guard.socket_class())
    for name in NETWORK_CALLS:
        monkeypatch.setattr(socket, name, guard.trap(name))
    return guard


def test_the_guard_works(guard: SocketGuard) -> None:
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 80))
    with socket.socket() as sock, pytest.raises(OSError):
        sock.connect(("192.0.2.1", 80))
    with socket.socket() as sock, pytest.raises(OSError):
        sock.bind(("0.0.0.0", 0))  # listening on the network
    with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as sock, pytest.raises(OSError):
        sock.sendto(b"x", ("2001:db8::1", 53))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # listening on this computer only is fine (`doctor` checks `serve` can)
    socket.socket(socket.AF_UNIX).close()  # local IPC is fine
    assert len(guard.calls) == 4
    guard.calls.clear()


def test_full_cli_flow_in_process_opens_no_socket(tmp_path: Path, pack: Path, guard: SocketGuard) -> None:
    home = tmp_path / "home"
    plan = None
    for args in _flow(home, pack):
        if "{plan}" in args:
            args = tuple(plan if a == "{plan}" else a for a in args)
        result = run_cli(*args)
        assert result.code == 0, (args, result)
        if args[2] == "today" and plan is None:
            plan = result.out.splitlines()[1].split()[0]
    assert guard.calls == []


SITECUSTOMIZE = '''
import socket, sys
MARKER = {marker!r}

def _record(name):
    with open(MARKER, "a") as fh:
        fh.write(name + " " + " ".join(sys.argv) + "\\n")

def _refuse(name):
    def refuse(*args, **kwargs):
        _record(name)
        raise OSError("test guard: " + name + " called")
    return refuse

class _GuardedSocket(socket.socket):
    def _check(self, name, address, allow_loopback=False):
        if self.family != socket.AF_UNIX and not (allow_loopback and address[0] in ("127.0.0.1", "::1")):
            _record(name)
            raise OSError("test guard: " + name + " called")

    def connect(self, address):
        self._check("connect", address)
        return super().connect(address)

    def connect_ex(self, address):
        self._check("connect_ex", address)
        return super().connect_ex(address)

    def sendto(self, *args):
        self._check("sendto", args[-1])
        return super().sendto(*args)

    def bind(self, address):
        self._check("bind", address, allow_loopback=True)
        return super().bind(address)

socket.socket = _GuardedSocket
for _name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "getnameinfo"):
    setattr(socket, _name, _refuse(_name))
'''


def test_full_cli_flow_in_subprocesses_opens_no_socket(tmp_path: Path, pack: Path) -> None:
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    marker = tmp_path / "socket-used"
    (guard_dir / "sitecustomize.py").write_text(SITECUSTOMIZE.format(marker=str(marker)))
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_HOME"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(guard_dir), env.get("PYTHONPATH", "")]))

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)

    # The guard is live in a child process: a socket there leaves the marker.
    probe = run("-c", "import socket\ntry:\n    socket.socket().connect(('192.0.2.1', 80))\nexcept OSError:\n    pass")
    assert probe.returncode == 0 and marker.exists(), probe.stderr
    marker.unlink()

    home = tmp_path / "home"
    plan = None
    for args in _flow(home, pack):
        if args[2:] in (("backup", "--list"), ("exercises", "--check", pack)) or args[2] == "--exercises":
            continue  # in-process above; each subprocess costs ~0.4 s
        if "{plan}" in args:
            args = tuple(plan if a == "{plan}" else a for a in args)
        proc = run("-m", "workbook", *map(str, args))
        assert proc.returncode == 0, (args, proc.stderr)
        if args[2] == "today" and plan is None:
            plan = proc.stdout.splitlines()[1].split()[0]
    assert not marker.exists(), marker.read_text()
