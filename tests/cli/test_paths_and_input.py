"""Paths, permissions, odd input, date bounds, far-future clocks and planted TOML files.

Every case is one clear `workbook: ...` line and exit 1, never a traceback; folders that
already exist keep their modes; folders Workbook makes are 0700 whatever the umask; dates
are 1970 to 2200; the work a far-future `--at` causes is bounded by the data; a deeply
nested or huge TOML file is one damaged file, never a crash.
"""

from __future__ import annotations

import os
import shutil
import stat
import time
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from helpers import REPO
from helpers import Result as Run
from helpers import run_cli as run
from hypothesis import given
from hypothesis import strategies as st

from workbook.core.dates import parse_day
from workbook.core.inputs import shorten, text_problem

AT = "2026-11-20T12:00:00"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX paths and modes")
IS_ROOT = hasattr(os, "getuid") and os.getuid() == 0





def one_line_error(result: Run, *, code: int = 1) -> str:
    assert result.code == code, (result.code, result.out, result.err)
    assert "Traceback" not in result.err
    assert result.err.startswith("workbook: ") and result.err.count("\n") == 1, result.err
    return result.err


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("paths") / "home"
    assert run("--home", home, "demo", "--weeks", "3", "--at", AT).code == 0
    return home


@pytest.fixture
def home(_template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(_template, copy, symlinks=True)
    return copy


@pytest.fixture(autouse=True)
def _no_env_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WORKBOOK_HOME", str(tmp_path / "env-home"))  # never the real user's data


# -- homes that cannot be used -----------------------------------------------------------


@posix_only
def test_a_home_that_is_not_a_folder_is_one_line(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("mine")
    cases = {
        afile: "is a file, not a folder",
        Path("/dev/null"): "is a device or other special file, not a folder",
        afile / "under": "is a file, not a folder",
        Path("/proc/workbook-home"): "is a system folder",
        Path("/proc/self"): "is a system folder",
        tmp_path / ("x" * 300): "too long",
        Path("/" + "/".join(["y" * 200] * 25)): "too long",
    }
    for path, words in cases.items():
        for command in (["today", "--at", AT], ["backup"], ["doctor"], ["demo", "--at", AT]):
            result = run("--home", path, *command)
            if command[0] == "doctor" and "too long" not in words:
                assert result.code == 1 and words in result.out and "Traceback" not in result.err
                continue
            assert words in one_line_error(result), (path, command)
    assert afile.read_text() == "mine"


def test_workbook_home_set_to_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    monkeypatch.setenv("WORKBOOK_HOME", str(afile))
    assert "is a file, not a folder" in one_line_error(run("today", "--at", AT))
    monkeypatch.setenv("WORKBOOK_HOME", "caf\udce9")
    assert "WORKBOOK_HOME holds bytes that are not UTF-8" in one_line_error(run("today", "--at", AT))
    monkeypatch.setenv("WORKBOOK_HOME", "x" * 5000)
    assert "WORKBOOK_HOME is too long" in one_line_error(run("today", "--at", AT))


@posix_only
def test_a_parent_that_is_not_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o500)
    if IS_ROOT:  # root may write anywhere: make this folder read-only as far as Workbook can tell
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, m, **k: False if Path(p) == parent else real_access(p, m, **k))
    try:
        assert "cannot be made: you cannot write in" in one_line_error(run("--home", parent / "h", "today", "--at", AT))
        assert not (parent / "h").exists()
    finally:
        parent.chmod(0o700)


@posix_only
def test_a_read_only_home_is_refused_and_never_chmodded(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home.chmod(0o500)
    try:
        if IS_ROOT:
            real_access = os.access
            monkeypatch.setattr(os, "access", lambda p, m, **k: False if Path(p) == home else real_access(p, m, **k))
        err = one_line_error(run("--home", home, "today", "--at", AT))
        assert "is read-only for you" in err and f"chmod u+rwx {home}" in err
        assert mode(home) == 0o500
        doctor = run("--home", home, "doctor")
        assert doctor.code == 1 and "read-only" in doctor.out and "Traceback" not in doctor.err
        assert mode(home) == 0o500
    finally:
        home.chmod(0o700)


@posix_only
def test_a_read_only_home_really_keeps_its_mode(home: Path) -> None:
    home.chmod(0o500)
    try:
        result = run("--home", home, "today", "--at", AT)  # refused, or (as root) used as it is
        assert result.code in (0, 1) and "Traceback" not in result.err
        assert mode(home) == 0o500
    finally:
        home.chmod(0o700)


@posix_only
def test_a_home_owned_by_another_user_is_refused(home: Path) -> None:
    if IS_ROOT:
        os.chown(home, 65534, 65534)
        other = home
    else:
        other = Path("/")  # owned by root, not by whoever runs the tests
    before = {p: p.read_bytes() for p in (home / "db").rglob("*.json")}
    for command in (["today", "--at", AT], ["log", "zz", "--done", "--at", AT], ["backup"], ["restore"]):
        assert "belongs to another user" in one_line_error(run("--home", other, *command)), command
    assert {p: p.read_bytes() for p in (home / "db").rglob("*.json")} == before


@posix_only
def test_a_shared_sticky_folder_keeps_its_mode(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    theirs = shared / "someone-elses.txt"
    theirs.write_text("x")
    theirs.chmod(0o644)
    assert run("--home", shared, "today", "--at", AT).code == 0
    assert mode(shared) == 0o1777 and mode(theirs) == 0o644
    assert mode(shared / "db") == 0o700


@posix_only
def test_folders_made_under_umask_000_are_0700_parents_too(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        home = tmp_path / "a" / "b" / "home"
        assert run("--home", home, "today", "--at", AT).code == 0
        assert run("--home", home, "backup").code in (0, 1)
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", home, home / "db"):
        assert mode(folder) == 0o700, folder


def test_restore_with_a_huge_name_is_one_short_line(home: Path) -> None:
    for name in ("x" * 100_000, "y" * 1000, "../" * 2000):
        err = one_line_error(run("--home", home, "restore", name))
        assert len(err) < 300, err[:300]


# -- input ------------------------------------------------------------------------------


def _plan(home: Path) -> str:
    return run("--home", home, "today", "--at", AT).out.split("\n")[1].split()[0]


def test_notes_with_bad_bytes_or_control_characters_are_refused(home: Path) -> None:
    plan = _plan(home)
    before = sorted((home / "db").rglob("*.json"))
    for note, words in (("caf\udce9", "not UTF-8"), ("\udcff", "not UTF-8"), ("red\x1b[31m", "U+001B"),
                        ("nul\x00", "U+0000"), ("bell\x07", "U+0007"), ("cr\r", "U+000D")):
        err = one_line_error(run("--home", home, "log", plan, "--partly", "--barrier", "forgot", "--note", note,
                                 "--at", AT))
        assert "--note" in err and words in err
    assert sorted((home / "db").rglob("*.json")) == before
    ok = run("--home", home, "log", plan, "--partly", "--barrier", "forgot", "--note", "line one\n\tline two",
             "--at", AT)
    assert ok.code == 0, ok.err


def test_other_free_text_options_refuse_control_characters(home: Path) -> None:
    plan = _plan(home)
    cases = [
        ["research", "on", "--participant", "P\x1b1"],
        ["research", "on", "--participant", "P\t1"],  # a tab is fine in a note only
        ["log", plan + "\x1b", "--done", "--at", AT],
        ["log", plan, "--partly", "--barrier", "forgot\udcff", "--at", AT],
        ["report", "--since", "mon\x1b", "--at", AT],
        ["report", "--out", "/tmp/x\x1b.md", "--at", AT],
        ["exercises", "--check", "\udcff"],
    ]
    for argv in cases:
        err = one_line_error(run("--home", home, *argv))
        assert "control character" in err or "not UTF-8" in err, argv
        assert "\x1b" not in err and "\udcff" not in err


def test_empty_values_that_mean_nothing_are_refused(home: Path) -> None:
    for argv, name in ((["--home", "", "today"], "--home"), (["--home", home, "today", "--at", ""], "--at"),
                       (["--home", home, "report", "--out", "", "--at", AT], "--out"),
                       (["--home", home, "--exercises", "", "today", "--at", AT], "--exercises"),
                       (["--home", home, "report", "--since", " ", "--at", AT], "--since"),
                       (["--home", home, "log", "", "--done", "--at", AT], "plan id"),
                       (["--home", home, "export", "--out", "", "--at", AT], "--out")):
        err = one_line_error(run(*argv))
        assert f"{name} is empty" in err, err
    assert run("--home", home, "log", _plan(home), "--done", "--note", "", "--at", AT).code == 0  # no note


def test_an_escape_as_the_date_time_separator_is_refused(home: Path) -> None:
    for text in ("2026-11-20\x1b12:00", "2026-11-20X12:00", "2026-11-20\u200b12:00", "2026-11-20é12:00"):
        err = one_line_error(run("--home", home, "today", "--at", text))
        assert "--at" in err and "\x1b" not in err
    assert run("--home", home, "today", "--at", "2026-11-20 12:00").code == 0


def test_echoed_input_is_cut_short(home: Path) -> None:
    huge = "a" * 100_000
    for argv in (["log", huge, "--done", "--at", AT], ["log", _plan(home), "--partly", "--barrier", huge, "--at", AT],
                 ["report", "--since", huge, "--at", AT], ["today", "--at", huge]):
        err = one_line_error(run("--home", home, *argv))
        assert len(err) < 400, (argv[0], err[:200])
    usage = run("--home", home, "report", "--format", huge)  # argparse's own error (exit 2)
    assert usage.code == 2 and len(usage.err) < 1500 and "…" in usage.err
    assert run("--home", home, "today", "--at", AT, "--bogus\x1b[2J").err.count("\x1b") == 0


def test_text_helpers() -> None:
    assert shorten("x" * 100) == "x" * 59 + "…"
    assert shorten("a\x1bb") == "a\\x1bb"
    assert text_problem("fine text") is None
    assert text_problem("tab\there") is not None and text_problem("tab\there", multiline=True) is None
    assert "not UTF-8" in (text_problem("\udce9") or "")


# -- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["0001-01-01T00:00", "9999-12-31T23:59", "1969-12-31T23:59", "2201-01-01T00:00",
                                  "0001-01-01", "9999-12-31T23:59:59+14:00"])
def test_at_outside_1970_to_2200_is_refused(home: Path, text: str) -> None:
    for command in (["today"], ["report"], ["export", "--out", home.parent / "e"], ["calendar", "--out",
                                                                                   home.parent / "c.ics"],
                    ["log", "zz", "--done"], ["doctor"]):
        err = one_line_error(run("--home", home, *command, "--at", text))
        assert "between 1 January 1970 and 31 December 2200" in err, command
    assert one_line_error(run("--home", home.parent / "new", "demo", "--at", text))


def test_the_edges_of_the_range_work(tmp_path: Path) -> None:
    for text in ("1970-01-01T00:00:00", "2200-12-31T23:59:00", "1970-01-01T00:00:00+14:00",
                 "2200-12-31T23:59:00-12:00"):
        home = tmp_path / text.replace(":", "")
        assert run("--home", home, "demo", "--weeks", "1", "--at", text).code == 0, text
        for command in (["today"], ["report"], ["calendar", "--out", tmp_path / "c.ics"]):
            result = run("--home", home, *command, "--at", text)
            assert result.code == 0 and "Traceback" not in result.err, (text, command, result.err)


@pytest.mark.parametrize("since", ["0001-01-01", "1969-12-31", "9999-12-31", "1 Jan 0001", "31/12/9999"])
def test_report_since_outside_the_range_is_refused(home: Path, since: str) -> None:
    err = one_line_error(run("--home", home, "report", "--since", since, "--at", AT))
    assert "--since" in err and ("between 1 January 1970" in err or "isn't a date" in err)


def test_dates_typed_in_forms_are_bounded() -> None:
    today = date(2026, 11, 20)
    for text in ("0001-01-01", "31/12/9999", "1 January 1969", "2201-01-01"):
        with pytest.raises(ValueError, match="between 1 January 1970 and 31 December 2200"):
            parse_day(text, today)
    assert parse_day("1970-01-01", today) == date(1970, 1, 1)
    assert parse_day("31/12/2200", today) == date(2200, 12, 31)


# -- far-future clocks ------------------------------------------------------------------


def test_a_far_future_report_and_export_are_bounded_by_the_data(home: Path, tmp_path: Path) -> None:
    # Research mode on before the demo's data (the engagement table covers only time it was on).
    assert run("--home", home, "research", "on", "--participant", "P-1", "--at", "2026-10-01T12:00:00").code == 0
    started = time.monotonic()
    report = run("--home", home, "report", "--at", "2199-06-01T12:00:00")
    assert report.code == 0, report.err
    assert "at most the last 10 years" in report.out
    export = run("--home", home, "export", "--out", tmp_path / "e", "--at", "2199-06-01T12:00:00")
    assert export.code == 0, export.err
    assert time.monotonic() - started < 20
    rows = (tmp_path / "e" / "engagement.csv").read_text().splitlines()[1:]
    assert 3 <= len(rows) <= 3 + 1 + 52 + 1  # the data's weeks, then at most a year of quiet ones


def test_engagement_rows_stop_a_year_after_the_last_sign_of_use() -> None:
    from workbook.core.model import Plan, Settings
    from workbook.insight.engagement import MAX_WEEKS, QUIET_WEEKS, engagement_rows

    made = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    plan = Plan(exercise_id="activity-scheduling", what="walk", start_date=made.date(), zone="UTC",
                rrule="FREQ=DAILY").touched(made)
    settings = Settings(zone="UTC")
    for year in (2027, 2199):
        rows = engagement_rows(settings=settings, plans=[plan], attempts=[],
                               now=datetime(year, 6, 1, tzinfo=timezone.utc))
        assert len(rows) == QUIET_WEEKS + 1
    assert MAX_WEEKS >= QUIET_WEEKS
    recent = engagement_rows(settings=settings, plans=[plan], attempts=[], now=datetime(2026, 2, 2, tzinfo=timezone.utc))
    assert len(recent) == 5  # normal use is unchanged: every week up to now


# -- TOML files planted in the home -------------------------------------------------------


NESTED = {
    "arrays": "a = " + "[" * 5000 + "]" * 5000 + "\n",
    "inline": "a = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n",
    "dotted": "a" + ".a" * 3000 + " = 1\n",
    "two-kb": "x = " + "[" * 1000 + "]" * 1000 + "\n",
}


@pytest.mark.parametrize("kind", sorted(NESTED))
def test_a_deeply_nested_exercise_file_is_one_damaged_file(home: Path, kind: str) -> None:
    folder = home / "exercises"
    folder.mkdir()
    (folder / "deep.toml").write_text(NESTED[kind])
    good = REPO / "exercises" / "activity-diary.toml"
    (folder / "mine.toml").write_text(good.read_text().replace('id = "activity-diary"', 'id = "my-diary"', 1))
    today = run("--home", home, "today", "--at", AT)
    assert today.code == 0 and "Traceback" not in today.err
    assert "deep.toml" in today.err and "nested too deeply" in today.err
    listing = run("--home", home, "exercises")
    assert listing.code == 0 and "my-diary" in listing.out and "activity-scheduling" in listing.out
    doctor = run("--home", home, "doctor")
    assert doctor.code == 1 and "deep.toml" in doctor.out and "Traceback" not in doctor.err
    check = run("--home", home, "exercises", "--check", folder)
    assert check.code == 1 and "1 of 2 exercise files is fine" in check.out


def test_a_huge_exercise_file_is_refused_before_it_is_parsed(home: Path) -> None:
    folder = home / "exercises"
    folder.mkdir()
    (folder / "huge.toml").write_text("# " + "x" * (300 * 1024) + "\n")
    today = run("--home", home, "today", "--at", AT)
    assert today.code == 0 and "huge.toml" in today.err and "too big" in today.err


def test_a_nested_crisis_override_falls_back_to_the_default(home: Path) -> None:
    from workbook.content.crisis import load_crisis

    (home / "crisis.toml").write_text(NESTED["arrays"])
    info = load_crisis(home)
    assert info.is_default and info.warning and "nested too deeply" in info.warning


@given(st.text(max_size=80))
def test_echoed_text_is_always_printable_on_one_line(text: str) -> None:
    # An unassigned code point, a right-to-left override or a line separator in a name would
    # otherwise reach the terminal as itself inside a one-line message.
    echoed = shorten(text, 400)
    assert echoed.isprintable(), echoed
    if text.isprintable():
        assert echoed == text  # shorter than the limit, and nothing to escape: shown as typed
