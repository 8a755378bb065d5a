"""The command line contract (design §6): commands, exit codes, one-line errors, and the
commands working together. Mostly in-process for speed; a few real processes prove the
`python -m workbook` and console-script entries."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from exercise_samples import MOOD_PACK
from helpers import NOW, NOW_ARG, make_plan_home, run_cli, run_module

from workbook import __version__

CONTRACT = ["today", "log", "demo", "report", "export", "calendar", "remind", "reminders", "exercises", "doctor",
            "backup", "restore", "study"]
SHORT_ID = re.compile(r"^  ([0-9a-f]{6,36})  ", re.M)


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("workbook: ")
    return lines[0]


def test_help_lists_every_command_of_the_contract() -> None:
    result = run_cli("--help")
    assert result.code == 0
    listed = set(re.findall(r"^    (\w+) ", result.out, re.M))
    assert set(CONTRACT) <= listed, set(CONTRACT) - listed
    for option in ("--home", "--version", "--help"):
        assert option in result.out


@pytest.mark.parametrize("command", CONTRACT)
def test_each_command_has_its_own_help(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.code == 0 and f"workbook {command}" in result.out


def test_version() -> None:
    result = run_cli("--version")
    assert result.code == 0 and result.out.strip() == f"workbook {__version__}"


def test_unknown_command_and_option_are_usage_errors(tmp_path: Path) -> None:
    assert run_cli("--home", tmp_path, "frobnicate").code == 2
    assert run_cli("--home", tmp_path, "today", "--frob").code == 2


# -- log ------------------------------------------------------------------------------------

def test_log_exit_codes(plan_home: tuple[Path, str]) -> None:
    home, plan_id = plan_home
    result = run_cli("--home", home, "log", "ffffff", "--done", "--at", NOW_ARG)
    assert result.code == 1 and "No plan has an id starting with 'ffffff'" in _one_line(result.err)

    result = run_cli("--home", home, "log", plan_id[:8], "--partly", "--barrier", "gremlins", "--at", NOW_ARG)
    assert result.code == 1
    line = _one_line(result.err)
    assert "gremlins" in line and all(code in line for code in ("forgot", "no_time", "too_anxious"))

    result = run_cli("--home", home, "log", plan_id[:8], "--at", NOW_ARG)
    assert result.code == 2 and "--done" in result.err  # argparse names what is missing
    result = run_cli("--home", home, "log", plan_id[:8], "--done", "--partly")
    assert result.code == 2

    result = run_cli("--home", home, "log", plan_id[:8], "--done", "--barrier", "forgot", "--at", NOW_ARG)
    assert result.code == 1 and "partly" in _one_line(result.err)
    result = run_cli("--home", home, "log", plan_id[:8], "--done", "--at", "next tuesday")
    assert result.code == 1 and "--at" in _one_line(result.err)
    result = run_cli("--home", home, "log", "x", "--done", "--at", NOW_ARG)
    assert result.code == 1 and "two characters" in _one_line(result.err)

    from workbook.facade.workbook import Workbook

    assert Workbook.open(home, clock=lambda: NOW, daily_backup=False).attempts() == []  # none of that saved anything


def test_an_ambiguous_short_id_asks_for_more(tmp_path: Path) -> None:
    import uuid
    from dataclasses import replace

    from workbook.facade.workbook import Workbook

    home = tmp_path / "home"
    first_id = make_plan_home(home)
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    other_id = next(i for i in (str(uuid.uuid4()) for _ in range(10_000)) if i[0] == first_id[0] and i[1] != first_id[1])
    workbook.add_plan(replace(workbook.plan(first_id), id=other_id, what="Another walk"))
    result = run_cli("--home", home, "log", first_id[0], "--done")
    assert result.code == 1 and "two characters" in _one_line(result.err)
    result = run_cli("--home", home, "log", first_id[:2], "--done", "--at", NOW_ARG)
    assert result.code == 0 and "Walk round the park" in result.out
    ids = set(SHORT_ID.findall(run_cli("--home", home, "today", "--at", NOW_ARG).out))
    assert ids == {first_id[:6], other_id[:6]}  # six characters already tell them apart


def test_log_picks_the_right_occurrence(plan_home: tuple[Path, str]) -> None:
    """A daily 19:00 plan at noon on the 20th: yesterday's first, then the day before."""
    home, plan_id = plan_home
    result = run_cli("--home", home, "log", plan_id[:6], "--done", "--at", NOW_ARG)
    assert result.code == 0, result.err
    assert "for 2026-11-19 19:00" in result.out
    result = run_cli("--home", home, "log", plan_id[:6], "--not-done", "--barrier", "no_time", "--note", "late shift",
                     "--at", NOW_ARG)
    assert "for 2026-11-18 19:00" in result.out and "not done" in result.out

    from workbook.facade.workbook import Workbook

    attempts = Workbook.open(home, clock=lambda: NOW, daily_backup=False).attempts()
    assert [(a.occurrence, a.outcome, [b["code"] for b in a.barriers], a.note) for a in attempts] == [
        ("2026-11-19T19:00:00+00:00", "done", [], ""),
        ("2026-11-18T19:00:00+00:00", "not_done", ["no_time"], "late shift"),
    ]


def test_log_after_every_occurrence_is_logged_counts_as_extra_practice(tmp_path: Path) -> None:
    home = tmp_path / "home"
    plan_id = make_plan_home(home, days_back=0)  # starts today at 19:00
    first = run_cli("--home", home, "log", plan_id[:6], "--done", "--at", NOW_ARG)
    assert "for 2026-11-20 19:00" in first.out  # done early: today's
    second = run_cli("--home", home, "log", plan_id[:6], "--done", "--at", NOW_ARG)
    assert "as an extra practice" in second.out


# -- today ----------------------------------------------------------------------------------

def test_today_prints_short_ids_that_log_accepts(demo_home: Path) -> None:
    result = run_cli("--home", demo_home, "today", "--at", NOW_ARG)
    assert result.code == 0
    assert result.out.startswith("Today, Friday 20 November")
    assert "Next call with Priya" in result.out
    ids = sorted(set(SHORT_ID.findall(result.out)))
    assert len(ids) == 6
    for short in ids:
        logged = run_cli("--home", demo_home, "log", short, "--partly", "--at", NOW_ARG)
        assert logged.code == 0, logged.err
        assert logged.out.startswith("Logged '")


def test_today_on_a_new_home_says_what_to_do(tmp_path: Path) -> None:
    result = run_cli("--home", tmp_path / "new", "today", "--at", NOW_ARG)
    assert result.code == 0
    assert "Nothing planned for today" in result.out and "No plans yet" in result.out


def test_home_from_the_environment(plan_home: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    home, _ = plan_home
    monkeypatch.setenv("WORKBOOK_HOME", str(home))
    result = run_cli("today", "--at", NOW_ARG)
    assert result.code == 0 and "Walk round the park" in result.out


# -- demo -----------------------------------------------------------------------------------

def test_demo_refuses_a_home_that_is_not_empty(demo_home: Path) -> None:
    before = {p: p.read_bytes() for p in (demo_home / "db").rglob("*.json")}
    result = run_cli("--home", demo_home, "demo")
    assert result.code == 1 and "already holds a workbook" in _one_line(result.err)
    assert {p: p.read_bytes() for p in (demo_home / "db").rglob("*.json")} == before


def test_demo_weeks_out_of_range(tmp_path: Path) -> None:
    result = run_cli("--home", tmp_path / "h", "demo", "--weeks", "0")
    assert result.code == 1 and "--weeks" in _one_line(result.err)


def _shape(home: Path) -> dict:
    """Everything in a home except ids and the moment it was written."""
    from workbook.facade.workbook import Workbook

    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    whats = {p.id: p.what for p in workbook.plans()}
    names = {s.id: s.name for s in workbook.supporters()}
    return {
        "plans": [(p.what, p.rrule, p.start_date, p.start_time, [names[s] for s in p.supporter_ids], p.minutes, p.adjustments)
                  for p in workbook.plans()],
        "attempts": [(whats[a.plan_id], a.occurrence, a.logged_at, a.outcome, a.values, a.minutes, a.note, a.barriers,
                      a.supporter_helped) for a in workbook.attempts()],
        "responses": [(r.measure, r.answers, r.total, r.completed_at) for r in workbook.responses()],
        "notes": [(n.call_date, n.agreed) for n in workbook.session_notes()],
        "settings": (workbook.settings().first_name, workbook.settings().next_call),
    }


def test_demo_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        seed = "4" if name == "c" else "3"
        assert run_cli("--home", tmp_path / name, "demo", "--seed", seed, "--weeks", "6", "--at", NOW_ARG).code == 0
    a, b, c = (_shape(tmp_path / name) for name in "abc")
    assert a == b
    assert len(a["attempts"]) > 50
    assert a["attempts"] != c["attempts"]  # the seed matters


def test_demo_prints_what_it_wrote(tmp_path: Path) -> None:
    result = run_cli("--home", tmp_path / "h", "demo", "--weeks", "2", "--at", NOW_ARG)
    assert result.code == 0
    assert re.search(r"6 plans, \d+ attempts, 2 supporters", result.out)


# -- exercises ------------------------------------------------------------------------------



def test_exercises_lists_built_ins_and_the_homes_pack(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "exercises").mkdir(parents=True)
    (home / "exercises" / "mood-check.toml").write_text(MOOD_PACK)
    result = run_cli("--home", home, "exercises")
    assert result.code == 0, result.err
    rows = {line.split()[0]: line for line in result.out.splitlines()[1:]}
    for built_in in ("activity-scheduling", "thought-record", "exposure-practice", "worry-time", "sleep-diary",
                     "breathing-practice", "panic-diary", "problem-solving"):
        assert built_in in rows and rows[built_in].rstrip().endswith("built-in")
    assert "mood-check" in rows and "built-in" not in rows["mood-check"]


def test_exercises_check_names_the_bad_file(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "good.toml").write_text(MOOD_PACK)
    (pack / "broken.toml").write_text(MOOD_PACK.replace('kind = "rating"', 'kind = "slider"'))
    (pack / "not-toml.toml").write_text("id = [unclosed")
    result = run_cli("exercises", "--check", pack)
    assert result.code == 1
    assert "broken.toml" in result.err and "slider" in result.err
    assert "not-toml.toml" in result.err
    assert "1 of 3 exercise files is fine" in result.out

    shutil.rmtree(pack)
    pack.mkdir()
    (pack / "good.toml").write_text(MOOD_PACK)
    assert run_cli("exercises", "--check", pack).code == 0
    result = run_cli("exercises", "--check", tmp_path / "missing")
    assert result.code == 1 and "not a folder" in _one_line(result.err)


def test_a_bad_pack_file_in_the_home_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "exercises").mkdir(parents=True)
    (home / "exercises" / "broken.toml").write_text("title = 3")
    result = run_cli("--home", home, "exercises")
    assert result.code == 0 and "broken.toml" in result.err and "activity-scheduling" in result.out


# -- doctor, backup ---------------------------------------------------------------------------

def test_doctor_on_a_healthy_demo_home(demo_home: Path) -> None:
    result = run_cli("--home", demo_home, "doctor")
    assert result.code == 0, result.out
    assert "PROBLEM" not in result.out


def test_doctor_where_there_is_no_home_yet(tmp_path: Path) -> None:
    result = run_cli("--home", tmp_path / "nothing-here", "doctor")
    assert result.code == 0 and "no workbook yet" in result.out
    assert not (tmp_path / "nothing-here").exists()  # looking does not create it


def test_backup_list_and_a_new_backup(demo_home: Path) -> None:
    result = run_cli("--home", demo_home, "backup")
    assert result.code == 0 and result.out.startswith("Backup made: ")
    made = Path(result.out.split(": ", 1)[1].strip())
    manifest = json.loads((made / "manifest.json").read_text())
    assert manifest["label"] == "manual" and "core.json" in manifest["files"]
    listing = run_cli("--home", demo_home, "backup", "--list")
    assert made.name in listing.out and "-daily" in listing.out


def test_backup_of_an_empty_home(tmp_path: Path) -> None:
    result = run_cli("--home", tmp_path / "new", "backup")
    assert result.code == 0 and "Nothing to back up yet" in result.out


# -- real processes -------------------------------------------------------------------------

def test_python_dash_m_workbook(plan_home: tuple[Path, str], clean_env: dict[str, str], tmp_path: Path) -> None:
    home, plan_id = plan_home
    assert run_module("--version", env=clean_env, cwd=tmp_path).out.strip() == f"workbook {__version__}"
    result = run_module("--home", home, "log", plan_id[:6], "--done", "--at", NOW_ARG, env=clean_env, cwd=tmp_path)
    assert result.code == 0 and "for 2026-11-19 19:00" in result.out
    result = run_module("--home", home, "log", "ffffff", "--done", env=clean_env, cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.err
    result = run_module("--home", home, "log", plan_id[:6], env=clean_env, cwd=tmp_path)
    assert result.code == 2


def test_console_script(tmp_path: Path, clean_env: dict[str, str]) -> None:
    import subprocess

    script = shutil.which("workbook", path=clean_env.get("PATH"))
    if script is None:
        pytest.skip("the `workbook` console script is not on PATH (pip install -e . puts it there)")
    proc = subprocess.run([script, "--home", tmp_path / "h", "today", "--at", NOW_ARG], capture_output=True, text=True,
                          env=clean_env, cwd=tmp_path, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("Today, Friday 20 November"), proc.stderr


def test_demo_ids_are_the_same_every_time_so_the_readme_tour_works(tmp_path: Path) -> None:
    """The README's quick tour logs plan 7ebf06: the seed-1 demo's evening walk."""
    from workbook.facade.workbook import Workbook
    from workbook.outputs.demo import make_demo

    make_demo(tmp_path / "a", weeks=3, seed=1, now=NOW)
    walk = Workbook.open(tmp_path / "a", clock=lambda: NOW, daily_backup=False).plan("7ebf06")
    assert walk.what == "Walk round the park after tea"
    make_demo(tmp_path / "b", weeks=3, seed=2, now=NOW)
    assert "7ebf06" not in {p.id[:6] for p in Workbook.open(tmp_path / "b", clock=lambda: NOW, daily_backup=False).plans()}
