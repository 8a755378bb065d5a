"""The practitioners' guided form: fill it in by keys and buttons, and the file it writes is the pack."""

from __future__ import annotations

from datetime import date, datetime, time

from harness import NOW

from screens.session_pack_form import SessionPackFormApp
from workbook.content.library import ExerciseLibrary
from workbook.planning.session_pack import read_session_pack


async def test_the_form_writes_the_pack_it_was_given(tmp_path):
    out = tmp_path / "session.toml"
    app = SessionPackFormApp(out=str(out), clock=lambda: NOW, exercises=ExerciseLibrary.load(None), blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.query_one("#practitioner").value = "Alex Morgan"
        app.query_one("#session_date").value = "2026-11-30"
        app.query_one("#next_day").value = "2026-12-14"
        app.query_one("#next_time").value = "10:00"
        app.query_one("#questionnaires").select("phq9")
        app.query_one("#exercise").value = "activity-scheduling"
        for name, value in (("key", "walk"), ("what", "Walk round the park"), ("time", "18:30"),
                            ("repeat", "weekdays"), ("minutes", "20"), ("rationale", "It lifts your mood")):
            app.query_one(f"#plan-{name}").value = value
        app.query_one("#add-plan").press()
        await pilot.pause()
        await pilot.pause()
        assert app.plans, [n.message for n in app._notifications]
        assert app.query_one("#plan-key").value == ""  # added, and the plan's boxes are clear
        app.query_one("#exercise").value = "panic-diary"
        app.query_one("#kind").value = "as_needed"
        app.query_one("#plan-key").value = "panic"
        app.query_one("#plan-what").value = "Note a panic attack"
        app.query_one("#plan-time").value = "09:00"  # a when-it-happens record takes no time: refused, not added
        app.query_one("#add-plan").press()
        await pilot.pause()
        await pilot.pause()
        assert len(app.plans) == 1
        app.query_one("#plan-time").value = ""
        app.query_one("#add-plan").press()
        await pilot.pause()
        app.query_one("#answer-question").value = "Is it OK to skip a day?"
        app.query_one("#answer-text").value = "Yes."
        app.query_one("#add-answer").press()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.written == out and out.stat().st_mode & 0o777 == 0o600
    pack = read_session_pack(out)
    assert pack.practitioner == "Alex Morgan" and pack.session_date == date(2026, 11, 30)
    assert pack.next_call == datetime(2026, 12, 14, 10, 0) and pack.questionnaires == ("phq9",)
    assert [p.key for p in pack.plans] == ["walk", "panic"]
    assert pack.plan("walk").time == time(18, 30) and pack.plan("walk").minutes == 20
    assert pack.plan("panic").kind == "as_needed" and pack.answers[0].answer == "Yes."


def test_the_console_script_hands_the_form_to_the_command():
    from screens import launch
    from workbook.cli import cmd_session_pack

    cmd_session_pack.OPEN_FORM.clear()
    assert launch.run(["session-pack", "--check", "/nonexistent/session.toml"]) == 1
    assert cmd_session_pack.OPEN_FORM == [launch.open_pack_form]


def test_the_form_snapshot(snap_compare, tmp_path):
    app = SessionPackFormApp(out="session.toml", clock=lambda: NOW, exercises=ExerciseLibrary.load(None), blink=False)
    assert snap_compare(app, terminal_size=(80, 24))
