"""`workbook study --check FILE | join FILE --participant P | merge EXPORT_DIR... --out DIR`: running a study."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.cli.common import add_at, open_workbook
from workbook.content.copy import text as copy_text
from workbook.core.errors import UsageError, WorkbookError
from workbook.core.words import counted

if TYPE_CHECKING:
    from workbook.content.study import StudyPack


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "study", help="check or join a study pack, or merge participants' exports",
        description="For research studies: check a study pack (study.toml), join the study it describes "
                    "(research mode on, consent recorded), or merge many participants' exports into one data "
                    "package. docs/study-pack.md describes the pack.")
    parser.add_argument("--check", metavar="FILE", help="check a study pack and name every problem")
    parser.set_defaults(func=run_check)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    join = actions.add_parser("join", help="join the study a pack describes",
                              description="Apply a study pack (exercises offered, check-in cadence, reminder "
                                          "defaults) and turn research mode on, with your consent recorded.")
    join.add_argument("pack", metavar="FILE", help="the study pack (study.toml) from the study team")
    join.add_argument("--participant", metavar="P", required=True, help="your participant ID from the study team")
    join.add_argument("--agree", action="store_true", help="you have read the consent wording and agree to it")
    join.add_argument("--switch", action="store_true", help="leave the study you are in now and join this one")
    add_at(join)
    join.set_defaults(func=run_join)
    merge = actions.add_parser("merge", help="merge participants' exports into one data package",
                               description="Combine many participants' exports (one study, one export level) "
                                           "into one Frictionless data package with a participant column.")
    merge.add_argument("exports", metavar="EXPORT_DIR", nargs="+", help="export folders made by 'workbook export'")
    merge.add_argument("--out", metavar="DIR", required=True, help="a new or empty folder to write into")
    add_at(merge)
    merge.set_defaults(func=run_merge)


def _load(args: argparse.Namespace, path: str) -> StudyPack:
    from workbook.content.library import ExerciseLibrary
    from workbook.content.study import load_pack

    built_in = {e.id for e in ExerciseLibrary.load(None)}
    return load_pack(Path(path), built_in)


def run_check(args: argparse.Namespace) -> int:
    from workbook.content.study import StudyPackError

    if not args.check:
        raise UsageError("give a study pack to check (workbook study --check FILE), or an action: join, merge.")
    try:
        pack = _load(args, args.check)
    except StudyPackError as err:
        for line in err.lines():
            print(line, file=sys.stderr)
        print(f"{counted(len(err.problems), 'problem')} to fix.", file=sys.stderr)
        return 1
    own = f" ({len(pack.shipped)} from the pack's files)" if pack.shipped else ""
    print(f"{args.check} is a good study pack: study {pack.id}, {counted(len(pack.offered), 'exercise')} offered{own}, "
          f"check-ins every {'day' if pack.every_days == 1 else counted(pack.every_days, 'day')} "
          f"({', '.join(pack.measures)}), consent version {pack.consent_version}.")
    return 0


def run_join(args: argparse.Namespace) -> int:
    from workbook.content.study import StudyPackError

    try:
        pack = _load(args, args.pack)
    except StudyPackError as err:
        raise WorkbookError(f"{err.lines()[0]} (workbook study --check {args.pack} lists every problem)") from None
    workbook = open_workbook(args)
    words = dict(study=pack.id, participant=args.participant, version=pack.consent_version, title=pack.title or pack.id)
    if workbook.check_join(pack, args.participant, switch=args.switch):
        print(copy_text("study.already", **words))
        return 0
    print(copy_text("study.joining", **words))
    print(pack.prompt)
    print()
    print(copy_text("study.consent_heading", **words))
    print(pack.consent_text)
    print()
    if not args.agree:
        if not sys.stdin.isatty():
            raise WorkbookError(copy_text("study.needs_agreement"))
        answer = input(copy_text("study.agree_question"))
        if answer.strip().casefold() not in ("yes", "y"):
            print(copy_text("study.not_agreed"))
            return 1
    joined = workbook.join_study(pack, args.participant, switch=args.switch)
    if joined.left:
        print(copy_text("study.left", left=joined.left))
    print(copy_text("study.joined", **words))
    print(copy_text("study.privacy"))
    return 0


def run_merge(args: argparse.Namespace) -> int:
    from workbook.cli.common import command_clock
    from workbook.outputs.merge import merge

    now = command_clock(args.at, "UTC")()
    result = merge([Path(p) for p in args.exports], Path(args.out), now=now)
    total = sum(result.rows.values())
    print(f"Merged the {result.level} exports of {counted(len(result.participants), 'participant')}"
          + (f" in study {result.study}" if result.study else "")
          + f" into {result.folder}: {counted(len(result.rows), 'table')}, {counted(total, 'row')}.")
    return 0
