"""`workbook caseload DIR [--identity FILE] [--list | --csv]`, `workbook caseload --new-identity FILE`.

The practitioner's view over a folder of review packs: full-screen, or as plain lines or CSV.
The identity file given is remembered in this workbook's settings for next time.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from workbook.cli.common import add_at, open_workbook
from workbook.core.errors import UsageError, WorkbookError

EXAMPLE = """\
examples:
  workbook caseload --new-identity ~/caseload-key.txt   # once: make your key, give patients the age1... line
  workbook caseload ~/review-packs                      # open the caseload (encrypted packs too)
  workbook caseload ~/review-packs --list               # the same rows as plain lines
  workbook caseload ~/review-packs --csv --out caseload.csv   # readable by you only
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "caseload", help="for practitioners: a folder of patients' review packs, who needs attention first",
        description="For practitioners. Open a folder of review packs that patients sent (*.json, and *.age "
                    "encrypted to your key), one row per patient, who may need you first at the top. "
                    "Enter opens a patient's review.",
        epilog=EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", metavar="DIR", nargs="?", help="the folder of review packs")
    parser.add_argument("--identity", metavar="FILE",
                        help="your age identity file, to open encrypted packs (remembered for next time)")
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--list", action="store_true", help="print the rows as plain lines instead of the screen")
    shown.add_argument("--csv", action="store_true", help="print the rows as CSV instead of the screen")
    shown.add_argument("--new-identity", metavar="FILE",
                       help="make your age key in FILE (owner-only) and print the recipient to give patients")
    parser.add_argument("--out", metavar="FILE", help="with --list or --csv: write to FILE (readable by you only)")
    add_at(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbook.content.copy import text

    if args.new_identity is not None:
        if args.folder is not None:
            raise UsageError("--new-identity makes a key and opens no folder; run 'workbook caseload DIR' after it.")
        workbook = open_workbook(args, daily_backup=False)
        path = Path(args.new_identity).expanduser().absolute()
        recipient = workbook.make_identity(path)
        print(text("caseload.new_identity", path=path, recipient=recipient))
        return 0
    if args.out is not None and not (args.list or args.csv):
        raise UsageError("--out goes with --list or --csv (the screen is not written to a file).")
    if args.folder is None:
        raise UsageError("give the folder of review packs: workbook caseload DIR (see 'workbook caseload --help').")
    workbook = open_workbook(args, daily_backup=False)
    identity = None
    if args.identity is not None:
        identity = workbook.remember_identity(Path(args.identity))
    folder = Path(args.folder).expanduser()
    if args.list or args.csv:
        from workbook.insight.caseload_words import caseload_csv, caseload_text

        rows = workbook.caseload(folder, identity)
        shown = caseload_csv(rows) if args.csv else caseload_text(rows, now=workbook.clock(),
                                                                   zone=workbook.settings().zone)
        if args.out is None:
            print(shown, end="")
        else:
            from workbook.storage.outfiles import write_output

            written = write_output(args.out, shown, home=workbook.home)
            if not written.to_stdout:
                print(f"Caseload written to {written}.")
        return 0
    workbook.check_caseload(folder, identity)  # a bad folder or identity file: one line here, not on a screen
    if getattr(args, "open_app", None) is None:
        raise WorkbookError("the caseload screen opens from the 'workbook' command; use --list here.")
    args.app = "caseload"
    args.caseload_folder = folder
    args.caseload_identity = identity
    args.workbook = workbook
    return int(args.open_app(args) or 0)
