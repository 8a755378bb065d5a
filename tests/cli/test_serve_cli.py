"""`workbook serve` as a command: its port, its browser, its errors, its stop, and what `doctor` says of it."""

from __future__ import annotations

import base64
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import run_module
from served import ADDRESS, Served, browser_home

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals and /proc")


def _serve(*args: str, env: dict[str, str] | None = None, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "screens", *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_port_that_is_asked_for_is_used(tmp_path: Path) -> None:
    port = _free_port()
    served = Served(tmp_path / "home", ("--port", str(port)))
    try:
        served.wait_for_address()
        assert served.port == port
        assert served.interrupt() == 0
    finally:
        served.close()


def test_a_port_in_use_is_one_plain_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = _serve("--home", str(tmp_path / "home"), "serve", "--no-browser", "--port", str(busy.getsockname()[1]))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "already used by another program" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("port", ["70000", "-1", "eighty"])
def test_a_port_that_is_not_one_is_a_usage_error(tmp_path: Path, port: str) -> None:
    result = _serve("--home", str(tmp_path / "home"), "serve", "--port", port)
    assert result.returncode == 2 and "is not a port number" in result.stderr


def test_a_home_that_cannot_open_is_said_before_serving(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    result = _serve("--home", str(tmp_path / "file"), "serve", "--no-browser")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("workbook: ") and result.stderr.count("\n") == 1
    assert "127.0.0.1" not in result.stdout


def test_the_engine_alone_says_serve_needs_the_full_workbook(tmp_path: Path) -> None:
    result = run_module("--home", tmp_path / "home", "serve")
    assert result.code == 1 and "needs the full workbook" in result.err


def test_it_opens_the_printed_address_in_the_default_browser(tmp_path: Path) -> None:
    """Python's webbrowser picks $BROWSER first: a stand-in that notes the address it was given."""
    seen = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f"#!{sys.executable}\nimport sys\nopen({str(seen)!r}, 'w').write(sys.argv[1])\n")
    browser.chmod(stat.S_IRWXU)
    env = {**os.environ, "BROWSER": str(browser)}
    proc = subprocess.Popen([sys.executable, "-m", "screens", "--home", str(tmp_path / "home"), "serve"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 30
        while not seen.exists():
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.1)
        time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    found = ADDRESS.search(out)
    assert found is not None and seen.read_text() == found.group()
    assert "Workbook is open in your web browser" in out
    assert proc.returncode == 0 and "Traceback" not in err


def test_stopping_the_server_alone_stops_the_open_apps_too(tmp_path: Path) -> None:
    """SIGINT or SIGTERM to the server only (not its process group): it asks each tab's app to quit."""
    browser_home(tmp_path / "home")
    for signum in (signal.SIGINT, signal.SIGTERM):
        served = Served(tmp_path / "home")
        try:
            served.wait_for_address()
            tab = socket.create_connection(("127.0.0.1", served.port), timeout=20)
            key = base64.b64encode(os.urandom(16)).decode()
            tab.sendall((f"GET /{served.token}/ws?width=80&height=24 HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n"
                         f"Origin: http://127.0.0.1:{served.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {key}\r\n\r\n").encode())
            assert tab.recv(4096).startswith(b"HTTP/1.1 101")
            deadline = time.monotonic() + 20
            while not (apps := _children(served.proc.pid)):
                assert time.monotonic() < deadline
                time.sleep(0.05)
            time.sleep(2)  # the app is up
            served.proc.send_signal(signum)
            assert served.proc.wait(timeout=40) == 0
            for pid in apps:
                assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
            tab.close()
        finally:
            served.close()
        time.sleep(0.2)
        assert "Traceback" not in "".join(served.out + served.err)
        assert "stopped" in "".join(served.out)


def _children(pid: int) -> list[int]:
    return [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]


def test_doctor_says_whether_serve_can_start(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_module("--home", home, "today").code == 0
    env = {k: v for k, v in os.environ.items() if k not in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY")}
    env["PATH"] = str(tmp_path / "empty")  # no browser of any kind to be found
    result = run_module("--home", home, "doctor", env={**env, "PYTHONPATH": os.environ.get("PYTHONPATH", "")})
    assert "ok       serve: 'workbook serve' can listen on this computer (127.0.0.1)" in result.out
    assert "note     serve: no web browser was found" in result.out and "--no-browser" in result.out
    assert result.code == 0 and "All is well." in result.out  # no browser is worth knowing, not a problem
    result = run_module("--home", home, "doctor", env={**os.environ, "BROWSER": sys.executable})
    assert f"ok       serve: 'workbook serve' can open your web browser ({sys.executable})" in result.out
