"""`workbook exercises [--check DIR]`: list the exercises, or check a pack folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook.core.errors import WorkbookError
from workbook.core.words import agree, counted
from workbook.storage.home import resolve_home


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("exercises", help="list the exercises, or check a folder of exercise files", description="List the exercises (built-in and your own), or check a folder of exercise files.")
    parser.add_argument("--check", metavar="DIR", help="check every .toml file in DIR and report each problem")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbook.content.library import ExerciseLibrary
    if args.check:
        return _check(Path(args.check))
    library = ExerciseLibrary.load(resolve_home(args.home), [Path(d) for d in args.exercises])
    for warning in library.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    rows = [(e.id, e.title, e.technique, e.source) for e in library.all()]
    widths = [max(len(r[i]) for r in rows + [("id", "title", "technique", "source")]) for i in range(3)]
    print(f"{'id':<{widths[0]}}  {'title':<{widths[1]}}  {'technique':<{widths[2]}}  source")
    for row in rows:
        print(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}")
    return 0


def _check(folder: Path) -> int:
    from workbook.content.library import check_folder
    if not folder.is_dir():
        raise WorkbookError(f"{folder} is not a folder.")
    good, bad = check_folder(folder)
    for exercise in good:
        print(f"ok: {exercise.source} ({exercise.id})")
    for error in bad:
        for line in error.lines():
            print(line, file=sys.stderr)
    total = len(good) + len(bad)
    print(f"{len(good)} of {counted(total, 'exercise file')} {agree(len(good), 'is', 'are')} fine."
          + (f" {len(bad)} {agree(len(bad), 'needs', 'need')} fixing." if bad else ""))
    return 1 if bad else 0
