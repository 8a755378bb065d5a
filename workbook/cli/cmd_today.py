"""`workbook today`: today's plans, any still open from the week, and the coming days."""

from __future__ import annotations

import argparse
import sys

from workbook.cli.common import add_at, open_workbook
from workbook.content.states import state_words
from workbook.core.times import zone
from workbook.facade.workbook import Workbook
from workbook.planning.agreed import agreed_words
from workbook.planning.today import Occurrence, TodayView


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("today", help="print today's and still-open plans", description="Print today's plans, any still open from the last week, and the coming days.")
    add_at(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    workbook = open_workbook(args)
    now = workbook.clock()
    print(render(workbook, workbook.today(now)))
    for warning in workbook.exercises.warnings:  # a bad pack file is skipped, never fatal
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def _title(workbook: Workbook, exercise_id: str) -> str:
    return workbook.exercises.get(exercise_id).title if exercise_id in workbook.exercises else exercise_id


def _line(workbook: Workbook, occ: Occurrence, ids: dict[str, str], view: TodayView, *, with_day: bool) -> str:
    exercise = _title(workbook, occ.plan.exercise_id)
    when = "any time" if occ.anytime else occ.at.strftime("%H:%M")
    if with_day:
        when = f"{occ.at:%a} {occ.at.day} {when}"
    state = state_words(occ.state(view.now)).words
    return f"  {ids[occ.plan.id]}  {when:<9} {exercise}: {occ.plan.what}  [{state}]"


def render(workbook: Workbook, view: TodayView) -> str:
    ids = workbook.short_ids()
    lines = [f"Today, {view.day:%A} {view.day.day} {view.day:%B}"]
    if not view.today:
        lines.append("  Nothing planned for today.")
    for occ in view.today:
        lines.append(_line(workbook, occ, ids, view, with_day=False))
        if occ.plan.why:
            lines.append(f"          why it matters: {occ.plan.why}")
        if agreed := agreed_words(occ.plan):
            lines.append(f"          {agreed}")
    if view.still_open:
        lines += ["", "Still open from earlier days (log them, or let them go; both are fine)"]
        lines += [_line(workbook, occ, ids, view, with_day=True) for occ in view.still_open]
    if view.records:
        lines += ["", "Write down when it happens (never overdue)"]
        lines += [f"  {ids[r.plan.id]}  {'':<9} {_title(workbook, r.plan.exercise_id)}: {r.plan.what}  [{r.aim_words}]"
                  for r in view.records]
    if view.this_week:
        lines += ["", "Coming up this week"]
        lines += [_line(workbook, occ, ids, view, with_day=True) for occ in view.this_week]
    settings = view.settings or workbook.settings()
    if view.next_call is not None:
        who = f" with {settings.practitioner_name}" if settings.practitioner_name else ""
        local = view.next_call.astimezone(zone(settings.zone))
        lines += ["", f"Next call{who}: {local:%a} {local.day} {local:%b}, {local:%H:%M}"]
    lines += _from_practitioner(workbook, view)
    if not view.plans_kept:
        lines += ["", "No plans yet. Open the workbook (just 'workbook') to plan your first exercise."]
    else:
        lines += ["", "Log one with: workbook log ID --done | --partly | --not-done"]
    return "\n".join(lines)


def _from_practitioner(workbook: Workbook, view: TodayView) -> list[str]:
    """What the last session pack asks: questionnaires before the call, and plans still to decide."""
    from workbook.content.copy import text as copy_text

    lines = [words for words in [workbook.questionnaire_nudge(view.now)] if words]
    pending = workbook.suggestions(pending_only=True)
    if pending:
        lines.append(copy_text("session_pack.today_cli", name=pending[-1].practitioner, count=len(pending)))
    return ["", *lines] if lines else []
