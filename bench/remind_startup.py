"""How long `workbook remind --once` takes from a system timer, beside its floor.

    python bench/remind_startup.py [--runs 9]

The goal is a timer run costing at most twice its floor: `python -c "import tinydb,
dateutil.rrule"`, the two libraries remind cannot avoid. Rows (each run as a whole
process, from the checkout this script is in):

* `python -c "pass"`                       the interpreter alone
* `python -c "import tinydb, dateutil.rrule"`  the floor
* `workbook remind --once` with nothing due (the usual timer run), by the console
  script and by `python -m workbook`
* `workbook remind --once` with one reminder due, and no notification server (it tries
  the D-Bus path, fails, and records the failure)
* the same, sent to a notification server on a private session bus and recorded
  (when `dbus-daemon` is installed; the server is tests/cli/fake_notify_server.py)

The rows run interleaved, once each per round, so machine load falls on all alike; each
row prints its median wall time, median CPU time (user + system) and the median of its
per-round ratio to the floor. All on a 10-week demo home (a fresh copy before each due
run, not timed), at a fixed --at.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AT_DUE = "2026-11-20T18:20:00"  # the demo's 18:30 walk (15 minutes' lead) is due
AT_IDLE = "2026-11-20T18:22:00"
FLOOR = 'python -c "import tinydb, dateutil.rrule"'


@dataclass
class Row:
    label: str
    args: list[str]
    env: dict[str, str]
    before: Callable[[], None] | None = None
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)

    def run(self) -> tuple[float, float]:
        if self.before:
            self.before()
        start_cpu = _children_cpu()
        start = time.perf_counter()
        subprocess.run(self.args, env=self.env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start, _children_cpu() - start_cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def with_bus(env: dict[str, str]) -> tuple[dict[str, str], Callable[[], None]] | None:
    """An environment whose session bus has a notification server; and how to stop it. None without dbus-daemon."""
    sys.path.insert(0, str(ROOT / "tests" / "cli"))
    from desktop_session import Session, missing

    if missing("dbus-daemon"):
        return None
    session = Session()
    session.start_bus()
    session.start_fake_server(session.folder / "shown.jsonl")
    bus_env = dict(env, DBUS_SESSION_BUS_ADDRESS=session.address)
    return bus_env, session.close


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    folder = Path(tempfile.mkdtemp(prefix="wb-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_HOME"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed workbook has its byte-code, as tinydb has
    env["PYTHONPATH"] = str(ROOT)  # this checkout's engine, even through the installed console script
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={folder}/no-bus"
    stop_bus: Callable[[], None] = lambda: None
    try:
        template, home, due_home = folder / "template", folder / "home", folder / "due"
        subprocess.run([sys.executable, "-m", "workbook", "--home", str(template), "demo", "--at", "2026-11-20T12:00:00"],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        shutil.copytree(template, home)

        def fresh() -> None:
            shutil.rmtree(due_home, ignore_errors=True)
            shutil.copytree(template, due_home)

        script = str(Path(sys.executable).with_name("workbook"))
        if not Path(script).exists():
            script = shutil.which("workbook") or ""
        subprocess.run([sys.executable, "-m", "workbook", "--home", str(home), "remind", "--once", "--at", AT_DUE],
                       env=env, check=True, stdout=subprocess.DEVNULL)  # the idle home has sent its reminder
        module = [sys.executable, "-m", "workbook"]
        rows = [Row('python -c "pass"', [sys.executable, "-c", "pass"], env),
                Row(FLOOR, [sys.executable, "-c", "import tinydb, dateutil.rrule"], env)]
        if script:
            rows.append(Row("workbook remind --once (nothing due; console script)",
                            [script, "--home", str(home), "remind", "--once", "--at", AT_IDLE], env))
        rows.append(Row("python -m workbook remind --once (nothing due)",
                        [*module, "--home", str(home), "remind", "--once", "--at", AT_IDLE], env))
        due_args = [*module, "--home", str(due_home), "remind", "--once", "--at", AT_DUE]
        rows.append(Row("python -m workbook remind --once (one due, no server: failure recorded)", due_args, env, fresh))
        bus = with_bus(env)
        if bus:
            bus_env, stop_bus = bus
            rows.append(Row("python -m workbook remind --once (one due, sent to a server and recorded)",
                            due_args, bus_env, fresh))
        for row in rows:
            row.run()  # warm the file cache
        for _ in range(runs):
            for row in rows:
                wall, cpu = row.run()
                row.walls.append(wall)
                row.cpus.append(cpu)
        floor = next(r for r in rows if r.label == FLOOR)
        print(f"median of {runs} interleaved rounds; ratio: the median of each round's wall time over the floor's")
        print(f"{'wall':>8} {'cpu':>8} {'ratio':>6}")
        for row in rows:
            ratio = statistics.median(w / f for w, f in zip(row.walls, floor.walls))
            print(f"{statistics.median(row.walls) * 1000:6.1f}ms {statistics.median(row.cpus) * 1000:6.1f}ms "
                  f"{ratio:5.2f}x  {row.label}")
    finally:
        stop_bus()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
