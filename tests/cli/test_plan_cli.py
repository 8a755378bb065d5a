"""`workbook plan ...` and `workbook log --for`: plans set up and changed without the full-screen app."""

from __future__ import annotations

from helpers import NOW, NOW_ARG, run_cli

from workbook.facade import Workbook


def _plan_id(home, words: str) -> str:
    listing = run_cli("--home", home, "plan", "list", "--all", "--at", NOW_ARG).out
    return next(line.split()[0] for line in listing.splitlines() if words in line)


def test_add_one_plan_of_each_kind_with_the_forms_notes(demo_home) -> None:
    made = run_cli("--home", demo_home, "plan", "add", "panic-diary", "--what", "Note an attack when it comes",
                   "--aim", "3", "--at", NOW_ARG)
    assert made.code == 0 and "when it happens, about 3 a week" in made.out, made.err
    diary = run_cli("--home", demo_home, "plan", "add", "sleep-diary", "--what", "Sleep diary", "--time", "07:45",
                    "--at", NOW_ARG)
    assert "a daily diary, every day at 07:45" in diary.out and "Where will you do this?" in diary.out
    vague = run_cli("--home", demo_home, "plan", "add", "activity-scheduling", "--what", "try to walk more",
                    "--at", NOW_ARG)
    assert vague.code == 0 and "doesn't have a time yet" in vague.out and "try to" in vague.out
    refused = run_cli("--home", demo_home, "plan", "add", "sleep-diary", "--what", "x", "--kind", "as_needed",
                      "--at", NOW_ARG)
    assert refused.code == 1 and refused.err.startswith("workbook: Sleep diary is planned as a daily diary (--kind daily_diary)")
    kinds = {p.what: p.kind for p in Workbook.open(demo_home, clock=lambda: NOW, daily_backup=False).plans()}
    assert kinds["Note an attack when it comes"] == "as_needed" and kinds["Sleep diary"] == "daily_diary"


def test_edit_pause_resume_end_and_undo(demo_home) -> None:
    walk = _plan_id(demo_home, "Walk round the park")
    edit = run_cli("--home", demo_home, "plan", "edit", walk, "--time", "19:00", "--routine", "I have dinner",
                   "--at", NOW_ARG)
    assert edit.code == 0 and "weekdays at 19:00, after I have dinner" in edit.out
    assert run_cli("--home", demo_home, "plan", "pause", walk, "--at", NOW_ARG).out.endswith("nothing is due until you resume it.\n")
    assert "[paused]" in run_cli("--home", demo_home, "plan", "list", "--at", NOW_ARG).out
    assert run_cli("--home", demo_home, "plan", "undo", walk, "--at", NOW_ARG).code == 0  # the pause
    undone = run_cli("--home", demo_home, "plan", "undo", walk, "--at", NOW_ARG)
    assert "weekdays at 18:30" in undone.out
    assert run_cli("--home", demo_home, "plan", "end", walk, "--at", NOW_ARG).code == 0
    assert walk not in run_cli("--home", demo_home, "plan", "list", "--at", NOW_ARG).out
    nothing = run_cli("--home", demo_home, "plan", "edit", walk, "--at", NOW_ARG)
    assert nothing.code == 1 and "say what to change" in nothing.err


def test_log_for_yesterday_and_an_entry_without_an_outcome(demo_home) -> None:
    walk = _plan_id(demo_home, "Walk round the park")
    logged = run_cli("--home", demo_home, "log", walk, "--done", "--for", "yesterday 18:30", "--at", NOW_ARG)
    assert logged.code == 0 and "for 2026-11-19 18:30" in logged.out, logged.err
    run_cli("--home", demo_home, "plan", "add", "worry-diary", "--what", "Note a worry", "--at", NOW_ARG)
    worry = _plan_id(demo_home, "Note a worry")
    noted = run_cli("--home", demo_home, "log", worry, "--at", NOW_ARG)
    assert noted.code == 0 and "Thanks for noting this" in noted.out and "Well done" not in noted.out
    missing = run_cli("--home", demo_home, "log", walk, "--at", NOW_ARG)
    assert missing.code == 2 and "--done, --partly or --not-done" in missing.err
    bad = run_cli("--home", demo_home, "log", walk, "--done", "--for", "soon", "--at", NOW_ARG)
    assert bad.code == 1 and bad.err.startswith("workbook: --for 'soon'")


def test_help_shows_an_example_for_each_kind() -> None:
    out = run_cli("plan", "add", "--help").out
    assert "at a set time:" in out and "when it happens:" in out and "a daily diary:" in out


def _stored(home) -> dict[str, object]:
    return {p.what: p for p in Workbook.open(home, clock=lambda: NOW, daily_backup=False).plans(include_ended=True)}


def test_a_time_and_repeat_plan_an_exercise_at_a_set_time_when_it_offers_one(tmp_path) -> None:
    made = run_cli("--home", tmp_path, "plan", "add", "thought-record", "--what", "Look at the evidence",
                   "--time", "20:00", "--repeat", "mon,thu", "--at", NOW_ARG)
    assert made.code == 0 and "Mon, Thu at 20:00 (Thought record)" in made.out, made.err
    plan = _stored(tmp_path)["Look at the evidence"]
    assert (plan.kind, plan.rrule, f"{plan.start_time:%H:%M}") == ("set_time", "FREQ=WEEKLY;BYDAY=MO,TH", "20:00")
    plain = run_cli("--home", tmp_path, "plan", "add", "thought-record", "--what", "When mood drops", "--at", NOW_ARG)
    assert plain.code == 0 and _stored(tmp_path)["When mood drops"].kind == "as_needed"
    plain_id = _plan_id(tmp_path, "When mood drops")
    edited = run_cli("--home", tmp_path, "plan", "edit", plain_id, "--time", "21:00", "--at", NOW_ARG)
    assert edited.code == 0 and "at 21:00" in edited.out, edited.err
    assert _stored(tmp_path)["When mood drops"].kind == "set_time"


def test_a_time_an_exercise_cannot_take_is_refused_in_one_line_and_nothing_is_saved(tmp_path) -> None:
    panic = run_cli("--home", tmp_path, "plan", "add", "panic-diary", "--what", "Note an attack",
                    "--time", "20:00", "--at", NOW_ARG)
    assert panic.code == 1 and panic.err.count("\n") == 1, panic.err
    assert "Panic diary can only be planned when it happens (--kind as_needed)" in panic.err and "--time" in panic.err
    asked = run_cli("--home", tmp_path, "plan", "add", "thought-record", "--what", "Evidence", "--kind", "as_needed",
                    "--repeat", "daily", "--at", NOW_ARG)
    assert asked.code == 1 and "at a set time (--kind set_time)" in asked.err, asked.err
    assert _stored(tmp_path) == {}
    run_cli("--home", tmp_path, "plan", "add", "panic-diary", "--what", "Note an attack", "--aim", "2", "--at", NOW_ARG)
    before = _stored(tmp_path)["Note an attack"]
    edit = run_cli("--home", tmp_path, "plan", "edit", _plan_id(tmp_path, "Note an attack"), "--repeat", "daily",
                   "--at", NOW_ARG)
    assert edit.code == 1 and "Panic diary can only be planned when it happens" in edit.err
    assert _stored(tmp_path)["Note an attack"] == before
