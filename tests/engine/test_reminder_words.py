"""What a reminder says, read aloud: a word is never said twice in one breath."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from workbook.reminders import text as reminder_text

LONDON = ZoneInfo("Europe/London")


def test_an_any_time_catch_up_says_today_once() -> None:
    anytime = reminder_text.full_text("catch_up", "Walk round the park", [], datetime(2026, 12, 2, tzinfo=LONDON),
                                      datetime(2026, 12, 2, 9, tzinfo=LONDON), anytime=True)
    assert anytime == 'Still want to do "Walk round the park" today? Any time today is fine, and a smaller version counts too.'
    timed = reminder_text.full_text("catch_up", "Walk", [], datetime(2026, 12, 1, 19, tzinfo=LONDON),
                                    datetime(2026, 12, 2, 9, tzinfo=LONDON))
    assert "It was planned for yesterday, 19:00; any time today is fine" in timed
