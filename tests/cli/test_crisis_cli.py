"""`workbook crisis` in a real process: prints the contacts for where you live, chooses the region,
adds your own local contacts in one step, and says plainly what is wrong."""

from __future__ import annotations

import stat
from pathlib import Path

from crisis_numbers import shown_foreign
from helpers import run_module

from workbook.content.crisis import default_crisis


def test_show_choose_and_add_local_contacts(tmp_path: Path) -> None:
    home = tmp_path / "home"
    shown = run_module("--home", home, "crisis")
    assert shown.code == 0 and "UK-wide contacts" in shown.out and "999" in shown.out
    chose = run_module("--home", home, "crisis", "--region", "elsewhere")
    assert chose.code == 0 and "Somewhere else" in chose.out
    elsewhere = run_module("--home", home, "crisis")
    assert default_crisis("elsewhere").disclaimer in elsewhere.out and shown_foreign("elsewhere", elsewhere.out) == []
    added = run_module("--home", home, "crisis", "--add", "Kriseteam", "--how", "Call 116 117", "--when", "Any time")
    assert added.code == 0 and "crisis.toml" in added.out
    assert stat.S_IMODE((home / "crisis.toml").stat().st_mode) == 0o600
    after = run_module("--home", home, "crisis")
    assert "your own contacts" in after.out and "Kriseteam" in after.out and "Call 116 117" in after.out
    assert shown_foreign("elsewhere", after.out.replace("116 117", "")) == []


def test_mistakes_are_one_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    no_how = run_module("--home", home, "crisis", "--add", "Team")
    assert no_how.code == 2 and "--how" in no_how.err and "Traceback" not in no_how.err
    bad_region = run_module("--home", home, "crisis", "--region", "atlantis")
    assert bad_region.code == 2 and "Traceback" not in bad_region.err
    assert not (home / "crisis.toml").exists()
