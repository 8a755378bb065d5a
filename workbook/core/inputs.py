"""Text people type or pass on the command line: refuse what cannot be meant, and show it back short.

Arguments reach Python with any bytes that are not UTF-8 turned into lone surrogates
(surrogateescape); such text cannot be saved, printed or shown safely, so it is refused,
and so are control characters (an escape character can repaint a terminal). Anything of
the user's that an error message repeats is cut short first: a 100 KB id is not echoed.
"""

from __future__ import annotations

#: How much of a user's own text an error message repeats.
SHOWN_LIMIT = 60
#: Paths are longer than most text, and their ends matter; still not a 100 KB echo.
SHOWN_PATH_LIMIT = 200
#: The longest path (and folder or file name, in bytes) worth trying (Linux's limits).
PATH_MAX = 4096
NAME_MAX = 255
ELLIPSIS = "…"
MULTILINE_ALLOWED = frozenset("\t\n")


def visible(text: str) -> str:
    """`text` with anything a terminal would not show as itself written as an escape.

    Control characters (\\x1b), undecodable bytes (\\udcff), and the other characters Python
    calls unprintable: unassigned code points, format characters such as a right-to-left
    override (which could make a message read as something else), line separators.
    """
    if text.isprintable():
        return text
    import unicodedata  # a native module; nearly all text is printable and never needs it

    out = []
    for char in text:
        if char.isprintable():
            out.append(char)
        elif unicodedata.category(char) == "Cc":
            out.append(char.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return "".join(out)


def shorten(text: str, limit: int = SHOWN_LIMIT) -> str:
    """`text` made visible and cut to `limit` characters, with an ellipsis when cut."""
    text = visible(str(text))
    return text if len(text) <= limit else text[: max(limit - 1, 1)] + ELLIPSIS


def shown(text: str, limit: int = SHOWN_LIMIT) -> str:
    """The user's text quoted for an error message: '…', made visible and cut short."""
    return f"'{shorten(text, limit)}'"


def shown_path(path: object) -> str:
    """A path for a message: whole when it is a sensible length, else its start and its end."""
    text = visible(str(path))
    if len(text) <= SHOWN_PATH_LIMIT:
        return text
    half = SHOWN_PATH_LIMIT // 2
    return text[:half] + ELLIPSIS + text[-half:]


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why `value` cannot be taken as text (None if it can): bad bytes, or a control character.

    Tab and newline are allowed in `multiline` text (a note); nothing else below space, DEL
    or the C1 controls.
    """
    if value.isprintable():
        return None
    import unicodedata

    for char in value:
        category = unicodedata.category(char)
        if category == "Cs":
            return ("holds bytes that are not UTF-8 text; please type it again "
                    "(or set your terminal to UTF-8)")
        if category == "Cc" and not (multiline and char in MULTILINE_ALLOWED):
            return f"holds a control character (U+{ord(char):04X}); please leave it out"
    return None


def path_problem(value: str) -> str | None:
    """Why `value` cannot be a path (None if it may be): too long for this computer."""
    encoded = value.encode("utf-8", "surrogateescape")
    if len(encoded) >= PATH_MAX:
        return f"is too long for a path ({len(encoded)} bytes; the limit is {PATH_MAX - 1})"
    longest = max((len(part) for part in encoded.split(b"/")), default=0)
    if longest > NAME_MAX:
        return f"has a folder or file name that is too long ({longest} bytes; the limit is {NAME_MAX})"
    return None


def argument_problem(value: str, *, multiline: bool = False, may_be_empty: bool = False,
                     is_path: bool = False) -> str | None:
    """Why a command-line value cannot be meant (None if it can): see `text_problem`, plus
    empty text where empty means nothing, and a path too long to be one."""
    problem = text_problem(value, multiline=multiline)
    if problem is None and not value.strip() and not may_be_empty:
        problem = "is empty; please give a value, or leave the option out"
    if problem is None and is_path:
        problem = path_problem(value)
    return problem
