"""`workbook serve` in a real subprocess, and Debian's chromium (headless) driving it through Selenium.

No browser is downloaded: Selenium is given Debian's chromedriver and chromium by path,
so its own manager never runs. The browser runs with a fresh profile and with the
background services that would reach the network switched off, so its logs can show
that the page itself asks for nothing but this computer.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=1200,900",
         # Chromium's autofill asks Google about every page with a text field (xterm.js's input is
         # one): the browser's own service, not the page's request, so it is off for the network log.
         "--disable-features=AutofillServerCommunication")
ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)/([A-Za-z0-9_-]+)/")
REFRESH_SECONDS = 30.0  # the open app looks for changes made elsewhere this often (REMINDER_CHECK_SECONDS)


def need_browser() -> None:
    """Skip where Debian's chromium is not installed; in CI (which installs it) that is a failure."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI installs chromium and chromium-driver, but {', '.join(missing)} is missing")
        pytest.skip(f"needs Debian's chromium and chromium-driver ({', '.join(missing)} missing)")


def _lines(stream: Any, into: queue.Queue[str], kept: list[str]) -> None:
    for line in stream:
        kept.append(line)
        into.put(line)


@dataclass
class Served:
    """`workbook --home HOME serve --no-browser [ARGS]`, in its own session as if run in a terminal."""

    home: Path
    args: tuple[str, ...] = ()
    env: dict[str, str] | None = None
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "screens", "--home", str(self.home), "serve", "--no-browser", *self.args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.env, start_new_session=True)
        self._out: queue.Queue[str] = queue.Queue()
        self._err: queue.Queue[str] = queue.Queue()
        for stream, into, kept in ((self.proc.stdout, self._out, self.out), (self.proc.stderr, self._err, self.err)):
            threading.Thread(target=_lines, args=(stream, into, kept), daemon=True).start()

    def wait_for_address(self, seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self._out.get(timeout=0.1)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            if (found := ADDRESS.search(line)) is not None:
                self.address, self.port, self.token = found.group(), int(found.group(1)), found.group(2)
                return self.address
        raise AssertionError(f"no address printed: out={''.join(self.out)!r} err={''.join(self.err)!r}")

    def interrupt(self, seconds: float = 40) -> int:
        """Ctrl+C as a terminal sends it: SIGINT to the whole foreground process group."""
        os.killpg(self.proc.pid, signal.SIGINT)
        code = self.proc.wait(timeout=seconds)
        time.sleep(0.2)  # the reader threads take the last lines
        return code

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


def chromium(profile: Path, *, netlog: Path | None = None) -> Any:
    """Headless chromium with a fresh profile; its performance log records every request of the page."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    if netlog is not None:
        options.add_argument(f"--log-net-log={netlog}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    # The browser keeps the real clock even when the suite runs under libfaketime.
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME", "FAKETIME_DONT_FAKE_MONOTONIC")}
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER), env=env), options=options)


SCREEN_TEXT = "const t = document.querySelector('.xterm-accessibility-tree'); return t ? t.innerText : '';"


def screen_text(driver: Any) -> str:
    """What the terminal shows, read from xterm.js's screen-reader tree (the text a screen reader gets)."""
    return str(driver.execute_script(SCREEN_TEXT) or "")


def wait_for_text(driver: Any, wanted: str, seconds: float = 30, poll: float = 0.1) -> str:
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        text = screen_text(driver)
        if wanted in text:
            return text
        time.sleep(poll)
    raise AssertionError(f"{wanted!r} not shown within {seconds} s; the screen was:\n{text}")


def press(driver: Any, *keys: str) -> None:
    """Keys as a person types them into the page (xterm.js's input element has the focus)."""
    from selenium.webdriver.common.action_chains import ActionChains

    _focus(driver)
    ActionChains(driver).send_keys(*keys).perform()


def press_until_shown(driver: Any, key: str, wanted: str, tries: int = 3) -> str:
    """Press a key that is harmless twice (choosing a radio button), again if nothing showed: a key
    reaching a form still opening, a moment after it first appears on a busy machine, is dropped on
    purpose, and a person would press it again."""
    for _ in range(tries - 1):
        press(driver, key)
        try:
            return wait_for_text(driver, wanted, 8)
        except AssertionError:
            continue
    press(driver, key)
    return wait_for_text(driver, wanted)


def ctrl(driver: Any, key: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _focus(driver)
    ActionChains(driver).key_down(Keys.CONTROL).send_keys(key).key_up(Keys.CONTROL).perform()


ROWS = "return Array.from(document.querySelectorAll('.xterm-accessibility-tree > div'), r => r.textContent);"


def click_below(driver: Any, text: str, rows: int = 1) -> None:
    """A click on the terminal `rows` rows below the first row showing `text`, near its left edge
    (on a form: into the field under that question), where a person would click."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    lines = driver.execute_script(ROWS)
    row = next(i for i, line in enumerate(lines) if text in line) + rows
    screen = driver.find_element(By.CSS_SELECTOR, ".xterm-screen")
    width, height = screen.size["width"], screen.size["height"]
    x, y = 40, (row + 0.5) * height / len(lines)  # offsets from the middle of the element
    ActionChains(driver).move_to_element_with_offset(screen, int(x - width / 2), int(y - height / 2)).click().perform()


def _focus(driver: Any) -> None:
    """Where a click on the terminal puts the focus: xterm.js's input element (without clicking a row)."""
    driver.execute_script("document.querySelector('.xterm-helper-textarea').focus();")


def page_requests(driver: Any) -> list[str]:
    """Every URL the page asked for (requests and websockets), from chromium's own performance log."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            urls.append(params["request"]["url"])
        elif message["method"] == "Network.webSocketCreated":
            urls.append(params["url"])
    return urls


def netlog_requests(path: Path) -> list[tuple[str, str, str]]:
    """Every request chromium's network stack started: (url, initiator, network isolation key).

    The isolation key names the site a request was made for: the page's own are keyed to
    http://127.0.0.1; the browser's own services (its updater, account and search
    look-ups) are keyed to their sites or to none.
    """
    text = path.read_text(encoding="utf-8", errors="replace").rstrip().rstrip(",")
    if not text.endswith("}"):
        text += "]}"  # a log cut short by the browser closing: its events are still whole
    log = json.loads(text)
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    found = []
    for event in log.get("events", []):
        params = event.get("params") or {}
        if event.get("type") == start and params.get("url"):
            found.append((params["url"], str(params.get("initiator")), str(params.get("network_isolation_key"))))
    return found


def browser_home(home: Path) -> dict[str, str]:
    """A home on the real clock (the served app reads it) with two daily plans: {what: plan id}."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from workbook.core.model import Plan, Settings
    from workbook.core.times import system_now
    from workbook.facade.workbook import SETTINGS_ID, Workbook

    now = system_now()
    workbook = Workbook.open(home, clock=system_now, daily_backup=False)
    with workbook.store.transaction(now) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", welcome_done=True))
    today = now.astimezone(ZoneInfo("Europe/London")).date()
    ids = {}
    for what, at in (("Walk round the park", clock_time(0, 1)), ("Read a chapter of my book", clock_time(0, 2))):
        plan = Plan(exercise_id="activity-scheduling", what=what, where="home", start_date=today - timedelta(days=1),
                    start_time=at, zone="Europe/London", rrule="FREQ=DAILY", why="I want to feel better")
        workbook.add_plan(plan)
        ids[what] = plan.id
    return ids
