"""Every sentence the code asks `data/copy.toml` for is there, with the placeholders it fills.

A missing key raises only when its line runs, and some lines (a failed save, a refused
file) run rarely: so each call with a written-out key is found in the source and checked here.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

from workbook.content.copy import load_copy

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(p for folder in ("workbook", "screens") for p in (ROOT / folder).rglob("*.py"))


def copy_names(tree: ast.AST) -> set[str]:
    """The names `workbook.content.copy.text` is imported as in a module."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "workbook.content.copy":
            names |= {alias.asname or alias.name for alias in node.names if alias.name == "text"}
    return names


def copy_calls(path: Path) -> list[tuple[int, str, set[str] | None]]:
    """(line, key, keyword names given, or None when **kwargs passes some) for each call with a literal key."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = copy_names(tree)
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            given = {k.arg for k in node.keywords if k.arg is not None}
            found.append((node.lineno, node.args[0].value, None if any(k.arg is None for k in node.keywords) else given))
    return found


CALLS = [(f"{path.relative_to(ROOT)}:{line}", key, given) for path in SOURCES for line, key, given in copy_calls(path)]


def test_the_search_finds_the_calls() -> None:
    assert len(CALLS) > 150  # the screens' sentences, the reminders', the report's...


def test_each_key_is_in_the_copy_file_with_the_placeholders_given() -> None:
    entries = load_copy().entries
    problems = []
    for where, key, given in CALLS:
        if key not in entries:
            problems.append(f"{where}: no {key!r} in data/copy.toml")
            continue
        wanted = {field for _, field, _, _ in string.Formatter().parse(entries[key]) if field}
        if given is not None and not wanted <= given:
            problems.append(f"{where}: {key!r} needs {sorted(wanted - given)}")
    assert problems == []
