"""`workbook research on|off|status`: research mode and its engagement event log."""

from __future__ import annotations

import argparse
import re

from workbook.cli.common import add_at, open_workbook
from workbook.core.errors import WorkbookError

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "research", help="turn research mode on or off",
        description="Research mode keeps a log of engagement events (app opened, plan made, attempt "
                    "logged...) with times and IDs only, never anything you write. It is off unless "
                    "you turn it on; nothing is sent anywhere.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    on = actions.add_parser("on", help="turn research mode on", description="Turn research mode on.")
    on.add_argument("--participant", metavar="P", help="your pseudonymous participant ID (from the study team)")
    on.add_argument("--study", metavar="S", help="the study's ID")
    add_at(on)
    on.set_defaults(func=run_on)
    off = actions.add_parser("off", help="turn research mode off", description="Turn research mode off; no more events are recorded.")
    add_at(off)
    off.set_defaults(func=run_off)
    status = actions.add_parser("status", help="show whether research mode is on", description="Show research mode and the event log.")
    add_at(status)
    status.set_defaults(func=run_status)


def _code(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not _CODE.match(value):
        raise WorkbookError(f"The {what} ID must be a short code (letters, digits, '.', '_' or '-'), like P-017.")
    return value


def run_on(args: argparse.Namespace) -> int:
    workbook = open_workbook(args)
    current = workbook.settings()
    participant = _code(args.participant, "participant") or current.participant_id
    study = _code(args.study, "study")
    study = study if study is not None else current.study_id
    if not participant:
        raise WorkbookError("Research mode needs a participant ID: workbook research on --participant P [--study S]")
    settings = workbook.update_settings(research_mode=True, participant_id=participant, study_id=study)
    print(f"Research mode is on (participant {settings.participant_id}"
          + (f", study {settings.study_id}" if settings.study_id else "") + ").")
    print("Workbook now logs engagement events with times and IDs only, never anything you write. "
          "Nothing is sent anywhere; 'workbook export' writes it out.")
    return 0


def run_off(args: argparse.Namespace) -> int:
    workbook = open_workbook(args)
    was_on = workbook.settings().research_mode
    workbook.update_settings(research_mode=False)
    print("Research mode is off; no events will be recorded." if was_on else "Research mode was already off.")
    return 0


def run_status(args: argparse.Namespace) -> int:
    workbook = open_workbook(args)
    settings = workbook.settings()
    events = workbook.events()
    state = "on" if settings.research_mode else "off"
    print(f"Research mode: {state}")
    print(f"Participant ID: {settings.participant_id or '(none)'}")
    print(f"Study ID: {settings.study_id or '(none)'}")
    consent = workbook.current_consent()
    if consent is not None:
        print(f"Consent: version {consent.consent_version} agreed on {consent.agreed_at[:10]} "
              f"(workbook study join), as participant {consent.participant_id}")
    last = f", the last at {max(e.at for e in events)}" if events else ""
    print(f"Events recorded: {len(events)}{last}")
    return 0
