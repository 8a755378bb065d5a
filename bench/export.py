"""Time `workbook export` of a heavy five-year demo home (target: <= 2 s).

    python bench/export.py [--weeks 260] [--reps 3] [--format csv|json] [--deidentify]

Builds `make_demo(home, weeks=N)` once (not timed), then times the whole
export in-process, as the command runs it: open the home, read every table,
expand every plan's occurrences for the engagement table, write the files and
datapackage.json. Prints the attempts count, each run and the median as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from workbook.facade.workbook import Workbook
from workbook.outputs.demo import make_demo
from workbook.outputs.export import export

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
TARGET_SECONDS = 2.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weeks", type=int, default=260)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    parser.add_argument("--deidentify", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wb-bench-export-") as tmp:
        home = Path(tmp) / "home"
        built = time.perf_counter()
        counts = make_demo(home, weeks=args.weeks, now=NOW)
        built = time.perf_counter() - built
        runs = []
        for rep in range(args.reps):
            out = Path(tmp) / f"out-{rep}"
            start = time.perf_counter()
            result = export(Workbook.open(home, clock=lambda: NOW, daily_backup=False), out, fmt=args.format,
                            deidentify=args.deidentify, now=NOW)
            runs.append(time.perf_counter() - start)
        size = sum(p.stat().st_size for p in out.iterdir())
    median = statistics.median(runs)
    print(json.dumps({
        "weeks": args.weeks, "attempts": counts["attempts"], "exported_rows": result.rows,
        "format": args.format, "deidentify": args.deidentify, "demo_build_s": round(built, 2),
        "runs_s": [round(r, 3) for r in runs], "median_s": round(median, 3), "export_bytes": size,
        "target_s": TARGET_SECONDS, "ok": median <= TARGET_SECONDS,
    }, indent=2))
    return 0 if median <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
