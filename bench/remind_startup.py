"""How long `workbook remind --once` takes from a system timer, beside its floor.

    python bench/remind_startup.py [--runs 10]

Prints the median wall time (of --runs runs each) of:

* `python -c "pass"`                       the interpreter alone
* `python -c "import tinydb, dateutil.rrule"`  the two libraries remind cannot avoid
* `workbook remind --once` with nothing due (the usual timer run), by the console
  script and by `python -m workbook`
* `workbook remind --once` with one reminder due (a fresh copy of the demo home each
  run; no notification server, so it includes importing and trying the D-Bus path)

All on a 10-week demo home, at a fixed --at, with no session bus (nothing is shown).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AT_DUE = "2026-11-20T18:20:00"  # the demo's 18:30 walk (15 minutes' lead) is due
AT_IDLE = "2026-11-20T18:22:00"


def timed(args: list[str], env: dict[str, str], before=None) -> float:
    if before:
        before()
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_ms(args: list[str], env: dict[str, str], runs: int, before=None) -> float:
    timed(args, env, before)  # warm the file cache
    return statistics.median(timed(args, env, before) for _ in range(runs)) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    folder = Path(tempfile.mkdtemp(prefix="wb-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_HOME"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed workbook has its byte-code, as tinydb has
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={folder}/no-bus"
    try:
        template, home = folder / "template", folder / "home"
        subprocess.run([sys.executable, "-m", "workbook", "--home", str(template), "demo", "--at", "2026-11-20T12:00:00"],
                       env=env, check=True, stdout=subprocess.DEVNULL)

        def fresh() -> None:
            shutil.rmtree(home, ignore_errors=True)
            shutil.copytree(template, home)

        fresh()
        script = str(Path(sys.executable).with_name("workbook"))
        if not Path(script).exists():
            script = shutil.which("workbook") or ""
        subprocess.run([sys.executable, "-m", "workbook", "--home", str(home), "remind", "--once", "--at", AT_DUE], env=env, check=True)
        rows = [
            ('python -c "pass"', [sys.executable, "-c", "pass"], None),
            ('python -c "import tinydb, dateutil.rrule"', [sys.executable, "-c", "import tinydb, dateutil.rrule"], None),
        ]
        if script:
            rows.append(("workbook remind --once (nothing due; console script)",
                         [script, "--home", str(home), "remind", "--once", "--at", AT_IDLE], None))
        rows.append(("python -m workbook remind --once (nothing due)",
                     [sys.executable, "-m", "workbook", "--home", str(home), "remind", "--once", "--at", AT_IDLE], None))
        rows.append(("python -m workbook remind --once (one due, sent and recorded)",
                     [sys.executable, "-m", "workbook", "--home", str(home), "remind", "--once", "--at", AT_DUE], fresh))
        print(f"median of {runs} runs, wall time")
        for label, args, before in rows:
            print(f"{median_ms(args, env, runs, before):8.1f} ms  {label}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
