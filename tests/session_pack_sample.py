"""A session pack as a practitioner would write it, for the engine, CLI and screen tests."""

from __future__ import annotations

from pathlib import Path

SAMPLE = '''\
format = "workbook-session-pack"
version = 1
practitioner = "Alex Morgan"
session_date = 2026-11-19
next_call = 2026-12-03T10:00:00
questionnaires = ["phq9", "gad7"]
notes = """We looked at evenings, when things feel heaviest.
Keep each plan small."""

[[plan]]
key = "walk"
exercise = "activity-scheduling"
what = "Walk round the park"
kind = "set_time"
time = "18:30"
repeat = "weekdays"
where = "the park"
minutes = 20
rationale = "Getting moving after work lifts your mood more than resting does."
if = "it rains"
then = "walk round the shopping centre"

[[plan]]
key = "worry"
exercise = "worry-time"
what = "Worry time at the kitchen table"
time = "18:00"
repeat = "daily"
minutes = 15
rationale = "Putting worries off to a set time makes them easier to let go in the day."

[[plan]]
key = "panic"
exercise = "panic-diary"
what = "Note a panic attack when one comes"
kind = "as_needed"
aim = 2
rationale = "Noticing what comes before an attack is the first step."

[[answer]]
question = "Is it OK to skip a day?"
answer = "Yes. Missing a day is normal; just pick it up the next day."
'''


def write_sample(folder: Path, text: str = SAMPLE, name: str = "session.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
