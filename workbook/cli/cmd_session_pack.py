"""`workbook session-pack new | --check FILE`: a practitioner writes a session pack, or checks one.

`new` takes a flag for every field. Each `--plan KEY EXERCISE` starts a suggested plan, and the
plan flags after it (`--what`, `--time`, ...) belong to it. With `--form` (or no flags at all)
it opens a guided form instead; that form lives in the app (`screens/`), which the engine never
imports, so the console script hands it in (see `screens/launch.py`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from workbook.cli.common import add_at, parse_at
from workbook.core.errors import UsageError, WorkbookError
from workbook.core.model import MEASURES, PLAN_KINDS
from workbook.core.repeat_words import REPEAT_WORDS
from workbook.core.words import counted

EXAMPLES = """\
example (one line in a terminal; the backslashes continue it):
  workbook session-pack new --out session.toml --practitioner "Alex Morgan" --date 2026-12-03 \\
    --notes "We looked at evenings." --next-call "2026-12-17 10:00" --questionnaires phq9,gad7 \\
    --plan walk activity-scheduling --what "Walk round the park" --time 18:30 --repeat weekdays \\
      --where "the park" --minutes 20 --rationale "Moving lifts your mood." --if "it rains" --then "walk indoors" \\
    --plan panic panic-diary --what "Note a panic attack" --kind as_needed --aim 2 \\
    --answer "Is it OK to skip a day?" "Yes; just pick it up the next day."
  workbook session-pack --check session.toml
"""
#: The plan flags: option -> the field of `[[plan]]` it fills (see docs/session-pack.md).
PLAN_OPTIONS = {"--what": ("what", "what the patient will do, in their words"),
                "--kind": ("kind", f"how it is kept: {', '.join(PLAN_KINDS)} (default: the exercise's usual)"),
                "--time": ("time", "the time of day, like 18:30"),
                "--repeat": ("repeat", REPEAT_WORDS.replace("%", "%%")),
                "--start": ("start", "the first day, like 2026-12-04 (default: the day it is accepted)"),
                "--until": ("until", "the last day, like 2027-01-04"),
                "--aim": ("aim", "for a when-it-happens record: about N a week"),
                "--where": ("where", "where"), "--minutes": ("minutes", "how long, in minutes"),
                "--routine": ("routine", "a routine it follows, like 'I have dinner'"),
                "--rationale": ("rationale", "why, in your words (the patient sees it)"),
                "--if": ("if", "what might get in the way (with --then)"), "--then": ("then", "what to do then")}
NUMBERS = ("aim", "minutes")

#: Set by the console script: opens the guided form (args -> exit code). None without the app.
OPEN_FORM: list[Callable[[argparse.Namespace], int]] = []


class _PlanField(argparse.Action):
    """`--plan KEY EXERCISE` starts a plan; each plan flag after it fills that plan."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        plans = getattr(namespace, "plans", None) or []
        if self.dest == "plan":
            plans.append({"key": values[0], "exercise": values[1]})
        elif not plans:
            raise argparse.ArgumentError(self, "belongs to a plan: put --plan KEY EXERCISE before it")
        else:
            name = PLAN_OPTIONS[str(option_string)][0]
            if name in NUMBERS:
                if not str(values).strip().isdigit():
                    raise argparse.ArgumentError(self, "takes a whole number, like 20")
                values = int(values)
            plans[-1][name] = values
        namespace.plans = plans


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("session-pack", help="for practitioners: write or check a session pack",
                            description="For practitioners: write a session pack (session.toml) for a patient "
                                        "to import, or check one. See docs/session-pack.md.",
                            epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", metavar="FILE", help="check a session pack and say what is wrong, if anything")
    parser.set_defaults(func=run_check, plans=None)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    new = actions.add_parser("new", help="write a new session pack", epilog=EXAMPLES,
                             formatter_class=argparse.RawDescriptionHelpFormatter,
                             description="Write a session pack. With no flags but --out (or with --form) a guided form opens.")
    new.add_argument("--form", action="store_true", help="fill it in on a guided form instead")
    new.add_argument("--out", metavar="FILE", help="where to write it (readable by you only; - for the screen)")
    new.add_argument("--practitioner", metavar="NAME", help="your name, as the patient knows you")
    new.add_argument("--date", metavar="DATE", help="the session's date (default today)")
    new.add_argument("--notes", help="what was agreed, in a few words")
    new.add_argument("--next-call", metavar="WHEN", help="the next call, like '2026-12-17 10:00' (patient's time)")
    new.add_argument("--questionnaires", metavar="IDS", help=f"to do before the next call: some of {','.join(MEASURES)}")
    new.add_argument("--answer", nargs=2, action="append", default=[], metavar=("QUESTION", "ANSWER"),
                     help="an answer to one of the patient's questions (its words, or its id)")
    new.add_argument("--plan", nargs=2, action=_PlanField, metavar=("KEY", "EXERCISE"), default=argparse.SUPPRESS,
                     help="start a suggested plan: a short KEY of your choice and the exercise's id")
    for option, (name, words) in PLAN_OPTIONS.items():
        new.add_argument(option, dest=f"plan_{name}", action=_PlanField, metavar="TEXT" if name not in NUMBERS else "N",
                         help=words, default=argparse.SUPPRESS)
    add_at(new)
    new.set_defaults(func=run_new)


def run_check(args: argparse.Namespace) -> int:
    from workbook.planning.session_pack import read_session_pack

    if args.action is None and not args.check:
        raise UsageError("say what to do: 'workbook session-pack new ...' or 'workbook session-pack --check FILE'.")
    pack = read_session_pack(args.check)
    _check_exercises(args, pack, Path(args.check).name)
    answers = f", {counted(len(pack.answers), 'answer')}" if pack.answers else ""
    print(f"ok: {args.check}: from {pack.practitioner}, session of {pack.session_date:%a %-d %b %Y}, "
          f"{counted(len(pack.plans), 'suggested plan')}{answers}.")
    return 0


def run_new(args: argparse.Namespace) -> int:
    from workbook.planning.session_pack import write_session_pack

    given = [name for name in ("practitioner", "date", "notes", "next_call", "questionnaires")
             if getattr(args, name) is not None] + (["answer"] if args.answer else []) + (["plan"] if args.plans else [])
    if args.form or not given:
        if not OPEN_FORM:
            raise WorkbookError("the guided form needs the full-screen workbook; give the flags instead "
                                "(see 'workbook session-pack new --help').")
        return OPEN_FORM[0](args)
    if not args.out:
        raise UsageError("say where to write it: --out session.toml (or --out - to see it here).")
    now = parse_at(args.at)
    pack = pack_from_args(args, now)
    _check_exercises(args, pack, "the session pack")
    written = write_session_pack(pack, args.out, now, home=None)
    if not written.to_stdout:
        print(f"Session pack written to {written} ({counted(len(pack.plans), 'suggested plan')}). "
              "Send it to your patient; they import it with 'workbook import FILE'.")
    return 0


def pack_from_args(args: argparse.Namespace, now: datetime) -> Any:
    """The pack the flags describe, checked exactly as a file is (one line naming the field if not)."""
    from workbook.core.dates import parse_day
    from workbook.planning.pack_fields import pack_from_table
    from workbook.planning.session_pack import FORMAT, VERSION

    table: dict[str, Any] = {"format": FORMAT, "version": VERSION, "practitioner": args.practitioner or "",
                             "plan": args.plans or [],
                             "answer": [{"question": q, "answer": a} for q, a in args.answer]}
    try:
        table["session_date"] = parse_day(args.date, now.date(), prefer="past") if args.date else now.date()
    except ValueError as exc:
        raise WorkbookError(f"--date {exc}") from None
    if args.notes is not None:
        table["notes"] = args.notes
    if args.questionnaires:
        table["questionnaires"] = [q.strip().lower() for q in args.questionnaires.split(",") if q.strip()]
    if args.next_call:
        table["next_call"] = _next_call(args.next_call, now)
    return pack_from_table(table, "the session pack")


def _next_call(text: str, now: datetime) -> datetime:
    """'2026-12-17 10:00', '17/12 10:00' or 'thu 10:00': a day, then a time (the patient's local time)."""
    from workbook.core.dates import parse_day
    from workbook.core.times import parse_hhmm

    day_text, _, time_text = text.strip().rpartition(" ")
    try:
        return datetime.combine(parse_day(day_text, now.date()), parse_hhmm(time_text))
    except ValueError:
        raise WorkbookError(f"--next-call: give a day and a time, like '2026-12-17 10:00' (not {text[:40]!r}).") from None


def _check_exercises(args: argparse.Namespace, pack: Any, source: str) -> None:
    from workbook.content.library import ExerciseLibrary
    from workbook.planning.pack_import import check_pack
    from workbook.storage.home import resolve_home

    library = ExerciseLibrary.load(resolve_home(args.home), [Path(d) for d in args.exercises])
    check_pack(pack, library, source)
