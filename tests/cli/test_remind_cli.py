"""`workbook remind` as a real command, in real subprocesses, on a demo home.

Delivery goes to a small notification server of our own on a private D-Bus
session bus (`fake_notify_server.py`), which logs every Notify call, so we can
count exactly what was shown. (`test_notify_real.py` does the same against dunst.)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from desktop_session import Session, missing

from workbook.storage import layout
from workbook.storage.store import Store

AT = "2026-11-20T18:20:00"  # Friday; the demo's walk is at 18:30 with a 15-minute lead


def records(home: Path) -> list[dict]:
    rows = []
    folder = layout.db_dir(home) / "reminders"
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        rows += json.loads(path.read_text())["reminders"].values()
    return rows


def remind(home: Path, env: dict[str, str], *extra: str, at: str = AT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbook", "--home", str(home), "remind", "--once", "-v", "--at", at, *extra],
                          env=env, capture_output=True, text=True, timeout=60)


def shown(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


@pytest.fixture
def bus(tmp_path: Path):
    if missing("dbus-daemon"):
        pytest.skip("dbus-daemon is not installed (CI installs it: apt-get install dbus)")
    session = Session()
    try:
        session.start_bus()
        yield session
    finally:
        session.close()


def test_remind_once_sends_records_and_a_second_run_sends_nothing(demo_home: Path, bus: Session, tmp_path: Path) -> None:
    log = tmp_path / "shown.jsonl"
    bus.start_fake_server(log)
    first = remind(demo_home, bus.env())
    assert first.returncode == 0, first.stderr
    assert "Reminder shown (dbus): 18:30: Walk round the park after tea." in first.stdout
    assert [n["body"] for n in shown(log)] == [
        "18:30: Walk round the park after tea. If it's raining, then I'll do the 10-minute stretch video indoors."
    ]
    rows = records(demo_home)
    assert [(r["kind"], r["delivered"], r["channel"], r["occurrence"]) for r in rows] == [
        ("reminder", True, "dbus", "2026-11-20T18:30:00+00:00")
    ]
    second = remind(demo_home, bus.env())
    assert second.returncode == 0 and "Nothing is due right now." in second.stdout
    assert len(shown(log)) == 1 and len(records(demo_home)) == 1
    last_run = json.loads((demo_home / "remind-last-run").read_text())
    assert last_run["at"] == "2026-11-20T18:20:00+00:00"
    assert oct((demo_home / "remind-last-run").stat().st_mode & 0o777) == "0o600"


def test_a_reminder_sent_over_dbus_never_loads_plyer_without_dbus_python(demo_home: Path, bus: Session,
                                                                          tmp_path: Path) -> None:
    """plyer confirms nothing on Linux without dbus-python, so a timer's pass does not pay to load it."""
    from importlib.util import find_spec

    if find_spec("dbus") is not None:
        pytest.skip("dbus-python is installed: plyer is then the first path tried")
    log = tmp_path / "shown.jsonl"
    bus.start_fake_server(log)
    code = ("import sys, json\n"
            "from workbook.cli import main\n"
            f"code = main(['--home', {str(demo_home)!r}, 'remind', '--once', '--at', {AT!r}])\n"
            "print(json.dumps({'code': code, 'plyer': 'plyer' in sys.modules}))\n")
    done = subprocess.run([sys.executable, "-c", code], env=bus.env(), capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"code": 0, "plyer": False}
    assert len(shown(log)) == 1 and [r["channel"] for r in records(demo_home)] == ["dbus"]


def test_overlapping_runners_never_send_one_reminder_twice(demo_home: Path, bus: Session, tmp_path: Path) -> None:
    log = tmp_path / "shown.jsonl"
    bus.start_fake_server(log, delay=0.3)  # slow server: the runners' sends overlap
    # Earlier run at 08:00: by 19:05 the walk (18:15) and worry time (17:25) are both due.
    assert remind(demo_home, bus.env(), at="2026-11-20T08:00:00").returncode == 0
    before = len(shown(log))
    args = [sys.executable, "-m", "workbook", "--home", str(demo_home), "remind", "--once", "--at", "2026-11-20T19:05:00"]
    # Hold the home's lock while they start, so all of them wait at the door and then run together.
    with Store(demo_home).locked():
        procs = [subprocess.Popen(args, env=bus.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(6)]
        time.sleep(1.0)
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    per_key = Counter((r["plan_id"], r["occurrence"], r["snooze_id"]) for r in records(demo_home))
    assert per_key and max(per_key.values()) == 1
    assert all(r["delivered"] and r["tries"] == 1 for r in records(demo_home))
    bodies = [n["body"] for n in shown(log)[before:]]
    assert len(bodies) == len(set(bodies)) >= 2
    assert any("Walk round the park" in b for b in bodies) and any("worry list" in b for b in bodies)


def test_no_notification_server_is_recorded_as_failed_with_a_reason(demo_home: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_HOME"}
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={tmp_path}/no-such-bus"
    env["PATH"] = str(tmp_path / "empty-bin")  # no notify-send either
    result = remind(demo_home, env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Could not show a reminder: cannot connect to the desktop session bus" in result.stdout
    assert "How to fix:" in result.stdout
    [row] = records(demo_home)
    assert row["delivered"] is False and row["channel"] == "none"
    assert "cannot connect to the desktop session bus" in row["reason"]
    # A second run at once does not retry (or pile up records); `doctor` reports the failure.
    assert remind(demo_home, env).returncode == 0 and len(records(demo_home)) == 1
    doctor = subprocess.run([sys.executable, "-m", "workbook", "--home", str(demo_home), "doctor", "--at", AT],
                            env=env, capture_output=True, text=True, timeout=60)
    assert doctor.returncode == 1
    assert "PROBLEM  reminders: 1 in the last 7 days could not be shown" in doctor.stdout


def test_no_session_bus_at_all(demo_home: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("WORKBOOK_HOME", "DBUS_SESSION_BUS_ADDRESS")}
    env["XDG_RUNTIME_DIR"] = str(tmp_path)  # no "bus" socket in it
    env["PATH"] = str(tmp_path / "empty-bin")
    result = remind(demo_home, env)
    assert result.returncode == 0 and "no desktop session bus was found" in result.stdout
    assert records(demo_home)[0]["reason"].startswith("no desktop session bus was found")


def test_remind_once_never_imports_textual_or_screens(demo_home: Path, tmp_path: Path) -> None:
    code = (
        "import sys, json\n"
        "from workbook.cli import main\n"
        f"code = main(['--home', {str(demo_home)!r}, 'remind', '--once', '--at', {AT!r}])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'screens'))\n"
        "print(json.dumps({'code': code, 'bad': bad, 'plyer': 'plyer' in sys.modules}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_HOME"}
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={tmp_path}/no-such-bus"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"code": 0, "bad": [], "plyer": False}  # plyer is not even needed when there is no bus


def test_a_timer_pass_loads_only_what_it_reads(demo_home: Path, tmp_path: Path) -> None:
    """`remind --once` runs every five minutes: not the whole façade, every record type, dateutil's parser, or
    orjson (with the `uuid` and `platform` it loads) for a home's few small files."""
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_HOME"}
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={tmp_path}/no-such-bus"
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "workbook", "--home", str(demo_home), "remind", "--once",
                           "--at", AT], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "workbook.facade.reminder_book" in imported and records(demo_home)
    assert not imported & {"workbook.facade.workbook", "workbook.core.model", "dateutil.parser", "dateutil.tz", "platformdirs",
                           "plyer", "subprocess", "signal", "workbook.storage.backups", "workbook.storage.backup_index",
                           "workbook.storage.journal", "orjson", "uuid", "platform", "unicodedata"}


def test_console_script_remind_once_never_imports_textual(demo_home: Path, tmp_path: Path) -> None:
    """The installed `workbook` script goes through screens/launch.py (its entry point), which must stay light."""
    script = Path(sys.executable).with_name("workbook")
    if not script.exists():
        pytest.skip(f"no console script beside {sys.executable} (install with pip install -e .)")
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_HOME"}
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={tmp_path}/no-such-bus"
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])  # this checkout's code, wherever the script was installed from
    done = subprocess.run([sys.executable, "-X", "importtime", str(script), "--home", str(demo_home), "remind", "--once", "--at", AT],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "workbook.outputs.remind_runner" in imported
    assert not {m for m in imported if m.split(".")[0] == "textual"}
    assert not {m for m in imported if m.split(".")[0] == "screens"} - {"screens", "screens.launch"}
    assert "workbook.cli.cmd_session_pack" not in imported  # the launcher hands its form hook only to that command


def test_loop_mode_exits_promptly_on_sigterm(demo_home: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_HOME"}
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={tmp_path}/no-such-bus"
    env["PYTHONUNBUFFERED"] = "1"
    proc = subprocess.Popen([sys.executable, "-m", "workbook", "--home", str(demo_home), "remind", "--at", AT],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "Workbook reminders are running" in proc.stdout.readline()
        # It sends the due walk reminder (and records the failure), then sleeps until the next one.
        deadline = time.monotonic() + 20
        while not records(demo_home) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert records(demo_home), "the loop did not run a pass"
        time.sleep(0.2)
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
        assert time.monotonic() - started < 3
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "Workbook reminders stopped." in out
    assert "Traceback" not in err


def test_remind_without_a_home_does_nothing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_HOME"}
    home = tmp_path / "nowhere"
    done = subprocess.run([sys.executable, "-m", "workbook", "--home", str(home), "remind", "--once", "-v"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "nothing to remind you about" in done.stdout
    assert not home.exists()
