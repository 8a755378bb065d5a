"""The "what to ask" message: a note the patient sends a supporter themselves. Pure.

It shares only what the patient ticks: which plans, and for each whether to
say when it happens and why it matters. By default it names no exercise or
therapy (the plan's own words only); mentioning therapy is the patient's choice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from workbook.core.model import SUPPORT_WAY_WORDS, Plan, Supporter
from workbook.core.repeat_words import describe


@dataclass(frozen=True)
class Sharing:
    """What the patient chose to share."""

    plan_ids: tuple[str, ...] = ()
    times: bool = False
    why: bool = False
    therapy: bool = False


def when_words(plan: Plan) -> str:
    """'weekdays at 18:30', 'once, on Fri 4 Dec at 10:00', 'every day (any time)'."""
    at = f" at {plan.start_time:%H:%M}" if plan.start_time else " (any time of day)"
    if not plan.rrule:
        day = plan.start_date
        return f"once, on {day:%a} {day.day} {day:%b}{at}"
    return f"{describe(plan.rrule)}{at}"


def _ways(how: Sequence[str]) -> str:
    words = [SUPPORT_WAY_WORDS[w] for w in how if w in SUPPORT_WAY_WORDS]
    if not words:
        return "help me stick with them"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def ask_message(supporter: Supporter, plans: Sequence[Plan], sharing: Sharing, *, first_name: str = "") -> str:
    """The message text, in the patient's voice, built from the plans they chose."""
    chosen = [p for p in plans if p.id in sharing.plan_ids]
    lines = [f"Hi {supporter.name},", ""]
    reason = "as part of the therapy I'm doing" if sharing.therapy else "to help me feel more like myself"
    if not chosen:
        lines.append(f"I'm working on a few small, regular things {reason}. "
                     f"Would you be up for helping me with them? It would help if you could {_ways(supporter.how)}.")
    else:
        one = len(chosen) == 1
        lines.append(f"I'm working on {'something' if one else 'a few things'} {reason}, "
                     f"and it would really help if you could {_ways(supporter.how)}:")
        lines.append("")
        for plan in chosen:
            item = f"- {plan.what.strip().rstrip('.')}"
            if sharing.times:
                item += f" ({when_words(plan)})"
            lines.append(item + ".")
            if sharing.why and plan.why.strip():
                lines.append(f"  Why it matters to me: {plan.why.strip()}")
    lines += ["", "No pressure, and thank you.", first_name.strip() or ""]
    return "\n".join(lines).rstrip() + "\n"


def message_file_name(supporter: Supporter, day_text: str) -> str:
    """'message-for-jo-2026-11-20.txt' (letters, digits and dashes only)."""
    slug = re.sub(r"[^a-z0-9]+", "-", supporter.name.lower()).strip("-") or "supporter"
    return f"message-for-{slug}-{day_text}.txt"
