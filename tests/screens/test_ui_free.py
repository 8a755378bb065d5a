"""The engine stays UI-free: `workbook today` never imports Textual, and the engine never imports `screens`."""

from __future__ import annotations

import subprocess
import sys

from screens.launch import just_open

CHECK = """
import sys
from {module} import main
code = main(["--home", sys.argv[1], "today"])
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith(("textual.", "screens.app", "screens.today")))
print(code, loaded)
"""


def _run(module: str, home) -> str:
    out = subprocess.run([sys.executable, "-c", CHECK.format(module=module), str(home)], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


def test_workbook_today_does_not_import_textual(tmp_path):
    assert _run("screens.launch", tmp_path / "home") == "0 []"  # the console script's way in
    assert _run("workbook.cli", tmp_path / "home") == "0 []"


def test_only_a_bare_open_skips_the_full_command_line():
    assert just_open([]) is not None and just_open(["--home", "x"]).home == "x"
    assert just_open(["--home=x", "--exercises", "d"]).exercises == ["d"]
    for argv in (["today"], ["--home", "x", "today"], ["--help"], ["--version"], ["--home"]):
        assert just_open(argv) is None
