"""Consent windows: research events and engagement cover only the time research mode was on."""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from helpers import run_cli
from hypothesis import given
from hypothesis import strategies as st

from workbook.core.model import Event, Plan, Settings
from workbook.facade.workbook import SETTINGS_ID, Workbook
from workbook.insight.consent import consent_windows

UTC = timezone.utc


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)  # London is on UTC in November


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_engagement_and_events_cover_only_consent(tmp_path: Path) -> None:
    home = tmp_path / "home"
    clock = [at(2, 8)]
    wb = Workbook.open(home, clock=lambda: clock[0], daily_backup=False)
    with wb.store.transaction(clock[0]) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", welcome_done=True))
    plan = wb.add_plan(Plan(exercise_id="activity-scheduling", what="Walk", start_date=date(2026, 11, 2),
                            start_time=time(19, 0), zone="Europe/London", rrule="FREQ=DAILY"))
    toggles = {at(9, 12): ("on", "P-1"), at(13, 12): ("off", None), at(16, 12): ("on", "P-2")}
    day = at(2, 19, 30)
    while day < at(20, 12):
        for moment, (state, participant) in toggles.items():
            if clock[0] < moment <= day:
                clock[0] = moment
                if state == "on":
                    wb.update_settings(research_mode=True, participant_id=participant)
                else:
                    wb.update_settings(research_mode=False)
        clock[0] = day
        wb.log_attempt(plan.id, "done", now=day)  # every evening, research mode on or not
        day += timedelta(days=1)
    clock[0] = at(20, 12)
    events = wb.events()
    assert all(at(9, 12) <= e.created <= at(13, 12) or e.created >= at(16, 12) for e in events)
    assert [e.kind for e in events].count("attempt_logged") == 4 + 4  # 9-12 and 16-19 November

    out = tmp_path / "out"
    result = run_cli("--home", home, "export", "--out", out, "--at", "2026-11-20T12:00:00+00:00")
    assert result.code == 0, result.err
    windows = read(out, "consent_windows")
    assert [(w["window"], w["participant_id"], w["started_at"], w["ended_at"]) for w in windows] == [
        ("1", "P-1", "2026-11-09T12:00:00Z", "2026-11-13T12:00:00Z"),
        ("2", "P-2", "2026-11-16T12:00:00Z", ""),
    ]
    rows = {r["week"]: r for r in read(out, "engagement")}
    assert list(rows) == ["2026-W46", "2026-W47"]  # nothing for the week of 2 November: research mode was off
    got = {w: (r["consent_days"], r["days_active"], r["occurrences_due"], r["done"], r["minutes_practised"])
           for w, r in rows.items()}
    # W46: on Monday 9 at 12:00 to Friday 13 at 12:00: the walks of 9-12 November (19:00) are inside, the walk
    # of the 13th (19:00, after research mode went off) is not; turning it off on the 13th is not activity.
    # W47: on from Monday 16 at 12:00; the walks of 16-19 November; the 20th's is still to come.
    assert got == {"2026-W46": ("5", "4", "4", "4", "40"), "2026-W47": ("5", "4", "4", "4", "40")}  # 10 min each
    exported = read(out, "events")
    assert len(exported) == len(events)
    assert {r["participant_id"] for r in exported} == {"P-1", "P-2"}


def test_toggling_alone_is_not_activity(tmp_path: Path) -> None:
    home = tmp_path / "home"
    clock = [at(2, 8)]
    wb = Workbook.open(home, clock=lambda: clock[0], daily_backup=False)
    with wb.store.transaction(clock[0]) as tx:
        tx.put(Settings(id=SETTINGS_ID, zone="Europe/London", welcome_done=True))
    wb.add_plan(Plan(exercise_id="activity-scheduling", what="Walk", start_date=date(2026, 11, 2),
                     start_time=time(19, 0), zone="Europe/London", rrule="FREQ=DAILY"))
    for day in (3, 4, 5):
        clock[0] = at(day, 9)
        wb.update_settings(research_mode=True, participant_id="P-1")
        clock[0] = at(day, 10)
        wb.update_settings(research_mode=False)
    out = tmp_path / "out"
    assert run_cli("--home", home, "export", "--out", out, "--at", "2026-11-06T12:00:00+00:00").code == 0
    (row,) = read(out, "engagement")
    assert (row["week"], row["consent_days"], row["days_active"], row["occurrences_due"]) == ("2026-W45", "3", "0", "0")
    assert len(read(out, "consent_windows")) == 3


def test_windows_from_an_older_log_without_toggles() -> None:
    def event(kind: str, moment: datetime) -> Event:
        stamp = moment.isoformat()
        return Event(kind=kind, at=stamp, created_at=stamp, updated_at=stamp, participant_id="P-1")

    log = [event("app_opened", at(1, 9)), event("screen_viewed", at(1, 10)), event("research_off", at(2, 9)),
           event("research_on", at(4, 9)), event("app_opened", at(4, 10))]
    found = consent_windows(log, research_on_now=True)
    assert [(w.start, w.end) for w in found] == [(at(1, 9), at(2, 9)), (at(4, 9), None)]
    closed = consent_windows(log[:2], research_on_now=False)  # off now, but no research_off was kept
    assert [(w.start, w.end) for w in closed] == [(at(1, 9), at(1, 10))]


@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 30)), max_size=5), st.integers(-5, 140))
def test_inside_a_window_by_bisect_agrees_with_asking_each_window(windows, probe) -> None:
    from workbook.insight.engagement import in_windows, span_bounds

    base = datetime(2026, 1, 1, tzinfo=UTC)
    spans = [(base + timedelta(hours=s), base + timedelta(hours=s + length)) for s, length in windows]
    stamp = (base + timedelta(hours=probe)).timestamp()
    assert in_windows(span_bounds(spans), stamp) == any(a.timestamp() <= stamp <= b.timestamp() for a, b in spans)
