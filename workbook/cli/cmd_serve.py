"""`workbook serve`: the full-screen workbook in a web browser on this computer.

The server itself imports aiohttp and textual-serve, so it lives with the UI
(`screens/serve/`); the `workbook` console script hands it in as the "serve"
front end, as it hands in the terminal app. What is here needs neither: the
arguments, and the checks `doctor` shares with it (a loopback port can be
bound, a browser can be opened).
"""

from __future__ import annotations

import argparse
import socket
from typing import TYPE_CHECKING

from workbook.content.copy import text as copy_text

if TYPE_CHECKING:
    import webbrowser

LOOPBACK = "127.0.0.1"  # the only address `serve` listens on: never 0.0.0.0
#: webbrowser's fall-backs that run in the terminal and cannot run the page's scripts.
TEXT_BROWSERS = frozenset({"www-browser", "links", "elinks", "lynx", "w3m"})


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve", help="open the full-screen workbook in your web browser, on this computer only",
        description="Open the full-screen workbook in your web browser. Only this computer can reach it, "
                    "and only with the secret address it prints. Press Ctrl+C to stop.")
    parser.add_argument("--port", type=port_number, default=0, metavar="N",
                        help="the port to listen on (default: a free one)")
    parser.add_argument("--no-browser", action="store_true",
                        help="only print the address; don't open a browser")
    parser.set_defaults(func=None, front_end="serve")


def port_number(text: str) -> int:
    """A TCP port, 0 meaning any free one."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:20]}' is not a port number (a whole number from 1 to 65535)") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (a whole number from 1 to 65535)")
    return value


def bind_loopback(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 (port 0: any free one). OSError if it cannot be had."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a port in TIME_WAIT, not one in use
        sock.bind((LOOPBACK, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def find_browser() -> webbrowser.BaseBrowser | None:
    """The browser `webbrowser.open` would use, unless there is none or only a text-mode one."""
    import webbrowser  # only here: it costs every other command its import time

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return None
    if type(browser) is webbrowser.GenericBrowser and getattr(browser, "name", "") in TEXT_BROWSERS:
        return None
    return browser


def readiness() -> list[tuple[bool | None, str]]:
    """What `doctor` says about `serve`: (True ok | False problem | None a note, line)."""
    import importlib.util

    lines: list[tuple[bool | None, str]] = []
    missing = [name for name in ("textual_serve", "aiohttp") if importlib.util.find_spec(name) is None]
    if missing:
        lines.append((False, copy_text("serve.doctor_missing", names=", ".join(missing))))
    try:
        bind_loopback(0).close()
        lines.append((True, copy_text("serve.doctor_port")))
    except OSError as exc:
        lines.append((False, copy_text("serve.doctor_no_port", reason=exc.strerror or type(exc).__name__)))
    browser = find_browser()
    if browser is None:
        lines.append((None, copy_text("serve.doctor_no_browser")))
    else:
        lines.append((True, copy_text("serve.doctor_browser", name=getattr(browser, "name", "") or "your default browser")))
    return lines
