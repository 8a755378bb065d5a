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


def test_a_verb_agrees_with_its_count() -> None:
    from workbook.core.words import agree

    assert f"1 file {agree(1, 'needs', 'need')} fixing" == "1 file needs fixing"
    assert f"0 files {agree(0, 'needs', 'need')} fixing" == "0 files need fixing"
    assert agree(2.0, "is", "are") == "are"


def test_a_unit_of_one_is_singular() -> None:
    from workbook.core.words import singular

    assert singular("times") == "time"
    assert singular("worries") == "worry"
    assert singular("minutes") == "minute"
    assert singular("entries") == "entry"
    assert singular("boxes") == "box"
    assert singular("glasses") == "glass"
    assert [singular(w) for w in ("%", "kg", "glass", "bus")] == ["%", "kg", "glass", "bus"]


@given(st.sampled_from(["practice", "minute", "worry", "time", "cup", "entry", "box", "glass", "person"]))
def test_singular_undoes_plural(word: str) -> None:
    from workbook.core.words import plural, singular

    assert singular(plural(word)) == word


def test_moved_never_repeats_what_the_label_already_says() -> None:
    from workbook.core.words import moved

    assert moved("How far anxiety fell from its peak", True) == "went down"
    assert moved("How much your belief in the fear has fallen since the attack", True) == "went down"
    assert moved("How much the feeling eased", False) == "went up"
    assert moved("Anxiety at its highest", True) == "fell"
    assert moved("Anxiety at its highest", False) == "rose"
