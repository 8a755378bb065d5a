"""`workbook crisis`: who to contact for help now, for where you live; choose the region; add your own contacts."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from workbook.cli.common import add_at, open_workbook
from workbook.core.errors import UsageError
from workbook.core.model import REGIONS

if TYPE_CHECKING:  # the crisis data is read when the command runs, not at every start-up
    from workbook.content.crisis import CrisisInfo


def register(sub: argparse._SubParsersAction) -> None:
    codes = list(REGIONS)
    parser = sub.add_parser(
        "crisis", help="show who to contact for help now (crisis contacts)",
        description="Show the support contacts for where you live, choose where that is, or add your own "
                    "local contacts (kept in crisis.toml in your Workbook folder, shown instead of the shipped ones).")
    parser.add_argument("--region", metavar="WHERE", choices=codes,
                        help=f"where you live: {', '.join(codes)}")
    parser.add_argument("--add", metavar="NAME", help="add a contact of your own with this name (needs --how)")
    parser.add_argument("--how", metavar="HOW", help="how to reach them, like \"Call 0123 456 789\"")
    parser.add_argument("--when", metavar="WHEN", help="when they are available")
    parser.add_argument("--what-for", metavar="WHAT", help="what they can help with")
    add_at(parser)
    parser.set_defaults(func=run)


def render(info: CrisisInfo) -> str:
    """The Support screen's contents as plain lines."""
    where = " (your own contacts)" if not info.is_default else "" if info.region == "unset" else f" ({info.region_name})"
    lines = [f"{info.title}{where}", "", info.intro, ""]
    if info.warning:
        lines += [f"Note: {info.warning}", ""]
    if info.prompt:
        lines += [info.prompt, ""]
    for contact in info.contacts:
        lines += [contact.name, f"  {contact.how}", f"  {contact.when}. {contact.what_for}", ""]
    return "\n".join(lines + [info.not_notified, "", info.disclaimer])


def run(args: argparse.Namespace) -> int:
    from workbook.content.crisis import region_choices

    workbook = open_workbook(args, daily_backup=False)
    if args.how and not args.add:
        raise UsageError("--how goes with --add NAME.")
    if args.region:
        workbook.update_settings(region=args.region)
        print(f"Where you live: {dict(region_choices())[args.region]}.")
    if args.add:
        if not args.how:
            raise UsageError("--add needs --how, like: workbook crisis --add \"Crisis team\" --how \"Call 0123 456 789\"")
        path = workbook.add_local_contact(args.add, args.how, when=args.when or "", what_for=args.what_for or "")
        print(f"Added {' '.join(args.add.split())} to {path}.")
    if not (args.region or args.add):
        print(render(workbook.crisis()))
    return 0
