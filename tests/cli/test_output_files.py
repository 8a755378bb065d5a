"""The one output-file function (`storage.outfiles`): what `report`, `calendar` and `export` write.

Special files are written into, never replaced; `-` and `/dev/stdout` mean standard output;
nothing is ever written into the home's own data, through a symlink or otherwise; new files
are 0600 whatever the umask, and replace the old one atomically.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from helpers import REPO
from helpers import run_cli as run

from workbook.storage.outfiles import OutputError, in_home_data, output_folder, write_output

AT = "2026-11-20T12:00:00"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX files and modes")





@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("outfiles") / "home"
    result = run("--home", home, "demo", "--weeks", "3", "--at", AT)
    assert result.code == 0, result.err
    return home


@pytest.fixture
def home(_template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(_template, copy, symlinks=True)
    return copy


def snapshot(home: Path) -> dict[str, bytes]:
    """Every data file under db/ (not the lock), by relative path, with its bytes."""
    db = home / "db"
    return {str(p.relative_to(db)): p.read_bytes() for p in sorted(db.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


# -- special files -----------------------------------------------------------------------


@posix_only
@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="mknod needs root")
def test_a_character_device_is_written_into_and_stays_a_device(home: Path, tmp_path: Path) -> None:
    device = tmp_path / "null"
    os.mknod(device, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # the same device as /dev/null
    for command in (["report", "--out", device], ["calendar", "--out", device]):
        result = run("--home", home, *command, "--at", AT)
        assert result.code == 0, result.err
        assert stat.S_ISCHR(os.lstat(device).st_mode), f"{command[0]} replaced the device node"
        assert os.lstat(device).st_rdev == os.makedev(1, 3)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".null")]  # no temp file left beside it


@posix_only
def test_a_fifo_is_written_into_for_its_reader(home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo, 0o600)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    result = run("--home", home, "report", "--out", fifo, "--at", AT)
    thread.join(timeout=20)
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and received[0].startswith(b"# Workbook report")


@posix_only
def test_dev_null_itself_is_never_replaced(home: Path) -> None:
    before = os.lstat("/dev/null")
    result = run("--home", home, "report", "--out", "/dev/null", "--at", AT)
    assert result.code == 0, result.err
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_print_to_standard_output(home: Path, target: str) -> None:
    report = run("--home", home, "report", "--out", target, "--at", AT)
    assert report.code == 0, report.err
    assert report.out.startswith("# Workbook report") and "Report written" not in report.out
    calendar = run("--home", home, "calendar", "--out", target, "--at", AT)
    assert calendar.code == 0, calendar.err
    assert calendar.out.startswith("BEGIN:VCALENDAR")
    assert "Calendar written to standard output" in calendar.err  # the summary keeps out of the calendar


@posix_only
def test_dev_stdout_in_a_real_process_writes_to_the_pipe(home: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for target in ("-", "/dev/stdout"):
        proc = subprocess.run([sys.executable, "-m", "workbook", "--home", str(home), "report", "--out", target,
                               "--at", AT], capture_output=True, text=True, env=env, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith("# Workbook report")
    assert stat.S_ISCHR(os.stat("/dev/stdout").st_mode) or os.path.islink("/dev/stdout")


# -- the home's own data -----------------------------------------------------------------


@pytest.mark.parametrize("command", ["report", "calendar"])
def test_an_output_into_the_database_is_refused_and_the_database_is_untouched(home: Path, command: str) -> None:
    before = snapshot(home)
    for target in (home / "db" / "core.json", home / "db" / "attempts" / "2026-11.json",
                   home / "db" / "attempts" / "new.json", home / "core.json", home / "backups" / "x.md",
                   home / "set-aside" / "x.md"):
        result = run("--home", home, command, "--out", target, "--at", AT)
        assert result.code == 1, (target, result.out)
        assert result.err.startswith("workbook: ") and result.err.count("\n") == 1
        assert "inside the workbook's own data folder" in result.err
        assert "Traceback" not in result.err
    assert snapshot(home) == before
    assert not (home / "core.json").exists()


@posix_only
def test_a_symlink_into_the_home_is_refused(home: Path, tmp_path: Path) -> None:
    before = snapshot(home)
    link = tmp_path / "innocent.md"
    link.symlink_to(home / "db" / "core.json")
    folder_link = tmp_path / "reports"
    folder_link.symlink_to(home / "db")
    for target in (link, folder_link / "core.json", folder_link / "fresh.md"):
        result = run("--home", home, "report", "--out", target, "--at", AT)
        assert result.code == 1 and "inside the workbook's own data folder" in result.err, target
    assert link.is_symlink() and snapshot(home) == before


@posix_only
def test_export_refuses_the_home_and_links_into_it(home: Path, tmp_path: Path) -> None:
    before = snapshot(home)
    attempts_link = tmp_path / "looks-empty"
    attempts_link.symlink_to(home / "db" / "attempts")
    for target in (home, home / "db", home / "db" / "attempts", home / "backups" / "new", attempts_link):
        result = run("--home", home, "export", "--out", target, "--force", "--at", AT)
        assert result.code == 1, (target, result.out)
        assert "inside the workbook's own data folder" in result.err
    assert snapshot(home) == before
    assert sorted(p.name for p in (home / "db" / "attempts").iterdir()) == ["2026-10.json", "2026-11.json"]


@posix_only
def test_export_somewhere_not_writable_is_one_line(home: Path, tmp_path: Path) -> None:
    for target in ("/proc/workbook-export", tmp_path / "a-file" / "sub"):
        (tmp_path / "a-file").write_text("x")
        result = run("--home", home, "export", "--out", target, "--at", AT)
        assert result.code == 1 and result.err.startswith("workbook: ") and result.err.count("\n") == 1, result.err


def test_a_report_inside_the_home_but_outside_its_data_is_fine(home: Path) -> None:
    (home / "reports").mkdir()
    result = run("--home", home, "report", "--out", home / "reports" / "for-priya.md", "--at", AT)
    assert result.code == 0, result.err
    assert (home / "reports" / "for-priya.md").read_text().startswith("# Workbook report")


def test_in_home_data_judges_real_paths(home: Path, tmp_path: Path) -> None:
    assert in_home_data(home / "db" / "core.json", home, folder=False)
    assert in_home_data(home / "x.md", home, folder=False)
    assert in_home_data(home / "db" / ".." / "db" / "core.json", home, folder=False)
    assert in_home_data(home, home, folder=True)
    assert in_home_data(home / "backups" / "new", home, folder=True)
    assert not in_home_data(home / "reports" / "x.md", home, folder=False)
    assert not in_home_data(tmp_path / "x.md", home, folder=False)
    assert not in_home_data(home / "reports", home, folder=True)


# -- regular files -----------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize("umask", [0o000, 0o022, 0o277])
def test_new_files_are_0600_and_new_folders_0700_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        written = write_output(tmp_path / "report.md", "hello\n", home=None)
        folder = output_folder(tmp_path / "made" / "export", home=None)
    finally:
        os.umask(old)
    assert written.path == tmp_path / "report.md"
    assert mode(tmp_path / "report.md") == 0o600
    assert mode(folder) == 0o700 and mode(folder.parent) == 0o700  # the parent it had to make, too


@posix_only
def test_an_existing_file_is_replaced_atomically_and_a_link_outside_is_followed(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old")
    target.chmod(0o644)
    inode = target.stat().st_ino
    write_output(target, "new", home=None)
    assert target.read_text() == "new" and target.stat().st_ino != inode and mode(target) == 0o600
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_output(link, "through the link", home=None)
    assert link.is_symlink() and real.read_text() == "through the link"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "real.md", "report.md"]  # no temp files


def test_plain_mistakes_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        write_output(tmp_path, "x", home=None)
    with pytest.raises(OutputError, match="does not exist"):
        write_output(tmp_path / "missing" / "x.md", "x", home=None)
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="a part of it is a file"):
        write_output(tmp_path / "file" / "x.md", "x", home=None)
    with pytest.raises(OutputError, match="empty"):
        write_output("", "x", home=None)
    with pytest.raises(OutputError, match="is a file, not a folder"):
        output_folder(tmp_path / "file", home=None)


def test_report_out_empty_is_refused(home: Path) -> None:
    result = run("--home", home, "report", "--out", "", "--at", AT)
    assert result.code == 1 and "--out is empty" in result.err and result.out == ""
