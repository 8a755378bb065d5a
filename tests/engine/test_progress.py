"""Progress series, check-in timing and results, the "what to ask" message, and the façade's supporter,
call, question and check-in methods, against small hand-computed fixtures (no terminal, clock passed in)."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from helpers import NOW

from workbook.content.library import ExerciseLibrary
from workbook.core.model import Attempt, Plan, SessionNote, Settings, Supporter
from workbook.core.times import to_iso
from workbook.facade.workbook import SETTINGS_ID, Workbook, score_response
from workbook.insight.checkin import checkin_due, previous_response, result
from workbook.insight.progress import exercise_charts, field_summary, measure_series, weekly
from workbook.planning.asking import Sharing, ask_message, message_file_name

LONDON = ZoneInfo("Europe/London")
ZONE = "Europe/London"


def at(y, m, d, hh=12, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


def daily_plan(start: date, clock: time, created: datetime) -> Plan:
    return Plan(exercise_id="activity-scheduling", what="Walk", start_date=start, start_time=clock, zone=ZONE,
                rrule="FREQ=DAILY", created_at=to_iso(created), updated_at=to_iso(created))


def attempt(plan: Plan, occurrence: datetime, outcome: str, minutes: int | None = None, values=None) -> Attempt:
    logged = to_iso(occurrence + timedelta(hours=1))
    return Attempt(plan_id=plan.id, exercise_id=plan.exercise_id, occurrence=to_iso(occurrence), logged_at=logged,
                   created_at=logged, updated_at=logged, outcome=outcome, minutes=minutes, values=values or {})


# -- weekly completion and minutes ----------------------------------------------------------


def test_weekly_counts_a_plain_fortnight():
    """Daily 19:00 from Mon 2 Mar 2026; now is Wed 11 Mar 12:00.

    Week of 2 Mar: 7 due; done 2 Mar, 5 Mar; partly 3 Mar; not done 4 Mar; 6-8 Mar not logged.
    Week of 9 Mar: 9 and 10 Mar due (done, not logged); 11-15 Mar still to come.
    """
    plan = daily_plan(date(2026, 3, 2), time(19, 0), at(2026, 3, 2, 9))
    logs = [attempt(plan, at(2026, 3, 2, 19), "done", 10), attempt(plan, at(2026, 3, 3, 19), "partly", 5),
            attempt(plan, at(2026, 3, 4, 19), "not_done"), attempt(plan, at(2026, 3, 5, 19), "done", 10),
            attempt(plan, at(2026, 3, 9, 19), "done", 12)]
    result = weekly([plan], logs, at(2026, 3, 11, 12), ZONE)
    first, second = result.weeks
    assert (first.start, first.current) == (date(2026, 3, 2), False)
    t = first.tally
    assert (t.planned, t.done, t.partly, t.not_done, t.not_logged, t.later, t.minutes) == (7, 2, 1, 1, 3, 0, 25)
    t = second.tally
    assert (second.start, second.current) == (date(2026, 3, 9), True)
    assert (t.planned, t.done, t.partly, t.not_done, t.not_logged, t.later, t.minutes) == (2, 1, 0, 0, 1, 5, 12)
    assert first.label == "2 Mar"
    assert result.completion_summary == "Last week: 2 of 7 done, 1 partly. Over 2 weeks: 3 of 9 done (33%)."
    assert result.minutes_summary == "25 minutes last week; 37 minutes over 2 weeks."


def test_spring_forward_occurrence_is_counted_once_and_matched():
    """Daily 01:30 from Mon 23 Mar 2026. On Sun 29 Mar 01:30 does not exist in London (01:00 -> 02:00),
    so that day's occurrence is 02:30 BST (01:30 GMT, as RFC 5545 reads it); an attempt logged for it matches, and the week has 7, not 6."""
    plan = daily_plan(date(2026, 3, 23), time(1, 30), at(2026, 3, 22, 9))
    days = [at(2026, 3, d, 1, 30) for d in range(23, 29)] + [at(2026, 3, 29, 2, 30)]
    assert days[-1].utcoffset() == timedelta(hours=1)
    logs = [attempt(plan, moment, "done", 5) for moment in days]
    result = weekly([plan], logs, at(2026, 3, 30, 12), ZONE)
    week, this = result.weeks
    assert (week.tally.planned, week.tally.done, week.tally.not_logged, week.tally.minutes) == (7, 7, 0, 35)
    assert (this.tally.planned, this.tally.not_logged, this.tally.later) == (1, 1, 6)


def test_fall_back_repeated_time_is_one_occurrence():
    """Daily 01:30 from Mon 19 Oct 2026. On Sun 25 Oct 01:30 happens twice (BST then GMT): it counts once."""
    plan = daily_plan(date(2026, 10, 19), time(1, 30), at(2026, 10, 18, 9))
    first_0130 = datetime(2026, 10, 25, 0, 30, tzinfo=ZoneInfo("UTC")).astimezone(LONDON)  # 01:30 BST
    assert first_0130.hour == 1 and first_0130.utcoffset() == timedelta(hours=1)
    result = weekly([plan], [attempt(plan, first_0130, "done", 8)], at(2026, 10, 26, 12), ZONE)
    week = result.weeks[0]
    assert (week.start, week.tally.planned, week.tally.done, week.tally.not_logged) == (date(2026, 10, 19), 7, 1, 6)


def test_weekly_is_empty_without_plans_and_keeps_at_most_max_weeks():
    empty = weekly([], [], at(2026, 3, 11), ZONE)
    assert empty.weeks == () and "Nothing is planned yet" in empty.completion_summary
    plan = daily_plan(date(2025, 1, 6), time(19, 0), at(2025, 1, 6, 9))
    many = weekly([plan], [], at(2026, 3, 11), ZONE, max_weeks=4)
    assert [w.start for w in many.weeks] == [date(2026, 2, 16), date(2026, 2, 23), date(2026, 3, 2), date(2026, 3, 9)]
    assert many.minutes_summary.startswith("No minutes logged yet")


# -- questionnaires ---------------------------------------------------------------------------


def test_measure_series_and_summaries():
    responses = [score_response("phq9", [2, 2, 2, 2, 2, 2, 2, 1, 0], at(2026, 3, 2, 9)),  # 15
                 score_response("phq9", [2, 2, 2, 2, 1, 1, 1, 1, 0], at(2026, 3, 9, 9)),  # 12
                 score_response("phq9", [1, 1, 1, 1, 1, 1, 1, 2, 0], at(2026, 3, 16, 9)),  # 9
                 score_response("gad7", [3, 3, 2, 2, 2, 2, 2], at(2026, 3, 16, 9))]  # 16
    phq, gad, wsas = measure_series(responses, ZONE)
    assert phq.totals == (15.0, 12.0, 9.0)
    assert phq.days == (date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16))
    assert phq.max_total == 27 and phq.bands[1][:2] == (5, 9)
    assert phq.summary == "PHQ-9: from 15 (2 Mar) to 9 (16 Mar) over 3 check-ins; latest: Mild."
    assert gad.summary.startswith("GAD-7: 16 on 16 Mar (Severe). One check-in so far")
    assert wsas.totals == () and wsas.summary.startswith("No WSAS check-ins yet")


# -- exercise ratings ---------------------------------------------------------------------------


def test_exercise_chart_fields_over_attempts():
    library = ExerciseLibrary.load(None)
    plan = Plan(exercise_id="exposure-practice", what="Bus", start_date=date(2026, 3, 2), start_time=time(10, 0),
                zone=ZONE, rrule="FREQ=DAILY")
    values = [(60, 80, 40), (50, 60, 30), (40, 45, 10)]
    logs = [attempt(plan, at(2026, 3, 2 + i, 10), "done", 20,
                    {"anxiety_before": b, "anxiety_peak": p, "anxiety_after": a}) for i, (b, p, a) in enumerate(values)]
    (charts,) = exercise_charts(reversed(logs), library, ZONE)  # order comes from the occurrences
    assert charts.title == "Exposure practice" and charts.practices == 3
    ratings = charts.groups[0]
    assert (ratings.title, ratings.low, ratings.high) == ("Ratings from 0 to 100", 0.0, 100.0)
    peak = next(s for s in ratings.series if s.field_id == "anxiety_peak")
    assert peak.values == (80.0, 60.0, 45.0)
    assert peak.summary == "Anxiety at its highest: fell from 80 to 45 over 3 practices."
    derived = next(g for g in charts.groups if g.title.startswith("Worked out"))
    assert derived.series[0].values == (40.0, 30.0, 35.0)  # peak minus after


def test_field_summary_words():
    assert (field_summary("How much did you enjoy it?", [3, 5, 7])
            == "How much did you enjoy it: rose from 3 to 7 over 3 practices.")
    assert field_summary("Mood", [4, 4]) == "Mood: 4 at the first and the latest of 2 practices."
    # six or more: the first three against the latest three, so one noisy day doesn't set the headline
    assert (field_summary("Anxiety at its highest", [80, 90, 70, 60, 50, 14, 40, 45, 50])
            == "Anxiety at its highest: fell from about 80 (first three practices) to about 45 (latest three), "
               "over 9 practices.")
    assert field_summary("Mood", [4, 5, 6, 6, 5, 4]).startswith("Mood: about 5 on average")
    assert field_summary("Sleep efficiency", [81.44], "%").startswith("Sleep efficiency: 81.4% so far (one practice)")


# -- check-ins ----------------------------------------------------------------------------------


def phq(total_each: int, when: datetime):
    return score_response("phq9", [total_each] * 8 + [0], when)


def test_checkin_due_rules():
    now = at(2026, 3, 20, 12)
    assert checkin_due([], now, zone_name=ZONE)
    assert checkin_due([phq(1, now - timedelta(days=8))], now, zone_name=ZONE)
    recent = [phq(1, now - timedelta(days=3))]
    assert not checkin_due(recent, now, zone_name=ZONE)
    soon = now + timedelta(days=1)
    assert checkin_due(recent, now, zone_name=ZONE, next_call=soon, last_call=date(2026, 3, 18))
    assert not checkin_due(recent, now, zone_name=ZONE, next_call=soon, last_call=date(2026, 3, 16))
    assert not checkin_due(recent, now, zone_name=ZONE, next_call=now + timedelta(days=5), last_call=date(2026, 3, 18))


def test_result_words_first_time_and_change():
    before = phq(2, at(2026, 3, 2))  # 16: moderately severe
    after = phq(1, at(2026, 3, 9))  # 8: mild
    first = result(before)
    assert first.lines()[0] == "PHQ-9: 16 out of 27 — Moderately severe"
    assert first.change_words == "This is your first one here, so there's nothing to compare with yet."
    assert previous_response([before, after], after) is before
    moved = result(after, before)
    assert moved.score_words == "8 out of 27" and moved.band == "Mild"
    assert moved.change_words.startswith("8 points lower than last time.")
    wsas = result(score_response("wsas", [None, 4, 4, 4, 4], at(2026, 3, 9)))
    assert wsas.score_words == "20 out of 40" and "didn't apply" in wsas.description


# -- the "what to ask" message ------------------------------------------------------------------


def test_ask_message_shares_only_what_is_ticked():
    jo = Supporter(name="Jo", relationship="partner", how=["remind", "join"])
    walk = Plan(exercise_id="activity-scheduling", what="Walk round the park", start_date=date(2026, 3, 2),
                start_time=time(18, 30), zone=ZONE, rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                why="I used to love being outside.")
    hidden = Plan(exercise_id="thought-record", what="Thought record", start_date=date(2026, 3, 2), zone=ZONE)
    text = ask_message(jo, [walk, hidden], Sharing(plan_ids=(walk.id,), times=True), first_name="Sam")
    assert text == ("Hi Jo,\n\nI'm working on something to help me feel more like myself, and it would really help "
                    "if you could remind me or do it with me:\n\n- Walk round the park (weekdays at 18:30).\n\n"
                    "No pressure, and thank you.\nSam\n")
    assert "Thought record" not in text and "outside" not in text and "therapy" not in text
    shared = ask_message(jo, [walk], Sharing(plan_ids=(walk.id,), why=True, therapy=True))
    assert "Why it matters to me: I used to love being outside." in shared and "part of the therapy" in shared
    assert "18:30" not in shared
    name = message_file_name(Supporter(name="Mary-Jo O'Neil"), "2026-03-02")
    assert name == "message-for-mary-jo-o-neil-2026-03-02.txt"


# -- supporters, calls, questions and check-ins through the façade ------------------------------


@pytest.fixture
def small(tmp_path):
    workbook = Workbook.open(tmp_path / "home", clock=lambda: NOW, daily_backup=False)
    with workbook.store.transaction(NOW) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone=ZONE, first_name="Sam", welcome_done=True))
    walk = workbook.add_plan(daily_plan(date(2026, 3, 2), time(19, 0), at(2026, 3, 2, 9)))
    bus = workbook.add_plan(Plan(exercise_id="exposure-practice", what="Bus", start_date=date(2026, 3, 2), zone=ZONE))
    return workbook, walk, bus


def test_supporter_plans_are_linked_and_unlinked(small):
    workbook, walk, bus = small
    jo = workbook.save_supporter(Supporter(name="Jo", how=["remind"]))
    workbook.set_supporter_plans(jo.id, [walk.id])
    assert [p.id for p in workbook.plans_for_supporter(jo.id)] == [walk.id]
    workbook.set_supporter_plans(jo.id, [bus.id])
    assert [p.id for p in workbook.plans_for_supporter(jo.id)] == [bus.id]
    assert workbook.plan(walk.id).supporter_ids == []


def test_record_call_marks_plans_agreed_and_sets_next_call(small):
    workbook, walk, bus = small
    next_call = to_iso(at(2026, 3, 16, 10))
    workbook.record_call(SessionNote(call_date=date(2026, 3, 2), agreed="Walks", agreed_plan_ids=[bus.id],
                                     next_call=next_call))
    assert workbook.plan(bus.id).agreed_in_session and not workbook.plan(walk.id).agreed_in_session
    assert workbook.settings().next_call == next_call
    assert workbook.session_notes()[0].agreed == "Walks"


def test_questions_can_be_ticked_off(small):
    workbook, _, _ = small
    question = workbook.save_question("What if worry time runs over?")
    assert workbook.mark_question_asked(question.id).asked
    assert workbook.questions(include_asked=False) == []
    workbook.mark_question_asked(question.id, asked=False)
    assert [q.text for q in workbook.questions(include_asked=False)] == ["What if worry time runs over?"]


def test_files_written_for_the_patient_are_private(small):
    workbook, walk, _ = small
    jo = workbook.save_supporter(Supporter(name="Jo"))
    message = workbook.save_message(jo.id, "Hi Jo\n", now=at(2026, 3, 11))
    assert message == workbook.home / "messages" / "message-for-jo-2026-03-11.txt"
    from workbook.outputs.report import write_report

    report = write_report(workbook, now=at(2026, 3, 11))
    assert report.name == "report-2026-03-11.md" and "# Workbook report" in report.read_text()
    if os.name == "posix":
        for path in (message, report):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
            assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_checkin_due_and_result_through_the_facade(small):
    workbook, _, _ = small
    now = at(2026, 3, 11)
    assert workbook.checkin_due(now)
    response = workbook.record_questionnaire("phq9", [1] * 8 + [1], now=now)
    assert response.risk and not workbook.checkin_due(now + timedelta(days=1))
    assert workbook.checkin_result(response).band == "Mild"


def test_progress_through_the_facade(small):
    workbook, walk, _ = small
    workbook.log_attempt(walk.id, "done", minutes=15, now=at(2026, 3, 2, 19, 30), occurrence=at(2026, 3, 2, 19))
    data = workbook.progress(at(2026, 3, 4, 12))
    assert data.weekly.weeks[0].tally.done == 1 and data.weekly.weeks[0].tally.minutes == 15
    assert [m.measure_id for m in data.measures] == ["phq9", "gad7", "wsas"]
