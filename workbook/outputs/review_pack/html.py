"""The review pack as one self-contained HTML page: read in any browser, printed on 1-3 A4 pages.

Everything is inline: the CSS (with print rules for A4), and the charts as SVG from
`charts` with a plain table beside each for screen readers. No scripts, no fonts to fetch,
no links: the page never reaches the network. Item-9 answers come first, plainly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from html import escape

from workbook.content.copy import text
from workbook.core.times import zone
from workbook.core.words import counted
from workbook.insight.review import Tally
from workbook.insight.review_pack import ReviewPack
from workbook.outputs.review_pack import charts

CSS = """
:root { color-scheme: light; }
body { font: 10pt/1.35 system-ui, "DejaVu Sans", Arial, sans-serif; color: #111; max-width: 46rem;
       margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 15pt; margin: 0 0 .2rem; }
h2 { font-size: 11.5pt; margin: 1rem 0 .3rem; border-bottom: 1px solid #999; break-after: avoid; }
p { margin: .2rem 0; }
.meta { color: #333; }
.risk { border: 2px solid #a00; padding: .4rem .6rem; margin: .6rem 0; background: #fff3f3; }
.risk h2 { border: 0; margin-top: 0; color: #a00; }
.pair { display: flex; gap: .8rem; align-items: flex-start; flex-wrap: wrap; }
.pair figure { margin: 0; flex: 1 1 22rem; }
.pair.side { flex-wrap: nowrap; }
.pair.side figure { flex: 1 1 0; max-width: 58%; } .pair.side table { flex: 0 1 auto; }
table.wide { width: 100%; }
th[scope=rowgroup] { font-weight: 600; padding-top: .3rem; }
.pair figure svg { width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 9pt; }
th, td { border-bottom: 1px solid #ccc; padding: .1rem .35rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; white-space: nowrap; }
caption { text-align: left; font-size: 8.5pt; color: #444; }
ul { margin: .2rem 0 .2rem 1.1rem; padding: 0; }
.small { font-size: 8.5pt; color: #444; }
@page { size: A4; margin: 10mm 11mm 11mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 8.5pt; line-height: 1.25; }
  table { font-size: 8pt; }
  h1 { font-size: 13pt; }
  h2 { margin-top: .5rem; font-size: 10.5pt; }
  .risk { background: none; }
  figure, .risk, .pair, tr { break-inside: avoid; }
}
"""

STATES = ("done", "partly", "not_done", "not_logged")


def _t(key: str, **fmt: object) -> str:
    return escape(text(f"review_pack.{key}", **fmt))


def _day(moment: datetime | date, tz: object = None) -> str:
    day = moment.astimezone(tz).date() if isinstance(moment, datetime) else moment  # type: ignore[arg-type]
    return f"{day:%A} {day.day} {day:%B %Y}"


def _row(cells: Iterable[object], numeric: Sequence[bool] = (), tag: str = "td") -> str:
    out = []
    for i, cell in enumerate(cells):
        cls = ' class="n"' if i < len(numeric) and numeric[i] else ""
        out.append(f"<{tag}{cls}>{escape(str(cell))}</{tag}>")
    return "<tr>" + "".join(out) + "</tr>"


def _state_labels() -> dict[str, str]:
    from workbook.content.states import state_words

    return {s: state_words(s).words.capitalize() for s in STATES}


def _header(pack: ReviewPack, tz: object) -> list[str]:
    period = pack.period
    who = [_t("from", name=pack.first_name)] if pack.first_name else []
    if pack.practitioner:
        who.append(_t("for", name=pack.practitioner))
    covers = "covers_call" if period.last_call is not None else "covers_default"
    lines = [f"<h1>{_t('title')}{' ' + ' '.join(who) if who else ''}</h1>",
             f'<p class="meta">{_t(covers, start=_day(period.start, tz), end=_day(period.end, tz))}</p>']
    if period.next_call is not None:
        call = period.next_call.astimezone(tz)  # type: ignore[arg-type]
        lines.append(f'<p class="meta">{_t("next_call", day=_day(call), time=f"{call:%H:%M}")}</p>')
    return lines


def _risk(pack: ReviewPack, tz: object) -> list[str]:
    if not pack.risk:
        return []
    lines = ['<section class="risk">', f"<h2>{_t('risk_heading')}</h2>"]
    for r in pack.risk:
        when = r.completed_at.astimezone(tz)  # type: ignore[arg-type]
        lines.append("<p>" + _t("risk", day=_day(when), time=f"{when:%H:%M}", number=r.item, measure=r.short_name,
                                value=r.answer, label=r.answer_label, lowest=r.lowest, item_max=r.item_max,
                                highest=r.highest, question=r.question) + "</p>")
    return lines + ["</section>"]


def _in_all(t: Tally) -> str:
    share = f" ({round(t.completion * 100)}% done)" if t.completion is not None else ""
    return _t("in_all", planned=t.planned, done=t.done, partly=t.partly, not_done=t.not_done,
              not_logged=t.not_logged, share=share, minutes=counted(t.minutes, "minute"))


def _plans(pack: ReviewPack) -> list[str]:
    labels = _state_labels()
    lines = [f"<h2>{_t('plans_heading')}</h2>"]
    shown = [e for e in pack.plans if e.tally.planned or e.tally.entries or e.tally.extra or e.tally.later]
    if not shown:
        return lines + [f"<p>{_t('nothing_planned')}</p>"]
    head = [text("review_pack.plan_column"), text("review_pack.kind_column"), text("review_pack.planned_column"),
            *(labels[s] for s in STATES), text("review_pack.entries_column")]
    numeric = [False, False] + [True] * 6
    rows = [_row(head, numeric, "th")]
    for e in shown:
        t = e.tally
        rows.append(_row([e.plan.what, text(f"review_pack.kinds.{e.plan.kind}"), t.planned, t.done, t.partly,
                          t.not_done, t.not_logged, t.entries], numeric))
    rows.append(_row([text("review_pack.in_all_row"), "", *(getattr(pack.totals, k) for k in
                      ("planned", "done", "partly", "not_done", "not_logged", "entries"))], numeric))
    table = f"<table><caption>{_t('plans_heading')}</caption>{''.join(rows)}</table>"
    timed = [e for e in shown if not e.plan.as_needed and (e.tally.planned or e.tally.later)]
    if timed:
        svg = charts.plans_chart(timed, labels)
        lines.append(f'<div class="pair"><figure role="img" aria-label="{_t("plans_chart")}">{svg}</figure>'
                     f"{table}</div>")
    else:
        lines.append(table)
    lines.append(f"<p>{_in_all(pack.totals)}</p>")
    if pack.totals.entries:
        lines.append(f"<p>{_t('records_line', entries=counted(pack.totals.entries, 'entry'))}</p>")
    agreed = "; ".join(f"{e.plan.what}: {e.agreed}" for e in shown if e.agreed)
    if agreed:
        lines.append(f'<p class="small">{escape(agreed)}.</p>')
    return lines


def _barriers(pack: ReviewPack, tz: object) -> list[str]:
    lines = [f"<h2>{_t('barriers_heading')}</h2>"]
    if not pack.barriers:
        lines.append(f"<p>{_t('no_barriers')}</p>")
    items = []
    for b in pack.barriers:
        times = "once" if b.count == 1 else f"{b.count} times"
        words = "; ".join(f"“{escape(n)}”{f' ({k} times)' if k > 1 else ''}" for n, k in _counted(b.notes))
        inner = "".join(f"<li>{escape(c.what)}: {escape(c.change)} ({escape(_day(c.at, tz))})</li>" for c in b.changes)
        items.append(f"<li><strong>{escape(b.label)}</strong>: {times}.{f' {words}' if words else ''}"
                     f"{f'<ul>{inner}</ul>' if inner else ''}</li>")
    if items:
        lines.append(f"<ul>{''.join(items)}</ul>")
    if pack.changes:
        lines.append(f"<p><strong>{_t('changes_heading')}</strong></p><ul>" + "".join(
            f"<li>{escape(_day(c.at, tz))}: {escape(c.what)}: {escape(c.change)}.</li>" for c in pack.changes) + "</ul>")
    return lines


def _counted(notes: Sequence[str]) -> list[tuple[str, int]]:
    """The same words written several times, once with how many times (first-written order)."""
    counts: dict[str, int] = {}
    for note in notes:
        counts[note] = counts.get(note, 0) + 1
    return list(counts.items())


def _ratings(pack: ReviewPack) -> list[str]:
    """Each number logged: what was compared (the report's figures) and which way it went, by exercise."""
    from workbook.insight.field_changes import direction_words, label_text, number_text

    if not pack.included.ratings:
        return []
    lines = [f"<h2>{_t('ratings_heading')}</h2>"]
    if not pack.ratings:
        return lines + [f"<p>{_t('ratings_none')}</p>"]
    numeric = [False, True, True, True, False]
    rows = [_row([text(f"review_pack.ratings_{c}") for c in ("number", "from", "to", "entries", "way")], numeric, "th")]
    title = None
    for r in pack.ratings:
        c = r.change
        if r.exercise != title:
            title = r.exercise
            rows.append(f'<tr><th colspan="5" scope="rowgroup">{escape(r.exercise)}</th></tr>')
        if c.count < 2:
            rows.append(_row([label_text(c.label), number_text(c.first, c.unit), "", 1, ""], numeric))
            continue
        way = direction_words(c) + (" *" if c.basis == "threes" else "")
        rows.append(_row([label_text(c.label), number_text(c.start, c.unit), number_text(c.end, c.unit), c.count, way],
                         numeric))
    note = f'<p class="small">* {_t("ratings_threes")}</p>' if any(r.change.basis == "threes" for r in pack.ratings) else ""
    return lines + [f'<table class="wide"><caption>{_t("ratings_heading")}</caption>{"".join(rows)}</table>{note}']


def _scores(pack: ReviewPack, tz: object) -> list[str]:
    lines = [f"<h2>{_t('scores_heading')}</h2>"]
    if not pack.questionnaires:
        return lines + [f"<p>{_t('scores_none')}</p>"]
    names = [q.name for q in pack.questionnaires]
    by_day: dict[date, dict[str, str]] = {}
    for q in pack.questionnaires:
        for s in q.scores:
            day = _at(s.response.completed_at).astimezone(tz).date()  # type: ignore[arg-type]
            total = "not scored" if s.total is None else f"{s.total:g}"
            by_day.setdefault(day, {})[q.name] = total + (f" {s.band}" if s.band else "")
    numeric = [False] + [True] * len(names)
    rows = [_row([text("review_pack.date_column"), *(f"{q.name} (0–{q.max_total})" for q in pack.questionnaires)],
                 numeric, "th")]
    rows += [_row([f"{day.day} {day:%b %Y}", *(found.get(n, "") for n in names)], numeric)
             for day, found in sorted(by_day.items())]
    table = f"<table><caption>{_t('scores_heading')}</caption>{''.join(rows)}</table>"
    many = any(len(q.scores) >= 2 for q in pack.questionnaires)
    if many:
        svg = charts.scores_chart(pack.questionnaires)
        lines.append(f'<div class="pair side"><figure role="img" aria-label="{_t("scores_chart")}">{svg}</figure>'
                     f"{table}</div>")
    else:
        lines.append(table)
    lines += [f"<p>{escape(q.since_first.words)}</p>" for q in pack.questionnaires if q.since_first is not None]
    return lines


def _at(stamp: str) -> datetime:
    from workbook.core.times import from_iso

    return from_iso(stamp)


def _lists(pack: ReviewPack) -> list[str]:
    lines = []
    if pack.included.questions:
        lines.append(f"<h2>{_t('questions_heading')}</h2>")
        lines.append("<ul>" + "".join(
            f"<li>{escape(q.text)}{f' (about: {escape(q.about)})' if q.about else ''}</li>" for q in pack.questions)
            + "</ul>" if pack.questions else f"<p>{_t('questions_none')}</p>")
    if pack.declined:
        lines.append(f"<h2>{_t('declined_heading')}</h2><ul>" + "".join(
            "<li>" + _t("declined_line", what=d.what, practitioner=d.practitioner, session=_day(d.session_date),
                        reason=d.reason) + "</li>" for d in pack.declined) + "</ul>")
    if pack.agreed_at_last_call:
        lines.append(f"<h2>{_t('agreed_heading')}</h2><ul>"
                     + "".join(f"<li>{escape(a)}</li>" for a in pack.agreed_at_last_call) + "</ul>")
    return lines


def _footer(pack: ReviewPack, tz: object) -> list[str]:
    left = [text(f"review_pack.left_out_names.{k}") for k, v in pack.included.as_dict().items() if not v]
    written = pack.generated_at.astimezone(tz)  # type: ignore[arg-type]
    lines = []
    if left:
        lines.append(f'<p class="small">{_t("left_out", items=", ".join(left))}</p>')
    lines.append(f'<p class="small">{_t("written", day=_day(written), time=f"{written:%H:%M}", version=pack.workbook_version)}</p>')
    return lines


def pack_html(pack: ReviewPack) -> str:
    """The whole page."""
    tz = zone(pack.period.zone)
    body = (_header(pack, tz) + _risk(pack, tz) + _plans(pack) + _scores(pack, tz) + _barriers(pack, tz)
            + _ratings(pack) + _lists(pack) + _footer(pack, tz))
    title = escape(text("review_pack.title") + (f" – {pack.first_name}" if pack.first_name else ""))
    return ("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")
