"""Counting words: "1 practice", "3 practices", never "1 practices"."""

from __future__ import annotations

IRREGULAR = {"entry": "entries", "person": "people", "reply": "replies", "diary": "diaries"}


def plural(word: str) -> str:
    """English plural of a counted noun (the few the workbook counts, and the regular rule)."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def counted(n: int | float, word: str, many: str | None = None) -> str:
    """'1 practice', '0 practices', '3 entries': the number and its noun, agreeing."""
    return f"{n:g} {word if n == 1 else (many or plural(word))}" if isinstance(n, float) else \
        f"{n} {word if n == 1 else (many or plural(word))}"


def moved(label: str, down: bool) -> str:
    """'fell' or 'rose', unless the label already says one ('How far anxiety fell from its peak'):
    then 'went down' or 'went up', so a line never reads 'fell ... fell'."""
    said = {w.strip("?.,:;()").lower() for w in label.split()}
    if said & {"fell", "rose", "fall", "rise", "drop", "dropped"}:
        return "went down" if down else "went up"
    return "fell" if down else "rose"
