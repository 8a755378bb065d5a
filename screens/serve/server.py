"""The local web server: textual-serve's pieces in Workbook's own aiohttp app.

textual-serve's `Server` listens where it is told, logs every request path (which would
print the token), serves its static folder with an index and fetches its font from the
web, and has no place for a check before its handlers. So Workbook keeps the parts that
do the real work, its `AppService` (one app process per tab, see `sessions.py`) and its
terminal emulator bundle (see `page.py`), and puts them behind its own routes, with the
`Guard` (see `guard.py`) as middleware in front of all of them.

It listens on 127.0.0.1 only, on a socket bound before anything is printed, and runs
until Ctrl+C (or the terminal closing, or SIGTERM): then every open app is asked to quit,
which keeps its drafts, and the server exits with 0.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
import threading
from collections.abc import Callable

from aiohttp import web

from screens.serve.guard import Guard, new_token
from screens.serve.page import Asset, assets, headers, page
from screens.serve.sessions import Sessions
from workbook.content.copy import text as copy_text

SHUTDOWN_SECONDS = 5.0


def say(line: str) -> None:
    """A line for the person who started the server, on stderr (never the token)."""
    print(f"workbook serve: {line}", file=sys.stderr, flush=True)


def build_app(guard: Guard, sessions: Sessions, files: dict[str, Asset]) -> web.Application:
    app = web.Application(middlewares=[guard.middleware(say)])
    sent = headers(guard.port)

    async def index(request: web.Request) -> web.Response:
        base = f"{request.host}/{guard.token}"  # Host is this computer's (the guard checked it)
        body = page(static=f"/{guard.token}/static", websocket=f"ws://{base}/ws")
        return web.Response(text=body, content_type="text/html", charset="utf-8")

    async def to_index(request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(f"/{guard.token}/")

    async def static(request: web.Request) -> web.Response:
        asset = files.get(request.match_info["name"])
        if asset is None:
            raise web.HTTPNotFound()
        return web.Response(body=asset.body, content_type=asset.content_type)

    async def add_headers(request: web.Request, response: web.StreamResponse) -> None:
        if not isinstance(response, web.WebSocketResponse):
            response.headers.update(sent)

    app.router.add_get("/{token}", to_index)
    app.router.add_get("/{token}/", index)
    app.router.add_get("/{token}/ws", sessions.handle_websocket)
    app.router.add_get("/{token}/static/{name:.+}", static)
    app.on_response_prepare.append(add_headers)
    return app


async def serve(sock: socket.socket, command: str, *, opener: Callable[[str], bool | None] | None,
                announce: Callable[[str, bool], None]) -> int:
    """Serve on `sock` until a stop signal; `opener` opens the address in a browser, if given."""
    port = sock.getsockname()[1]
    guard = Guard(new_token(), port)
    sessions = Sessions(command)
    files, screen_reader = assets()
    runner = web.AppRunner(build_app(guard, sessions, files), access_log=None, handle_signals=False,
                           shutdown_timeout=SHUTDOWN_SECONDS)
    await runner.setup()
    await web.SockSite(runner, sock, shutdown_timeout=SHUTDOWN_SECONDS).start()
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            loop.add_signal_handler(signum, stopping.set)
    if not screen_reader:
        say(copy_text("serve.no_screen_reader"))
    address = f"http://127.0.0.1:{port}/{guard.token}/"
    announce(address, opener is not None)
    if opener is not None:  # its own thread: a browser that runs in the foreground must not stop the server
        threading.Thread(target=opener, args=(address,), daemon=True, name="browser").start()
    try:
        await stopping.wait()
    finally:
        await sessions.stop_all()
        await runner.cleanup()
    return 0
