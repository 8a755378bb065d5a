"""The loop on two home folders with only files between them: review pack out, caseload, next session pack in.

Real processes throughout: the patient's `workbook review-pack` encrypts to the key the
practitioner made with `workbook caseload --new-identity`; the practitioner's caseload lists the
patient; the session pack prefilled from that row is imported by the patient's `workbook import`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import NOW, NOW_ARG, run_module

from workbook.facade.workbook import Workbook

pytestmark = pytest.mark.slow


def test_review_pack_to_caseload_to_next_session_pack(tmp_path: Path) -> None:
    patient, practitioner, packs = tmp_path / "patient", tmp_path / "practitioner", tmp_path / "inbox"
    packs.mkdir()
    key = tmp_path / "caseload-key.txt"
    made = run_module("--home", practitioner, "caseload", "--new-identity", key, "--at", NOW_ARG)
    assert made.code == 0, made.err
    recipient = made.out.strip().splitlines()[-1]
    assert run_module("--home", patient, "demo", "--weeks", "4", "--at", NOW_ARG).code == 0
    sent = run_module("--home", patient, "review-pack", "--key", recipient, "--out", packs / "review-pack",
                      "--at", NOW_ARG)
    assert sent.code == 0, sent.err
    assert sorted(p.name for p in packs.iterdir()) == [
        "review-pack.fhir.json.age", "review-pack.html.age", "review-pack.json.age"]

    listed = run_module("--home", practitioner, "caseload", packs, "--list", "--at", NOW_ARG)
    assert listed.code == 0, listed.err
    name = Workbook.open(patient, clock=lambda: NOW, daily_backup=False).settings().first_name
    lines = listed.out.splitlines()
    assert len(lines) == 2 and lines[1].startswith(f"{name} "), listed.out  # one row: the pack, not its companions

    desk = Workbook.open(practitioner, clock=lambda: NOW, daily_backup=False)
    (row,) = desk.caseload(packs)
    draft = desk.next_session_draft(row)
    assert draft.plans and all(p.exercise_id for p in draft.plans)
    draft.practitioner = draft.practitioner or "Alex Morgan"
    written = desk.write_next_session(draft)
    taken = run_module("--home", patient, "import", str(written), "--at", NOW_ARG)
    assert taken.code == 0, taken.err
    first = next(p for p in draft.plans if p.include)
    assert first.key in taken.out and first.what in taken.out
