"""Who may reach the served workbook: the page opened from the secret address, on this computer.

Every request and websocket passes these checks before any handler runs:

1. `Host` names this computer and this port (127.0.0.1 or localhost). A site whose name
   has been pointed at 127.0.0.1 (DNS rebinding) sends its own name, and is refused.
2. `Origin`, when the browser sends one (it always does for a websocket and for scripts
   a page fetches), is this server itself: another site's page is refused, even one that
   guessed the port.
3. The first part of the path is this run's secret token (`secrets.token_urlsafe`,
   compared in constant time). The token is in every address the page uses (its
   scripts, styles, fonts and websocket), so each is checked the same way; no cookie is
   needed, and none could leak to other programs' ports on this computer.

A refusal is HTTP 403 with one plain sentence and no data. It is said on stderr, with the
caller's address and the reason, but never the path (which would hold the token, or a
near-miss of it).
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web
from aiohttp.typedefs import Middleware

from workbook.content.copy import text as copy_text
from workbook.core.inputs import shown

LOOPBACK_NAMES = ("127.0.0.1", "localhost")
TOKEN_BYTES = 32  # 43 characters of URL-safe base64: 256 bits, not guessable over a socket

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@dataclass(frozen=True)
class Guard:
    token: str
    port: int
    hosts: frozenset[str] = field(init=False)
    origins: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        hosts = frozenset(f"{name}:{self.port}" for name in LOOPBACK_NAMES)
        object.__setattr__(self, "hosts", hosts)
        object.__setattr__(self, "origins", frozenset(f"http://{host}" for host in hosts))

    def problem(self, path: str, host: str | None, origin: str | None) -> str | None:
        """Why a request is refused (a sentence without the token), or None if it may go on."""
        if host is None or host.lower() not in self.hosts:
            return copy_text("serve.refused_host", host=self._shown(host or "no host"))
        if origin is not None and origin.lower() not in self.origins:
            return copy_text("serve.refused_origin", origin=self._shown(origin))
        first = path.lstrip("/").split("/", 1)[0]
        if not secrets.compare_digest(first.encode("utf-8", "surrogateescape"), self.token.encode()):
            return copy_text("serve.refused_token")
        return None

    def _shown(self, header: str) -> str:
        """A header's value for the terminal, quoted and cut short, with the token (if someone put it there) hidden."""
        return shown(header.replace(self.token, "[the secret]"))

    def middleware(self, say: Callable[[str], None]) -> Middleware:
        """aiohttp middleware: a refused request is answered 403 here and never reaches a handler."""

        @web.middleware
        async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
            problem = self.problem(request.path, request.headers.get("Host"), request.headers.get("Origin"))
            if problem is not None:
                say(copy_text("serve.refused", peer=request.remote or "an unknown address", reason=problem))
                return web.Response(status=403, text=copy_text("serve.forbidden"))
            return await handler(request)

        return check
