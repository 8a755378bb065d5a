"""Time the whole `workbook export` process on a 50,000-attempt home, at every level (target: <= 2 s).

    python bench/export.py [--size 50000] [--reps 3] [--format csv|json] [--level LEVEL ...]

Builds the `bench/_homes.py` home once (not timed; research mode on from its first day, so
the engagement table covers every week), then times `python -m workbook export` as a
subprocess: start-up, opening the home, reading and validating every table, every plan's
occurrences for the engagement table, derived values, the level's changes, writing the
files. The baseline, measured in the same run on the same home, is a process that only
reads every database file with orjson (no validation, no export): the floor any export
stands on. Prints each run's wall and CPU seconds and the medians as JSON (with the load
average: on a shared machine wall time is mostly waiting); exits 1 if a level misses the target.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _homes import build_home  # noqa: E402

from workbook.core.model import Attempt, Event  # noqa: E402
from workbook.core.times import utc_iso  # noqa: E402
from workbook.facade.workbook import Workbook  # noqa: E402

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
TARGET_SECONDS = 2.0
LEVELS = {"identified": [], "pseudonymised": ["--pseudonymise"], "anonymised": ["--anonymise"]}
BASELINE = ("import orjson, sys, pathlib\n"
            "n = 0\n"
            "for p in pathlib.Path(sys.argv[1]).rglob('*.json'):\n"
            "    n += len(orjson.loads(p.read_bytes()))\n")


def research_from_the_start(home: Path) -> None:
    """Research mode on from the first attempt (a research_on event), as for a study participant."""
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    first = min(a.logged_at for a in workbook.store.records(Attempt))
    start = utc_iso(datetime.fromisoformat(first) - timedelta(hours=1))
    with workbook.store.transaction(NOW) as tx:
        tx.put(workbook.settings().touched(NOW, research_mode=True, participant_id="P-017", study_id="S-1"))
        tx.put(Event(kind="research_on", at=start, created_at=start, updated_at=start, participant_id="P-017",
                     study_id="S-1"))


def timed(command: list[str], env: dict[str, str], cpu: list[float] | None = None) -> float:
    """Wall seconds of the whole process; its CPU seconds (user + system) appended to `cpu`, which a
    busy shared machine inflates far less than the wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    parser.add_argument("--level", choices=tuple(LEVELS), action="append")
    args = parser.parse_args(argv)
    levels = args.level or list(LEVELS)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parent.parent),
                                                         os.environ.get("PYTHONPATH", "")])}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed workbook has its byte-code
    with tempfile.TemporaryDirectory(prefix="wb-bench-export-") as tmp:
        home, _ = build_home(args.size, now=NOW, parent=Path(tmp))
        research_from_the_start(home)
        base_cpu: list[float] = []
        baseline = [timed([sys.executable, "-c", BASELINE, str(home / "db")], env, base_cpu) for _ in range(args.reps)]
        results: dict[str, dict] = {}
        for level in levels:
            runs, cpu = [], []
            for rep in range(args.reps):
                out = Path(tmp) / f"out-{level}-{rep}"
                runs.append(timed([sys.executable, "-m", "workbook", "--home", str(home), "export", "--out", str(out),
                                   "--format", args.format, "--at", NOW.isoformat(), *LEVELS[level]], env, cpu))
            size = sum(p.stat().st_size for p in out.iterdir())
            median = statistics.median(runs)
            results[level] = {"runs_s": [round(r, 3) for r in runs], "median_s": round(median, 3),
                              "cpu_s": [round(c, 3) for c in cpu], "median_cpu_s": round(statistics.median(cpu), 3),
                              "export_bytes": size, "ok": median <= TARGET_SECONDS}
    base = statistics.median(baseline)
    print(json.dumps({
        "attempts": args.size, "format": args.format, "target_s": TARGET_SECONDS,
        "baseline_read_json_s": round(base, 3), "baseline_cpu_s": round(statistics.median(base_cpu), 3),
        "load_average": [round(x, 2) for x in os.getloadavg()], "levels": results,
        "times_baseline": {level: round(r["median_s"] / base, 1) for level, r in results.items()},
    }, indent=2))
    return 0 if all(r["ok"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
