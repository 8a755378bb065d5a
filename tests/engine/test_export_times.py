"""The export's quick instant conversions agree with a datetime conversion of every instant:
across offset changes, zones with offsets of part of an hour, and any stored offset."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.outputs.export_times import Instants

ZONES = ["Europe/London", "UTC", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu",
         "America/St_Johns", "Pacific/Chatham", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Dublin"]
#: Offsets instants may be stored with (plans keep their zone's offset; records are written in UTC).
OFFSETS = [timedelta(0), timedelta(hours=1), timedelta(hours=-5), timedelta(hours=5, minutes=45),
           timedelta(hours=-3, minutes=-30), timedelta(hours=13, minutes=45), timedelta(hours=14)]

instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31),
                        timezones=st.just(timezone.utc)).map(lambda d: d.replace(microsecond=0))


def stored(moment: datetime, offset: timedelta) -> str:
    return moment.astimezone(timezone(offset)).isoformat(timespec="seconds")


@settings(max_examples=150, deadline=None)
@given(moments=st.lists(st.tuples(instants, st.sampled_from(OFFSETS)), min_size=1, max_size=40),
       zone_name=st.sampled_from(ZONES))
def test_each_instant_reads_as_a_datetime_would(moments: list[tuple[datetime, timedelta]], zone_name: str) -> None:
    tz = ZoneInfo(zone_name)
    convert = Instants()  # one per export: later instants reuse the days worked out for earlier ones
    for moment, offset in moments:
        text = stored(moment, offset)
        assert convert.utc(text) == moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert convert.wall(text, tz) == moment.astimezone(tz).replace(tzinfo=None).isoformat(timespec="seconds")


@settings(max_examples=40, deadline=None)
@given(start=instants, zone_name=st.sampled_from(ZONES), offset=st.sampled_from(OFFSETS))
def test_every_minute_around_a_change_of_offset(start: datetime, zone_name: str, offset: timedelta) -> None:
    """Minute by minute through the two days either side of an instant, and through this zone's
    next offset change, so the days holding a change are read exactly."""
    tz = ZoneInfo(zone_name)
    convert = Instants()
    change = next((start + timedelta(hours=h) for h in range(24 * 200)
                   if (start + timedelta(hours=h)).astimezone(tz).utcoffset()
                   != (start + timedelta(hours=h + 1)).astimezone(tz).utcoffset()), start)
    for middle in (start, change):
        for minute in range(-36 * 60, 36 * 60, 13):
            moment = middle + timedelta(minutes=minute)
            text = stored(moment, offset)
            assert convert.wall(text, tz) == moment.astimezone(tz).replace(tzinfo=None).isoformat(timespec="seconds")


def test_forms_it_does_not_shortcut_are_converted_exactly() -> None:
    convert = Instants()
    assert convert.utc("2026-03-29T01:30:00.250000+01:00") == "2026-03-29T00:30:00Z"
    assert convert.utc("2026-03-29T00:30:00Z") == "2026-03-29T00:30:00Z"
    assert convert.wall("2026-03-29T00:30:00Z", ZoneInfo("Europe/London")) == "2026-03-29T00:30:00"
    assert convert.wall("2026-03-29T01:30:00+00:00", ZoneInfo("Europe/London")) == "2026-03-29T02:30:00"
    assert convert.utc(None) is None and convert.wall("", ZoneInfo("UTC")) is None
