"""The session pack through the real `workbook` command, in subprocesses: write, check, import, decide."""

from __future__ import annotations

import tomllib

from helpers import NOW_ARG, db_files, run_module
from session_pack_sample import SAMPLE, write_sample

from workbook.core.model import Settings
from workbook.facade import SETTINGS_ID, Workbook
from workbook.planning.session_pack import read_session_pack

NEW = ["session-pack", "new", "--at", NOW_ARG, "--practitioner", "Alex Morgan", "--date", "2026-11-19",
       "--notes", "We looked at evenings.", "--next-call", "2026-12-03 10:00", "--questionnaires", "phq9,gad7",
       "--plan", "walk", "activity-scheduling", "--what", "Walk round the park", "--time", "18:30",
       "--repeat", "weekdays", "--where", "the park", "--minutes", "20", "--rationale", "Moving lifts your mood.",
       "--if", "it rains", "--then", "walk indoors",
       "--plan", "panic", "panic-diary", "--what", "Note a panic attack", "--kind", "as_needed", "--aim", "2",
       "--answer", "Is it OK to skip a day?", "Yes, just pick it up again."]


def _home(tmp_path, clean_env):
    home = tmp_path / "home"
    from helpers import NOW

    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    with workbook.store.transaction(NOW) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", welcome_done=True))
    return home


def test_new_writes_an_owner_only_pack_that_checks_and_reads_back(tmp_path, clean_env):
    out = tmp_path / "session.toml"
    result = run_module(*NEW, "--out", out, env=clean_env)
    assert result.code == 0, result.err
    assert "Session pack written to" in result.out
    assert out.stat().st_mode & 0o777 == 0o600
    pack = read_session_pack(out)
    assert pack.practitioner == "Alex Morgan" and [p.key for p in pack.plans] == ["walk", "panic"]
    assert pack.plan("walk").minutes == 20 and pack.plan("panic").aim_per_week == 2
    assert tomllib.loads(out.read_text())["format"] == "workbook-session-pack"
    check = run_module("session-pack", "--check", out, env=clean_env)
    assert check.code == 0 and check.out.startswith(f"ok: {out}: from Alex Morgan")


def test_check_names_the_field_in_one_line(tmp_path, clean_env):
    bad = write_sample(tmp_path, SAMPLE.replace("minutes = 20", "minutes = 2000"))
    result = run_module("session-pack", "--check", bad, env=clean_env)
    assert result.code == 1 and result.out == ""
    assert result.err == 'workbook: session.toml: plan "walk": minutes: must be from 1 to 600 (it is 2000)\n'
    unknown = write_sample(tmp_path, SAMPLE.replace('"worry-time"', '"yoga"'))
    result = run_module("session-pack", "--check", unknown, env=clean_env)
    assert result.code == 1 and 'plan "worry": exercise: there is no exercise called "yoga"' in result.err
    assert "Traceback" not in result.err and result.err.count("\n") == 1


def test_new_refuses_a_plan_flag_before_any_plan(tmp_path, clean_env):
    result = run_module("session-pack", "new", "--out", tmp_path / "x.toml", "--what", "Walk", env=clean_env)
    assert result.code == 2 and "--what: belongs to a plan" in result.err and not (tmp_path / "x.toml").exists()


def test_import_then_decide_from_the_command_line(tmp_path, clean_env):
    home = _home(tmp_path, clean_env)
    path = write_sample(tmp_path)
    first = run_module("--home", home, "import", path, "--at", NOW_ARG, env=clean_env)
    assert first.code == 0, first.err
    assert "Imported the session pack from Alex Morgan (session of Thu 19 Nov)." in first.out
    assert "  walk   Walk round the park: weekdays at 18:30" in first.out
    assert "Why (Alex Morgan): Getting moving after work" in first.out
    assert "asked you to fill in PHQ-9 and GAD-7 before your call on Thu 3 Dec" in first.out
    before = {p: p.read_bytes() for p in db_files(home)}
    again = run_module("--home", home, "import", path, "--at", NOW_ARG, env=clean_env)
    assert again.code == 0 and "imported already; nothing changed" in again.out
    assert {p: p.read_bytes() for p in db_files(home)} == before
    decided = run_module("--home", home, "import", path, "--at", NOW_ARG, "--accept", "walk",
                         "--decline", "worry", "--reason", "Evenings are for my kids", env=clean_env)
    assert decided.code == 0, decided.err
    assert "Added to your plans: Walk round the park" in decided.out
    assert "  panic" in decided.out and "  worry" not in decided.out
    workbook = Workbook.open(home, clock=lambda: __import__("helpers").NOW, daily_backup=False)
    [plan] = workbook.plans()
    assert plan.agreed_with == "Alex Morgan" and plan.agreed_in_session
    today = run_module("--home", home, "today", "--at", NOW_ARG, env=clean_env)
    assert "agreed with Alex Morgan on Thu 19 Nov" in today.out
    listed = run_module("--home", home, "plan", "list", "--at", NOW_ARG, env=clean_env)
    assert "agreed with Alex Morgan on Thu 19 Nov" in listed.out
    [declined] = workbook.declined_suggestions(since=plan.agreed_on)
    assert declined.reason == "Evenings are for my kids"


def test_a_bad_pack_is_refused_whole_and_changes_nothing(tmp_path, clean_env):
    home = _home(tmp_path, clean_env)
    before = {p: p.read_bytes() for p in db_files(home)}
    bad = write_sample(tmp_path, SAMPLE.replace('"panic-diary"', '"no-such-thing"'))
    result = run_module("--home", home, "import", bad, "--at", NOW_ARG, env=clean_env)
    assert result.code == 1 and result.err.startswith('workbook: session.toml: plan "panic": exercise:')
    assert result.err.count("\n") == 1
    broken = write_sample(tmp_path, "format = \n", "broken.toml")
    result = run_module("--home", home, "import", broken, "--at", NOW_ARG, env=clean_env)
    assert result.code == 1 and result.err.startswith("workbook: broken.toml: is not a TOML file Workbook can read")
    no_reason = run_module("--home", home, "import", write_sample(tmp_path), "--decline", "walk", env=clean_env)
    assert no_reason.code == 2 and "needs --reason" in no_reason.err
    assert {p: p.read_bytes() for p in db_files(home)} == before


def test_decide_later_without_the_file(tmp_path, clean_env):
    home = _home(tmp_path, clean_env)
    none_yet = run_module("--home", home, "import", "--at", NOW_ARG, env=clean_env)
    assert none_yet.code == 1 and "No session pack is imported yet" in none_yet.err
    path = write_sample(tmp_path)
    assert run_module("--home", home, "import", path, "--at", NOW_ARG, env=clean_env).code == 0
    path.unlink()  # the patient may not keep the file
    listed = run_module("--home", home, "import", "--at", NOW_ARG, env=clean_env)
    assert listed.code == 0 and "  worry  Worry time at the kitchen table" in listed.out
    today = run_module("--home", home, "today", "--at", NOW_ARG, env=clean_env)
    assert "Alex Morgan suggested plans for you to look at: 3 to decide ('workbook import' lists them)." in today.out
    assert "asked you to fill in PHQ-9 and GAD-7 before your call on Thu 3 Dec" in today.out
    decided = run_module("--home", home, "import", "--at", NOW_ARG, "--accept", "worry", "--decline", "walk",
                         "--reason", "Too much on weekdays", env=clean_env)
    assert decided.code == 0, decided.err
    assert "Added to your plans: Worry time" in decided.out and "  panic" in decided.out
    unknown = run_module("--home", home, "import", "--at", NOW_ARG, "--accept", "yoga", env=clean_env)
    assert unknown.code == 1 and "No suggested plan has the key 'yoga'" in unknown.err
    workbook = Workbook.open(home, clock=lambda: __import__("helpers").NOW, daily_backup=False)
    assert [p.what for p in workbook.plans()] == ["Worry time at the kitchen table"]
    assert [d.reason for d in workbook.declined_suggestions(since=workbook.plans()[0].agreed_on)] == [
        "Too much on weekdays"]
