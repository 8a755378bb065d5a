"""`workbook serve`: the full-screen workbook in a web browser on this computer.

The same app as in the terminal (the same home, lock, drafts and files), one process per
browser tab, behind a local server that only the person who started it can reach: see
`server.py` for the server, `guard.py` for who may reach it, `page.py` for what the
browser loads, and `sessions.py` for the app processes. This package is the only part of
Workbook that imports aiohttp or textual-serve, and only `workbook serve` imports it.
"""

from __future__ import annotations

import argparse
import asyncio
import errno

from workbook.cli.cmd_serve import bind_loopback, find_browser
from workbook.content.copy import text as copy_text
from workbook.core.errors import WorkbookError


def run_serve(args: argparse.Namespace) -> int:
    from workbook.core.times import system_now
    from workbook.facade.workbook import Workbook
    from workbook.storage.home import resolve_home

    home = resolve_home(args.home)
    Workbook.open(home, clock=system_now, daily_backup=False)  # a home that can't open is said here, in one line
    try:
        sock = bind_loopback(args.port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise WorkbookError(copy_text("serve.port_in_use", port=args.port)) from None
        raise WorkbookError(copy_text("serve.port_refused", port=args.port,
                                      reason=exc.strerror or type(exc).__name__)) from None
    browser = None if args.no_browser else find_browser()

    def announce(address: str, opening: bool) -> None:
        key = "serve.no_browser" if args.no_browser else "serve.opened" if opening else "serve.browser_not_found"
        print(f"{copy_text(key)}\n\n    {address}\n\n{copy_text('serve.keep_private')}", flush=True)

    from screens.serve.server import serve
    from screens.serve.sessions import app_command

    command = app_command(home, getattr(args, "exercises", None) or [])
    code = asyncio.run(serve(sock, command, opener=browser.open if browser else None, announce=announce))
    print(copy_text("serve.stopped"), flush=True)
    return code
