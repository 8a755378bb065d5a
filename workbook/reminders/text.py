"""The words a reminder uses: the plan's own words and its if-then plan, kindly put.

Pure string functions, kept apart from the due computation so the wording can
be read and changed in one place. Two rules shape them:

* The patient's own words work better than ours ("19:00: Walk round the park.
  If it's raining, then I'll do the stretch video."), so the plan's `what` and
  its first if-then plan are quoted as written.
* A notification can show on a lock screen. In discreet mode the title and text
  are neutral ("Workbook" / "You have something planned at 19:00"): no plan
  words, no health words.

Wording is never pushy: a late reminder asks "still want to?" and says any
time today is fine; nothing says "missed" or "failed". A reminder for another day
says which ("Yesterday, 19:00", "Mon 19:00"): one held through quiet hours can
reach the patient the next morning.
"""

from __future__ import annotations

from datetime import datetime

TITLE = "Workbook reminder"
DISCREET_TITLE = "Workbook"
LATE_AFTER_MINUTES = 5  # a reminder sent this long after its time speaks of it in the past

# Words a discreet notification must never contain (tests check every discreet text).
HEALTH_WORDS = (
    "anxiety", "anxious", "cbt", "depress", "diary", "exercise", "exposure", "health",
    "mental", "mood", "panic", "practitioner", "therapy", "thought", "treatment", "worry",
)


def hhmm(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def sentence(text: str) -> str:
    """`text` ending in exactly one full stop (or its own ! or ?)."""
    text = " ".join(text.split())
    if not text:
        return ""
    return text if text[-1] in ".!?" else text + "."


def if_then_sentence(if_then: list[dict[str, str]]) -> str:
    """The first if-then plan as one sentence: "If it's raining, then I'll do the video."."""
    if not if_then:
        return ""
    first = if_then[0]
    cond = _strip_lead(first.get("if", ""), "if").rstrip(" ,.;:")
    then = _strip_lead(first.get("then", ""), "then").rstrip(" ,;:")
    if not cond or not then:
        return ""
    return sentence(f"If {cond}, then {then}")


def _strip_lead(text: str, word: str) -> str:
    text = " ".join(text.split())
    if text.lower().startswith(word + " "):
        return text[len(word) + 1:]
    return text


def day_time(occurrence: datetime, now_local: datetime) -> str:
    """When, from `now_local`'s day: "19:00" today, "yesterday, 19:00", "tomorrow, 19:00", else "Mon 19:00"."""
    days = (now_local.date() - occurrence.date()).days
    if days == 0:
        return hhmm(occurrence)
    if days == 1:
        return f"yesterday, {hhmm(occurrence)}"
    if days == -1:
        return f"tomorrow, {hhmm(occurrence)}"
    if -7 < days < 7:
        return f"{occurrence.strftime('%a')} {hhmm(occurrence)}"
    return f"{occurrence.strftime('%a')} {occurrence.day} {occurrence.strftime('%b')} {hhmm(occurrence)}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _when_label(occurrence: datetime, now_local: datetime, anytime: bool) -> str:
    """'19:00', 'Earlier today at 19:00', 'Yesterday, 21:45', 'Mon 10:00', or 'Today'."""
    if anytime:
        return "Today" if occurrence.date() == now_local.date() else occurrence.strftime("%A")
    if occurrence.date() == now_local.date():
        late = (now_local - occurrence).total_seconds() > LATE_AFTER_MINUTES * 60
        return f"Earlier today at {hhmm(occurrence)}" if late else hhmm(occurrence)
    return _capital(day_time(occurrence, now_local))


def full_text(
    kind: str,
    what: str,
    if_then: list[dict[str, str]],
    occurrence: datetime,
    now: datetime,
    *,
    anytime: bool = False,
) -> str:
    """The reminder in the plan's own words (what the in-app toast shows).

    `occurrence` is local wall time in the plan's zone; `now` any aware time.
    """
    now_local = now.astimezone(occurrence.tzinfo)
    plan_words = sentence(what)
    if kind == "check_in":
        return f"{_capital(day_time(occurrence, now_local))}: {sentence('check in with ' + what)}"
    if kind == "catch_up":
        planned = "" if anytime else f"It was planned for {day_time(occurrence, now_local)}; "  # never "today ... today"
        return (
            f'Still want to do "{what.strip().rstrip(".")}" today? {planned}'
            f"{'a' if planned else 'A'}ny time today is fine, and a smaller version counts too."
        )
    label = _when_label(occurrence, now_local, anytime)
    text = f"{label}: {plan_words}"
    passed = not anytime and (now_local - occurrence).total_seconds() > LATE_AFTER_MINUTES * 60
    if passed:
        text += " Still want to do it? Whenever suits you is fine."
    extra = if_then_sentence(if_then)
    return f"{text} {extra}" if extra else text


def discreet_text(kind: str, occurrence: datetime, now: datetime, *, anytime: bool = False) -> str:
    """Neutral words only: a time, never what the plan is."""
    now_local = now.astimezone(occurrence.tzinfo)
    if kind == "catch_up":
        return "You had something planned for today. Still want to do it?"
    if anytime:
        return "You have something planned today"
    passed = (now_local - occurrence).total_seconds() > LATE_AFTER_MINUTES * 60
    today = occurrence.date() == now_local.date()
    when = f"at {hhmm(occurrence)}" if today else f"for {day_time(occurrence, now_local)}"
    if passed:
        return f"You had something planned {when}. Still want to do it?"
    return f"You have something planned {when}"


def notification(
    kind: str,
    what: str,
    if_then: list[dict[str, str]],
    occurrence: datetime,
    now: datetime,
    *,
    discreet: bool,
    anytime: bool = False,
) -> tuple[str, str]:
    """(title, body) for a desktop notification, discreet-aware."""
    if discreet:
        return DISCREET_TITLE, discreet_text(kind, occurrence, now, anytime=anytime)
    return TITLE, full_text(kind, what, if_then, occurrence, now, anytime=anytime)


def combined(lines: list[tuple[datetime, str, bool]], *, discreet: bool) -> tuple[str, str]:
    """One notification for several reminders at once (after a long sleep), not a flood.

    `lines` holds (occurrence local time, plan words, anytime) for each reminder.
    """
    if discreet:
        return DISCREET_TITLE, f"You have {len(lines)} things planned"
    body = [f"{'today' if anytime else hhmm(at)}  {sentence(what)}" for at, what, anytime in sorted(lines, key=lambda x: x[0])]
    return TITLE, f"{len(lines)} things planned. Any you still want to do:\n" + "\n".join(body)
