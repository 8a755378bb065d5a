"""Process start to first paint: Workbook (empty home, 260-week demo home) vs a bare Textual app.

Each run starts a fresh process in a pseudo-terminal (100x32), so it measures what a
patient waits for: interpreter start, imports, opening the home, composing and painting
the first screen. The app writes the time of its first paint to the file named by
WORKBOOK_FIRST_PAINT and exits (see `WorkbookApp.first_paint`); the bare app does the same.

    python bench/first_paint.py [--runs 9]

Target: each Workbook median <= 1.2x the bare app's median.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ENV = "WORKBOOK_FIRST_PAINT"
SIZE = (32, 100)  # rows, columns
TARGET = 1.2


def bare_app() -> None:
    """A plain Textual app with widgets comparable to Today: title lines, a list of 3-line rows, a footer."""
    from textual.app import App
    from textual.binding import Binding
    from textual.widgets import Footer, OptionList, Static

    class Bare(App):
        BINDINGS = [Binding(k, "bell", k.upper()) for k in "lpebs"]

        def compose(self):
            yield Static("Workbook · Today")
            yield Static("What you planned today and this week.")
            yield OptionList(*[f"{h:02d}:00  · later  ·  Exercise {h}\n   What to do\n   Why it matters"
                               for h in range(30)])
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self.mark)

        def mark(self) -> None:
            Path(os.environ[ENV]).write_text(f"{time.time():.6f}\n")
            self.exit()

    Bare().run()


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass


def first_paint(argv: list[str]) -> tuple[float, float]:
    """Seconds from starting `argv` to its first paint (it writes the time to a marker file),
    and the CPU seconds the process used in all (it exits right after painting)."""
    with tempfile.TemporaryDirectory() as tmp:
        marker = Path(tmp) / "painted"
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[0], SIZE[1], 0, 0))
        env = {**os.environ, ENV: str(marker), "TERM": "xterm-256color", "COLUMNS": str(SIZE[1]),
               "LINES": str(SIZE[0])}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed workbook has its byte-code, as Textual has
        start = time.time()
        proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                                start_new_session=True)
        os.close(slave)
        reader = threading.Thread(target=_drain, args=(master,), daemon=True)
        reader.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            os.close(master)
        if not marker.exists():
            raise RuntimeError(f"{argv} exited ({status}) without painting")
        return float(marker.read_text()) - start, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        bare_app()
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        empty, demo = Path(tmp) / "empty", Path(tmp) / "demo260"
        subprocess.run([sys.executable, "-m", "screens", "--home", str(demo), "demo", "--weeks", "260"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, "-m", "screens", "--home", str(demo), "today"], check=True,
                       stdout=subprocess.DEVNULL)  # takes the day's backup, as a real first open would have
        targets = {
            "bare Textual app": [sys.executable, __file__, "--bare"],
            "workbook, empty home (Welcome)": [sys.executable, "-m", "screens", "--home", str(empty)],
            "workbook, demo --weeks 260 (Today)": [sys.executable, "-m", "screens", "--home", str(demo)],
        }
        for argv in targets.values():  # warm the file cache and byte-code
            first_paint(argv)
        times: dict[str, list[float]] = {name: [] for name in targets}
        cpu: dict[str, list[float]] = {name: [] for name in targets}
        for _ in range(args.runs):  # interleaved, so machine noise hits all alike
            for name, argv in targets.items():
                wall, used = first_paint(argv)
                times[name].append(wall)
                cpu[name].append(used)
    bare, bare_cpu = statistics.median(times["bare Textual app"]), statistics.median(cpu["bare Textual app"])
    print(f"first paint, {args.runs} runs each, {SIZE[1]}x{SIZE[0]} pty")
    print(f"  {'':<36} {'wall: median / min / max':<26} {'ratio':>6}   {'CPU s':>6} {'ratio':>6}")
    ok = True
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / bare
        cpu_median = statistics.median(cpu[name])
        flag = "" if name.startswith("bare") else (" ok" if ratio <= TARGET else f" OVER {TARGET}x")
        ok = ok and (name.startswith("bare") or ratio <= TARGET)
        print(f"  {name:<36} {median:.3f} / {min(values):.3f} / {max(values):.3f}     {ratio:5.2f}x   "
              f"{cpu_median:6.3f} {cpu_median / bare_cpu:5.2f}x{flag}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
