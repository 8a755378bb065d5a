"""`workbook import [FILE] [--accept KEY] [--decline KEY --reason TEXT]`: take in a session pack.

Importing stores the pack (the call's note, answers, next call) and lists the plans it suggests.
Nothing becomes a plan until the patient decides: `--accept KEY` makes it as it is (change it
afterwards with `workbook plan edit`, or adjust it first in the app), `--decline KEY --reason`
says no and why. Importing the same file again changes nothing, so the decisions can come later,
with the same command, or without the FILE (the keys of the packs imported before, newest first).
"""

from __future__ import annotations

import argparse
from typing import Any

from workbook.cli.common import add_at, open_workbook
from workbook.core.errors import UsageError, WorkbookError
from workbook.core.words import agree, counted

EXAMPLES = """\
examples:
  workbook import session.toml                       store it and list what it suggests
  workbook import session.toml --accept walk --accept panic
  workbook import session.toml --decline worry --reason "Evenings are when I see my kids"
  workbook import                                    list what is still to decide, from packs imported before
  workbook import --accept worry                     decide one of them, without the file
"""


class _Decision(argparse.Action):
    """Decisions in the order given; each --reason belongs to the --decline before it."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        decisions = list(getattr(namespace, "decisions", None) or [])
        if option_string == "--reason":
            if not decisions or decisions[-1][0] != "decline" or decisions[-1][2] is not None:
                raise argparse.ArgumentError(self, "goes straight after the --decline KEY it explains")
            decisions[-1] = ("decline", decisions[-1][1], values)
        else:
            decisions.append(("accept" if option_string == "--accept" else "decline", values, None))
        namespace.decisions = decisions


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("import", help="import a session pack from your practitioner",
                            description="Import a session pack (session.toml) from your practitioner, and accept "
                                        "or decline the plans it suggests.", epilog=EXAMPLES,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", metavar="FILE", nargs="?",
                        help="the session pack file (leave it out to decide what was imported before)")
    parser.add_argument("--accept", metavar="KEY", action=_Decision, default=argparse.SUPPRESS,
                        help="make this suggested plan, as it is")
    parser.add_argument("--decline", metavar="KEY", action=_Decision, default=argparse.SUPPRESS,
                        help="say no to this suggested plan (with --reason)")
    parser.add_argument("--reason", metavar="TEXT", action=_Decision, default=argparse.SUPPRESS,
                        help="why, for the --decline before it (your practitioner sees it)")
    add_at(parser)
    parser.set_defaults(func=run, decisions=None)


def run(args: argparse.Namespace) -> int:
    from workbook.content.copy import text as copy_text
    from workbook.planning.pack_import import day_words

    decisions = args.decisions or []
    for kind, key, reason in decisions:
        if kind == "decline" and not reason:
            raise UsageError(f"--decline {key[:32]} needs --reason \"...\": {copy_text('session_pack.decline_needs_reason')}")
    workbook = open_workbook(args)
    if args.file is None:
        return _decide_imported(workbook, decisions)
    result = workbook.import_session_pack(args.file)
    pack = result.pack
    day = day_words(pack.session_date)
    if result.new:
        print(f"Imported the session pack from {pack.practitioner} (session of {day}).")
        if result.answered:
            print(f"  {counted(result.answered, 'answer')} to your questions {agree(result.answered, 'is', 'are')} "
                  "saved with them (see Review).")
        unmatched = [a for a in pack.answers if not a.get("question_id")]
        for answer in unmatched:
            print(f"  {pack.practitioner} answered: {answer['question']}: {answer['answer']}")
        if pack.notes:
            print(f"  Notes: {pack.notes.splitlines()[0]}" + (" ..." if "\n" in pack.notes else ""))
        if pack.next_call:
            from workbook.core.times import from_iso, zone

            local = from_iso(pack.next_call).astimezone(zone(workbook.settings().zone))
            print(f"  Next call: {day_words(local.date())}, {local:%H:%M}.")
    else:
        print(f"This session pack from {pack.practitioner} (session of {day}) is imported already; nothing changed.")
    _decide(workbook, [(kind, workbook.suggestion(key, pack.id), reason) for kind, key, reason in decisions])
    _list_pending(workbook, pack.id)
    nudge = workbook.questionnaire_nudge()
    if nudge:
        print(nudge)
    return 0


def _decide_imported(workbook: Any, decisions: list[tuple[str, str, str | None]]) -> int:
    """No FILE: decide (or list) the suggestions of the packs imported before, by key, newest first."""
    if workbook.last_session_pack() is None:
        raise WorkbookError("No session pack is imported yet; give its file: workbook import session.toml")
    chosen = []
    for kind, key, reason in decisions:
        same = [s for s in reversed(workbook.suggestions()) if s.key == key]
        if not same:
            keys = ", ".join(sorted({s.key for s in workbook.suggestions()})) or "none"
            raise WorkbookError(f"No suggested plan has the key {key[:32]!r} (the keys: {keys}).")
        chosen.append((kind, next((s for s in same if not s.decided), same[0]), reason))
    _decide(workbook, chosen)
    _list_pending(workbook, None)
    nudge = workbook.questionnaire_nudge()
    if nudge:
        print(nudge)
    return 0


def _decide(workbook: Any, decisions: list[tuple[str, Any, str | None]]) -> None:
    from workbook.cli.cmd_plan import plan_line
    from workbook.content.copy import text as copy_text

    for kind, suggestion, reason in decisions:
        if kind == "accept":
            plan = workbook.accept_suggestion(suggestion.id)
            print(copy_text("session_pack.accepted", what=plan_line(workbook, plan)))
        else:
            workbook.decline_suggestion(suggestion.id, reason)
            print(copy_text("session_pack.declined", what=suggestion.what))


def _list_pending(workbook: Any, pack_id: str | None) -> None:
    from workbook.cli.cmd_plan import plan_line

    pending = workbook.suggestions(pack_id, pending_only=True)
    if not pending:
        decided = workbook.suggestions(pack_id)
        if decided:
            print("Every suggested plan is decided." if pack_id is None else "Every plan in this pack is decided.")
        return
    print("Suggested plans to decide (--accept KEY, or --decline KEY --reason \"...\"):")
    width = max(len(s.key) for s in pending)
    for suggestion in pending:
        try:
            line = plan_line(workbook, workbook.suggestion_plan(suggestion.id))
        except WorkbookError:
            line = suggestion.what
        print(f"  {suggestion.key:<{width}}  {line}")
        if suggestion.rationale:
            print(f"  {'':<{width}}  Why ({suggestion.practitioner}): {suggestion.rationale.splitlines()[0]}")
