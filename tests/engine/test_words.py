"""Counted nouns agree with their number."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbook.core.words import counted


def test_one_is_singular_and_every_other_number_plural() -> None:
    assert counted(1, "practice") == "1 practice"
    assert counted(0, "practice") == "0 practices"
    assert counted(2, "entry") == "2 entries"
    assert counted(1, "entry") == "1 entry"
    assert counted(3, "minute") == "3 minutes"
    assert counted(2, "person") == "2 people"
    assert counted(2, "time") == "2 times"
    assert counted(1.0, "minute") == "1 minute"


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["practice", "minute", "week", "question", "entry"]))
def test_never_one_with_a_plural_nor_many_with_a_singular(n: int, word: str) -> None:
    text = counted(n, word)
    assert text.startswith(f"{n} ")
    assert text.endswith(word) == (n == 1)
