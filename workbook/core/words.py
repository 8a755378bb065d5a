"""Counting words: "1 practice", "3 practices", never "1 practices"."""

from __future__ import annotations

IRREGULAR = {"entry": "entries", "person": "people", "reply": "replies", "diary": "diaries"}
SINGULAR = {many: one for one, many in IRREGULAR.items()}
#: Words that already say a number went down or up: a line naming one never adds "fell" or "rose".
_SAYS_DOWN = {"fell", "fall", "falls", "fallen", "falling", "drop", "drops", "dropped", "eased", "eases", "lower"}
_SAYS_UP = {"rose", "rise", "rises", "risen", "rising", "grew", "higher"}


def plural(word: str) -> str:
    """English plural of a counted noun (the few the workbook counts, and the regular rule)."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def singular(word: str) -> str:
    """The singular of a plural unit, for a value of exactly 1: 'times' -> 'time', 'worries' -> 'worry'.
    A word that isn't a plural ('%', 'kg', 'glass') is given back as it is."""
    if word in SINGULAR:
        return SINGULAR[word]
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def counted(n: int | float, word: str, many: str | None = None) -> str:
    """'1 practice', '0 practices', '3 entries': the number and its noun, agreeing."""
    return f"{n:g} {word if n == 1 else (many or plural(word))}" if isinstance(n, float) else \
        f"{n} {word if n == 1 else (many or plural(word))}"


def agree(n: int | float, one: str, many: str) -> str:
    """The verb that agrees with a count: agree(1, 'is', 'are') -> 'is', agree(0, 'is', 'are') -> 'are'."""
    return one if n == 1 else many


def moved(label: str, down: bool) -> str:
    """'fell' or 'rose', unless the label already says which way ('How far anxiety fell from its peak',
    'How much your belief has fallen', 'How much the feeling eased'): then 'went down' or 'went up',
    so a line never reads 'fell ... fell'."""
    said = {w.strip("?.,:;()'\"").lower() for w in label.split()}
    if said & (_SAYS_DOWN | _SAYS_UP):
        return "went down" if down else "went up"
    return "fell" if down else "rose"
