"""Every number's change over a period, and what was logged per exercise: pure, on built-in exercises.

The entries are made by hand (a time and an attempt), so each expected number can be checked
with a pencil: first three against latest three from six entries on, first against last below.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from workbook.content.library import ExerciseLibrary
from workbook.core.model import Attempt
from workbook.core.times import to_iso
from workbook.insight.field_changes import ENDS, FELL, ROSE, SAME, THREES, change_words, field_changes
from workbook.insight.summaries import headline, record_words, summaries, summary_lines

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 11, 9, 8, 0, tzinfo=LONDON)


@pytest.fixture(scope="module")
def library() -> ExerciseLibrary:
    return ExerciseLibrary.load()


def entry(exercise_id: str, when: datetime, **values) -> tuple[datetime, Attempt]:
    stamp = to_iso(when)
    return when, Attempt(plan_id="00000000-0000-4000-8000-000000000001", exercise_id=exercise_id, logged_at=stamp,
                         created_at=stamp, updated_at=stamp, outcome="done", values=values)


def series(exercise_id: str, **columns: list) -> list[tuple[datetime, Attempt]]:
    """One entry a day from MONDAY, the n-th taking the n-th value of every column (None: left out)."""
    n = max(len(v) for v in columns.values())
    return [entry(exercise_id, MONDAY + timedelta(days=i),
                  **{k: v[i] for k, v in columns.items() if i < len(v) and v[i] is not None}) for i in range(n)]


def by_id(changes) -> dict:
    return {(c.exercise_id, c.field_id): c for c in changes}


def test_six_or_more_entries_compare_the_first_three_with_the_latest_three(library) -> None:
    logged = series("worry-diary", worry=["w"] * 7, anxiety=[8, 7, 9, 5, 4, 3, 5])
    change = by_id(field_changes(logged, library))[("worry-diary", "anxiety")]
    assert (change.count, change.basis, change.start, change.end) == (7, THREES, 8.0, 4.0)
    assert (change.first, change.last) == (8, 5)  # the single first and last values stay as they were
    assert change.direction == FELL and change.hoped is True  # worry-diary.toml: lower_is_better = ["anxiety"]
    assert change_words(change) == ("How anxious is it making you: from 8 to 4 over 7 entries "
                                    "(average of the first three and of the latest three); fell, a good sign")


def test_fewer_than_six_compare_the_first_entry_with_the_last_and_say_so(library) -> None:
    logged = series("activity-scheduling", activity=["a"] * 2, mood_before=[3, 4], mood_after=[6, 8])
    changes = by_id(field_changes(logged, library))
    before, after = changes[("activity-scheduling", "mood_before")], changes[("activity-scheduling", "mood_after")]
    assert (before.basis, before.start, before.end, before.direction, before.hoped) == (ENDS, 3, 4, ROSE, True)
    assert change_words(after) == ("Your mood afterwards: from 6 to 8 over 2 entries (first and last entry); "
                                   "rose, a good sign")


def test_before_and_after_on_one_attempt_are_two_fields_and_the_difference_a_third(library) -> None:
    """Mood 3 -> 6 on a single attempt: both ratings and the derived change, one entry each."""
    logged = series("activity-scheduling", activity=["walk"], mood_before=[3], mood_after=[6])
    changes = by_id(field_changes(logged, library))
    assert {k[1]: (c.first, c.count) for k, c in changes.items()} == {
        "mood_before": (3, 1), "mood_after": (6, 1), "mood_change": (3, 1)}
    assert changes[("activity-scheduling", "mood_change")].direction is None  # one entry: nothing to compare
    assert change_words(changes[("activity-scheduling", "mood_after")]) == \
        "Your mood afterwards: 6 (one entry, nothing to compare yet)"


def test_derived_values_and_fields_not_marked_chart_count_too(library) -> None:
    logged = series("panic-diary", situation=["train", "shop", "bus"], peak_anxiety=[90, 70, 60],
                    belief_then=[90, 80, 60], belief_now=[40, 30, 10])
    changes = by_id(field_changes(logged, library))
    belief = changes[("panic-diary", "belief_then")]  # not charted in panic-diary.toml
    assert (belief.kind, belief.start, belief.end, belief.direction, belief.hoped) == ("rating", 90, 60, FELL, True)
    fell = changes[("panic-diary", "belief_change")]  # derived: belief_then - belief_now
    assert (fell.kind, fell.start, fell.end, fell.count, fell.of_ratings) == ("derived", 50, 50, 3, True)
    assert fell.direction == SAME and fell.hoped is None


def test_a_direction_is_judged_only_when_the_file_says_which_way_is_hoped_for(library) -> None:
    logged = series("worry-time", minutes_spent=[30, 20, 15], worries_count=[5, 3, 2],
                    anxiety_before=[4, 6, 7], anxiety_after=[2, 2, 2])
    changes = by_id(field_changes(logged, library))
    minutes = changes[("worry-time", "minutes_spent")]
    assert minutes.better is None and minutes.hoped is None and minutes.of_ratings is False
    assert change_words(minutes).endswith("(first and last entry); fell")  # described, not judged
    assert change_words(changes[("worry-time", "anxiety_before")]).endswith("rose (lower is better here)")
    assert changes[("worry-time", "anxiety_after")].direction == SAME
    assert change_words(changes[("worry-time", "worries_count")]).startswith(
        "How many worries did you look at: from 5 worries to 2 worries over 3 entries")


@pytest.mark.parametrize(("exercise", "field", "values", "direction"), [
    ("worry-diary", "anxiety", [5, 5, 5, 5, 6, 5], SAME),  # a third of a point on 0-10: within 5% of the scale
    ("worry-diary", "anxiety", [5, 5, 5, 6, 6, 6], ROSE),
    ("panic-diary", "peak_anxiety", [50, 46], SAME),  # 4 points on 0-100
    ("panic-diary", "peak_anxiety", [50, 40], FELL),
])
def test_about_the_same_is_judged_against_the_scale(library, exercise, field, values, direction) -> None:
    required = {"worry-diary": "worry", "panic-diary": "situation"}[exercise]
    logged = series(exercise, **{required: ["x"] * len(values), field: values})
    assert by_id(field_changes(logged, library))[(exercise, field)].direction == direction


def test_entries_in_time_order_and_exercises_by_title(library) -> None:
    late, early = MONDAY + timedelta(days=3), MONDAY
    logged = [entry("worry-diary", late, worry="b", anxiety=2), entry("worry-diary", early, worry="a", anxiety=9),
              entry("activity-diary", early, activity="tea", mood=5)]
    changes = field_changes(logged, library)
    assert [c.exercise_id for c in changes] == ["activity-diary", "worry-diary"]
    worry = changes[1]
    assert (worry.first, worry.last, worry.first_at, worry.last_at) == (9, 2, early, late)


def test_no_library_no_numbers() -> None:
    assert field_changes(series("worry-diary", worry=["w"], anxiety=[3]), None) == ()


# -- what was logged ---------------------------------------------------------------------------


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def test_worry_entries_practical_against_hypothetical(library) -> None:
    logged = series("worry-diary", worry=["a", "b", "c", "d", "e"], anxiety=[5, 7, 6, None, 8],
                    worry_type=["practical", "hypothetical", "hypothetical", None, "hypothetical"],
                    postponed=[False, True, True, None, True])
    (summary,) = summaries(logged, library)
    assert headline(summary) == "Worry diary (5 entries)"
    assert summary_lines(summary, _day) == [
        "Is it a practical worry or a hypothetical one: practical 1; hypothetical 3 (in 4 of 5 entries)",
        "Did you save it for your worry time: yes 3; no 1 (in 4 of 5 entries)",
        "How anxious is it making you: average 6.5, lowest 5, highest 8 (in 4 of 5 entries)",
    ]


def test_panic_episodes_with_their_peak_ratings(library) -> None:
    logged = [entry("panic-diary", datetime(2026, 11, 10, 8, 40, tzinfo=LONDON), situation="train", peak_anxiety=85,
                    onset="in a situation I find hard", sensations=["racing or pounding heart", "hot or sweaty"]),
              entry("panic-diary", datetime(2026, 11, 13, 19, 5, tzinfo=LONDON), situation="sofa", peak_anxiety=60,
                    onset="out of the blue", sensations=["racing or pounding heart"])]
    (summary,) = summaries(logged, library)
    assert summary_lines(summary, _day) == [
        "How did it come on: out of the blue 1; in a situation I find hard 1; not sure 0",
        "What did you feel in your body: racing or pounding heart 2; hot or sweaty 1",  # a checklist: ticked ones only
        "How intense was the anxiety at its worst: average 72.5, lowest 60, highest 85",
        "Tue 10 Nov, 08:40: How intense was the anxiety at its worst: 85",  # [report] each_entry
        "Fri 13 Nov, 19:05: How intense was the anxiety at its worst: 60",
    ]


def test_sleep_efficiency_per_week(library) -> None:
    night = dict(into_bed="22:30", lights_out="23:00", final_wake="06:30", out_of_bed="07:00", awake_minutes=0)
    logged = [entry("sleep-diary", datetime(2026, 11, d, 7, 30, tzinfo=LONDON), **night, latency_minutes=latency)
              for d, latency in [(13, 30), (14, 60), (15, 0), (16, 30), (18, 90)]]  # Fri-Sun, then Mon and Wed
    (summary,) = summaries(logged, library)
    # 8.5 hours in bed; asleep 7.5 hours less the time taken to fall asleep: 82.4%, 76.5%, 88.2%, 82.4%, 70.6%
    weekly = summary.weekly[0]
    assert [(w.monday, w.count, round(w.mean, 1)) for w in weekly.weeks] == [
        (date(2026, 11, 9), 3, 82.4), (date(2026, 11, 16), 2, 76.5)]
    assert ("Sleep efficiency (time asleep as a share of time in bed), average by week: "
            "week of Mon 9 Nov: 82.4% (3 entries); week of Mon 16 Nov: 76.5% (2 entries)") in summary_lines(summary, _day)


def test_only_entries_with_answers_are_summed_up(library) -> None:
    when, bare = entry("breathing-practice", MONDAY)
    assert summaries([(when, bare)], library) == ()


def test_a_when_it_happens_record_is_counted_in_entries() -> None:
    assert record_words(5, 3) == "5 entries (aim about 3 a week)"
    assert record_words(1, None) == "1 entry (written when it happens)"


def test_a_unit_agrees_with_a_value_of_one() -> None:
    from workbook.insight.field_changes import number_text

    assert number_text(1, "times") == "1 time"
    assert number_text(1.04, "worries") == "1 worry"
    assert number_text(2, "worries") == "2 worries"
    assert number_text(1, "%") == "1%"
