"""The loop on files: a session pack imported, one plan accepted, one declined with a reason,
a week of practice, then the review pack says who agreed the plan and what was declined and why."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from session_pack_sample import write_sample

from workbook.core.model import Settings
from workbook.facade import SETTINGS_ID, Workbook
from workbook.outputs.review_pack import read_pack, write_review_pack

LONDON = ZoneInfo("Europe/London")
IMPORTED = datetime(2026, 11, 19, 20, 0, tzinfo=LONDON)  # the evening of the call
LATER = datetime(2026, 11, 27, 9, 0, tzinfo=LONDON)


def test_the_review_pack_carries_the_session_packs_decisions_back(tmp_path: Path) -> None:
    clock = {"now": IMPORTED}
    workbook = Workbook.open(tmp_path / "home", clock=lambda: clock["now"], daily_backup=False)
    with workbook.store.transaction(IMPORTED) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", first_name="Sam", welcome_done=True))
    pack = workbook.import_session_pack(write_sample(tmp_path)).pack
    walk = workbook.accept_suggestion(workbook.suggestion("walk", pack.id).id)
    workbook.decline_suggestion(workbook.suggestion("worry", pack.id).id, "I work late on weekdays")
    clock["now"] = datetime(2026, 11, 20, 19, 0, tzinfo=LONDON)
    workbook.log_attempt(walk.id, "done", values={"activity": "walked", "mood_before": 4, "mood_after": 6})
    clock["now"] = LATER
    files = write_review_pack(workbook, now=LATER, out=tmp_path / "pack")
    data = read_pack(files.json)
    assert data["practitioner"]["name"] == "Alex Morgan"  # from the session pack, none typed in Settings
    assert data["period"]["last_call"] == "2026-11-19"
    (declined,) = data["declined"]
    assert (declined["what"], declined["practitioner"], declined["session_date"], declined["reason"]) == (
        "Worry time at the kitchen table", "Alex Morgan", "2026-11-19", "I work late on weekdays")
    plan = next(p for p in data["plans"] if p["id"] == walk.id)
    assert plan["agreed"] == "agreed with Alex Morgan on Thu 19 Nov"
    assert plan["done"] == 1 and plan["schedule"]["time"] == "18:30"
    html = files.html.read_text(encoding="utf-8")
    assert "Suggestions not taken up" in html and "I work late on weekdays" in html
    assert "agreed with Alex Morgan on Thu 19 Nov" in html
    assert json.loads(files.fhir.read_text())["type"] == "collection"
