"""`workbook serve` in a real browser: Debian's chromium, headless, driven by Selenium.

The page is read the way a screen reader reads it: from xterm.js's accessibility tree,
which `workbook serve` switches on. Keys are typed into the page as a person types them.
What the app saves is checked in the home's data, and what the browser asked for is
checked in the browser's own logs (its performance log and its network log).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import run_module
from served import (
    REFRESH_SECONDS,
    Served,
    browser_home,
    chromium,
    click_below,
    ctrl,
    need_browser,
    netlog_requests,
    page_requests,
    press,
    press_until_shown,
    screen_text,
    wait_for_text,
)

from workbook.core.times import system_now

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform != "linux", reason="Debian's chromium")]
IN_BROWSER = ("chrome", "chrome-untrusted", "devtools", "data", "about", "blob")  # never the network


@pytest.fixture(autouse=True)
def _browser_installed() -> None:
    need_browser()


def _attempts(home: Path) -> list:
    from workbook.facade.workbook import Workbook

    return Workbook.open(home, clock=system_now, daily_backup=False).attempts()


def _drafted(home: Path, text: str) -> bool:
    """Whether a draft on disk already holds `text` (the draft timer has written it)."""
    try:
        drafts = json.loads((home / "drafts.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    return any(text in draft.values() for draft in drafts.values())


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return found


def test_the_browser_logs_by_keys_sees_a_terminal_log_and_reaches_only_this_computer(tmp_path: Path) -> None:
    home = tmp_path / "home"
    plans = browser_home(home)
    netlog = tmp_path / "netlog.json"
    served = Served(home)
    driver = None
    try:
        address = served.wait_for_address()
        driver = chromium(tmp_path / "profile", netlog=netlog)
        driver.get(address)
        shown = wait_for_text(driver, "Today")
        assert driver.title == "Workbook"
        assert "Walk round the park" in shown and "Read a chapter of my book" in shown

        # Log the highlighted plan (the first of today's) as done, by keys alone.
        press(driver, "l")
        wait_for_text(driver, "How did it go")
        press_until_shown(driver, " ", "▐●▌ Done")  # Done
        click_below(driver, "If you changed the plan")  # into "What did you do?"
        time.sleep(0.3)
        press(driver, "Round the block")
        wait_for_text(driver, "Round the block")
        ctrl(driver, "s")
        wait_for_text(driver, "Logged as done", 15)
        [attempt] = _attempts(home)
        assert (attempt.plan_id, str(attempt.outcome), attempt.values) == \
            (plans["Walk round the park"], "done", {"activity": "Round the block"})

        # A second terminal logs the other plan while the browser is open: Today shows it.
        done_before = screen_text(driver).count("✓ done")
        logged = run_module("--home", home, "log", plans["Read a chapter of my book"][:8], "--done")
        assert logged.code == 0, logged.err
        started = time.monotonic()
        while screen_text(driver).count("✓ done") <= done_before:
            assert time.monotonic() - started < REFRESH_SECONDS + 15, screen_text(driver)
            time.sleep(0.25)
        assert len(_attempts(home)) == 2

        # Everything the page asked for came from this server.
        requests = page_requests(driver)
        assert requests, "the performance log recorded nothing"
        network = [u for u in requests if urlsplit(u).scheme not in IN_BROWSER]
        assert network and all(urlsplit(u).netloc == f"127.0.0.1:{served.port}" for u in network), network
        assert any(u.startswith("ws://127.0.0.1:") for u in network)  # the websocket too
        assert any(u.endswith("/fonts/RobotoMono-VariableFont_wght.ttf") for u in network)  # the font is local

        # Ctrl+C: the server stops cleanly, and the page says the workbook has closed.
        code = served.interrupt()
        assert code == 0, "".join(served.err)
        deadline = time.monotonic() + 10
        while "-closed" not in (driver.execute_script("return document.body.className") or ""):
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        if driver is not None:
            driver.quit()  # the browser writes the end of its network log as it closes
        served.close()
    out, err = "".join(served.out), "".join(served.err)
    assert "Traceback" not in out + err and "stopped" in out
    assert served.token not in err

    # The browser's own network log: everything started for the page, by the page or by the browser
    # on its behalf, went to this server. (Chromium's own services, its updater and account look-ups,
    # are keyed to their own sites and are not the page's doing.)
    started = netlog_requests(netlog)
    origin = f"http://127.0.0.1:{served.port}"
    for_page = [url for url, initiator, key in started if initiator == origin or key.startswith("http://127.0.0.1 ")]
    assert len(for_page) >= 6, started  # the page, textual.js, page.js, two stylesheets, the font, the websocket
    elsewhere = [url for url in for_page if urlsplit(url).netloc != f"127.0.0.1:{served.port}"]
    assert not elsewhere, elsewhere
    assert any(url.startswith("ws://") for url in for_page)

def test_closing_the_tab_while_typing_keeps_the_draft(tmp_path: Path) -> None:
    home = tmp_path / "home"
    browser_home(home)
    served = Served(home)
    driver = None
    try:
        address = served.wait_for_address()
        driver = chromium(tmp_path / "profile")
        first = driver.current_window_handle
        driver.switch_to.new_window("tab")
        driver.get(address)
        wait_for_text(driver, "Today")
        press(driver, "l")
        wait_for_text(driver, "How did it go")
        press_until_shown(driver, " ", "▐●▌ Done")
        click_below(driver, "If you changed the plan")
        time.sleep(0.3)
        # The tab closes once the app shows what was typed (keys still on their way when a tab
        # closes are lost to any app), and before the half-second timer has written it: if the
        # timer was first on a slow machine, a little more is typed and the tab closed then.
        typed = ""
        for more in ("Round the bl", "ock", " twice"):
            press(driver, more)
            typed += more
            wait_for_text(driver, typed, poll=0.02)
            if not _drafted(home, typed):
                break
        else:
            pytest.fail("the half-second draft timer always came before the tab could be closed")
        driver.close()
        driver.switch_to.window(first)
        deadline = time.monotonic() + 20
        while _children(served.proc.pid):  # the tab's app process quits (and keeps its draft)
            assert time.monotonic() < deadline, "the closed tab's app is still running"
            time.sleep(0.1)
        drafts = json.loads((home / "drafts.json").read_text(encoding="utf-8"))
        [draft] = drafts.values()
        assert typed in draft.values(), draft
        assert not _attempts(home)  # kept as a draft, not saved as an attempt

        # Opening the workbook again picks up where the closed tab left off.
        driver.get(address)
        wait_for_text(driver, "Today")
        press(driver, "l")
        shown = wait_for_text(driver, "Picked up where you left off")
        assert typed in shown
        assert served.interrupt() == 0
    finally:
        if driver is not None:
            driver.quit()
        served.close()
    assert os.stat(home / "drafts.json").st_mode & 0o077 == 0  # owner-only, as in the terminal
