"""A hypothesis-driven fuzz of the command line: random arguments against good and damaged homes.

Each example runs one command in this process against a fresh copy of a small demo home (or
of a damaged one), with arguments drawn from the commands and options plus hostile values:
empty, huge, control characters, bytes that are not UTF-8, dates far outside 1970 to 2200,
paths to files, devices and the home's own database. The properties: the exit code is 0, 1
or 2; nothing is ever a traceback; and a command that fails leaves every database file byte
for byte as it was.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from helpers import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.cli import main as cli_main

AT = "2026-11-20T12:00:00"
HUGE = "h" * 100_000
GOOD_EXERCISE = REPO / "exercises" / "activity-diary.toml"

TEXT = ["ok", "ok", "", " ", "a note\nwith two lines\tand a tab", HUGE, "\x1b[31mred\x1b[0m", "nul\x00byte", "bell\x07",
        "caf\udce9", "\udcff\udcfe", "\u202eevil", "é" * 70, "--done", "-"]
DATES = [AT, AT, "2026-11-20", "", "2026-11-20\x1b12:00", "2026-11-20X12:00", "0001-01-01T00:00", "9999-12-31T23:59",
         "1969-12-31T23:59", "1970-01-01T00:00:00+14:00", "2200-12-31T23:59:59-12:00", "2199-06-01T12:00:00",
         "not a date", HUGE, "2026-02-30T10:00"]
SINCE = ["mon", "", "yesterday", "1/11", "2026-11-01", "0001-01-01", "9999-12-31", "31/12/9999", "1 Jan 0001",
         "32/13", HUGE, "\x1b"]
NUMBERS = ["3", "", "0", "-1", "999999999", "abc", HUGE]
PATH_KINDS = ["out", "out", "dash", "home", "afile", "dev-null", "under-file", "proc", "long", "empty", "core", "db", "backups",
              "home-file", "out", "out-missing-folder", "dash", "dev-stdout", "link-into-db", "bad-bytes"]
COPIED_KINDS = ("good", "truncated-core", "garbage-attempts", "nested-exercise", "huge-exercise", "empty-db")
HOME_KINDS = ["good", "good", "good", *COPIED_KINDS, "afile", "missing", "dev-null", "under-file", "proc"]


def _paths(root: Path, home: Path) -> dict[str, str]:
    (root / "afile").write_text("not a home")
    link = root / "link-into-db"
    if not link.exists() and os.name == "posix":
        link.symlink_to(home / "db")
    return {
        "home": str(home), "afile": str(root / "afile"), "dev-null": "/dev/null",
        "under-file": str(root / "afile" / "under"), "proc": "/proc/workbook-fuzz",
        "long": str(root / ("L" * 300)), "empty": "", "core": str(home / "db" / "core.json"),
        "db": str(home / "db"), "backups": str(home / "backups" / "x"), "home-file": str(home / "notes.md"),
        "out": str(root / "out" / "file.out"), "out-missing-folder": str(root / "missing" / "file.out"),
        "dash": "-", "dev-stdout": "/dev/stdout", "link-into-db": str(link / "core.json"),
        "bad-bytes": str(root / "caf\udce9.md"),
    }


@st.composite
def commands(draw: st.DrawFn) -> tuple[list[str | tuple[str, str]], str, str]:
    """(argv with ("path", kind) placeholders, the home's kind, the --home kind)."""
    text, date, since, number = (st.sampled_from(TEXT), st.sampled_from(DATES), st.sampled_from(SINCE),
                                 st.sampled_from(NUMBERS))
    path = st.sampled_from(PATH_KINDS).map(lambda kind: ("path", kind))
    plan = st.sampled_from(["PLAN", "PLAN", "PLAN", "zz", "", HUGE, "3", "\x1b", "caf\udce9"])
    at = draw(st.one_of(date.map(lambda d: ["--at", d]), st.just([])))
    choice = draw(st.sampled_from(["today", "log", "report", "calendar", "export", "research", "doctor",
                                   "exercises", "backup", "restore", "demo", "bad", "none"]))
    argv: list[str | tuple[str, str]]
    if choice == "today":
        argv = ["today", *at]
    elif choice == "log":
        argv = ["log", draw(plan), draw(st.sampled_from(["--partly", "--done", "--not-done", "--skip", ""]))]
        for option in draw(st.lists(st.sampled_from(["--barrier", "--note", "--minutes"]), max_size=3)):
            value = number if option == "--minutes" else st.sampled_from(["forgot", "no_time", *TEXT] if option ==
                                                                         "--barrier" else TEXT)
            argv += [option, draw(value)]
        argv += at
    elif choice == "report":
        argv = ["report", *draw(st.one_of(st.just([]), since.map(lambda s: ["--since", s]))),
                *draw(st.one_of(st.just([]), path.map(lambda p: ["--out", p]))), *at]
    elif choice == "calendar":
        argv = ["calendar", "--out", draw(path), *at]
    elif choice == "export":
        argv = ["export", "--out", draw(path), *draw(st.sampled_from([[], ["--force"], ["--deidentify"],
                                                                       ["--format", "json"], ["--format", "x"]])), *at]
    elif choice == "research":
        argv = ["research", draw(st.sampled_from(["on", "off", "status", "bogus"]))]
        if argv[1] == "on":
            argv += draw(st.sampled_from([[], ["--participant", "P-017"], ["--participant", draw(text)],
                                          ["--participant", "P-1", "--study", draw(text)]]))
    elif choice == "doctor":
        argv = ["doctor", *at]
    elif choice == "exercises":
        argv = ["exercises", *draw(st.sampled_from([[], ["--check", ("path", "home")], ["--check", draw(path)]]))]
    elif choice == "backup":
        argv = ["backup", *draw(st.sampled_from([[], ["--list"]]))]
    elif choice == "restore":
        argv = ["restore", *draw(st.sampled_from([[], [HUGE], ["../../etc"], ["nope"], [draw(text)],
                                                  [draw(path)]]))]
    elif choice == "demo":
        argv = ["demo", "--weeks", draw(st.sampled_from(["1", "0", "-1", "600", "x"])), *at]
    elif choice == "bad":
        argv = [draw(st.sampled_from(["frobnicate", HUGE, "\x1b[2J", "--version", "-h", "today --at"]))]
    else:
        argv = []
    extra = draw(st.sampled_from([[], [], [], ["--exercises", draw(path)], ["--exercises", draw(text)]]))
    home_kind = draw(st.sampled_from(HOME_KINDS))
    home_arg = draw(st.sampled_from(["home"] * 12 + ["afile", "dev-null", "under-file", "proc",
                                     "long", "empty", "bad-bytes", "db"]))
    return [*extra, *argv], home_kind, home_arg


def _damage(home: Path, kind: str) -> None:
    db = home / "db"
    if kind == "truncated-core":
        with open(db / "core.json", "r+b") as handle:
            handle.truncate(40)
    elif kind == "garbage-attempts":
        (db / "attempts" / "2026-11.json").write_bytes(b"\x00\xff not json")
    elif kind in ("nested-exercise", "huge-exercise"):
        (home / "exercises").mkdir(exist_ok=True)
        body = "a = " + "[" * 3000 + "]" * 3000 if kind == "nested-exercise" else "# " + "x" * 300_000
        (home / "exercises" / "planted.toml").write_text(body)
        (home / "exercises" / "mine.toml").write_text(
            GOOD_EXERCISE.read_text().replace('id = "activity-diary"', 'id = "my-diary"', 1))
    elif kind == "empty-db":
        for path in db.rglob("*.json"):
            path.write_bytes(b"")


def _snapshot(home: Path) -> dict[str, bytes]:
    db = home / "db"
    if not db.is_dir():
        return {}
    return {str(p.relative_to(db)): p.read_bytes() for p in sorted(db.rglob("*")) if p.is_file() and p.name != ".lock"}


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli_main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        except BaseException as exc:  # noqa: BLE001 - anything escaping main is the bug we look for
            return -1, out.getvalue(), f"Traceback (escaped main): {type(exc).__name__}: {str(exc)[:300]}"
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def small_home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    home = tmp_path_factory.mktemp("fuzz") / "home"
    code, _, err = _run(["--home", str(home), "demo", "--weeks", "3", "--at", AT])
    assert code == 0, err
    code, out, _ = _run(["--home", str(home), "today", "--at", AT])
    return home, out.split("\n")[1].split()[0]


@contextlib.contextmanager
def _sandbox() -> Iterator[Path]:
    """A temp folder that is also the working folder, with WORKBOOK_HOME pointing inside it."""
    with tempfile.TemporaryDirectory(prefix="wb-fuzz-") as name:
        root = Path(name)
        cwd = os.getcwd()
        os.chdir(root)
        try:
            with mock.patch.dict(os.environ, {"WORKBOOK_HOME": str(root / "env-home")}):
                yield root
        finally:
            os.chdir(cwd)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True,
          database=None)
@given(case=commands())
def test_no_argument_list_crashes_or_damages_a_home(small_home: tuple[Path, str],
                                                    case: tuple[list[str | tuple[str, str]], str, str]) -> None:
    template, plan = small_home
    argv_template, home_kind, home_arg = case
    with _sandbox() as root:
        home = root / "home"
        if home_kind in COPIED_KINDS:
            shutil.copytree(template, home, symlinks=True)
            _damage(home, home_kind)
        paths = _paths(root, home)
        if home_kind in ("afile", "dev-null", "under-file", "proc"):
            home_arg = home_kind
        argv = ["--home", paths[home_arg]]
        argv += [paths[a[1]] if isinstance(a, tuple) else (plan if a == "PLAN" else a) for a in argv_template]
        _check(argv, home)


def _check(argv: list[str], home: Path) -> None:
    """Run `argv` and assert the three properties."""
    before = _snapshot(home)
    code, out, err = _run(argv)
    shown = [a[:80] for a in argv]
    assert code in (0, 1, 2), (shown, code, err[-500:])
    assert "Traceback" not in err, (shown, err[-2000:])
    if code != 0:
        if before:  # a home that existed (a failed command may still make a new, empty one)
            assert _snapshot(home) == before, (shown, err[-500:])
        assert (err + out).strip(), (shown, "failed without saying why")
        assert len(err) < 4000, (shown, "an error message echoed too much")


#: Whole, valid commands with one slot for a hostile value, so each reaches the code that
#: handles that value (rather than stopping at the first bad argument).
TEMPLATES: list[tuple[list[str], list[str | tuple[str, str]]]] = [
    (["log", "PLAN", "--partly", "--barrier", "forgot", "--note", "VALUE", "--at", AT], TEXT),
    (["log", "PLAN", "--not-done", "--barrier", "VALUE", "--at", AT], TEXT),
    (["log", "VALUE", "--done", "--at", AT], ["zz", "3", HUGE, "", "\x1b", "caf\udce9"]),
    (["log", "PLAN", "--done", "--minutes", "VALUE", "--at", AT], NUMBERS),
    (["today", "--at", "VALUE"], DATES),
    (["log", "PLAN", "--done", "--at", "VALUE"], DATES),
    (["report", "--at", "VALUE"], DATES),
    (["report", "--since", "VALUE", "--at", AT], SINCE),
    (["report", "--out", "VALUE", "--at", AT], [("path", k) for k in PATH_KINDS]),
    (["calendar", "--out", "VALUE", "--at", AT], [("path", k) for k in PATH_KINDS]),
    (["export", "--out", "VALUE", "--force", "--at", AT], [("path", k) for k in PATH_KINDS]),
    (["export", "--out", ("path", "out"), "--at", "VALUE"], DATES),
    (["research", "on", "--participant", "VALUE"], TEXT),
    (["restore", "VALUE"], [*TEXT, *[("path", k) for k in PATH_KINDS]]),
    (["exercises", "--check", "VALUE"], [("path", k) for k in PATH_KINDS]),
    (["doctor", "--at", "VALUE"], DATES),
    (["log", "PLAN", "--done", "--for", "VALUE", "--at", AT], [*SINCE, *DATES]),
    (["plan", "add", "activity-scheduling", "--what", "VALUE", "--at", AT], TEXT),
    (["plan", "add", "activity-scheduling", "--what", "walk", "--start", "VALUE", "--at", AT], SINCE),
    (["plan", "edit", "PLAN", "--where", "VALUE", "--at", AT], TEXT),
    (["plan", "edit", "PLAN", "--time", "VALUE", "--at", AT], ["19:00", "", "25:00", HUGE, "\x1b", "7:5"]),
    (["plan", "edit", "PLAN", "--repeat", "VALUE", "--at", AT], ["daily", "", "mo,tu", "every-0-days", HUGE]),
    (["plan", "edit", "VALUE", "--until", "", "--at", AT], ["zz", HUGE, "caf\udce9"]),
]


@st.composite
def one_hostile_value(draw: st.DrawFn) -> tuple[list[str | tuple[str, str]], str]:
    template, values = draw(st.sampled_from(TEMPLATES))
    value = draw(st.sampled_from(values))
    return [value if part == "VALUE" else part for part in template], draw(st.sampled_from(HOME_KINDS))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True,
          database=None)
@given(case=one_hostile_value())
def test_one_hostile_value_in_a_whole_command(small_home: tuple[Path, str],
                                              case: tuple[list[str | tuple[str, str]], str]) -> None:
    template, plan = small_home
    argv_template, home_kind = case
    with _sandbox() as root:
        home = root / "home"
        if home_kind in COPIED_KINDS:
            shutil.copytree(template, home, symlinks=True)
            _damage(home, home_kind)
        paths = _paths(root, home)
        home_arg = home_kind if home_kind in ("afile", "dev-null", "under-file", "proc") else "home"
        argv = ["--home", paths[home_arg]]
        argv += [paths[a[1]] if isinstance(a, tuple) else (plan if a == "PLAN" else a) for a in argv_template]
        _check(argv, home)
