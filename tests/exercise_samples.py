"""Exercise files for tests: a valid one, a way to break it one edit at a time, and a small pack."""

from __future__ import annotations

import textwrap

GOOD = '''\
id = "mood-check"
title = "Mood check"
technique = "other"
summary = "Rate your mood and note what you were doing."
why = "Noticing mood and activity together shows which activities help."
steps = ["Stop for a moment.", "Rate your mood.", "Write what you were doing."]
example = "Sam rated mood 4 after lunch, while tidying the kitchen."
default_minutes = 5

[[fields]]
id = "activity"
label = "What were you doing?"
kind = "text"
required = true

[[fields]]
id = "mood"
label = "Mood right now"
kind = "rating"
min = 0
max = 10
anchors = { "0" = "very low", "10" = "very good" }
chart = true

[[fields]]
id = "type"
label = "What kind of activity?"
kind = "choice"
options = ["routine", "pleasurable", "necessary"]

[[fields]]
id = "mood_later"
label = "Mood an hour later"
kind = "rating"
min = 0
max = 10

[[derived]]
id = "mood_change"
label = "Change in mood"
function = "difference"
inputs = ["mood_later", "mood"]
chart = true
'''


def edited(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# A minimal pack exercise, as a researcher would drop into <home>/exercises.
MOOD_PACK = textwrap.dedent('''\
    id = "mood-check"
    title = "Mood check"
    technique = "other"
    summary = "Rate your mood and note what you were doing."
    why = "Noticing mood and activity together shows which activities help."
    steps = ["Stop for a moment.", "Rate your mood."]
    example = "Sam rated mood 4 after lunch."
    default_minutes = 5

    [[fields]]
    id = "mood"
    label = "Mood"
    kind = "rating"
    min = 0
    max = 10
    ''')
