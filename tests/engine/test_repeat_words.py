"""Days typed for a repeat: any start of a day's name, separated by commas or spaces; anything
else is refused in one line rather than read as some other day."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbook.core.recurrence import RuleError
from workbook.core.repeat_words import repeat_rule

NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@given(st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True), st.data())
def test_any_start_of_each_name_with_commas_or_spaces(days: list[int], data: st.DataObject) -> None:
    words = [NAMES[d][:data.draw(st.integers(2, len(NAMES[d])))] for d in days]
    words = [w.upper() if data.draw(st.booleans()) else w for w in words]
    gap = data.draw(st.sampled_from([",", ", ", " ", "  "]))
    assert repeat_rule(gap.join(words)) == "FREQ=WEEKLY;BYDAY=" + ",".join(CODES[d] for d in sorted(days))


@pytest.mark.parametrize("typed", ["mondx", "m", "mon,mon", "mon;thu", "funday", "mon thx"])
def test_words_that_are_not_days_are_refused(typed: str) -> None:
    with pytest.raises(RuleError, match="is not a repeat"):
        repeat_rule(typed)
