"""A logged value, checked against its field and cleaned to the form it is stored in.

Text typed in a form counts ("7" is 7, "yes" is True, "7:05" is "07:05"); a value that breaks
its field's rule raises `ValueProblem`, whose message is written for the patient.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from workbook.content.fields import LONG_TEXT_MAX, MINUTES_MAX, TEXT_MAX, Field, one_line


class ValueProblem(ValueError):
    """A logged value breaks its field's rule; the message is written for the patient."""


_INT_TEXT = re.compile(r"[+-]?[0-9]{1,18}", re.ASCII)


_FLOAT_TEXT = re.compile(r"[+-]?(?:[0-9]{1,18}\.[0-9]{0,12}|\.[0-9]{1,12})", re.ASCII)


_TIME_TEXT = re.compile(r"([0-9]{1,2}):([0-9]{2})", re.ASCII)


_YES = frozenset({"yes", "y", "true"})


_NO = frozenset({"no", "n", "false"})


def is_empty(value: object) -> bool:
    """Nothing entered: None, blank text or an empty list."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, (list, tuple, set, frozenset)) and not value


def _as_number(value: object, *, whole: bool) -> int | float | None:
    """The number in `value` (text typed in a form counts), or None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if _INT_TEXT.fullmatch(text):
            return int(text)
        if whole or not _FLOAT_TEXT.fullmatch(text):
            return None
        value = float(text)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if whole:
            return int(value) if value.is_integer() else None
        return value
    return value if isinstance(value, int) else None


def _range_message(lo: int | None, hi: int | None, noun: str = "a number") -> str:
    if lo is not None and hi is not None:
        return f"Please give {noun} from {lo} to {hi}."
    if lo is not None:
        return f"Please give {noun} of at least {lo}."
    if hi is not None:
        return f"Please give {noun} of at most {hi}."
    return f"Please give {noun}."


def _clean_number(value: object, lo: int | None, hi: int | None, *, whole: bool,
                  noun: str) -> int | float:
    number = _as_number(value, whole=whole)
    if number is None or (lo is not None and number < lo) or (hi is not None and number > hi):
        raise ValueProblem(_range_message(lo, hi, noun))
    return number


def _clean_text(value: object, limit: int, single_line: bool) -> str:
    if not isinstance(value, str):
        raise ValueProblem("Please type this as text.")
    text = value.strip()
    if single_line and not one_line(text):
        raise ValueProblem("Please keep this to one line.")
    if len(text) > limit:
        raise ValueProblem(f"Please keep this to {limit} characters or fewer (this has {len(text)}).")
    return text


def _match_option(value: object, options: tuple[str, ...]) -> str | None:
    """The option `value` names, ignoring surrounding spaces and letter case."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text in options:
        return text
    folded = [o for o in options if o.casefold() == text.casefold()]
    return folded[0] if len(folded) == 1 else None


def _clean_choices(value: object, options: tuple[str, ...]) -> list[str]:
    message = f"Choose any of: {', '.join(options)}."
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise ValueProblem(message)
    picked = [_match_option(item, options) for item in value]
    if None in picked:
        raise ValueProblem(message)
    if len(set(picked)) != len(picked):
        raise ValueProblem("Each option can only be chosen once.")
    return [o for o in options if o in picked]


def _clean_time(value: object) -> str:
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    match = _TIME_TEXT.fullmatch(value.strip()) if isinstance(value, str) else None
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return f"{int(match[1]):02d}:{match[2]}"
    raise ValueProblem("Please give a time as HH:MM (24-hour clock), for example 07:30.")


def _clean_yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in _YES:
            return True
        if word in _NO:
            return False
    raise ValueProblem("Please answer yes or no.")


def clean_value(field: Field, value: object) -> object:
    """Return `value` in the stored form for `field` or raise ValueProblem; `value` is not empty."""
    kind = field.kind
    if kind == "rating":
        return _clean_number(value, field.min, field.max, whole=True, noun="a whole number")
    if kind == "number":
        return _clean_number(value, field.min, field.max, whole=False, noun="a number")
    if kind == "minutes":
        return _clean_number(value, 0, MINUTES_MAX, whole=True, noun="a number of minutes")
    if kind == "text":
        return _clean_text(value, TEXT_MAX, single_line=True)
    if kind == "long_text":
        return _clean_text(value, LONG_TEXT_MAX, single_line=False)
    if kind == "choice":
        option = _match_option(value, field.options)
        if option is None:
            raise ValueProblem(f"Choose one of: {', '.join(field.options)}.")
        return option
    if kind == "choices":
        return _clean_choices(value, field.options)
    if kind == "time":
        return _clean_time(value)
    if kind == "yes_no":
        return _clean_yes_no(value)
    raise ValueProblem(f"Workbook does not know how to record a {kind} field.")
