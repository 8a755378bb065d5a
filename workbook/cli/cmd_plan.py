"""`workbook plan add | edit | pause | resume | end | undo | list`: plans without the full-screen app.

The same façade calls and the same gentle notes (`planning.plan_notes`) as the Plan form,
so a plan set up from a script is checked exactly as one made on screen.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from workbook.cli.common import add_at, open_workbook
from workbook.core.errors import ValidationError, WorkbookError
from workbook.core.model import AS_NEEDED, PLAN_KINDS, Plan
from workbook.core.recurrence import RuleError
from workbook.core.repeat_words import describe, repeat_rule
from workbook.core.times import parse_hhmm, zone
from workbook.facade import Workbook

EXAMPLES = """\
examples, one for each kind of plan:
  at a set time:     workbook plan add activity-scheduling --what "Walk round the park" --time 18:30 \\
                       --repeat weekdays --where "the park" --minutes 20
  when it happens:   workbook plan add panic-diary --what "Note a panic attack when one comes" \\
                       --kind as_needed --aim 3
  a daily diary:     workbook plan add sleep-diary --what "Fill in my sleep diary" --kind daily_diary --time 07:45
  change one:        workbook plan edit 7ebf06 --time 19:00 --routine "I have dinner"
  pause, resume, end or undo the last change:  workbook plan pause 7ebf06
"""
REPEATS = "once, daily, weekdays, every-N-days (e.g. every-2-days) or days like mon,wed,fri"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("plan", help="add, change, pause, resume, end, undo or list plans",
                            description="Plans without the full-screen workbook.", epilog=EXAMPLES,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list your plans", description="List your plans (ended ones with --all).")
    listing.add_argument("--all", action="store_true", help="include ended plans")
    add_at(listing)
    listing.set_defaults(func=run_list)
    add = actions.add_parser("add", help="make a new plan", epilog=EXAMPLES,
                             formatter_class=argparse.RawDescriptionHelpFormatter,
                             description="Make a specific plan for an exercise ('workbook exercises' lists them).")
    add.add_argument("exercise", metavar="EXERCISE", help="the exercise's id, e.g. activity-scheduling")
    _plan_options(add, new=True)
    add.set_defaults(func=run_add)
    edit = actions.add_parser("edit", help="change a plan", epilog=EXAMPLES,
                              formatter_class=argparse.RawDescriptionHelpFormatter,
                              description="Change a plan; what you don't mention stays as it is. 'undo' puts it back.")
    edit.add_argument("plan", metavar="PLAN", help="the plan's id (or its start) as 'workbook plan list' prints it")
    _plan_options(edit, new=False)
    edit.set_defaults(func=run_edit)
    for name, words in (("pause", "pause a plan (nothing is due while it is paused)"),
                        ("resume", "pick a paused plan up again"), ("end", "end a plan (its history is kept)"),
                        ("undo", "undo the last change to a plan")):
        action = actions.add_parser(name, help=words, description=words[0].upper() + words[1:] + ".")
        action.add_argument("plan", metavar="PLAN", help="the plan's id (or its start)")
        add_at(action)
        action.set_defaults(func=run_status if name != "undo" else run_undo, status=name)


def _plan_options(parser: argparse.ArgumentParser, *, new: bool) -> None:
    parser.add_argument("--what", required=new, help="what exactly you will do, in your words")
    parser.add_argument("--kind", choices=PLAN_KINDS, help="at a set time (set_time), when it happens (as_needed), "
                                                           "or a daily diary (daily_diary); default: the exercise's usual kind, "
                                                           "or one with a time if you give --time or --repeat")
    parser.add_argument("--time", dest="start_time", metavar="HH:MM", help="the time of day (e.g. 19:00)")
    parser.add_argument("--start", metavar="DATE", help="the first day (like tomorrow, mon or 30/11; default today)")
    parser.add_argument("--repeat", metavar="HOW", help=REPEATS)
    parser.add_argument("--until", metavar="DATE", help="the last day (default: no end)")
    parser.add_argument("--where", help="where you will do it")
    parser.add_argument("--minutes", type=int, metavar="N", help="how long, in minutes")
    parser.add_argument("--why", help="why this matters to you")
    parser.add_argument("--if", dest="if_text", metavar="TEXT", help="what might get in the way (with --then)")
    parser.add_argument("--then", dest="then_text", metavar="TEXT", help="what you will do then (with --if)")
    parser.add_argument("--routine", metavar="TEXT", help="a routine to link it to, e.g. 'I have dinner'")
    parser.add_argument("--aim", type=int, metavar="N", help="for a when-it-happens record: about N a week")
    parser.add_argument("--confidence", type=int, metavar="0-10", help="how sure you are it will happen")
    parser.add_argument("--remind-before", type=int, metavar="MINUTES", help="remind me this many minutes before")
    add_at(parser)


def run_list(args: argparse.Namespace) -> int:
    from workbook.planning.agreed import agreed_words

    workbook = open_workbook(args)
    plans = workbook.plans(include_ended=args.all)
    if not plans:
        print("No plans yet. Make one with 'workbook plan add EXERCISE --what ...' (see 'workbook plan add --help').")
        return 0
    ids = workbook.short_ids(plans)
    for plan in plans:
        status = "" if plan.is_active else f" [{plan.status}]"
        agreed = agreed_words(plan)
        print(f"{ids[plan.id]}  {plan_line(workbook, plan)}{status}" + (f"; {agreed}" if agreed else ""))
    return 0


def plan_line(workbook: Workbook, plan: Plan) -> str:
    """'Walk round the park: weekdays at 18:30, after I have dinner (activity scheduling)'."""
    exercise = workbook.exercises.get(plan.exercise_id).title if plan.exercise_id in workbook.exercises else plan.exercise_id
    if plan.as_needed:
        when = "when it happens" + (f", about {plan.aim_per_week} a week" if plan.aim_per_week else "")
    else:
        when = describe(plan.rrule) + (f" at {plan.start_time:%H:%M}" if plan.start_time else ", any time")
        if plan.kind == "daily_diary":
            when = f"a daily diary, {when}"
    routine = f", after {plan.routine}" if plan.routine else ""
    return f"{plan.what}: {when}{routine} ({exercise})"


def _repeat(text: str) -> str | None:
    try:
        return repeat_rule(text)
    except RuleError:
        raise WorkbookError(f"--repeat {text[:40]!r}: use {REPEATS}.") from None


def _changes(args: argparse.Namespace, workbook: Workbook, exercise_id: str, plan: Plan | None) -> dict[str, Any]:
    from workbook.core.dates import parse_day  # dateutil's parser: only when a date is typed

    today = workbook.clock().astimezone(zone(workbook.settings().zone)).date()
    changes: dict[str, Any] = {}
    for name in ("what", "where", "why", "routine", "minutes", "confidence"):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value.strip() if isinstance(value, str) else value
    if args.aim is not None:
        changes["aim_per_week"] = args.aim
    if args.remind_before is not None:
        changes["reminder_lead_minutes"] = args.remind_before
    try:
        if args.start_time is not None:
            changes["start_time"] = parse_hhmm(args.start_time) if args.start_time.strip() else None
        if args.start is not None:
            changes["start_date"] = parse_day(args.start, today)
        if args.until is not None:
            changes["until"] = parse_day(args.until, today) if args.until.strip() else None
        if args.repeat is not None:
            changes["rrule"] = _repeat(args.repeat)
    except (ValueError, RuleError) as exc:
        raise WorkbookError(str(exc)) from None
    if (args.if_text is None) != (args.then_text is None):
        raise WorkbookError("give both --if and --then: what might get in the way, and what you'll do then.")
    if args.if_text is not None:
        pair = {"if": args.if_text.strip(), "then": args.then_text.strip()}
        changes["if_then"] = [*(plan.if_then if plan else []), pair]
    kind = _kind(args, workbook, exercise_id, plan)
    if kind != (plan.kind if plan else None):
        changes["kind"] = kind
    if kind == AS_NEEDED:
        changes.update(rrule=None, until=None)  # a when-it-happens record has no repeat
    elif plan is not None and plan.aim_per_week is not None:
        changes["aim_per_week"] = None  # an aim "about 3 a week" goes with when-it-happens only
    return changes


def _kind(args: argparse.Namespace, workbook: Workbook, exercise_id: str, plan: Plan | None) -> str:
    """--kind if given; else the plan's or the exercise's usual one, timed when a time or repeat was typed."""
    from workbook.planning.plan_kind import chosen_kind

    if exercise_id in workbook.exercises:
        exercise = workbook.exercises.get(exercise_id)
        title, kinds = exercise.title, exercise.kinds
    else:  # a plan whose exercise file has gone: only the kind it has
        title, kinds = exercise_id, (plan.kind,) if plan else ()
    timed = any((getattr(args, name) or "").strip() for name in ("start_time", "repeat", "until"))
    return chosen_kind(title, kinds, asked=args.kind, current=plan.kind if plan else None, timed=timed)


def _say_notes(plan: Plan) -> None:
    from workbook.planning.plan_notes import plan_notes
    for note in plan_notes(plan).values():
        print(f"  note: {note}")


def _invalid(exc: ValidationError) -> WorkbookError:
    return WorkbookError(f"{exc.field}: {exc.message}")


def run_add(args: argparse.Namespace) -> int:
    workbook = open_workbook(args)
    if args.exercise not in workbook.exercises:
        raise WorkbookError(f"There is no exercise called {args.exercise[:48]!r}; 'workbook exercises' lists them.")
    exercise = workbook.exercises.get(args.exercise)
    settings = workbook.settings()
    changes = _changes(args, workbook, exercise.id, None)
    changes.setdefault("minutes", exercise.default_minutes)
    changes.setdefault("start_date", workbook.clock().astimezone(zone(settings.zone)).date())
    if changes["kind"] != AS_NEEDED:
        changes.setdefault("rrule", "FREQ=DAILY" if changes["kind"] == "daily_diary" else None)
    try:
        plan = workbook.add_plan(Plan(exercise_id=exercise.id, zone=settings.zone, **changes))
    except ValidationError as exc:
        raise _invalid(exc) from None
    print(f"Plan made ({workbook.short_ids()[plan.id]}): {plan_line(workbook, plan)}.")
    _say_notes(plan)
    return 0


def run_edit(args: argparse.Namespace) -> int:
    workbook = open_workbook(args)
    plan = workbook.plan(args.plan)
    changes = _changes(args, workbook, plan.exercise_id, plan)
    if not changes:
        raise WorkbookError("say what to change, e.g. --time 19:00 or --where 'the park' (see 'workbook plan edit --help').")
    try:
        updated = workbook.update_plan(replace(plan, **changes))
    except ValidationError as exc:
        raise _invalid(exc) from None
    print(f"Plan changed: {plan_line(workbook, updated)}. ('workbook plan undo {args.plan[:12]}' puts it back.)")
    _say_notes(updated)
    return 0


STATUS_FOR = {"pause": "paused", "resume": "active", "end": "ended"}
STATUS_WORDS = {"paused": "Paused; nothing is due until you resume it.", "active": "Resumed.",
                "ended": "Ended; its history is kept."}


def run_status(args: argparse.Namespace) -> int:
    workbook = open_workbook(args)
    plan = workbook.set_plan_status(args.plan, STATUS_FOR[args.status])
    print(f"'{plan.what}': {STATUS_WORDS[plan.status]}")
    return 0


def run_undo(args: argparse.Namespace) -> int:
    workbook = open_workbook(args)
    plan = workbook.undo_plan(args.plan)
    print(f"Put back as it was: {plan_line(workbook, plan)}" + ("" if plan.is_active else f" [{plan.status}]") + ".")
    return 0
