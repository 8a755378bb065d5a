"""Who can reach `workbook serve`: only a request with the secret token, for this computer, from its own page.

Real HTTP against a real `workbook serve` subprocess (no browser needed): the page, its
files and its websocket each refuse a missing or wrong token, a Host that is not this
computer, and an Origin that is not the server's own, with 403 and no data; each refusal
is said on stderr without the token.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from served import Served, browser_home

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/net/tcp")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    home = tmp_path_factory.mktemp("access") / "home"
    browser_home(home)
    server = Served(home)
    server.wait_for_address()
    yield server
    assert server.interrupt() == 0
    server.close()


def _get(served: Served, path: str, *, host: str | None = None, headers: dict[str, str] | None = None) \
        -> tuple[int, bytes, http.client.HTTPResponse]:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=20)
    connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host or f"127.0.0.1:{served.port}")
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read() if response.status != 101 else b""
    connection.close()
    return response.status, body, response


def _upgrade(origin: str | None = None) -> dict[str, str]:
    headers = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode()}
    if origin is not None:
        headers["Origin"] = origin
    return headers


def _near_misses(token: str) -> list[str]:
    flipped = ("A" if token[0] != "A" else "B") + token[1:]
    return ["", "static", token[:-1], token + "x", flipped, token.lower() if token != token.lower() else token.upper()]


def test_the_secret_address_opens_the_page(served: Served) -> None:
    status, body, response = _get(served, f"/{served.token}/")
    assert status == 200
    page = body.decode()
    assert "<title>Workbook</title>" in page
    assert f"ws://127.0.0.1:{served.port}/{served.token}/ws" in page
    assert response.getheader("Referrer-Policy") == "no-referrer"
    assert response.getheader("Cache-Control") == "no-store"
    policy = response.getheader("Content-Security-Policy")
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_every_part_of_the_page_comes_from_this_server(served: Served) -> None:
    status, body, _ = _get(served, f"/{served.token}/")
    page = body.decode()
    for name in ("textual.js", "page.js", "xterm.css", "page.css", "fonts/RobotoMono-VariableFont_wght.ttf"):
        assert f"/{served.token}/static/{name}" in page or name.startswith("fonts/")
        status, content, _ = _get(served, f"/{served.token}/static/{name}")
        assert status == 200 and content, name
        if name.endswith(".css"):  # a stylesheet loads only what sits beside it
            assert "@import" not in content.decode()
            assert not re.search(r"url\(\s*['\"]?(https?:|//)", content.decode()), name
    assert "http" not in page.replace(f"http://127.0.0.1:{served.port}", "").replace("http-equiv", "")
    script = _get(served, f"/{served.token}/static/textual.js")[1]
    assert b"screenReaderMode:!0" in script  # xterm.js's screen-reader mode is on
    assert b"fonts.googleapis" not in script and b"fonts.googleapis" not in body


def test_no_folder_listing_and_no_other_files(served: Served) -> None:
    for path in ("static/", "static/js/textual.js", "static/images/background.png", "static/../../server.py",
                 "download/anything"):
        status, body, _ = _get(served, f"/{served.token}/{path}")
        assert status == 404, path
        assert b"Walk round" not in body


def test_without_the_token_or_with_a_wrong_one_everything_is_403_with_no_data(served: Served) -> None:
    before = len(served.err)
    for wrong in _near_misses(served.token):
        for path in (f"/{wrong}", f"/{wrong}/", f"/{wrong}/static/textual.js", f"/{wrong}/ws", f"/?token={served.token}"):
            status, body, _ = _get(served, path)
            assert status == 403, path
            assert b"Walk round" not in body and b"<script" not in body and served.token.encode() not in body
        status, _, _ = _get(served, f"/{wrong}/ws", headers=_upgrade(f"http://127.0.0.1:{served.port}"))
        assert status == 403
    said = served.err[before:]
    assert said and all("refused a request from 127.0.0.1" in line for line in said), said
    for wrong in _near_misses(served.token):
        if len(wrong) > 8:
            assert not any(wrong in line for line in said)  # not the token, nor a near miss of it


def test_the_websocket_needs_the_pages_own_origin(served: Served) -> None:
    own = f"http://127.0.0.1:{served.port}"
    status, _, _ = _get(served, f"/{served.token}/ws", headers=_upgrade(own))
    assert status == 101  # the page's own websocket is let in (and its app is started, then closed)
    for origin in ("http://evil.example", f"http://127.0.0.1:{served.port + 1}", "null",
                   f"https://127.0.0.1:{served.port}", f"http://127.0.0.1.evil.example:{served.port}"):
        status, body, _ = _get(served, f"/{served.token}/ws", headers=_upgrade(origin))
        assert status == 403, origin
        status, _, _ = _get(served, f"/{served.token}/", headers={"Origin": origin})
        assert status == 403, origin
    assert any("not from Workbook's own page" in line for line in served.err)


def test_a_host_that_is_not_this_computer_is_refused(served: Served) -> None:
    """DNS rebinding: a site's name pointed at 127.0.0.1 still sends that name as Host."""
    for host in ("evil.example", f"evil.example:{served.port}", f"127.0.0.1.evil.example:{served.port}",
                 f"127.0.0.1:{served.port + 1}", f"[::1]:{served.port}", "127.0.0.1"):
        status, body, _ = _get(served, f"/{served.token}/", host=host)
        assert status == 403, host
        assert b"Walk round" not in body and served.token.encode() not in body
    assert _get(served, f"/{served.token}/", host=f"localhost:{served.port}")[0] == 200
    assert any("not to this computer" in line for line in served.err)


def test_it_listens_on_127_0_0_1_only(served: Served) -> None:
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == served.port:  # 0A: LISTEN
                listening.append((table, local.rsplit(":", 1)[0]))
    assert listening == [("/proc/net/tcp", "0100007F")]  # 127.0.0.1, and nothing on 0.0.0.0 or IPv6


def test_the_token_is_written_nowhere(served: Served) -> None:
    assert not any(served.token.encode() in path.read_bytes() for path in served.home.rglob("*") if path.is_file())
    for pid in _descendants(served.proc.pid) + [served.proc.pid]:
        for part in ("cmdline", "environ"):
            assert served.token.encode() not in Path(f"/proc/{pid}/{part}").read_bytes()


def _descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found += [int(child), *_descendants(int(child))]
    return found


# -- the checks themselves, in this process -------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from screens.serve.guard import Guard, new_token  # noqa: E402
from screens.serve.page import TERMINAL_OPTIONS, screen_reader_mode  # noqa: E402

GUARD = Guard(new_token(), 41733)
OWN_HOST, OWN_ORIGIN = "127.0.0.1:41733", "http://127.0.0.1:41733"


@given(st.text(max_size=80))
def test_only_the_token_as_the_first_part_of_the_path_is_let_in(first: str) -> None:
    path = f"/{first}/static/page.js"
    allowed = GUARD.problem(path, OWN_HOST, None) is None
    assert allowed == (first == GUARD.token)


@given(st.text(max_size=60), st.one_of(st.none(), st.text(max_size=60)))
def test_only_this_computers_host_and_the_pages_own_origin_are_let_in(host: str, origin: str | None) -> None:
    allowed = GUARD.problem(f"/{GUARD.token}/", host, origin) is None
    assert allowed == (host.lower() in {OWN_HOST, "localhost:41733"}
                       and (origin is None or origin.lower() in {OWN_ORIGIN, "http://localhost:41733"}))


def test_a_refusal_never_repeats_the_token() -> None:
    for problem in (GUARD.problem(f"/{GUARD.token[:-1]}/", OWN_HOST, None),
                    GUARD.problem(f"/{GUARD.token}/", f"{GUARD.token}.example", None),
                    GUARD.problem(f"/{GUARD.token}/", OWN_HOST, f"http://{GUARD.token}.example")):
        assert problem is not None and GUARD.token not in problem


def test_tokens_are_fresh_and_long() -> None:
    tokens = {new_token() for _ in range(50)}
    assert len(tokens) == 50 and all(len(t) >= 43 for t in tokens)


def test_screen_reader_mode_is_switched_on_once_or_not_at_all() -> None:
    bundle = b"new Terminal({allowProposedApi:!0,fontSize:i," + TERMINAL_OPTIONS.encode() + b"'Roboto Mono'})"
    assert screen_reader_mode(bundle) == bundle.replace(b"scrollback:0,", b"scrollback:0,screenReaderMode:!0,")
    assert screen_reader_mode(b"new Terminal({fontSize:i})") is None  # a bundle this code does not know
    assert screen_reader_mode(bundle + bundle) is None
