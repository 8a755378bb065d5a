"""Review packs sealed to the practitioner's age key: opened by Debian's `age` and by Workbook,
refused plainly with the wrong key, and a key that does not fit is never saved."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from logged_week import NOW, build

from workbook.core.errors import ValidationError, WorkbookError
from workbook.core.model import Settings
from workbook.facade import Workbook
from workbook.outputs.review_pack import read_pack, write_review_pack
from workbook.storage.sealed import SealError, unseal

pytestmark = pytest.mark.skipif(shutil.which("age") is None or shutil.which("age-keygen") is None,
                                reason="needs Debian's age package (installed by .ci/run)")


def keygen(path: Path) -> str:
    """A practitioner's key made as the README says (`age-keygen -o key.txt`); returns the public key."""
    subprocess.run(["age-keygen", "-o", str(path)], check=True, capture_output=True)
    return next(line.split(": ", 1)[1] for line in path.read_text().splitlines() if line.startswith("# public key: "))


@pytest.fixture
def sealed(tmp_path: Path) -> tuple[Workbook, Path, Path]:
    workbook = build(tmp_path / "home")
    key = tmp_path / "key.txt"
    workbook.set_practitioner_key(keygen(key))
    return workbook, key, tmp_path


def test_the_age_tool_opens_what_workbook_seals(sealed: tuple[Workbook, Path, Path]) -> None:
    workbook, key, folder = sealed
    (folder / "out").mkdir()
    files = write_review_pack(workbook, now=NOW, out=folder / "out" / "pack")
    assert files.sealed and [p.name for p in files.paths] == ["pack.html.age", "pack.json.age", "pack.fhir.json.age"]
    for path in files.paths:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_bytes().startswith(b"age-encryption.org/v1\n")
        assert b"Rosa" not in path.read_bytes()
    opened = subprocess.run(["age", "-d", "-i", str(key), str(files.json)], check=True, capture_output=True).stdout
    assert json.loads(opened)["patient"]["first_name"] == "Rosa"
    html = subprocess.run(["age", "-d", "-i", str(key), str(files.html)], check=True, capture_output=True).stdout
    assert b"question 9 of the PHQ-9" in html
    assert read_pack(files.json, key)["totals"]["entries"] == 8  # and Workbook opens it too
    assert not (folder / "out" / "pack.json").exists()  # nothing unencrypted beside it


def test_workbook_opens_what_the_age_tool_seals(sealed: tuple[Workbook, Path, Path]) -> None:
    workbook, key, folder = sealed
    plain = write_review_pack(workbook, now=NOW, out=folder / "plain", seal=False)
    assert not plain.sealed and plain.json.name == "plain.json"
    recipient = workbook.settings().practitioner_key
    for armor in ([], ["--armor"]):
        out = folder / f"by-age{len(armor)}.json.age"
        subprocess.run(["age", *armor, "-r", recipient, "-o", str(out), str(plain.json)], check=True)
        assert read_pack(out, key) == json.loads(plain.json.read_text())


def test_the_wrong_key_gets_one_plain_line(sealed: tuple[Workbook, Path, Path]) -> None:
    workbook, _, folder = sealed
    files = write_review_pack(workbook, now=NOW, out=folder / "pack")
    other = folder / "other.txt"
    keygen(other)
    with pytest.raises(SealError) as caught:
        read_pack(files.json, other)
    assert "was encrypted for a different key" in str(caught.value) and "\n" not in str(caught.value)
    age = subprocess.run(["age", "-d", "-i", str(other), str(files.json)], capture_output=True, text=True)
    assert age.returncode != 0  # the standard tool agrees
    cut = folder / "cut.json.age"
    cut.write_bytes(files.json.read_bytes()[:-40])
    with pytest.raises(SealError, match="damaged or cut short"):
        read_pack(cut, folder / "key.txt")
    with pytest.raises(SealError, match="is encrypted; give your age key file"):
        read_pack(files.json)
    not_a_key = folder / "notes.txt"
    not_a_key.write_text("hello\n")
    with pytest.raises(SealError, match="is not an age key file"):
        unseal(files.json.read_bytes(), not_a_key)


def test_a_key_that_does_not_fit_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    workbook = build(tmp_path / "home")
    good = keygen(tmp_path / "key.txt")
    before = workbook.settings()
    for bad in ("age1qqqq", good[:-1] + ("q" if good[-1] != "q" else "p"), "ssh-ed25519 AAAA", "AGE-SECRET-KEY-1XYZ"):
        with pytest.raises(WorkbookError) as caught:
            workbook.set_practitioner_key(bad)
        assert "\n" not in str(caught.value)
    assert workbook.settings() == before
    assert workbook.set_practitioner_key(f"  {good}\n") == good  # pasted with spaces: cleaned
    assert workbook.settings().practitioner_key == good
    assert workbook.set_practitioner_key("") == "" and workbook.settings().practitioner_key == ""
    with pytest.raises(ValidationError, match="practitioner_key"):
        Settings(practitioner_key="age1" + "b" * 58)  # b is not a bech32 letter
