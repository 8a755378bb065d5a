"""From `workbook serve` to Today shown in a browser, against the terminal's first paint of Today.

Each run starts `workbook serve --no-browser` afresh on a 10-week demo home, reads the
address it prints, opens it in Debian's headless chromium (Selenium, no downloads) and
waits until Today is in the page's screen-reader text. Measured two ways: with the browser
already open (what `serve` itself costs), and with the browser started in the run too
(what a person waits for when `serve` opens their browser). The baseline, measured in the
same run, is the terminal app's first paint of Today on the same home (bench/first_paint.py).

    python bench/serve_first_view.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "cli"), str(ROOT)]

from first_paint import first_paint  # noqa: E402  (bench/ is the script's own folder)
from served import Served, chromium, wait_for_text  # noqa: E402

from workbook.core.times import system_now  # noqa: E402
from workbook.outputs.demo import make_demo  # noqa: E402


def served_today(home: Path, profile: Path, driver=None) -> float:
    """Seconds from starting `workbook serve` to Today in the browser (a browser is started if none is given)."""
    own = driver is None
    served = Served(home)
    try:
        address = served.wait_for_address()
        if own:
            driver = chromium(profile)
        driver.get(address)
        wait_for_text(driver, "Today", 60)
        elapsed = time.monotonic() - served.started
        driver.get("about:blank")  # the tab's app quits before the server stops
    finally:
        if own and driver is not None:
            driver.quit()
        if served.proc.poll() is None:
            served.interrupt()
        served.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "demo"
        make_demo(home, weeks=10, seed=1, now=system_now())
        subprocess.run([sys.executable, "-m", "screens", "--home", str(home), "today"], check=True,
                       stdout=subprocess.DEVNULL)  # the day's backup, as a real first open would have
        terminal = [sys.executable, "-m", "screens", "--home", str(home)]
        open_browser = chromium(Path(tmp) / "kept-profile")
        try:
            first_paint(terminal)
            served_today(home, Path(tmp) / "warm", open_browser)  # warm the file cache and byte-code
            times: dict[str, list[float]] = {"terminal: first paint of Today": [],
                                             "serve, browser already open": [],
                                             "serve, browser started too": []}
            for run in range(args.runs):  # interleaved, so machine noise hits all alike
                times["terminal: first paint of Today"].append(first_paint(terminal)[0])
                times["serve, browser already open"].append(served_today(home, Path(tmp) / "x", open_browser))
                times["serve, browser started too"].append(served_today(home, Path(tmp) / f"fresh{run}"))
        finally:
            open_browser.quit()
    base = statistics.median(times["terminal: first paint of Today"])
    print(f"time to Today, {args.runs} runs each (median / min / max, seconds)")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<34} {median:.3f} / {min(values):.3f} / {max(values):.3f}   {median / base:5.2f}x terminal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
