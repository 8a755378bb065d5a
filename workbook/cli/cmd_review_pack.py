"""`workbook review-pack [--out FILE] [--leave-out WHAT] [--include WHAT] [--key AGE1...]`.

Writes the review pack for your practitioner: FILE.html, FILE.json and FILE.fhir.json (each
with .age added when it is encrypted to the practitioner's key). Before writing it says what
goes in and how to change that; a change made with --include/--leave-out is remembered.
"""

from __future__ import annotations

import argparse

from workbook.cli.common import open_workbook
from workbook.core.errors import UsageError

CHOICES = ("name", "notes", "barrier_notes", "ratings", "questions")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "review-pack", help="write a review pack for your practitioner (HTML, JSON, FHIR)",
        description="Write a review pack for your next call: a page to read or print (FILE.html), the same "
                    "as data (FILE.json) and your questionnaire scores for a health record (FILE.fhir.json). "
                    "It covers the time since your last call. With a practitioner's key saved (--key), each "
                    "file is encrypted to it and ends in .age. Without --out the files go to your Workbook "
                    "folder's reports/.")
    parser.add_argument("--out", metavar="FILE", help="where to write: FILE.html, FILE.json, FILE.fhir.json")
    parser.add_argument("--leave-out", metavar="WHAT", action="append", default=[],
                        help=f"leave this out from now on (one of {', '.join(CHOICES)}; repeat or use commas)")
    parser.add_argument("--include", metavar="WHAT", action="append", default=[],
                        help="put this back in from now on (as --leave-out)")
    parser.add_argument("--key", metavar="AGE1...",
                        help="save your practitioner's age public key (\"\" to forget it); packs are then encrypted")
    parser.add_argument("--no-encrypt", action="store_true", help="this once, write the files unencrypted")
    parser.add_argument("--show", action="store_true", help="only say what goes in; write nothing")
    parser.add_argument("--at", help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def _names(values: list[str]) -> list[str]:
    found = [v.strip().replace("-", "_") for value in values for v in value.split(",") if v.strip()]
    for name in found:
        if name not in CHOICES:
            raise UsageError(f"--include/--leave-out: {name!r} is not one of {', '.join(CHOICES)}.")
    return found


def run(args: argparse.Namespace) -> int:
    from workbook.content.copy import text
    from workbook.outputs.review_pack import choice_lines, write_review_pack

    leave, include = _names(args.leave_out), _names(args.include)
    both = set(leave) & set(include)
    if both:
        raise UsageError(f"{', '.join(sorted(both))}: give it to --include or --leave-out, not both.")
    workbook = open_workbook(args)
    if args.key is not None:
        workbook.set_practitioner_key(args.key)
        print(text("review_pack.key_saved") if args.key.strip() else text("review_pack.key_forgotten"))
    changes = {f"pack_{n}": False for n in leave} | {f"pack_{n}": True for n in include}
    if changes:
        workbook.update_settings(**changes)
    for line in choice_lines(workbook.settings()):
        print(line)
    if args.show:
        return 0
    files = write_review_pack(workbook, now=workbook.clock(), out=args.out, seal=not args.no_encrypt)
    print(text("review_pack.written_sealed" if files.sealed else "review_pack.written_plain"))
    for path in files.paths:
        print(f"  {path}")
    return 0
