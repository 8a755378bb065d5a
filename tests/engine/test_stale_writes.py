"""Nothing saved in one process is reverted by another: real processes on one home.

One process holds a copy of a record (as an open form does) while another process
changes it (`workbook research on`, a pause, an edit). Saving the stale copy must
raise StaleRecordError carrying the newer version and change nothing; settings are
saved field by field; two windows keep each other's drafts; and a draft left by a
kill just after a save cannot log the same attempt twice.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from workbook.core.model import Plan, Question, SessionNote, Supporter
from workbook.core.records import StaleRecordError
from workbook.facade.workbook import Workbook
from workbook.storage.drafts import DRAFTS_FILE, DraftStore

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
ZONE = "Europe/London"


def open_at(home: Path, moment: datetime = T0) -> Workbook:
    return Workbook.open(home, clock=lambda: moment, daily_backup=False)


def run_python(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`code` in a new Python process (this checkout first on its path); args in sys.argv[1:]."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=ROOT)


def start_python(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


OTHER = """
    import sys
    from datetime import datetime, timezone
    from workbook.facade.workbook import Workbook
    home, later = sys.argv[1], datetime.fromisoformat(sys.argv[2])
    workbook = Workbook.open(home, clock=lambda: later, daily_backup=False)
"""


def in_other_process(home: Path, body: str, moment: datetime) -> str:
    """Run `body` (with `workbook` open on `home` at `moment`) in another process; its stdout."""
    done = run_python(textwrap.dedent(OTHER) + textwrap.dedent(body), str(home), moment.isoformat())
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def home(tmp_path: Path) -> Path:
    workbook = open_at(tmp_path / "home")
    workbook.update_settings(zone=ZONE, first_name="Sam")
    workbook.add_plan(Plan(exercise_id="activity-scheduling", what="Walk round the park", start_date=date(2026, 11, 23),
                           start_time=time(19, 0), zone=ZONE, rrule="FREQ=DAILY", reminder_lead_minutes=15))
    return tmp_path / "home"


def only_plan(workbook: Workbook) -> Plan:
    [plan] = workbook.plans()
    return plan


# -- plans -----------------------------------------------------------------------------------


def test_a_stale_plan_edit_never_resumes_a_plan_another_process_paused(home: Path) -> None:
    mine = open_at(home, T0 + timedelta(minutes=5))
    form = only_plan(mine)  # the Plan form opens: its copy is active
    paused = run_python("import sys; from workbook.cli import main; sys.exit(main(sys.argv[1:]))",
                        "--home", str(home), "plan", "pause", form.id[:8], "--at", "2026-11-30T09:01:00+00:00")
    assert paused.returncode == 0, paused.stderr
    with pytest.raises(StaleRecordError) as raised:
        mine.update_plan(form.changed(what="Walk to the shop", status="active"), base=form)
    assert raised.value.newer.status == "paused" and raised.value.newer.what == "Walk round the park"
    with pytest.raises(StaleRecordError):  # without a base, the copy's own version is checked
        mine.update_plan(form.changed(what="Walk to the shop"))
    stored = only_plan(open_at(home))
    assert (stored.status, stored.what) == ("paused", "Walk round the park")
    assert [p.resumed_at for p in mine.pauses(stored.id)] == [None]  # the pause is still open
    # On top of the newer version (as the form's "Keep my changes" does), the edit goes in and the pause stays.
    newer = raised.value.newer
    saved = mine.update_plan(newer.changed(what="Walk to the shop"), base=newer)
    assert (saved.status, saved.what) == ("paused", "Walk to the shop")


def test_a_stale_pause_button_never_un_ends_a_plan(home: Path) -> None:
    mine = open_at(home, T0 + timedelta(minutes=5))
    form = only_plan(mine)
    in_other_process(home, """
        [plan] = workbook.plans()
        workbook.set_plan_status(plan.id, "ended")
    """, T0 + timedelta(minutes=1))
    with pytest.raises(StaleRecordError) as raised:
        mine.set_plan_status(form.id, "paused", base=form)
    assert raised.value.newer.status == "ended"
    assert only_plan(open_at(home)).status == "ended"


def test_two_processes_saving_one_plan_at_once_one_wins_and_the_other_is_told(home: Path) -> None:
    """Both read the plan before either saves (a barrier in files): the check is made under the lock."""
    race = """
        import os, sys, time
        from datetime import datetime, timedelta
        from workbook.core.records import StaleRecordError
        from workbook.facade.workbook import Workbook
        home, me, at = sys.argv[1], sys.argv[2], datetime.fromisoformat(sys.argv[3])
        workbook = Workbook.open(home, clock=lambda: at, daily_backup=False)
        [plan] = workbook.plans()
        open(os.path.join(home, "ready-" + me), "w").close()
        while not os.path.exists(os.path.join(home, "go")):
            time.sleep(0.005)
        try:
            workbook.update_plan(plan.changed(where="the park " + me), base=plan)
            print("saved")
        except StaleRecordError as exc:
            print("stale", exc.newer.where)
    """
    runners = [start_python(race, str(home), me, (T0 + timedelta(minutes=i + 1)).isoformat())
               for i, me in enumerate("ab")]
    try:
        deadline = datetime.now() + timedelta(seconds=60)
        while not all((home / f"ready-{me}").exists() for me in "ab"):
            assert datetime.now() < deadline and all(r.poll() is None for r in runners), "a runner did not start"
        (home / "go").touch()
        outputs = [r.communicate(timeout=60)[0].split() for r in runners]
    finally:
        for r in runners:
            if r.poll() is None:
                r.kill()
    assert sorted(out[0] for out in outputs) == ["saved", "stale"]
    winner = "ab"[[out[0] for out in outputs].index("saved")]
    loser = next(out for out in outputs if out[0] == "stale")
    assert loser[1:] == ["the", "park", winner]  # told about the newer version, with the winner's words
    assert only_plan(open_at(home)).where == f"the park {winner}"


# -- settings, field by field ----------------------------------------------------------------


def test_research_on_from_the_command_line_survives_saving_settings_elsewhere(home: Path) -> None:
    mine = open_at(home, T0 + timedelta(minutes=5))
    opened = mine.settings()  # a Settings form opens: research is off
    assert not opened.research_mode
    done = run_python("from workbook.cli import main; import sys; sys.exit(main(sys.argv[1:]))",
                      "--home", str(home), "research", "on", "--participant", "P-017")
    assert done.returncode == 0, done.stderr
    saved = mine.update_settings(first_name="Alex", quiet_start=time(22, 0), quiet_end=time(7, 0))
    stored = open_at(home).settings()
    assert (stored.research_mode, stored.participant_id) == (True, "P-017")
    assert (stored.first_name, stored.quiet_start) == ("Alex", time(22, 0)) == (saved.first_name, saved.quiet_start)
    # The research period began with the command; this save did not end it.
    assert [e.kind for e in open_at(home).events()] == ["research_on"]


def test_a_settings_save_in_another_process_keeps_research_mode(home: Path) -> None:
    mine = open_at(home, T0 + timedelta(minutes=5))
    mine.update_settings(research_mode=True, participant_id="P-1")
    in_other_process(home, "workbook.update_settings(discreet=True)", T0 + timedelta(minutes=6))
    mine.update_settings(theme="high-contrast")  # the colours change while the other window saved discreet
    stored = open_at(home).settings()
    assert (stored.research_mode, stored.discreet, stored.theme) == (True, True, "high-contrast")


# -- supporters, session notes, questions ----------------------------------------------------


def test_a_stale_supporter_copy_is_refused_with_the_newer_version(home: Path) -> None:
    mine = open_at(home, T0 + timedelta(minutes=5))
    jo = mine.save_supporter(Supporter(name="Jo", relationship="sister", how=["remind"]))
    form = next(s for s in mine.supporters() if s.id == jo.id)
    in_other_process(home, f"""
        from workbook.core.model import Supporter
        jo = next(s for s in workbook.supporters() if s.id == {jo.id!r})
        workbook.save_supporter(jo.changed(contact="07700 900123"), base=jo)
    """, T0 + timedelta(minutes=6))
    with pytest.raises(StaleRecordError) as raised:
        mine.save_supporter(form.changed(relationship="big sister"), base=form)
    assert raised.value.newer.contact == "07700 900123"
    [stored] = open_at(home).supporters()
    assert (stored.relationship, stored.contact) == ("sister", "07700 900123")


def test_stale_session_notes_and_questions_are_refused(home: Path) -> None:
    mine = open_at(home, T0 + timedelta(minutes=5))
    note = mine.save_session_note(SessionNote(call_date=date(2026, 11, 27), agreed="Keep walking"))
    question = mine.save_question("Is it fine to walk in the evening?")
    in_other_process(home, f"""
        [note] = workbook.session_notes()
        workbook.save_session_note(note.changed(agreed="Keep walking, and add a stretch"), base=note)
        workbook.mark_question_asked({question.id!r})
    """, T0 + timedelta(minutes=7))
    with pytest.raises(StaleRecordError) as raised:
        mine.save_session_note(note.changed(agreed="Walk twice a week"), base=note)
    assert raised.value.newer.agreed == "Keep walking, and add a stretch"
    with pytest.raises(StaleRecordError):
        mine.save_session_note(note.changed(agreed="Walk twice a week"))
    with pytest.raises(StaleRecordError) as asked:
        mine.mark_question_asked(question.id, asked=False, base=question)
    assert isinstance(asked.value.newer, Question) and asked.value.newer.asked
    fresh = open_at(home)
    assert [n.agreed for n in fresh.session_notes()] == ["Keep walking, and add a stretch"]
    assert [q.asked for q in fresh.questions()] == [True]


# -- drafts of two windows -------------------------------------------------------------------


DRAFT_WINDOW = """
    import os, sys, time
    from datetime import datetime, timezone
    from workbook.storage.drafts import DraftStore
    home, key = sys.argv[1], sys.argv[2]
    drafts = DraftStore(home, lambda: datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc))
    open(os.path.join(home, "ready-" + key), "w").close()
    while not os.path.exists(os.path.join(home, "go")):
        time.sleep(0.005)
    for n in range(20):  # typing: each pause writes the draft
        drafts[key] = {"what": key + " " + "x" * n}
        drafts.save()
    drafts["gone-" + key] = {"what": "typed, then emptied"}
    drafts.save()
    del drafts["gone-" + key]
    drafts.save()
"""


def test_two_windows_typing_at_once_keep_each_others_drafts(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    DraftStore(home, lambda: T0)  # an empty drafts file to begin with
    earlier = DraftStore(home, lambda: T0)
    earlier["plan:kept"] = {"what": "from yesterday"}
    earlier.save()
    windows = [start_python(DRAFT_WINDOW, str(home), key) for key in ("log:a", "log:b")]
    try:
        deadline = datetime.now() + timedelta(seconds=60)
        while not all((home / f"ready-{key}").exists() for key in ("log:a", "log:b")):
            assert datetime.now() < deadline and all(w.poll() is None for w in windows), "a window did not start"
        (home / "go").touch()
        for window in windows:
            _, err = window.communicate(timeout=60)
            assert window.returncode == 0, err
    finally:
        for window in windows:
            if window.poll() is None:
                window.kill()
    on_disk = json.loads((home / DRAFTS_FILE).read_text(encoding="utf-8"))
    assert on_disk == {"plan:kept": {"what": "from yesterday"}, "log:a": {"what": "log:a " + "x" * 19},
                       "log:b": {"what": "log:b " + "x" * 19}}


def test_a_window_saving_its_form_removes_only_its_own_draft(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    one, two = DraftStore(home, lambda: T0), DraftStore(home, lambda: T0)  # two windows open
    one["plan:x"] = {"what": "one's words"}
    one.save()
    two["log:y"] = {"note": "two's words"}
    two.save()  # written over the file as `one` left it
    assert one["log:y"] == {"note": "two's words"}  # each window sees the other's drafts
    one.pop("plan:x")
    one.save()  # its form was saved
    assert json.loads((home / DRAFTS_FILE).read_text(encoding="utf-8")) == {"log:y": {"note": "two's words"}}


# -- a kill just after a save ----------------------------------------------------------------


KILLED_AFTER_SAVE = """
    import os, signal, sys
    from datetime import datetime
    from workbook.facade.workbook import Workbook
    from workbook.storage.drafts import DraftStore
    home, at, key, attempt_id = sys.argv[1], datetime.fromisoformat(sys.argv[2]), sys.argv[3], sys.argv[4]
    workbook = Workbook.open(home, clock=lambda: at, daily_backup=False)
    [plan] = workbook.plans()
    drafts = DraftStore(home, lambda: at)
    drafts[key] = {"outcome-partly": True, "note": "Round the block", "_attempt_id": attempt_id,
                   "_opened_at": sys.argv[2]}
    drafts.save()  # typing paused: the draft is on disk
    workbook.log_attempt(plan.id, "partly", note="Round the block", attempt_id=attempt_id, opened_at=at, now=at)
    os.kill(os.getpid(), signal.SIGKILL)  # killed before the draft is cleared
"""


def test_a_draft_left_by_a_kill_after_saving_cannot_log_the_attempt_twice(home: Path) -> None:
    from workbook.core.records import new_id

    at = T0 + timedelta(hours=10)  # 19:00 in London
    attempt_id = new_id()
    killed = run_python(KILLED_AFTER_SAVE, str(home), at.isoformat(), "plan@x", attempt_id)
    assert killed.returncode == -signal.SIGKILL
    left = DraftStore(home, lambda: at)["plan@x"]  # the draft outlived the save it belongs to
    assert left["_attempt_id"] == attempt_id
    mine = open_at(home, at + timedelta(minutes=3))
    [saved] = mine.attempts()
    again = mine.log_attempt(saved.plan_id, "partly", note="Round the block", attempt_id=left["_attempt_id"],
                             opened_at=datetime.fromisoformat(left["_opened_at"]))
    assert again == saved
    assert [a.id for a in mine.attempts()] == [attempt_id]  # one attempt, not two
    assert mine.saved_attempt(attempt_id, at) == saved
    # Days later (the draft restored after a long break), still found, still one.
    later = open_at(home, at + timedelta(days=40))
    later.log_attempt(saved.plan_id, "partly", attempt_id=attempt_id, opened_at=at)
    assert len(later.attempts()) == 1
