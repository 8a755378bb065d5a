"""The caseload engine: a row per patient from a folder of review packs, each bad file with its reason."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pyrage
import pytest
from caseload_packs import item9, make_key, pack, questionnaire, seal, since, walk_plan, write_pack

from workbook.core.errors import WorkbookError
from workbook.insight.caseload import CaseloadRow, RiskFlag, attention_key, attention_order, read_caseload
from workbook.insight.caseload_words import caseload_csv, caseload_text, row_cells
from workbook.insight.pack_sections import pack_sections
from workbook.storage.age_keys import IdentityError, make_identity
from workbook.storage.pack_folder import FolderError
from workbook.storage.sealed import read_identities

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


def by_source(rows: list[CaseloadRow]) -> dict[str, CaseloadRow]:
    return {row.source.name: row for row in rows}


def test_a_good_pack_gives_its_row(tmp_path: Path) -> None:
    write_pack(tmp_path / "sam.json", pack(questions=[{"text": "a", "asked": False}, {"text": "b", "asked": True},
                                                      {"text": "c", "asked": False}]))
    (row,) = read_caseload(tmp_path, None)
    assert row.readable and row.name == "Sam"
    assert row.last_activity == datetime(2026, 11, 29, 19, 40, tzinfo=timezone.utc)
    assert (row.completion, row.done, row.planned) == (0.58, 7, 12)
    assert row.barriers == ("Not enough time", "Forgot")
    phq = row.measure("phq9")
    assert phq is not None and (phq.latest, phq.change, phq.standing) == (9, -6, "reliable_recovery")
    assert row.measure("gad7") is None and row.risk is None
    assert row.open_questions == 2
    cells = row_cells(row, now=NOW, zone="Europe/London").cells
    assert cells == ("Sam", "", "yesterday", "58% (7 of 12)", "9 (-6)", "-", "2", "Not enough time, Forgot")


def test_each_bad_file_has_its_own_reason_and_the_rest_load(tmp_path: Path) -> None:
    write_pack(tmp_path / "good.json", pack())
    (tmp_path / "damaged.json").write_text('{"format": "workbook-review-pack", "version": 1,', encoding="utf-8")
    write_pack(tmp_path / "foreign.json", {"format": "someone-elses-export", "version": 1})
    write_pack(tmp_path / "newer.json", pack("Kim", version=2))
    write_pack(tmp_path / "scores.json", {"resourceType": "Bundle", "type": "collection"})
    write_pack(tmp_path / "wrong-kind.json", pack("Lee", totals=[1, 2]))
    write_pack(tmp_path / "bad-field.json", pack("Max", last_activity="last Tuesday"))
    (tmp_path / "notes.txt").write_text("not a pack, not looked at", encoding="utf-8")
    rows = by_source(read_caseload(tmp_path, None))
    assert set(rows) == {"good.json", "damaged.json", "foreign.json", "newer.json", "scores.json", "wrong-kind.json",
                         "bad-field.json"}
    assert rows["good.json"].readable
    assert rows["damaged.json"].problem == "damaged: not readable JSON (near line 1)"
    assert rows["foreign.json"].problem == "not a Workbook review pack (its format is someone-elses-export)"
    assert rows["newer.json"].problem.startswith("written by a newer Workbook (review pack version 2; this one reads up to 1)")
    assert rows["scores.json"].problem.startswith("not a review pack: a FHIR Bundle")
    assert rows["wrong-kind.json"].problem == "damaged: its totals section is missing or of the wrong kind"
    assert rows["bad-field.json"].problem == "damaged: last_activity is not a date and time with its offset"
    for row in rows.values():
        assert "\n" not in row.problem


def test_the_companions_of_a_pack_are_passed_over(tmp_path: Path) -> None:
    write_pack(tmp_path / "sam.json", pack())
    (tmp_path / "sam.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "sam.fhir.json").write_text('{"resourceType": "Bundle"}', encoding="utf-8")
    (tmp_path / "sam.html.age").write_bytes(b"age-encryption.org/v1\n")
    (tmp_path / "sam.fhir.json.age").write_bytes(b"age-encryption.org/v1\n")
    assert [row.source.name for row in read_caseload(tmp_path, None)] == ["sam.json"]


def test_a_pack_made_with_the_age_command_is_read(tmp_path: Path) -> None:
    key, recipient = make_key(tmp_path)
    packs = tmp_path / "packs"
    packs.mkdir()
    plain = write_pack(tmp_path / "jo.json", pack("Jo", risk=[item9("2026-11-28T08:00:00Z", 2, "More than half the days")]))
    seal(plain, recipient, packs / "jo.json.age")
    seal(write_pack(tmp_path / "ann.json", pack("Ann")), recipient, packs / "ann.age", armor=True)
    rows = by_source(read_caseload(packs, read_identities(key)))
    assert rows["jo.json.age"].readable and rows["jo.json.age"].name == "Jo"
    assert rows["jo.json.age"].risk == RiskFlag(datetime(2026, 11, 28, 8, 0, tzinfo=timezone.utc), 2,
                                                "More than half the days")
    assert rows["ann.age"].name == "Ann"


def test_encrypted_packs_that_cannot_be_opened_say_why(tmp_path: Path) -> None:
    key, mine = make_key(tmp_path, "mine.txt")
    _, other = make_key(tmp_path, "someone-else.txt")
    plain = write_pack(tmp_path / "plain.json", pack())
    packs = tmp_path / "packs"
    packs.mkdir()
    seal(plain, other, packs / "wrong-key.json.age")
    whole = (packs / "wrong-key.json.age").read_bytes()
    seal(plain, mine, packs / "cut.json.age")
    cut = (packs / "cut.json.age").read_bytes()
    (packs / "cut.json.age").write_bytes(cut[: len(cut) - 20])
    (packs / "not-age.age").write_bytes(json.dumps(pack()).encode())
    (packs / "passphrase.json.age").write_bytes(pyrage.passphrase.encrypt(plain.read_bytes(), "a shared secret"))
    assert whole.startswith(b"age-encryption.org/v1")
    rows = by_source(read_caseload(packs, read_identities(key)))
    assert rows["wrong-key.json.age"].problem.startswith("encrypted to a different key than your identity file")
    assert rows["cut.json.age"].problem.startswith("the encrypted file is damaged or cut short")
    assert rows["not-age.age"].problem == "not an age-encrypted file, though its name ends .age"
    assert rows["passphrase.json.age"].problem.startswith("encrypted with a passphrase, not to your key")
    closed = by_source(read_caseload(packs, None))
    assert closed["wrong-key.json.age"].problem.startswith("encrypted; give your identity file with --identity FILE")


def test_the_newest_pack_stands_for_its_patient(tmp_path: Path) -> None:
    write_pack(tmp_path / "sam-1.json", pack(generated_at="2026-11-16T09:00:00Z", completion=0.2))
    write_pack(tmp_path / "sam-2.json", pack(generated_at="2026-11-30T09:00:00Z", completion=0.9))
    (tmp_path / "by-patient").mkdir()
    write_pack(tmp_path / "by-patient" / "sam-0.json", pack("SAM", generated_at="2026-11-02T09:00:00Z"))
    write_pack(tmp_path / "p1.json", pack("Alex", participant_id="P-001", generated_at="2026-11-20T09:00:00Z"))
    write_pack(tmp_path / "p1-later.json", pack("", participant_id="P-001", generated_at="2026-11-29T09:00:00Z",
                                                plans=[], questionnaires=[]))
    rows = by_source(read_caseload(tmp_path, None))
    assert set(rows) == {"sam-2.json", "p1-later.json"}
    assert rows["sam-2.json"].packs == 3 and rows["sam-2.json"].completion == 0.9
    assert rows["p1-later.json"].packs == 2


def test_two_patients_who_share_a_first_name_keep_a_row_each(tmp_path: Path) -> None:
    write_pack(tmp_path / "sam.json", pack(generated_at="2026-11-30T09:00:00Z"))
    write_pack(tmp_path / "another-sam.json", pack(
        generated_at="2026-11-16T09:00:00Z", risk=[item9("2026-11-15T08:00:00Z")],
        plans=[walk_plan(id="another-home-plan")],
        questionnaires=[questionnaire("phq9", [("2026-11-01T10:00:00Z", 20), ("2026-11-15T08:00:00Z", 21)])]))
    rows = by_source(read_caseload(tmp_path, None))
    assert set(rows) == {"sam.json", "another-sam.json"}
    assert rows["another-sam.json"].risk is not None and rows["sam.json"].packs == 1


def row(name: str, *, risk_at: str | None = None, worse: bool = False, last: str | None = "2026-11-29T10:00:00Z",
        completion: float | None = 0.5, problem: str = "") -> CaseloadRow:
    """A row as `summarise` makes one, for the ordering rule alone."""
    from workbook.insight.caseload import MeasureLine

    measures = (MeasureLine("phq9", "PHQ-9", 18, "Moderately severe", 6, "reliable_deterioration", True, ""),) if worse else ()
    return CaseloadRow(
        Path(f"/packs/{name}.json"), name, last_activity=datetime.fromisoformat(last) if last else None,
        completion=completion, measures=measures, problem=problem,
        risk=RiskFlag(datetime.fromisoformat(risk_at), 1, "Several days") if risk_at else None)


def test_attention_order() -> None:
    rows = [
        row("steady", last="2026-11-29T10:00:00Z", completion=0.9),
        row("quiet-longest", last="2026-11-10T10:00:00Z", completion=0.9),
        row("never-active", last=None, completion=None),
        row("low-completion", last="2026-11-29T18:00:00Z", completion=0.1),  # same day as steady: lower first
        row("nothing-planned", last="2026-11-29T08:00:00Z", completion=None),
        row("worse", worse=True, last="2026-11-29T10:00:00Z"),
        row("worse-and-quiet", worse=True, last="2026-11-01T10:00:00Z"),
        row("item9-older", risk_at="2026-11-20T08:00:00Z"),
        row("item9-newest", risk_at="2026-11-28T08:00:00Z", worse=True),
        row("unreadable", problem="damaged: not readable JSON (near line 1)", last=None),
    ]
    assert [r.name for r in attention_order(rows)] == [
        "item9-newest", "item9-older", "worse-and-quiet", "worse", "unreadable", "never-active", "quiet-longest",
        "nothing-planned", "low-completion", "steady"]
    assert attention_key(rows[-1]) < attention_key(rows[0])


def test_plain_list_and_csv(tmp_path: Path) -> None:
    write_pack(tmp_path / "sam.json", pack())
    write_pack(tmp_path / "jo.json", pack("Jo", risk=[item9("2026-11-28T08:00:00Z")], questionnaires=[
        questionnaire("gad7", [("2026-11-02T09:00:00Z", 8), ("2026-11-29T09:00:00Z", 15)],
                      since(8, 15, "reliable_deterioration", worse=True))]))
    (tmp_path / "broken.json").write_text("[]", encoding="utf-8")
    rows = read_caseload(tmp_path, None)
    lines = caseload_text(rows, now=NOW, zone="Europe/London").splitlines()
    assert lines[0].split()[:3] == ["Patient", "Needs", "attention"]
    assert lines[1].startswith("Jo ") and "item 9: 1 on Sat 28 Nov" in lines[1] and "15 (+7)" in lines[1]
    assert lines[2].startswith("broken.json") and "damaged: not a review pack" in lines[2]
    assert lines[3].startswith("Sam ")
    table = list(csv.DictReader(io.StringIO(caseload_csv(rows))))
    assert [r["patient"] for r in table] == ["Jo", "", "Sam"]
    assert table[0]["item9_answer"] == "1" and table[0]["gad7_standing"] == "reliable_deterioration"
    assert table[1]["problem"].startswith("damaged") and table[1]["file"].endswith("broken.json")
    assert table[2]["completion"] == "0.58" and table[2]["phq9_change"] == "-6"


def test_review_sections_put_item_9_first(tmp_path: Path) -> None:
    body = pack("Jo", risk=[item9("2026-11-28T08:00:00Z", 1)], declined=[
        {"what": "Worry time at 6pm", "exercise_id": "worry-time", "practitioner": "Alex Morgan",
         "session_date": "2026-11-16", "reason": "I work late", "decided_at": "2026-11-16T20:00:00Z"}])
    sections = pack_sections(body, zone="Europe/London")
    assert sections[0].urgent and "answered 1 (Several days)" in sections[0].lines[0]
    words = "\n".join(line for s in sections for line in (s.title, *s.lines))
    for expected in ("Walk round the park", "Mon, Wed, Fri", "if it rains then walk round the shopping centre",
                     "Not enough time: 3", "Is it OK to skip a day?", "Old question (already asked)",
                     "Worry time at 6pm (Alex Morgan, Mon 16 Nov 2026): I work late", "PHQ-9: 15 at the first"):
        assert expected in words
    calm = pack_sections(pack(), zone="Europe/London")
    assert not calm[0].urgent and calm[0].lines == ("No item-9 answer above 0 in this period.",)


def test_a_made_identity_is_owner_only_and_opens_with_age(tmp_path: Path) -> None:
    key = tmp_path / "practitioner.txt"
    recipient = make_identity(key, now=NOW)
    assert recipient.startswith("age1")
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert key.read_text().splitlines()[:2] == ["# created: 2026-11-30T12:00:00Z", f"# public key: {recipient}"]
    assert subprocess.run(["age-keygen", "-y", str(key)], capture_output=True, text=True, check=True).stdout.strip() == recipient
    plain = write_pack(tmp_path / "sam.json", pack())
    sealed = tmp_path / "packs"
    sealed.mkdir()
    seal(plain, recipient, sealed / "sam.json.age")
    (row,) = read_caseload(sealed, read_identities(key))
    assert row.readable and row.name == "Sam"
    before = key.read_bytes()
    with pytest.raises(IdentityError, match="already exists"):
        make_identity(key, now=NOW)
    assert key.read_bytes() == before


@pytest.mark.parametrize("content, expected", [
    (None, "cannot be read"),
    (b"age1zkggh2nuddvs5f86c84pzqte8t73vkm75mxptvf4xuhucdnw63qs7vxmj2\n", "is not an age key file"),
    (b"AGE-SECRET-KEY-1XXXX\n", "damaged"),
    (b"\xff\xfe", "cannot be read"),
])
def test_identity_file_problems_are_one_line(tmp_path: Path, content: bytes | None, expected: str) -> None:
    key = tmp_path / "key.txt"
    if content is not None:
        key.write_bytes(content)
    with pytest.raises(WorkbookError, match=expected) as caught:
        read_identities(key)
    assert "\n" not in str(caught.value)


def test_a_folder_that_cannot_be_read_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(FolderError, match="does not exist"):
        read_caseload(tmp_path / "missing", None)
    (tmp_path / "file.json").write_text("{}", encoding="utf-8")
    with pytest.raises(FolderError, match="is a file, not a folder"):
        read_caseload(tmp_path / "file.json", None)


def test_a_standing_from_a_later_version_is_shown_as_the_pack_names_it(tmp_path: Path) -> None:
    write_pack(tmp_path / "sam.json", pack(questionnaires=[questionnaire(
        "phq9", [("2026-11-02T09:00:00Z", 15), ("2026-11-29T09:00:00Z", 12)], since(15, 12, "partial_response"))]))
    (row,) = read_caseload(tmp_path, None)
    assert row_cells(row, now=NOW, zone="Europe/London", words=True).cells[4] == "12 (-3) partial response (as the pack puts it)"


def test_a_review_counts_minutes_and_logs_in_agreeing_words() -> None:
    body = pack(plans=[walk_plan(minutes=1, planned_minutes=1), walk_plan(minutes="?", planned_minutes=20)],
                ratings=[{"label": "Mood", "exercise_id": "activity-scheduling", "first": 4, "latest": 6, "unit": "",
                          "count": 1, "change": 2}])
    words = [line for s in pack_sections(body, zone="Europe/London") for line in s.lines]
    assert any(line.endswith("extra 0; 1 minute") for line in words)  # never "1 minutes"
    assert any(line.endswith("; 1 minute each") for line in words)
    assert any(line.endswith("extra 0; ? minutes") for line in words)  # not a number: shown as the pack has it
    assert any("over 1 log (+2)" in line for line in words)
