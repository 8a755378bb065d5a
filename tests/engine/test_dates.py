"""Dates as people type them, day-first, seen from a fixed "today"."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.core.dates import parse_day

TODAY = date(2026, 11, 27)  # a Friday


@pytest.mark.parametrize(("text", "expected"), [
    ("today", TODAY),
    ("Tomorrow", date(2026, 11, 28)),
    ("yesterday", date(2026, 11, 26)),
    ("2026-11-30", date(2026, 11, 30)),
    ("30/11", date(2026, 11, 30)),
    ("4/12", date(2026, 12, 4)),  # day first, as in the UK
    ("4/12/2026", date(2026, 12, 4)),
    ("30 Nov", date(2026, 11, 30)),
    ("30 november 2026", date(2026, 11, 30)),
    ("3 Jan", date(2027, 1, 3)),  # no year: the next 3 January
    ("1 Nov 2026", date(2026, 11, 1)),  # a year given: taken as written
    ("mon", date(2026, 11, 30)),
    ("Friday", TODAY),  # today is Friday
    ("next friday", date(2026, 12, 4)),
    ("  thu ", date(2026, 12, 3)),
])
def test_dates_people_type(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "soon", "31/02", "2026-02-30", "mo", "99/99", "next"])
def test_nonsense_gets_a_plain_message(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_day(text, TODAY)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_any_text_is_a_date_or_a_value_error(text: str, today: date) -> None:
    try:
        result = parse_day(text, today)
    except ValueError:
        return
    assert isinstance(result, date)


@pytest.mark.parametrize(("text", "expected"), [
    ("mon", date(2026, 11, 23)),
    ("friday", TODAY),
    ("3 Dec", date(2025, 12, 3)),
    ("1/11", date(2026, 11, 1)),
    ("2027-01-01", date(2027, 1, 1)),  # a full date is taken as written
])
def test_looking_back(text: str, expected: date) -> None:
    assert parse_day(text, TODAY, prefer="past") == expected


def test_call_time_from_two_boxes():
    from datetime import datetime, timezone

    from workbook.core.dates import call_time

    now = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
    assert call_time("", "", "Europe/London", now) is None
    assert call_time("tue", "10:00", "Europe/London", now) == "2026-12-01T10:00:00+00:00"
    assert call_time("1/6", "9:30", "Europe/London", now) == "2027-06-01T09:30:00+01:00"  # summer time
    for day, at in (("tue", ""), ("", "10:00"), ("someday", "10:00"), ("tue", "25:00")):
        with pytest.raises(ValueError, match="4/12"):
            call_time(day, at, "Europe/London", now)
