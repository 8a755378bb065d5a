"""The practitioner report: a Markdown summary to read before (or aloud during) the next call.

Short sentences and lists rather than tables, because it is often read over
the phone. Numbers come from `review.review`, scores from `measures`, so the
report says what the Review screen says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from workbook.content.states import state_words
from workbook.core.model import Plan, QuestionnaireResponse
from workbook.core.repeat_words import describe
from workbook.core.times import from_iso, zone
from workbook.core.words import counted
from workbook.facade.workbook import Workbook
from workbook.insight.field_changes import FieldChange, change_words
from workbook.insight.review import Review, Tally, day_start, since_last_call
from workbook.insight.summaries import entries_words, headline, record_words, summary_lines
from workbook.planning.agreed import agreed_words

NONE_LINE = "None in this period."
#: The longest period one report covers (about ten years): an older --since or last call
#: starts the report this long before now, so its work is bounded whatever the dates.
MAX_REPORT_DAYS = 3653


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime
    last_call: date | None
    since_given: bool
    shortened: bool = False  # the asked-for start was more than MAX_REPORT_DAYS back


def report_period(workbook: Workbook, now: datetime, since: date | None = None) -> Period:
    """--since DATE if given, else since the last recorded call, else the last 14 days
    (never more than MAX_REPORT_DAYS back)."""
    zone_name = workbook.settings().zone
    today = now.astimezone(zone(zone_name)).date()
    earliest = today - timedelta(days=MAX_REPORT_DAYS)
    if since is not None:
        if since > today:
            from workbook.core.errors import WorkbookError

            raise WorkbookError(f"--since {since.isoformat()} is in the future.")
        return Period(day_start(max(since, earliest), zone_name), now, None, True, since < earliest)
    start, call = since_last_call(workbook.session_notes(), now, zone_name)
    if start < day_start(earliest, zone_name):
        return Period(day_start(earliest, zone_name), now, call, False, True)
    return Period(start, now, call, False)


def build_report(workbook: Workbook, *, now: datetime, since: date | None = None) -> str:
    """The whole report as Markdown text."""
    period = report_period(workbook, now, since)
    settings = workbook.settings()
    tz = zone(settings.zone)
    stats = workbook.review(period.start, period.end, now=now)
    plans = _plans_in_period(workbook.plans(), period.start)
    responses = workbook.responses()
    in_period = [r for r in responses if period.start <= from_iso(r.completed_at) < period.end]
    lines = _header(settings, period, now, tz)
    lines += _risk_lines(responses, period, tz)
    notes = [n for n in workbook.session_notes() if n.call_date == period.last_call]
    agreed_ids = {pid for n in notes for pid in n.agreed_plan_ids}
    sections = [
        ("Plans", _plan_lines(workbook, plans, agreed_ids, tz)),
        ("How the plans went", _outcome_lines(stats)),
        ("What was logged", _logged_lines(stats, tz)),
        ("Ratings that changed", _change_lines(workbook, [c for c in stats.compared if c.of_ratings])),
        ("Other numbers that changed", _change_lines(workbook, [c for c in stats.compared if not c.of_ratings])),
        ("What got in the way", _barrier_lines(workbook, stats, tz)),
        ("Changes made to plans", _adjustment_lines(workbook, period, tz)),
        ("Help from supporters", _supporter_lines(workbook, stats)),
        ("Questionnaires", _questionnaire_lines(responses, in_period, tz)),
        ("Questions for the practitioner", _question_lines(workbook)),
    ]
    if notes:
        sections.append(("Agreed at the last call", [f"- {n.agreed.strip()}" for n in notes if n.agreed.strip()] or [NONE_LINE]))
    for title, body in sections:
        lines += [f"## {title}", "", *(body or [NONE_LINE]), ""]
    lines += ["---", "", workbook.crisis().report_line]  # the region's words: never another region's number
    return "\n".join(lines).rstrip() + "\n"


# -- pieces --------------------------------------------------------------------------------


def _day(moment: datetime | date, tz: Any = None) -> str:
    """'Tuesday 3 March 2026' (local day)."""
    day = moment.astimezone(tz).date() if isinstance(moment, datetime) else moment
    return f"{day:%A} {day.day} {day:%B %Y}"


def _header(settings: Any, period: Period, now: datetime, tz: Any) -> list[str]:
    who = f" from {settings.first_name}" if settings.first_name else ""
    title = f"# Workbook report{who}"
    if settings.practitioner_name:
        title += f" for {settings.practitioner_name}"
    if period.since_given:
        scope = "since the date asked for"
    elif period.last_call is not None:
        scope = "since the last call"
    else:
        scope = "the last 14 days; no call is recorded yet"
    if period.shortened:
        scope += f"; a report covers at most the last {MAX_REPORT_DAYS // 365} years"
    lines = [title, "", f"Covers {_day(period.start, tz)} to {_day(now, tz)} ({scope})."]
    if settings.next_call:
        call = from_iso(settings.next_call)
        if call >= now:
            lines.append(f"Next call: {_day(call, tz)} at {call.astimezone(tz):%H:%M}.")
    lines.append(f"Written {_day(now, tz)} at {now.astimezone(tz):%H:%M}.")
    return lines + [""]


def _risk_lines(responses: list[QuestionnaireResponse], period: Period, tz: Any) -> list[str]:
    """The PHQ-9 question 9 answer given, plainly, with its date (any answer above 0 in the period)."""
    from workbook.insight.checkin import risk_answers

    lines = []
    for risk in risk_answers(responses, period.start, period.end):
        lines += [f"On {_day(risk.when, tz)} the answer to question {risk.number} of the {risk.short_name} "
                  f"was above 0 — please talk about this. The answer given was {risk.value}, \u201c{risk.label}\u201d "
                  f"(0 is \u201c{risk.lowest}\u201d, {risk.item_max} is \u201c{risk.highest}\u201d), to "
                  f"\u201c{risk.question}\u201d, at {risk.when.astimezone(tz):%H:%M}.", ""]
    return lines


def _item9(response: QuestionnaireResponse) -> bool:
    return len(response.answers) >= 9 and (response.answers[8] or 0) > 0


def _plans_in_period(plans: list[Plan], start: datetime) -> list[Plan]:
    """Active plans, and paused or ended ones that changed during the period."""
    return [p for p in plans if p.is_active or from_iso(p.updated_at) >= start]


def _exercise_title(workbook: Workbook, exercise_id: str) -> str:
    return workbook.exercises.get(exercise_id).title if exercise_id in workbook.exercises else exercise_id


def when_words(plan: Plan) -> str:
    """'weekdays after I have dinner, about 18:30, until ...' in plain words; 'when it happens' for a record."""
    if plan.as_needed:
        aim = f", about {plan.aim_per_week} a week" if plan.aim_per_week else ""
        return f"when it happens{aim}"
    at = f" at {plan.start_time:%H:%M}" if plan.start_time else " (any time of day)"
    if plan.routine:
        at = f" after {plan.routine}" + (f", about {plan.start_time:%H:%M}" if plan.start_time else "")
    if not plan.rrule:
        return f"once, on {_day(plan.start_date)}{at}"
    text = f"{describe(plan.rrule)}{at}"
    if plan.kind == "daily_diary":
        text = f"a daily diary, {text}"
    if plan.until:
        text += f", until {_day(plan.until)}"
    return text


def _plan_lines(workbook: Workbook, plans: list[Plan], agreed_ids: set[str], tz: Any) -> list[str]:
    lines = []
    for plan in plans:
        parts = [f"- {plan.what} ({_exercise_title(workbook, plan.exercise_id)}): {when_words(plan)}, "
                 f"{counted(plan.minutes, 'minute')}."]
        if plan.where:
            parts.append(f" Where: {plan.where}.")
        agreed = agreed_words(plan)
        if agreed:
            parts.append(f" {agreed[0].upper()}{agreed[1:]}.")
        elif plan.agreed_in_session or plan.id in agreed_ids:
            parts.append(" Agreed in session.")
        if plan.confidence is not None:
            parts.append(f" Confidence {plan.confidence} out of 10.")
        if plan.status != "active":
            parts.append(f" Now {plan.status} (since {_day(from_iso(plan.updated_at), tz)}).")
        lines.append("".join(parts))
    return lines


def tally_words(t: Tally, plan: Plan | None = None) -> str:
    """'10 planned: 6 done, 2 partly done, 1 not done, 1 not logged'; for a when-it-happens
    record, '5 entries (aim about 3 a week)' (it is never planned, done or missed)."""
    if plan is not None and plan.as_needed:
        return record_words(t.entries, plan.aim_per_week)
    counts = [(t.done, "done"), (t.partly, "partly"), (t.not_done, "not_done"), (t.not_logged, "not_logged")]
    text = f"{t.planned} planned: " + ", ".join(f"{n} {state_words(state).words}" for n, state in counts)
    if t.extra:
        text += f"; plus {counted(t.extra, 'extra practice')}"
    if t.later:
        text += f"; {t.later} still to come"
    return text


def _outcome_lines(stats: Review) -> list[str]:
    if not stats.plans:
        return []
    lines = [f"- {s.plan.what}: {tally_words(s.tally, s.plan)}." for s in stats.plans]
    total = stats.total
    entries = f"{entries_words(total.entries)} written down as things happened" if total.entries else ""
    if total.planned or total.later or total.extra or not entries:
        share = f" ({round(total.completion * 100)}% done)" if total.completion is not None else ""
        text = tally_words(total) + share + (f"; and {entries}" if entries else "")
    else:
        text = entries  # only when-it-happens records: nothing was due
    lines.append(f"- In all: {text}. About {counted(total.minutes, 'minute')} of practice.")
    return lines


def _logged_lines(stats: Review, tz: Any) -> list[str]:
    """Per exercise: its choices counted, its numbers' average and range, weekly averages, listed entries."""
    lines = []
    for summary in stats.summaries:
        lines.append(f"- {headline(summary)}:")
        lines += [f"  - {line}." for line in summary_lines(summary, lambda d: _day(d, tz))]
    return lines


def _change_lines(workbook: Workbook, changes: list[FieldChange]) -> list[str]:
    """Each number with two or more entries: first against latest, and which way it went."""
    return [f"- {_exercise_title(workbook, c.exercise_id)}: {change_words(c)}." for c in changes]


def _barrier_lines(workbook: Workbook, stats: Review, tz: Any) -> list[str]:
    titles = {p.id: p.what for p in workbook.plans()}
    lines = []
    for barrier in stats.barriers:
        times = "once" if barrier.count == 1 else f"{barrier.count} times"
        lines.append(f"- {barrier.label}: {times}.")
        for note in barrier.notes:
            lines.append(f"  - \u201c{note.note}\u201d ({_day(note.when, tz)}, {titles.get(note.plan_id, 'a plan')})")
    return lines


def _adjustment_lines(workbook: Workbook, period: Period, tz: Any) -> list[str]:
    found = []
    for plan in workbook.plans():
        for item in plan.adjustments:
            try:
                at = from_iso(item.get("at", ""))
            except (TypeError, ValueError):
                continue
            if period.start <= at < period.end:
                found.append((at, plan, item))
    lines = []
    for at, plan, item in sorted(found, key=lambda x: x[0]):
        code = item.get("response", "")
        label = workbook.barriers.responses[code].label if code in workbook.barriers.responses else code
        summary = f" ({item['summary']})" if item.get("summary") else ""
        lines.append(f"- {_day(at, tz)}: {plan.what}: {label}{summary}.")
    return lines


def _supporter_lines(workbook: Workbook, stats: Review) -> list[str]:
    titles = {p.id: p.what for p in workbook.plans()}
    lines = []
    for person in stats.supporters:
        who = f"{person.name} ({person.relationship})" if person.relationship else person.name
        times = "no times logged" if not person.helped else ("once" if person.helped == 1 else f"{person.helped} times")
        text = f"- {who} helped {times}" if person.helped else f"- {who}: {times}"
        if person.plan_ids:
            text += f"; helps with: {', '.join(titles.get(p, 'a plan') for p in person.plan_ids)}"
        lines.append(text + ".")
    if stats.helped_unnamed:
        more = "once more" if stats.helped_unnamed == 1 else f"{stats.helped_unnamed} more times"
        lines.append(f"- Someone helped {more} (not named).")
    return lines


def _questionnaire_lines(everything: list[QuestionnaireResponse], in_period: list[QuestionnaireResponse],
                         tz: Any) -> list[str]:
    from workbook.content.measures import load_measure
    from workbook.content.scoring import change, score
    from workbook.insight.checkin import caseness_words, change_since_first

    lines = []
    previous: dict[str, QuestionnaireResponse] = {}
    wanted = {r.id for r in in_period}
    for response in everything:  # oldest first, so `previous` is the one before
        if response.id in wanted:
            measure = load_measure(response.measure)
            result = score(response.measure, response.answers)
            band = result.band.clinical_label or result.band.label if result.band else None
            text = f"- {measure.short_name} on {_day(from_iso(response.completed_at), tz)}: {result.total_text}"
            plainly = "; ".join(w for w in (band, caseness_words(measure, result, short=True)) if w)
            text += f" ({plainly})." if plainly else "."
            before = previous.get(response.measure)
            if before is not None:
                text += " " + change(response.measure, score(before.measure, before.answers), result).words
            if response.measure == "phq9" and _item9(response):
                text += " Question 9 was answered above 0 (see the note at the top)."
            if measure.followup is not None and response.difficulty is not None:
                text += (f" Difficulty (the form's last question): "
                         f"\u201c{measure.followup.options[response.difficulty]}\u201d.")
            lines.append(text)
        previous[response.measure] = response
    latest_in_period = {r.measure: r for r in in_period}  # oldest first, so the last one stays
    for measure_id, latest in latest_in_period.items():
        since = change_since_first(everything, measure_id, latest)
        if since is not None:
            lines.append(f"- Since the first check-in: {since.words}")
    return lines


def _question_lines(workbook: Workbook) -> list[str]:
    titles = {p.id: p.what for p in workbook.plans()}
    lines = []
    for question in workbook.questions(include_asked=False):
        about = f" (about: {titles[question.plan_id]})" if question.plan_id in titles else ""
        lines.append(f"- {question.text}{about}")
    return lines


def since_date(text: str | None, today: date) -> date | None:
    """--since DATE, in any form `dates.parse_day` reads (looking back), with a plain error."""
    if not text:
        return None
    from workbook.core.dates import parse_day
    from workbook.core.errors import WorkbookError

    try:
        return parse_day(text, today, prefer="past")
    except ValueError as exc:
        raise WorkbookError(f"--since: {exc}") from None


def write_report(workbook: Workbook, *, now: datetime) -> Path:
    """The practitioner report, saved to `<home>/reports/` (readable by you only)."""
    from workbook.storage.layout import REPORTS_DIR, private_subdir
    from workbook.storage.outfiles import write_output

    text = build_report(workbook, now=now)
    day = now.astimezone(zone(workbook.settings().zone)).date().isoformat()
    folder = private_subdir(workbook.home, REPORTS_DIR)  # never through a link planted in the home
    return write_output(folder / f"report-{day}.md", text, home=workbook.home).path or folder
