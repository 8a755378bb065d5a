"""The page the browser shows, and every file it loads: all from this server, none from the web.

textual-serve's own page asks Google's servers for its font and has no title of ours, so
Workbook serves its own page (`page.html`, `page.css`, `page.js`). The terminal emulator
(xterm.js inside textual-serve's `textual.js`), its stylesheet and the Roboto Mono font
files are the ones textual-serve ships, read once at start and served from memory. Only
the files named in `assets()` are served: there is no folder listing.

textual-serve builds the terminal with fixed options and no way to pass others, so the
one option Workbook adds, xterm.js's screen-reader mode, is switched on by a single
checked substitution in memory (`screen_reader_mode`); the file on disk is untouched.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from workbook.content.copy import text as copy_text

HERE = Path(__file__).resolve().parent
#: Where xterm.js's options are written in textual-serve 1.1's bundle, and the same with the
#: screen-reader mode on. If the bundle changes, the page still works, without that mode.
TERMINAL_OPTIONS = "scrollback:0,fontFamily:"
WITH_SCREEN_READER = "scrollback:0,screenReaderMode:!0,fontFamily:"
FONT_SIZE = 16


@dataclass(frozen=True)
class Asset:
    body: bytes
    content_type: str


def _textual_serve_static() -> Path:
    return Path(str(resources.files("textual_serve"))) / "static"


def screen_reader_mode(script: bytes) -> bytes | None:
    """textual.js with xterm.js's screen-reader mode on; None if its options are not where expected."""
    if script.count(TERMINAL_OPTIONS.encode()) != 1:
        return None
    return script.replace(TERMINAL_OPTIONS.encode(), WITH_SCREEN_READER.encode())


def assets() -> tuple[dict[str, Asset], bool]:
    """Every file the page may load, by the name it is asked for; and whether screen-reader mode is on."""
    shipped = _textual_serve_static()
    script = (shipped / "js" / "textual.js").read_bytes()
    patched = screen_reader_mode(script)
    found = {
        "textual.js": Asset(patched or script, "application/javascript"),
        "xterm.css": Asset((shipped / "css" / "xterm.css").read_bytes(), "text/css"),
        "page.css": Asset((HERE / "page.css").read_bytes(), "text/css"),
        "page.js": Asset((HERE / "page.js").read_bytes(), "application/javascript"),
    }
    for name in ("RobotoMono-VariableFont_wght.ttf", "RobotoMono-Italic-VariableFont_wght.ttf"):
        found[f"fonts/{name}"] = Asset((shipped / "fonts" / name).read_bytes(), "font/ttf")
    return found, patched is not None


def page(*, static: str, websocket: str) -> str:
    """The page's HTML, for this run's addresses (both hold the token; neither leaves this computer)."""
    template = Template((HERE / "page.html").read_text(encoding="utf-8"))
    fields = {
        "static": static, "websocket": websocket, "font_size": str(FONT_SIZE),
        "opening": copy_text("serve.page_opening"), "closed": copy_text("serve.page_closed"),
        "reopen": copy_text("serve.page_reopen"),
    }
    return template.substitute({key: html.escape(value) for key, value in fields.items()})


def headers(port: int) -> dict[str, str]:
    """Sent with every response: nothing from anywhere else, never cached, never framed, no Referer."""
    sockets = " ".join(f"ws://{name}:{port}" for name in ("127.0.0.1", "localhost"))
    policy = "; ".join([
        "default-src 'none'", "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # xterm.js adds its own <style> elements
        "font-src 'self'", "img-src 'self' data:", f"connect-src 'self' {sockets}",
        "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
    ])
    return {
        "Content-Security-Policy": policy,
        "Referrer-Policy": "no-referrer",  # a link opened from the page never carries the address
        "Cache-Control": "no-store",  # the token is in every address: keep none in the disk cache
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
