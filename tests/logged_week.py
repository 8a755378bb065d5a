"""A worry-and-panic week, for the report's and the Review screen's tests of what was logged.

Six worries written down as they came (two on Monday), two panic attacks, one planned walk
with mood 3 before and 6 after, and a PHQ-9 with question 9 answered 2. The last call was on
Monday 9 November; the report and Review look back from NOW, the Monday after.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from workbook.core.model import Plan, SessionNote, Settings
from workbook.facade import SETTINGS_ID, Workbook

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 9)
NOW = datetime(2026, 11, 16, 9, 0, tzinfo=LONDON)  # the Monday after; London is on UTC in November
WORRIES = [  # (day, hour, anxiety, type, saved for worry time)
    (9, 10, 7, "hypothetical", True), (9, 15, 6, "practical", False), (10, 9, 8, "hypothetical", True),
    (12, 13, 5, "hypothetical", True), (13, 20, 4, "practical", False), (14, 11, 3, "hypothetical", True),
]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=LONDON)


def build(home: Path) -> Workbook:
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    made = at(8, 12)
    with workbook.store.transaction(made) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", first_name="Rosa", welcome_done=True))
    workbook.save_session_note(SessionNote(call_date=MONDAY, agreed="Write worries and panic attacks down as they come"))
    worries = workbook.add_plan(Plan(exercise_id="worry-diary", what="Note a worry when it comes", kind="as_needed",
                                     aim_per_week=5, start_date=MONDAY, zone="Europe/London", minutes=3,
                                     created_at=made.isoformat(), updated_at=made.isoformat()))
    panic = workbook.add_plan(Plan(exercise_id="panic-diary", what="Note a panic attack", kind="as_needed",
                                   start_date=MONDAY, zone="Europe/London", minutes=10,
                                   created_at=made.isoformat(), updated_at=made.isoformat()))
    walk = workbook.add_plan(Plan(exercise_id="activity-scheduling", what="Walk to the market", start_date=date(2026, 11, 11),
                                  start_time=time(11, 0), zone="Europe/London", minutes=30,
                                  created_at=made.isoformat(), updated_at=made.isoformat()))
    for day, hour, anxiety, kind, saved in WORRIES:
        workbook.log_attempt(worries.id, "done", now=at(day, hour),
                             values={"worry": "what if", "anxiety": anxiety, "worry_type": kind, "postponed": saved})
    workbook.log_attempt(panic.id, "done", now=at(10, 8, 40), values={
        "situation": "on the train", "onset": "in a situation I find hard", "peak_anxiety": 85,
        "sensations": ["racing or pounding heart", "short of breath"], "belief_then": 90, "belief_now": 40})
    workbook.log_attempt(panic.id, "done", now=at(13, 19, 5), values={
        "situation": "watching television", "onset": "out of the blue", "peak_anxiety": 60,
        "sensations": ["racing or pounding heart"], "belief_then": 70, "belief_now": 20})
    workbook.log_attempt(walk.id, "done", now=at(11, 12), values={"activity": "walked", "mood_before": 3, "mood_after": 6})
    workbook.record_questionnaire("phq9", [2, 2, 1, 1, 1, 1, 1, 0, 2], now=at(12, 18, 30))
    return workbook
