"""Key press to painted screen, for every screen Today opens, beside a bare Textual app opening a form.

Each app runs in a pseudo-terminal (100x32), as a patient's terminal would run it. The bench
presses a screen's key, and times from writing the key to the end of the burst of output that
paints the screen's title (a burst ends when the terminal is quiet for 25 ms). Escape goes back
to Today before the next key. The bare app is a plain Textual app whose `f` opens a form of a
radio set and a dozen labelled inputs; its timings are taken in the same run, interleaved with
Workbook's, so machine noise falls on both alike. Quit is Ctrl+Q to the process's exit.

    python bench/screens.py [--runs 7] [--weeks 260]

Beside each wall time is the CPU the app used from the key to the paint (all its threads, from
/proc/<pid>/task/*/schedstat), which a busy machine disturbs far less than wall time.

Target: every screen's median <= 1.5x the bare form's median; quit <= 1.5x the bare quit.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

SIZE = (32, 100)  # rows, columns
TARGET = 1.5
QUIET = 0.025  # seconds of silence that end a burst of output
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")
KEYS = {"escape": b"\x1b", "enter": b"\r", "down": b"\x1b[B", "ctrl+q": b"\x11"}

# (label, keys pressed from Today, the words its title shows, keys that lead back to Today)
SCREENS = [
    ("Log", ["l"], "Workbook · Log", ["escape"]),
    ("Change plan", ["e"], "Workbook · Change plan", ["escape"]),
    ("Library", ["p"], "Workbook · Exercise library", ["escape"]),
    ("Plan (new)", ["p", "enter"], "Workbook · Plan:", ["escape", "escape"]),
    ("What got in the way", ["b"], "Workbook · What got in the way", ["escape"]),
    ("Settings", ["s"], "Workbook · Settings", ["escape"]),
    ("Review", ["r"], "Workbook · Review", ["escape"]),
    ("Progress", ["g"], "Workbook · Progress", ["escape"]),
    ("Check-in", ["c"], "Workbook · Check-in", ["escape"]),
    ("People who help", ["h"], "Workbook · People who help", ["escape"]),
]


def bare_app() -> None:
    """A plain Textual app: a home screen like Today's, and `f` opening a form like Workbook's."""
    from textual.app import App
    from textual.binding import Binding
    from textual.containers import VerticalScroll
    from textual.screen import Screen
    from textual.widgets import Footer, Input, Label, OptionList, RadioButton, RadioSet, Static

    class Form(Screen):
        BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

        def compose(self):
            yield Static("Bare · Form")
            yield Static("A form of a radio set and a dozen labelled inputs.")
            with VerticalScroll():
                yield RadioSet(RadioButton("Done", value=True), RadioButton("Partly"), RadioButton("Not done"))
                for n in range(12):
                    yield Label(f"Question {n + 1}")
                    yield Input(placeholder=f"answer {n + 1}")
            yield Footer()

    class Bare(App):
        CSS = "OptionList { height: 1fr; }"
        BINDINGS = [Binding("f", "form", "Form"), *[Binding(k, "bell", k.upper()) for k in "lpebs"],
                    Binding("ctrl+q", "quit", "Quit")]

        def compose(self):
            yield Static("Bare · Home")
            yield Static("What you planned today and this week.")
            yield OptionList(*[f"{h:02d}:00  · later  ·  Exercise {h}\n   What to do\n   Why it matters"
                               for h in range(30)])
            yield Footer()

        def action_form(self) -> None:
            self.push_screen(Form())

    Bare().run()


class Terminal:
    """A process in a pseudo-terminal, whose output is watched for words."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[0], SIZE[1], 0, 0))
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                                     start_new_session=True)
        os.close(slave)
        self.fd = master
        self.lock = threading.Condition()
        self.chunks: list[tuple[float, bytes]] = []
        self.closed = False
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                data = b""
            with self.lock:
                if not data:
                    self.closed = True
                    self.lock.notify_all()
                    return
                self.chunks.append((time.perf_counter(), data))
                self.lock.notify_all()

    def cpu(self) -> float:
        """Seconds of CPU the process's threads have used so far (Linux's schedstat: robust to a busy machine)."""
        total = 0
        for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pass
        return total / 1e9

    def mark(self) -> int:
        with self.lock:
            return len(self.chunks)

    def press(self, key: str) -> float:
        sent = time.perf_counter()
        os.write(self.fd, KEYS.get(key, key.encode()))
        return sent

    def painted(self, words: str, since: int, timeout: float = 20.0) -> float:
        """When the burst of output that shows `words` (after chunk `since`) ended."""
        wanted = words.encode()
        deadline = time.perf_counter() + timeout
        with self.lock:
            while True:
                text = ANSI.sub(b"", b"".join(c for _, c in self.chunks[since:]))
                if wanted in text:
                    break
                if self.closed or time.perf_counter() > deadline:
                    raise RuntimeError(f"{words!r} never appeared; last output: {text[-300:]!r}")
                self.lock.wait(0.05)
        while True:  # the burst goes on until the terminal is quiet
            with self.lock:
                last = self.chunks[-1][0]
            quiet_for = time.perf_counter() - last
            if quiet_for >= QUIET:
                return last
            time.sleep(QUIET - quiet_for)

    def settle(self) -> None:
        """Wait until nothing has been written for a while (workers finished, cursor still)."""
        time.sleep(0.3)

    def quit(self) -> float:
        """Seconds from Ctrl+Q to the process's exit."""
        sent = self.press("ctrl+q")
        self.proc.wait(30)
        gone = time.perf_counter()
        os.close(self.fd)
        return gone - sent

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def open_and_time(term: Terminal, keys: list[str], words: str, back: list[str], home_words: str) -> tuple[float, float]:
    """Seconds from the last of `keys` to `words` painted, and the CPU seconds the app used meanwhile;
    then back to the home screen."""
    for key in keys[:-1]:
        since = term.mark()
        term.press(key)
        term.painted("Workbook ·", since)
        term.settle()
    since = term.mark()
    used = term.cpu()
    sent = term.press(keys[-1])
    painted = term.painted(words, since)
    used = term.cpu() - used
    term.settle()
    for key in back:
        since = term.mark()
        term.press(key)
        time.sleep(0.25)
    try:  # back home: its title is drawn again (or, when Textual redraws only what changed, the burst ends)
        term.painted(home_words, since, timeout=3.0)
    except RuntimeError:
        pass
    term.settle()
    return painted - sent, used


def prepare_home(folder: Path, weeks: int, env: dict[str, str]) -> Path:
    """The demo patient over `weeks` weeks, with today's first plan logged as partly (so `b` opens)."""
    home = folder / f"demo{weeks}"
    subprocess.run([sys.executable, "-m", "workbook", "--home", str(home), "demo", "--weeks", str(weeks)],
                   check=True, stdout=subprocess.DEVNULL, env=env)
    from workbook.core.times import system_now
    from workbook.facade.workbook import Workbook

    workbook = Workbook.open(home, clock=system_now, daily_backup=False)
    view = workbook.today(system_now())
    first = (view.today or view.still_open)[0]
    if first.attempt is None or first.attempt.outcome == "done":
        workbook.log_attempt(first.plan.id, "partly", occurrence=first.at, now=system_now())
    return home


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--weeks", type=int, default=260)
    parser.add_argument("--only", default="", help="comma-separated screen labels (default: every screen)")
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        bare_app()
        return 0
    folder = Path(tempfile.mkdtemp(prefix="wb-bench-screens-"))
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_HOME"}
    env.update(TERM="xterm-256color", COLUMNS=str(SIZE[1]), LINES=str(SIZE[0]))
    env.pop("WORKBOOK_FIRST_PAINT", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed workbook has its byte-code, as Textual has
    screens = [s for s in SCREENS if not args.only or s[0] in args.only.split(",")]
    try:
        home = prepare_home(folder, args.weeks, env)
        workbook_argv = [sys.executable, "-m", "screens", "--home", str(home)]
        bare_argv = [sys.executable, __file__, "--bare"]
        subprocess.run([*workbook_argv[:3], "--home", str(home), "today"], check=True, stdout=subprocess.DEVNULL,
                       env=env)  # the day's backup, taken as a real first open would have
        opened: dict[str, list[float]] = {"bare form": [], **{s[0]: [] for s in screens}}
        cpu: dict[str, list[float]] = {name: [] for name in opened}
        quits: dict[str, list[float]] = {"bare quit": [], "workbook quit": []}
        for run in range(args.runs + 1):  # the first round warms the file cache and byte-code
            bare = Terminal(bare_argv, env)
            wb = Terminal(workbook_argv, env)
            try:
                bare.painted("Bare · Home", 0)
                wb.painted("Workbook · Today", 0)
                wb.settle()
                for label, keys, words, back in screens:
                    took_bare = open_and_time(bare, ["f"], "Bare · Form", ["escape"], "Bare · Home")
                    took = open_and_time(wb, keys, words, back, "Workbook · Today")
                    if run:
                        opened["bare form"].append(took_bare[0])
                        opened[label].append(took[0])
                        cpu["bare form"].append(took_bare[1])
                        cpu[label].append(took[1])
                took_bare_quit, took_quit = bare.quit(), wb.quit()
                if run:
                    quits["bare quit"].append(took_bare_quit)
                    quits["workbook quit"].append(took_quit)
            finally:
                bare.kill()
                wb.kill()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    ok = True
    print(f"key to painted, {args.runs} runs each, {SIZE[1]}x{SIZE[0]} pty, demo --weeks {args.weeks}")
    print(f"  {'':<32} {'median ms':>9} {'min':>6} {'max':>6} {'ratio':>6}   {'CPU ms':>6} {'ratio':>6}")
    for table, base in ((opened, "bare form"), (quits, "bare quit")):
        floor = statistics.median(table[base])
        cpu_floor = statistics.median(cpu[base]) if base in cpu else 0.0
        for name, values in table.items():
            median = statistics.median(values)
            ratio = median / floor
            flag = "" if name == base else (" ok" if ratio <= TARGET else f" OVER {TARGET}x")
            ok = ok and (name == base or ratio <= TARGET)
            used = (f"{statistics.median(cpu[name]) * 1000:6.0f} {statistics.median(cpu[name]) / cpu_floor:5.2f}x"
                    if name in cpu else "")
            print(f"  {name:<32} {median * 1000:9.0f} {min(values) * 1000:6.0f} {max(values) * 1000:6.0f} "
                  f"{ratio:5.2f}x   {used}{flag}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
