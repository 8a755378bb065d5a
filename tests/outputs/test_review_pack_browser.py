"""The review pack's HTML in a real browser (Debian's headless chromium): printed to PDF it is
at most three A4 pages, `pdftotext` finds the period's key numbers and the question-9 line, a
screenshot renders, and the page makes no request at all (chromium's own net log says so).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import NOW

from workbook.facade import Workbook
from workbook.outputs.review_pack import write_review_pack

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which("pdfinfo") is None,
                                reason="needs Debian's chromium and poppler-utils (installed by .ci/run)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-default-browser-check"]


def chromium(page: Path, folder: Path, *args: str) -> None:
    """One headless chromium run, on the real clock: the suite's second run moves the clock for
    Workbook's code (libfaketime), which makes a browser crawl and tells nothing about the page."""
    profile = folder / f"profile-{len(list(folder.glob('profile-*')))}"
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and not k.startswith("FAKETIME")}
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()], check=True,
                   capture_output=True, timeout=180, env=env)


def page_requests(net_log: Path) -> list[str]:
    """Every URL the page itself asked for over the network. Chromium's own background calls
    (update checks and the like) start with no origin ("not an origin") and are not the page's."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    started = [e.get("params", {}) for e in log["events"] if e["type"] == start]
    return [p["url"] for p in started if "url" in p and p.get("initiator") != "not an origin"
            and not p["url"].startswith(("file:", "data:"))]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from helpers import run_cli

    folder = tmp_path_factory.mktemp("pack-browser")
    home = folder / "home"
    assert run_cli("--home", home, "demo", "--at", "2026-11-20T12:00:00").code == 0
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    workbook.record_questionnaire("phq9", [1, 2, 1, 1, 1, 1, 0, 0, 1], now=NOW.replace(hour=9))
    files = write_review_pack(workbook, now=NOW, out=folder / "pack")
    pdf, png, net = folder / "pack.pdf", folder / "pack.png", folder / "net.json"
    chromium(files.html, folder, "--no-pdf-header-footer", f"--log-net-log={net}", f"--print-to-pdf={pdf}")
    chromium(files.html, folder, "--window-size=1000,1400", f"--screenshot={png}")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return {"pages": int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)), "text": " ".join(text.split()),
            "net": net, "png": png, "data": json.loads(files.json.read_text()), "folder": folder, "html": files.html}


def test_it_prints_on_at_most_three_a4_pages(rendered: dict) -> None:
    assert 1 <= rendered["pages"] <= 3
    info = subprocess.run(["pdfinfo", str(rendered["folder"] / "pack.pdf")], capture_output=True, text=True).stdout
    assert re.search(r"^Page size:.*\(A4\)", info, re.M)  # the print CSS asks for A4


def test_the_pdf_has_the_periods_numbers_and_the_question_9_line_first(rendered: dict) -> None:
    text, t = rendered["text"], rendered["data"]["totals"]
    line = (f"In all: {t['planned']} planned, {t['done']} done, {t['partly']} partly done, {t['not_done']} not done, "
            f"{t['not_logged']} not logged ({round(t['completion'] * 100)}% done). About {t['minutes']} minutes")
    assert line in text
    item9 = ("On Friday 20 November 2026 at 09:00 the answer to question 9 of the PHQ-9 was above 0: please talk "
             "about this. The answer given was 1, “Several days”")
    assert item9 in text
    assert text.index(item9) < text.index("How the plans went")  # first, before any figure
    for plan in rendered["data"]["plans"]:
        if plan["planned"]:
            row = f"{plan['planned']} {plan['done']} {plan['partly']} {plan['not_done']} {plan['not_logged']}"
            assert row in text, plan["what"]
    phq9 = next(q for q in rendered["data"]["questionnaires"] if q["measure"] == "phq9")
    assert phq9["since_first"]["words"] in text  # the change since the first score, as recovery.py words it
    assert phq9["since_first"]["words"].startswith("PHQ-9: 18 at the first check-in, 8 now")
    # the chart's labels are text (svg.fonttype none), so the PDF carries them too
    assert "Done" in text and "GAD-7 (0–21)" in text


def test_the_screenshot_renders_the_page(rendered: dict) -> None:
    from PIL import Image

    with Image.open(rendered["png"]) as image:
        assert image.size == (1000, 1400)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text and charts, not a blank page


def test_no_request_leaves_the_page(rendered: dict) -> None:
    assert page_requests(rendered["net"]) == []
    html = rendered["html"].read_text(encoding="utf-8")
    assert "<script" not in html and "@font-face" not in html and "<link" not in html and "<a " not in html
    assert not re.search(r"\ssrc\s*=", html)
    assert set(re.findall(r"url\((.)", html)) <= {"#"}  # the charts' clip paths, inside the page
    assert set(re.findall(r"href=\"(.)", html)) <= {"#"}  # only the charts' own markers, inside the page


def test_a_page_that_does_reach_out_is_caught(rendered: dict) -> None:
    """The check above can fail: a page loading an image from the network is seen in the same log."""
    folder = rendered["folder"]
    page = folder / "reaching.html"
    page.write_text('<!DOCTYPE html><p>x</p><img src="http://127.0.0.1:9/out.png">', encoding="utf-8")
    net = folder / "net-reaching.json"
    chromium(page, folder, f"--log-net-log={net}", f"--print-to-pdf={folder / 'reaching.pdf'}")
    assert page_requests(net) == ["http://127.0.0.1:9/out.png"]
