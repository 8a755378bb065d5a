"""The review pack's content says what the report says, for the same home and clock, and leaves
out what the patient chose to leave out.

Two homes: the worry-and-panic week (`logged_week`, with a PHQ-9 question 9 answered 2) and the
10-week demo. The report is built separately (`build_report`), so a figure that differs between
the two is a real disagreement.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import jsonschema
import pytest
from helpers import NOW as DEMO_NOW
from helpers import REPO
from logged_week import NOW, build

from workbook.content.states import state_words
from workbook.core.suggestions import DeclinedSuggestion
from workbook.facade import Workbook
from workbook.insight.review_pack import Included
from workbook.outputs.report import build_report
from workbook.outputs.review_pack import PackFormatError, read_pack_json
from workbook.outputs.review_pack.json_pack import pack_data

SCHEMA = json.loads((REPO / "docs" / "review-pack.schema.json").read_text(encoding="utf-8"))


def validate(data: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    return build(tmp_path_factory.mktemp("pack-week") / "home")


@pytest.fixture
def demo(demo_home: Path) -> Workbook:
    return Workbook.open(demo_home, clock=lambda: DEMO_NOW, daily_backup=False)


def tally_line(plan: dict) -> str:
    counts = [(plan["done"], "done"), (plan["partly"], "partly"), (plan["not_done"], "not_done"),
              (plan["not_logged"], "not_logged")]
    return f"- {plan['what']}: {plan['planned']} planned: " + ", ".join(
        f"{n} {state_words(s).words}" for n, s in counts)


def test_the_week_matches_the_report(week: Workbook) -> None:
    data = pack_data(week.review_pack(NOW))
    validate(data)
    report = build_report(week, now=NOW)
    assert data["period"] == {"start": "2026-11-09", "end": "2026-11-16", "last_call": "2026-11-09",
                              "next_call": None, "zone": "Europe/London"}
    assert data["totals"]["planned"] == 1 and data["totals"]["done"] == 1 and data["totals"]["entries"] == 8
    assert data["totals"]["minutes"] == 30 and data["totals"]["completion"] == 1.0
    assert "and 8 entries written down as things happened. About 30 minutes of practice." in report
    entries = {p["what"]: p["entries"] for p in data["plans"] if p["kind"] == "as_needed"}
    assert entries == {"Note a worry when it comes": 6, "Note a panic attack": 2}
    assert "- Note a worry when it comes: 6 entries (aim about 5 a week)." in report
    assert data["by_kind"]["as_needed"]["entries"] == 8 and data["by_kind"]["set_time"]["planned"] == 1
    # question 9, first and plainly: the same answer, time and wording as the report's top line
    assert data["risk"] == [{"completed_at": "2026-11-12T18:30:00Z", "measure": "phq9", "item": 9, "answer": 2,
                             "answer_label": "More than half the days",
                             "question": "Thoughts that you would be better off dead or of hurting yourself in some way"}]
    assert "The answer given was 2, \u201cMore than half the days\u201d" in report
    (phq9,) = data["questionnaires"]
    assert phq9["scores"] == [{"completed_at": "2026-11-12T18:30:00Z", "total": 11, "band": "Moderate", "risk": True,
                               "in_period": True}]
    assert phq9["since_first"] is None  # one score: nothing to compare
    assert "- PHQ-9 on Thursday 12 November 2026: 11 (Moderate)." in report


def test_every_number_logged_has_its_report_line(week: Workbook) -> None:
    data = pack_data(week.review_pack(NOW))
    report = build_report(week, now=NOW)
    compared = [r for r in data["ratings"] if r["count"] >= 2]
    assert len(compared) >= 4
    for rating in compared:
        assert f"- {rating['exercise']}: {rating['words']}." in report
    anxiety = next(r for r in data["ratings"] if r["field"] == "anxiety")
    assert (anxiety["first"], anxiety["latest"], anxiety["change"], anxiety["count"]) == (7, 3, -4, 6)
    assert anxiety["basis"] == "threes" and anxiety["start"] == 7 and anxiety["end"] == 4
    walk = next(r for r in data["ratings"] if r["field"] == "mood_after")
    assert walk["count"] == 1 and walk["plan_id"] is not None  # one plan of that exercise ran


def test_the_demo_matches_the_report_plan_by_plan(demo: Workbook) -> None:
    data = pack_data(demo.review_pack(DEMO_NOW))
    validate(data)
    report = build_report(demo, now=DEMO_NOW)
    timed = [p for p in data["plans"] if p["kind"] != "as_needed" and p["planned"]]
    assert len(timed) >= 5
    for plan in timed:
        assert tally_line(plan) in report, plan["what"]
    t = data["totals"]
    share = round(t["completion"] * 100)
    assert (f"- In all: {t['planned']} planned: {t['done']} done, {t['partly']} partly done, {t['not_done']} not done, "
            f"{t['not_logged']} not logged ({share}% done)") in report
    assert f"About {t['minutes']} minutes of practice." in report
    assert sum(p["planned"] for p in data["plans"]) == t["planned"]
    for barrier in data["barriers"]:
        times = "once" if barrier["count"] == 1 else f"{barrier['count']} times"
        assert f"- {barrier['label']}: {times}." in report
    for q in data["questionnaires"]:  # the change since the first score, in the words recovery.py gives
        first, latest = q["scores"][0]["total"], q["scores"][-1]["total"]
        assert q["since_first"]["first"] == first and q["since_first"]["latest"] == latest
        assert q["since_first"]["change"] == latest - first
    phq9 = next(q for q in data["questionnaires"] if q["measure"] == "phq9")
    assert phq9["since_first"]["standing"] == "reliable_improvement" and phq9["since_first"]["recovered"] is False
    for question in demo.questions(include_asked=False):
        assert question.text in [q["text"] for q in data["questions"]]


def test_what_is_left_out_is_not_in_the_pack(demo: Workbook) -> None:
    everything = pack_data(demo.review_pack(DEMO_NOW))
    assert any(p["where"] for p in everything["plans"]) and any(b["notes"] for b in everything["barriers"])
    assert everything["ratings"] and everything["questions"] and everything["patient"]["first_name"]
    less = pack_data(demo.review_pack(DEMO_NOW, included=Included(name=False, notes=False, barrier_notes=False,
                                                                   ratings=False, questions=False)))
    validate(less)
    assert less["included"] == {"name": False, "notes": False, "barrier_notes": False, "ratings": False,
                                "questions": False}
    assert less["patient"]["first_name"] == ""
    assert all(p["where"] == p["why"] == "" and p["if_then"] == [] == p["notes"] for p in less["plans"])
    assert all(b["notes"] == [] for b in less["barriers"])
    assert less["ratings"] == [] and less["questions"] == [] and less["agreed_at_last_call"] == []
    assert less["totals"] == everything["totals"]  # the figures stay
    text = json.dumps(less)
    for plan in everything["plans"]:
        if plan["where"]:
            assert plan["where"] not in text
    for barrier in everything["barriers"]:
        for note in barrier["notes"]:
            assert note not in text


def test_the_choices_saved_in_settings_are_the_default(demo: Workbook) -> None:
    demo.update_settings(pack_ratings=False, pack_name=False)
    data = pack_data(demo.review_pack(DEMO_NOW))
    assert data["included"]["ratings"] is False and data["ratings"] == []
    assert data["patient"]["first_name"] == "" and data["included"]["notes"] is True


def test_declined_suggestions_go_back_with_their_reasons(week: Workbook) -> None:
    declined = [DeclinedSuggestion(what="Worry time at 6pm", exercise_id="worry-time", practitioner="Alex Morgan",
                                   session_date=date(2026, 11, 9), reason="I work late on weekdays",
                                   decided_at=datetime(2026, 11, 9, 20, 0, tzinfo=timezone.utc))]
    data = pack_data(week.review_pack(NOW, declined=declined))
    validate(data)
    assert data["declined"] == [{"what": "Worry time at 6pm", "exercise_id": "worry-time",
                                 "practitioner": "Alex Morgan", "session_date": "2026-11-09",
                                 "reason": "I work late on weekdays", "decided_at": "2026-11-09T20:00:00Z"}]


def test_a_reader_refuses_what_it_cannot_read(week: Workbook) -> None:
    data = pack_data(week.review_pack(NOW))
    assert read_pack_json(json.dumps({**data, "later_key": 1}))["totals"] == data["totals"]
    for bad, words in ((b"not json", "not JSON"), (json.dumps({**data, "format": "other"}), "not a Workbook review pack"),
                       (json.dumps({**data, "version": 2}), "version 2"), (json.dumps({**data, "version": "1"}), "no version")):
        with pytest.raises(PackFormatError, match=words):
            read_pack_json(bad)


def test_the_pages_tables_hold_the_same_figures(demo: Workbook) -> None:
    from html.parser import HTMLParser

    from workbook.outputs.review_pack.html import pack_html

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.cell: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag: str) -> None:
            if tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append("".join(self.cell).strip())
                self.cell = None

        def handle_data(self, data: str) -> None:
            if self.cell is not None:
                self.cell.append(data)

    pack = demo.review_pack(DEMO_NOW)
    parser = Rows()
    parser.feed(pack_html(pack))
    rows = {r[0]: r for r in parser.rows if r}
    for plan in pack_data(pack)["plans"]:
        if plan["planned"] or plan["entries"]:
            assert rows[plan["what"]][2:] == [str(plan[k]) for k in ("planned", "done", "partly", "not_done",
                                                                    "not_logged", "entries")]
    t = pack_data(pack)["totals"]
    assert rows["In all"][2:] == [str(t[k]) for k in ("planned", "done", "partly", "not_done", "not_logged", "entries")]
    report = build_report(demo, now=DEMO_NOW)
    in_period = [s for q in pack.questionnaires if q.measure == "phq9" for s in q.scores if s.in_period]
    assert in_period
    for score in in_period:
        day = datetime.fromisoformat(score.response.completed_at).astimezone(demo_zone()).date()
        assert rows[f"{day.day} {day:%b %Y}"][1] == f"{score.total:g} {score.band}"  # the PHQ-9 column
        assert f"- PHQ-9 on {day:%A} {day.day} {day:%B %Y}: {score.total:g} ({score.band})" in report


def demo_zone():  # noqa: ANN201 - a ZoneInfo
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/London")
