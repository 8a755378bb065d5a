"""A command's process ends without freeing what it made one by one; nothing else ever does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from workbook.core import lifetime

ROOT = Path(__file__).resolve().parents[2]


def test_outside_a_command_nothing_is_kept_and_finish_returns(monkeypatch) -> None:
    monkeypatch.setattr(lifetime, "_kept", None)
    lifetime.keep_until_exit([1, 2, 3])
    assert lifetime._kept is None
    assert lifetime.finish(3) == 3


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)


def test_a_command_that_kept_its_results_leaves_with_its_code_and_all_its_output() -> None:
    done = _run("import sys\n"
                "from workbook.core import lifetime\n"
                "lifetime.started_as_command()\n"
                "lifetime.keep_until_exit([object() for _ in range(1000)])\n"
                "print('written', end='')\n"  # buffered: flushed before the process leaves
                "sys.stderr.write('noted')\n"
                "import atexit; atexit.register(lambda: print(' and tidied'))\n"
                "sys.exit(lifetime.finish(4))\n")
    assert (done.returncode, done.stdout, done.stderr) == (4, "written", "noted")  # left at once: no exit work


def test_a_command_that_kept_nothing_exits_as_ever() -> None:
    done = _run("import sys, atexit\n"
                "from workbook.core import lifetime\n"
                "lifetime.started_as_command()\n"
                "atexit.register(lambda: print('tidied'))\n"
                "sys.exit(lifetime.finish(0))\n")
    assert (done.returncode, done.stdout.strip()) == (0, "tidied")
