"""Validation of the records, by property: good values round-trip, bad ones raise
ValidationError (a message fit to show) and never any other exception."""

from __future__ import annotations

import string
from datetime import date, time, timedelta

import pytest
from helpers import NOW
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from workbook.core.errors import ValidationError
from workbook.core.model import OUTCOMES, Attempt, Plan, Settings, Supporter
from workbook.core.recurrence import DAY_CODES, RuleError, normalise, parse_parts
from workbook.core.repeat_words import Repeat, describe

ZONES = ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Auckland"]
PLAN_ID = "11111111-1111-4111-8111-111111111111"

exercise_ids = st.from_regex(r"\A[a-z][a-z0-9_-]{0,47}\Z", fullmatch=True)
words = st.text(alphabet=string.ascii_letters + string.digits + " .,'-éü", min_size=1, max_size=60).filter(str.strip)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
wall_times = st.builds(time, st.integers(0, 23), st.integers(0, 59))  # what the Plan screen offers
day_sets = st.lists(st.sampled_from(DAY_CODES), min_size=1, max_size=7, unique=True)
repeats = st.one_of(
    st.just(Repeat("once")), st.just(Repeat("daily")), st.just(Repeat("weekdays")),
    st.builds(lambda d: Repeat("days", days=tuple(d)), day_sets),
    st.builds(lambda n: Repeat("every_n_days", every=n), st.integers(1, 365)),
)


@st.composite
def valid_bodies(draw) -> str:
    """Valid RRULE bodies, in any part order and day order."""
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]))
    parts = [f"FREQ={freq}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(1, 365))}")
    if freq == "WEEKLY" and draw(st.booleans()):
        parts.append("BYDAY=" + ",".join(draw(day_sets)))
    if freq == "MONTHLY" and draw(st.booleans()):
        parts.append("BYMONTHDAY=" + ",".join(map(str, draw(st.lists(st.integers(1, 31), min_size=1, max_size=4, unique=True)))))
    if draw(st.booleans()):
        parts.append(f"COUNT={draw(st.integers(1, 10000))}")
    return ";".join(draw(st.permutations(parts)))


@st.composite
def plan_parts(draw) -> dict:
    start = draw(dates)
    return {
        "exercise_id": draw(exercise_ids),
        "what": draw(words),
        "where": draw(st.one_of(st.just(""), words)),
        "start_date": start,
        "start_time": draw(st.one_of(st.none(), wall_times)),
        "zone": draw(st.sampled_from(ZONES)),
        "rrule": draw(st.one_of(st.none(), valid_bodies(), repeats.map(lambda r: r.to_rrule()))),
        "until": draw(st.one_of(st.none(), st.integers(0, 3000).map(lambda n: start + timedelta(days=n)))),
        "minutes": draw(st.integers(1, 600)),
        "why": draw(st.text(max_size=200)),
        "if_then": draw(st.lists(st.fixed_dictionaries({"if": words, "then": words}), max_size=3)),
        "confidence": draw(st.one_of(st.none(), st.integers(0, 10))),
        "agreed_in_session": draw(st.booleans()),
        "status": draw(st.sampled_from(["active", "paused", "ended"])),
        "reminder_lead_minutes": draw(st.one_of(st.none(), st.integers(0, 1440))),
    }


@settings(max_examples=150, deadline=None)
@given(plan_parts())
def test_valid_plans_round_trip(parts: dict) -> None:
    plan = Plan(**parts)
    again = Plan.from_dict(plan.to_dict())
    assert again == plan
    assert again.to_dict() == plan.to_dict()
    if parts["rrule"] is not None:
        assert plan.rrule == normalise(parts["rrule"])  # stored in canonical form


# Any value of the wrong kind: the model must answer with ValidationError, not a crash.
junk = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.text(max_size=30),
                 st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3))


def _must_refuse(build, field: str | None = None) -> None:
    with pytest.raises(ValidationError) as info:
        build()
    if field is not None:
        assert info.value.field.startswith(field), info.value


def _plan(**changes) -> Plan:
    base = dict(exercise_id="walk", what="Walk", start_date=date(2026, 11, 30), start_time=time(19, 0), zone="Europe/London")
    base.update(changes)
    return Plan(**base)


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.integers().filter(lambda n: not 0 <= n <= 10), junk.filter(lambda v: v is not None and not (
    isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 10))))
def test_confidence_outside_0_to_10_is_refused(value) -> None:
    _must_refuse(lambda: _plan(confidence=value), "confidence")


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.integers().filter(lambda n: not 1 <= n <= 600), st.floats(), st.text(max_size=5), st.booleans(), st.none()))
def test_minutes_outside_1_to_600_are_refused(value) -> None:
    _must_refuse(lambda: _plan(minutes=value), "minutes")


BAD_ZONES = ["", "Mars/Olympus_Mons", "Europe/Londn", "../../etc/passwd", "/etc/localtime", "UTC ", "europe/london",
             "Europe/", "a\x00b", "+01:00", "GMT+25"]


@pytest.mark.parametrize("zone", BAD_ZONES)
def test_bad_zone_names_are_refused(zone: str) -> None:
    _must_refuse(lambda: _plan(zone=zone), "zone")
    _must_refuse(lambda: Settings(zone=zone), "zone")


@pytest.mark.parametrize("zone", ["Europe", "America"])
def test_a_zone_folder_name_is_refused(zone: str) -> None:
    _must_refuse(lambda: _plan(zone=zone), "zone")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_zone_text_is_valid_or_a_validation_error(zone: str) -> None:
    assume(zone not in ("Europe", "America", "Africa", "Asia", "Australia", "Pacific", "Antarctica", "Arctic",
                        "Atlantic", "Indian", "Brazil", "Canada", "Chile", "Etc", "Mexico", "US", "__pycache__"))
    try:
        _plan(zone=zone)
    except ValidationError:
        pass


@settings(max_examples=100, deadline=None)
@given(dates, st.integers(1, 5000))
def test_until_before_start_is_refused(start: date, days: int) -> None:
    assume(start - timedelta(days=days) >= date.min)
    _must_refuse(lambda: _plan(start_date=start, until=start - timedelta(days=days), rrule="FREQ=DAILY"), "until")
    assert _plan(start_date=start, until=start, rrule="FREQ=DAILY").until == start  # the same day is fine


BAD_RULES = [
    "FREQ=HOURLY", "FREQ=MINUTELY", "FREQ=SECONDLY", "FREQ=YEARLY", "BYDAY=MO", "FREQ=WEEKLY;BYDAY=XX",
    "FREQ=WEEKLY;BYDAY=1MO", "FREQ=WEEKLY;BYDAY=MO,MO", "FREQ=WEEKLY;BYDAY=", "FREQ=DAILY;UNTIL=20261231T000000Z",
    "FREQ=DAILY;DTSTART=20261231", "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;INTERVAL=366", "FREQ=DAILY;INTERVAL=-1",
    "FREQ=DAILY;COUNT=0", "FREQ=DAILY;COUNT=10001", "FREQ=DAILY;FREQ=WEEKLY", "FREQ=MONTHLY;BYMONTHDAY=32",
    "FREQ=MONTHLY;BYMONTHDAY=0", "FREQ=DAILY;BYHOUR=9", "FREQ=DAILY;WKST=SU", "freq=daily", "FREQ=DAILY;",
    "FREQ = DAILY", "", "   ", "RRULE:", "DTSTART:20260105T090000\nRRULE:FREQ=DAILY", "FREQ=DAILY\nFREQ=WEEKLY",
]


@pytest.mark.parametrize("body", BAD_RULES)
def test_malformed_or_unsupported_rules_are_refused(body: str) -> None:
    with pytest.raises(RuleError):
        normalise(body)
    _must_refuse(lambda: _plan(rrule=body), "rrule")
    _must_refuse(lambda: Supporter(name="Jo", check_in_rrule=body), "check_in_rrule")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.text(alphabet="FREQ=DAILYWEKMONTHBYINTERVALCOU;,0123456789-+", max_size=60)))
def test_any_rule_text_is_valid_or_a_validation_error(body: str) -> None:
    try:
        plan = _plan(rrule=body)
    except ValidationError:
        return
    assert plan.rrule == normalise(plan.rrule)  # what was kept is canonical


@settings(max_examples=200, deadline=None)
@given(valid_bodies())
def test_describe_never_raises_for_valid_rules(body: str) -> None:
    words_ = describe(body)
    assert isinstance(words_, str) and words_.strip()
    assert describe(normalise(body)) == words_
    assert normalise(normalise(body)) == normalise(body)


@settings(max_examples=200, deadline=None)
@given(repeats)
def test_repeat_and_rrule_round_trip(repeat: Repeat) -> None:
    body = repeat.to_rrule()
    back = Repeat.from_rrule(body)
    days = set(repeat.days)
    if repeat.kind == "days" and days == set(DAY_CODES) or repeat.kind == "every_n_days" and repeat.every == 1:
        assert back == Repeat("daily")  # the same days, under their plainer name
    elif repeat.kind == "days" and days == {"MO", "TU", "WE", "TH", "FR"}:
        assert back == Repeat("weekdays") and back.to_rrule() == body
    else:
        assert back == Repeat(repeat.kind, days=tuple(d for d in DAY_CODES if d in days), every=repeat.every)
        assert back.to_rrule() == body
    if body is not None:
        assert parse_parts(body)  # a rule the store accepts
        assert normalise(body) == body  # already canonical


@pytest.mark.parametrize("repeat", [Repeat("days"), Repeat("days", days=("XX",)), Repeat("every_n_days", every=0),
                                    Repeat("every_n_days", every=366), Repeat("fortnightly")])
def test_impossible_repeats_are_refused(repeat: Repeat) -> None:
    with pytest.raises(RuleError):
        repeat.to_rrule()


# -- attempts -------------------------------------------------------------------------------

def _attempt(**changes) -> Attempt:
    base = dict(plan_id=PLAN_ID, exercise_id="walk", logged_at="2026-11-30T19:05:00+00:00", outcome="done")
    base.update(changes)
    return Attempt(**base)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(OUTCOMES), st.one_of(st.none(), st.integers(0, 1440)), st.text(max_size=300))
def test_valid_attempts_round_trip(outcome: str, minutes, note: str) -> None:
    attempt = _attempt(outcome=outcome, minutes=minutes, note=note, values={"mood_before": 3},
                       barriers=[] if outcome == "done" else [{"code": "forgot", "note": ""}],
                       occurrence="2026-11-30T19:00:00+00:00")
    assert Attempt.from_dict(attempt.to_dict()) == attempt


@settings(max_examples=100, deadline=None)
@given(junk.filter(lambda v: v not in OUTCOMES))
def test_unknown_outcomes_are_refused(value) -> None:
    _must_refuse(lambda: _attempt(outcome=value), "outcome")


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.integers().filter(lambda n: not 0 <= n <= 1440), st.text(max_size=5), st.floats()))
def test_attempt_minutes_out_of_range_are_refused(value) -> None:
    _must_refuse(lambda: _attempt(minutes=value), "minutes")


@settings(max_examples=100, deadline=None)
@given(junk)
def test_attempt_fields_of_the_wrong_kind_are_refused_or_fine(value) -> None:
    for field in ("values", "barriers", "occurrence", "logged_at", "plan_id", "supporter_id", "supporter_helped", "note"):
        try:
            _attempt(**{field: value})
        except ValidationError:
            pass


@pytest.mark.parametrize("stamp", ["2026-11-30T19:05:00", "2026-11-30", "yesterday", "", "2026-13-01T00:00:00+00:00"])
def test_times_without_an_offset_are_refused(stamp: str) -> None:
    _must_refuse(lambda: _attempt(logged_at=stamp), "logged_at")
    _must_refuse(lambda: _attempt(occurrence=stamp), "occurrence")


@pytest.fixture(scope="module")
def rating_home(tmp_path_factory):
    from helpers import make_plan_home

    from workbook.facade.workbook import Workbook

    home = tmp_path_factory.mktemp("ratings") / "home"
    plan_id = make_plan_home(home)  # an activity-scheduling plan: mood ratings 0-10
    return Workbook.open(home, clock=lambda: NOW, daily_backup=False), plan_id


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.integers(-50, 50), st.floats(-5, 15, allow_nan=False), st.text(max_size=4)))
def test_ratings_through_the_facade(rating_home, value) -> None:
    """A rating is saved only when it is a whole number on the field's scale."""
    workbook, plan_id = rating_home
    values = {"activity": "a walk", "mood_before": value}
    try:
        attempt = workbook.log_attempt(plan_id, "done", values=values)
    except ValidationError as exc:
        assert exc.field == "mood_before"
        return
    if "mood_before" not in attempt.values:
        assert isinstance(value, str) and not value.strip()  # a blank answer is no answer
    else:
        assert attempt.values["mood_before"] in range(0, 11)


# -- settings -------------------------------------------------------------------------------

@settings(max_examples=100, deadline=None)
@given(st.one_of(st.none(), wall_times), st.one_of(st.none(), wall_times), st.sampled_from(ZONES))
def test_quiet_hours_need_both_ends(start, end, zone: str) -> None:
    if (start is None) != (end is None):
        _must_refuse(lambda: Settings(quiet_start=start, quiet_end=end, zone=zone), "quiet_end")
        return
    saved = Settings(quiet_start=start, quiet_end=end, zone=zone)
    assert Settings.from_dict(saved.to_dict()) == saved


def test_research_mode_needs_a_participant_id() -> None:
    _must_refuse(lambda: Settings(research_mode=True), "participant_id")
    assert Settings(research_mode=True, participant_id="P-1").research_mode


# -- at the edges: words for times, seconds, missing fields, rules that never fire -------------

def test_quiet_hours_must_be_times() -> None:
    _must_refuse(lambda: Settings(quiet_start="banana", quiet_end=time(7, 0)), "quiet_start")


def test_a_time_with_seconds_is_refused_or_kept() -> None:
    with pytest.raises(ValidationError):
        _plan(start_time=time(19, 0, 30))


def test_a_stored_record_missing_a_field_is_a_validation_error() -> None:
    _must_refuse(lambda: Plan.from_dict({"what": "Walk", "zone": "UTC"}))


@pytest.mark.parametrize("rule", ["FREQ=DAILY;INTERVAL=7;BYDAY=MO", "FREQ=DAILY;BYMONTHDAY=31", "FREQ=WEEKLY;BYMONTHDAY=3"])
def test_rules_that_might_never_fire_are_refused(rule: str) -> None:
    _must_refuse(lambda: _plan(rrule=rule), "rrule")


def test_loading_plans_convert_exactly_the_date_and_time_fields_type_hints_name() -> None:
    """The loading plan reads annotations' words instead of every type hint: the same fields come out."""
    import dataclasses
    import typing
    from datetime import date, time

    from workbook.core.model import RECORD_TYPES
    from workbook.core.records import _loading_plan

    for cls in RECORD_TYPES.values():
        hints = typing.get_type_hints(cls)
        expected = tuple((f.name, date if date in (hints[f.name], *typing.get_args(hints[f.name])) else time)
                         for f in dataclasses.fields(cls)
                         if {date, time} & {hints[f.name], *typing.get_args(hints[f.name])})
        assert _loading_plan(cls).converted == expected, cls.__name__
