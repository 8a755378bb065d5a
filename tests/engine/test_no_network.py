"""Nothing leaves this computer: a full CLI flow never opens a network socket.

In-process, socket creation and name look-ups are replaced by a guard that records the
call and raises; the guard's record is checked too, so code that swallows the error
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
        guard, real = self, socket.socket

        class GuardedSocket(real):
            def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
                if fileno is None and (socket.AF_INET if family == -1 else family) != socket.AF_UNIX:
                    guard.calls.append(f"socket(family={family})")
                    raise OSError("test guard: a network socket was opened; Workbook must not use the network")
                super().__init__(family, type, proto, fileno)

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
    with pytest.raises(OSError):
        socket.socket()
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    socket.socket(socket.AF_UNIX).close()  # local IPC is fine
    assert len(guard.calls) == 3
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
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None and (socket.AF_INET if family == -1 else family) != socket.AF_UNIX:
            _record("socket")
            raise OSError("test guard: a network socket was opened")
        super().__init__(family, type, proto, fileno)

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
    probe = run("-c", "import socket\ntry:\n    socket.socket()\nexcept OSError:\n    pass")
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
