"""Time to load what the Today view needs, at 1k / 10k / 50k attempts.

    python bench/open_today.py [--runs N]

One figure is `Workbook.open(home, clock=system_now, daily_backup=False)` (lock, tidy, schema check)
plus `.today(now)` (settings, plans, the recent months of attempts, the schedule
expanded for two weeks), in-process, median over N runs after one warm-up. The
daily backup is left out: it runs once a day, not on every open.
Target: flat, 50k / 1k <= 1.3x.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

from _homes import SIZES, build_home, home_size

from workbook.core.times import system_now
from workbook.facade.workbook import Workbook

BLOCK = 5


def open_today(home: Path, now) -> int:
    view = Workbook.open(home, clock=system_now, daily_backup=False).today(now)
    return len(view.today) + len(view.still_open) + len(view.this_week)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per size (default 20)")
    args = parser.parse_args()

    homes = {size: build_home(size)[0] for size in SIZES}
    try:
        now = system_now()
        shown = {size: open_today(home, now) for size, home in homes.items()}  # warm-up: imports, caches
        samples: dict[int, list[float]] = {size: [] for size in SIZES}
        order = list(SIZES)
        rng = random.Random(1)
        # Rotating blocks, so a burst of load on this shared machine falls on every size alike.
        for _ in range(-(-args.runs // BLOCK)):
            rng.shuffle(order)
            for size in order:
                for _ in range(BLOCK):
                    started = time.perf_counter()
                    open_today(homes[size], now)
                    samples[size].append((time.perf_counter() - started) * 1000)
        rows = []
        for size in SIZES:
            files, total = home_size(homes[size])
            rows.append((size, files, total, statistics.median(samples[size]), min(samples[size]), max(samples[size]), shown[size]))
    finally:
        for home in homes.values():
            shutil.rmtree(home.parent, ignore_errors=True)

    print(f"Open + Today view, in-process ({args.runs} runs per size, in rotating blocks of {BLOCK}; ms)")
    print(f"{'attempts':>9} {'files':>6} {'db MB':>6} | {'median':>7} {'min':>7} {'max':>7} | occurrences shown")
    for size, files, total, median, low, high, count in rows:
        print(f"{size:>9} {files:>6} {total / 1e6:>6.1f} | {median:>7.2f} {low:>7.2f} {high:>7.2f} | {count}")
    ratio = rows[-1][3] / rows[0][3]
    ok = ratio <= 1.3
    print(f"{'PASS' if ok else 'FAIL'}  median at {rows[-1][0] // 1000}k <= 1.3x median at {rows[0][0] // 1000}k: {ratio:.2f}x")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
