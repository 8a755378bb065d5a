"""A hand-built home for the review, report and export tests: fixed times, known answers.

The week under review is Monday 19 to Sunday 25 October 2026 in Europe/London;
the clocks go back at 02:00 BST on Sunday 25 (that day has 25 hours).
Expected numbers are worked out by hand in the tests that use this; the
comments here say what each record is for. Every free-text value is unusual
on purpose, so the de-identification test can grep for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from workbook.core.consent import StudyConsent
from workbook.core.model import Attempt, Event, Plan, SessionNote, Settings, Supporter
from workbook.core.pack_records import SessionPackRecord, Suggestion
from workbook.core.reminder_records import ReminderSent, Snooze
from workbook.core.times import to_iso
from workbook.facade.workbook import SETTINGS_ID, Workbook

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
WEEK_START = datetime(2026, 10, 19, 0, 0, tzinfo=LONDON)
WEEK_END = datetime(2026, 10, 26, 0, 0, tzinfo=LONDON)
REPORT_NOW = datetime(2026, 10, 26, 9, 0, tzinfo=UTC)

# Every piece of free text or name in the fixture (the de-identified export must hold none).
PRIVATE_WORDS = [
    "Alexandra", "Quentin", "Bartholomew", "brother-in-law", "07700 900123", "Cordelia", "cordelia@example.org",
    "neighbour", "Night-time breathing", "grandfather clock landing", "window cracked open", "zebrafish",
    "Marigold Lane", "sunlight lifts me", "pours with rain", "dance in the kitchen", "potting shed", "lava lamp",
    "hallway creaked", "Marmalade the cat", "Felt like lead", "Percival", "Gertrude", "pretzel",
    "creaky landing", "pond walks", "ferret", "Keep the pond walks", "15 to 10 minutes", "wobbly jelly",
    "Dr Philippa Okonkwo", "okonkwo-pack.toml", "the allotment at dawn", "tuba lessons clash",
    "Whittle a spoon",
]


@dataclass
class Ids:
    a: str  # breathing, daily 01:30, active (crosses the clocks going back)
    b: str  # walk, daily 18:00, ended on Friday 23 at 12:00 UTC
    c: str  # worry time, Mon and Thu 09:00, paused on Wednesday 21 at 00:00 UTC
    d: str  # sleep diary, any time of day, made on Thursday 22 at 15:00 UTC
    s1: str
    s2: str


def at(y: int, mo: int, d: int, h: int, mi: int = 0, *, fold: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=LONDON, fold=fold)


def utc(y: int, mo: int, d: int, h: int, mi: int = 0) -> str:
    return to_iso(datetime(y, mo, d, h, mi, tzinfo=UTC))


def build(home: Path) -> Ids:
    wb = Workbook.open(home, clock=lambda: REPORT_NOW, daily_backup=False)
    with wb.store.transaction(REPORT_NOW) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", first_name="Alexandra",
                        practitioner_name="Dr Quentin", welcome_done=True,
                        next_call=utc(2026, 10, 27, 10)))
    s1 = wb.save_supporter(Supporter(name="Bartholomew", relationship="brother-in-law", how=["remind", "join"],
                                     contact="07700 900123"))
    s2 = wb.save_supporter(Supporter(name="Cordelia", relationship="neighbour", how=["encourage"],
                                     contact="cordelia@example.org"))
    made = utc(2026, 10, 18, 12)
    a = wb.add_plan(Plan(
        exercise_id="breathing-practice", what="Night-time breathing", where="grandfather clock landing",
        start_date=date(2026, 10, 19), start_time=time(1, 30), zone="Europe/London", rrule="FREQ=DAILY",
        minutes=10, why="To settle before sleep", supporter_ids=[s2.id], reminder_lead_minutes=10, confidence=6,
        adjustments=[{"at": utc(2026, 10, 1, 9), "response": "move_time", "summary": "earlier"},
                     {"at": utc(2026, 10, 21, 20), "response": "make_smaller", "summary": "15 to 10 minutes"}],
        created_at=made, updated_at=made))
    b = wb.add_plan(Plan(
        exercise_id="activity-scheduling", what="Walk to the zebrafish pond", where="Marigold Lane",
        start_date=date(2026, 10, 19), start_time=time(18, 0), zone="Europe/London", rrule="FREQ=DAILY",
        minutes=20, why="Because sunlight lifts me", if_then=[{"if": "it pours with rain", "then": "dance in the kitchen"}],
        supporter_ids=[s1.id], status="ended", confidence=8, created_at=made, updated_at=utc(2026, 10, 23, 12)))
    c = wb.add_plan(Plan(
        exercise_id="worry-time", what="Worry list in the potting shed", start_date=date(2026, 10, 19),
        start_time=time(9, 0), zone="Europe/London", rrule="FREQ=WEEKLY;BYDAY=MO,TH", minutes=15,
        status="paused", created_at=made, updated_at=utc(2026, 10, 21, 0)))
    d = wb.add_plan(Plan(
        exercise_id="sleep-diary", what="Sleep diary by the lava lamp", start_date=date(2026, 10, 19),
        zone="Europe/London", rrule="FREQ=DAILY", minutes=5, agreed_in_session=True,
        created_at=utc(2026, 10, 22, 15), updated_at=utc(2026, 10, 22, 15)))

    def log(plan: Plan, outcome: str, occurrence: datetime | None, logged: datetime, **kw) -> None:
        wb.log_attempt(plan.id, outcome, occurrence=occurrence, now=logged, **kw)

    def put(plan: Plan, outcome: str, occurrence: datetime | None, logged: datetime, **kw) -> None:
        """Straight into the store: an extra practice, or an occurrence the rule no longer makes."""
        stamp = to_iso(logged)
        with wb.store.transaction(REPORT_NOW) as tx:
            tx.put(Attempt(plan_id=plan.id, exercise_id=plan.exercise_id,
                           occurrence=to_iso(occurrence) if occurrence else None, logged_at=stamp,
                           created_at=stamp, updated_at=stamp, outcome=outcome, **kw))

    # A: 19 logged twice (partly, then done: done wins), 20 partly, 21 not done, 22 and 24 not logged,
    # 23 done, 24 02:00 done (an occurrence from before the time moved), 25 done (once, BST), 26 done.
    log(a, "partly", at(2026, 10, 19, 1, 30), at(2026, 10, 19, 2, 0), minutes=5,
        values={"tension_before": 9, "minutes": 5}, barriers=[{"code": "other", "note": "wobbly jelly"}])
    log(a, "done", at(2026, 10, 19, 1, 30), at(2026, 10, 19, 3, 0), minutes=10,
        values={"tension_before": 6, "tension_after": 3, "minutes": 10, "place": "creaky landing",
                "noticed": "shoulders unknotted like a pretzel"})
    log(a, "partly", at(2026, 10, 20, 1, 30), at(2026, 10, 20, 2, 0), minutes=4,
        values={"tension_before": 7, "tension_after": 6, "minutes": 4},
        barriers=[{"code": "too_anxious", "note": "the hallway creaked"}])
    log(a, "not_done", at(2026, 10, 21, 1, 30), at(2026, 10, 21, 9, 0),
        barriers=[{"code": "forgot", "note": "Marmalade the cat"}, "no_time"])
    log(a, "done", at(2026, 10, 23, 1, 30), at(2026, 10, 23, 2, 0), minutes=10,
        values={"tension_before": 5, "tension_after": 1, "minutes": 10})
    put(a, "done", at(2026, 10, 24, 2, 0), at(2026, 10, 24, 2, 30), minutes=8,
        values={"tension_before": 5, "tension_after": 4, "minutes": 8})
    log(a, "done", at(2026, 10, 25, 1, 30), at(2026, 10, 25, 1, 50), minutes=12,  # 01:50 BST, before the change
        values={"tension_before": 4, "tension_after": 2, "minutes": 12}, supporter_helped=True, supporter_id=s1.id)
    log(a, "done", at(2026, 10, 26, 1, 30), at(2026, 10, 26, 2, 0), minutes=9)  # next week
    # B (ended Fri 23 12:00 UTC): 19 done, 20 done, 21 not logged, 22 not done; an extra practice on Sat 24.
    log(b, "done", at(2026, 10, 19, 18), at(2026, 10, 19, 19), minutes=20, note="Saw a heron called Percival",
        values={"activity": "walked", "mood_before": 3, "mood_after": 6}, supporter_helped=True)
    log(b, "done", at(2026, 10, 20, 18), at(2026, 10, 20, 19), minutes=25,
        values={"activity": "fed the fish named Gertrude", "mood_before": 4, "mood_after": 8})
    log(b, "not_done", at(2026, 10, 22, 18), at(2026, 10, 22, 21), barriers=["forgot", {"code": "tired_low", "note": "Felt like lead"}])
    put(b, "done", None, at(2026, 10, 24, 11), minutes=15)
    # C (paused Wed 21 00:00 UTC): Mon 19 not logged; Thu 22 was after the pause but was logged, so it counts.
    log(c, "done", at(2026, 10, 22, 9), at(2026, 10, 22, 10), minutes=30,
        values={"minutes_spent": 30, "anxiety_before": 7, "anxiety_after": 4})
    # D (made Thu 22 15:00 UTC, any time): 22, 23, 24, 25 count; only 23 logged.
    log(d, "done", at(2026, 10, 23, 0), at(2026, 10, 23, 8), minutes=5,
        values={"into_bed": "23:00", "out_of_bed": "07:00", "quality": 3})

    wb.record_questionnaire("phq9", [1] * 9, now=at(2026, 10, 10, 9))
    wb.record_questionnaire("phq9", [2, 2, 1, 1, 1, 1, 1, 0, 1], now=at(2026, 10, 21, 9))
    wb.record_questionnaire("gad7", [1] * 7, now=at(2026, 10, 22, 9))
    wb.save_session_note(SessionNote(call_date=date(2026, 10, 5), agreed="Start small",
                                     created_at=utc(2026, 10, 5, 10), updated_at=utc(2026, 10, 5, 10)))
    wb.save_session_note(SessionNote(call_date=date(2026, 10, 19), agreed="Keep the pond walks going",
                                     agreed_plan_ids=[b.id], created_at=utc(2026, 10, 19, 10), updated_at=utc(2026, 10, 19, 10)))
    wb.save_question("Should I do the breathing with the window cracked open?", plan_id=a.id)
    asked = wb.save_question("Can the ferret come to the park?")
    with wb.store.transaction(REPORT_NOW) as tx:
        tx.put(asked.touched(REPORT_NOW, asked=True))
    return Ids(a.id, b.id, c.id, d.id, s1.id, s2.id)


FAILURE_REASON = "the bus was not answering"


def add_research_records(home: Path, ids: Ids) -> None:
    """Reminders (delivered, failed, snoozed), a snooze and a few events, all at fixed times."""
    wb = Workbook.open(home, clock=lambda: REPORT_NOW, daily_backup=False)
    snooze = Snooze(plan_id=ids.a, occurrence=to_iso(at(2026, 10, 22, 1, 30)), until=to_iso(at(2026, 10, 22, 2)),
                    created_at=to_iso(at(2026, 10, 22, 1, 25)), updated_at=to_iso(at(2026, 10, 22, 1, 25)))

    def reminder(plan: str, occ, tried, *, delivered=True, kind="reminder", reason="", snooze_id=None) -> ReminderSent:
        stamp = to_iso(tried)
        return ReminderSent(plan_id=plan, occurrence=to_iso(occ), kind=kind, delivered=delivered, reason=reason,
                            channel="dbus" if delivered else "", tried_at=stamp, created_at=stamp, updated_at=stamp,
                            snooze_id=snooze_id)

    reminders = [
        reminder(ids.a, at(2026, 10, 20, 1, 30), at(2026, 10, 20, 1, 25)),  # logged 02:00: 35 minutes
        reminder(ids.a, at(2026, 10, 23, 1, 30), at(2026, 10, 23, 1, 20)),  # logged 02:00: 40 minutes
        reminder(ids.b, at(2026, 10, 21, 18), at(2026, 10, 21, 17, 45)),  # never logged
        reminder(ids.a, at(2026, 10, 22, 1, 30), at(2026, 10, 22, 1, 20), delivered=False, reason=FAILURE_REASON),
        reminder(ids.a, at(2026, 10, 22, 1, 30), at(2026, 10, 22, 2), kind="snoozed", snooze_id=snooze.id),
        reminder(ids.s1, at(2026, 10, 21, 12), at(2026, 10, 21, 12), kind="check_in"),  # not about a plan
        reminder(ids.a, at(2026, 10, 26, 1, 30), at(2026, 10, 26, 1, 15)),  # logged 02:00 GMT: 45 minutes
    ]
    events = [Event(kind=k, at=utc(*t), created_at=utc(*t), updated_at=utc(*t), participant_id="P-017", refs=r)
              for k, t, r in (("research_on", (2026, 10, 14, 8), {}),  # consent from Wednesday 14 October
                              ("reminder_sent", (2026, 10, 14, 9), {"plan": ids.a}),  # a system event: not "active"
                              ("app_opened", (2026, 10, 26, 8), {}),
                              ("screen_viewed", (2026, 10, 26, 8, 1), {"screen": "today"}))]
    settings = wb.settings()
    with wb.store.transaction(REPORT_NOW) as tx:
        tx.put(settings.touched(REPORT_NOW, research_mode=True, participant_id="P-017", study_id="S-1"))
        tx.put(snooze)
        for record in reminders + events:
            tx.put(record)


def add_pack_and_consent_records(home: Path, ids: Ids) -> None:
    """A session pack with two suggestions (one accepted as the walk, one declined) and a study consent."""
    wb = Workbook.open(home, clock=lambda: REPORT_NOW, daily_backup=False)
    note = next(n for n in wb.session_notes() if n.call_date == date(2026, 10, 19))
    stamp = utc(2026, 10, 19, 12)
    pack = SessionPackRecord(content_hash="ab" * 32, practitioner="Dr Philippa Okonkwo", session_date=date(2026, 10, 19),
                             imported_at=stamp, source_name="okonkwo-pack.toml", notes="the allotment at dawn",
                             next_call=utc(2026, 11, 2, 10), questionnaires=["phq9", "gad7"],
                             answers=[{"question": "Q", "answer": "geese are loud", "question_id": ""}],
                             note_id=note.id, created_at=stamp, updated_at=stamp)
    decided = utc(2026, 10, 19, 13)
    walk = Suggestion(pack_id=pack.id, key="walk", exercise_id="activity-scheduling", what="Walk by the pond",
                      practitioner=pack.practitioner, session_date=pack.session_date, decision="accepted",
                      decided_at=decided, plan_id=ids.b, created_at=stamp, updated_at=decided)
    spoon = Suggestion(pack_id=pack.id, key="spoon", exercise_id="activity-scheduling", what="Whittle a spoon",
                       practitioner=pack.practitioner, session_date=pack.session_date, rationale="tuba lessons clash",
                       decision="declined", reason="tuba lessons clash", decided_at=decided, created_at=stamp,
                       updated_at=decided)
    agreed = utc(2026, 10, 14, 7, 55)
    consent = StudyConsent(study_id="S-1", participant_id="P-017", consent_version="2", digest="cd" * 32,
                           agreed_at=agreed, created_at=agreed, updated_at=agreed)
    with wb.store.transaction(REPORT_NOW) as tx:
        for record in (pack, walk, spoon, consent):
            tx.put(record)


def build_with_every_table(home: Path) -> Ids:
    """The fixture home with research records, a session pack and a consent too: every table an export writes has rows."""
    ids = build(home)
    add_research_records(home, ids)
    add_pack_and_consent_records(home, ids)
    return ids
