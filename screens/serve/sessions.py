"""One workbook per browser tab: each websocket runs its own app process on the same home.

The app process is the terminal app itself (`python -m screens --home HOME`), driven by
Textual's web driver through textual-serve's `AppService`, so it takes the home's lock,
keeps drafts and saves exactly as in a terminal, and a terminal window can be open on the
same home at the same time. When a tab closes, its websocket ends and the app is asked to
quit, which writes its drafts first (`WorkbookApp.on_unmount`); when the server stops,
every open app is asked the same way, and only one that does not end in time is killed.
"""

from __future__ import annotations

import asyncio
import json
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

QUIT_SECONDS = 10.0  # an app saving its drafts on a slow disk still has time
HEARTBEAT_SECONDS = 15.0
SIZE_LIMIT = 1000  # columns or rows a browser may ask for


def app_command(home: Path, exercises: Sequence[str]) -> str:
    """The shell command for one app process: this Python, this home, these exercise folders."""
    argv = [sys.executable, "-m", "screens", "--home", str(home)]
    for folder in exercises:
        argv += ["--exercises", str(Path(folder).resolve())]
    return "exec " + shlex.join(argv)  # `exec`: the shell becomes the app, so a signal reaches the app itself


def _size(request: web.Request, name: str, default: int) -> int:
    try:
        return min(max(int(request.query.get(name, default)), 1), SIZE_LIMIT)
    except ValueError:
        return default


class Sessions:
    """The app processes of the open tabs."""

    def __init__(self, command: str) -> None:
        self.command = command
        self.downloads = DownloadManager()  # required by AppService; Workbook delivers no files
        self.open: dict[AppService, web.WebSocketResponse] = {}

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT_SECONDS)
        await websocket.prepare(request)

        async def close() -> None:  # the app has exited: the page then says the workbook has closed
            await websocket.close()

        service = AppService(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                             close=close, download_manager=self.downloads)
        self.open[service] = websocket
        try:
            await service.start(_size(request, "width", 80), _size(request, "height", 24))
            await self._relay(websocket, service)
        finally:
            await self._stop(service)
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, service: AppService) -> None:
        """The browser's keys, size, focus and pings, to the app; anything malformed is ignored."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
                kind = envelope[0]
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            data = envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                try:
                    width, height = int(data["width"]), int(data["height"])
                except (KeyError, TypeError, ValueError):
                    continue
                await service.set_terminal_size(min(max(width, 1), SIZE_LIMIT), min(max(height, 1), SIZE_LIMIT))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def _stop(self, service: AppService) -> None:
        """Ask the app to quit (it keeps its drafts), wait for it, and kill it only if it will not end.

        The process is waited for to the end, so nothing of it is left for the event loop's close.
        """
        websocket = self.open.pop(service, None)
        process = getattr(service, "_process", None)  # textual-serve keeps no public handle on it
        try:
            await asyncio.wait_for(service.stop(), QUIT_SECONDS)
            if process is not None:
                await asyncio.wait_for(process.wait(), QUIT_SECONDS)
        except (asyncio.TimeoutError, ConnectionError, RuntimeError):
            if process is not None and process.returncode is None:
                process.kill()
                await process.wait()
        if websocket is not None and not websocket.closed:
            await websocket.close(code=1001)  # "going away": the page says the workbook has closed

    async def stop_all(self) -> None:
        await asyncio.gather(*(self._stop(service) for service in list(self.open)), return_exceptions=True)
