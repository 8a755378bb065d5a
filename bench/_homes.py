"""Build benchmark homes: N attempts at a realistic density, written in bulk.

About 25 attempts a day (a busy patient: six plans, extra practice, diaries), so a
bigger home means a longer history, not a denser month: 1k attempts is ~40 days,
50k is ~5.5 years. Records are real, validated `Attempt`s (~550 bytes each, like
the demo's), written with the store's `Transaction.put_many` (one write per month).
"""

from __future__ import annotations

import random
import statistics
import tempfile
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from workbook.core.model import Attempt, Plan, Settings
from workbook.core.times import system_now, to_iso
from workbook.facade.workbook import SETTINGS_ID, Workbook

PER_DAY = 25
SIZES = (1_000, 10_000, 50_000)
ZONE = "Europe/London"
PLANS = [
    ("activity-scheduling", "Walk round the park after tea", time(18, 30), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    ("thought-record", "Thought record when my mood drops", time(20, 0), "FREQ=WEEKLY;BYDAY=MO,TH"),
    ("exposure-practice", "Take the bus two stops into town", time(10, 0), "FREQ=DAILY;INTERVAL=2"),
    ("worry-time", "Go through my worry list", time(17, 30), "FREQ=DAILY"),
    ("sleep-diary", "Fill in my sleep diary", time(7, 45), "FREQ=DAILY"),
    ("breathing-practice", "Slow breathing before bed", time(21, 45), "FREQ=WEEKLY;BYDAY=SU,TU,TH"),
]
NOTES = ["", "", "", "Felt a bit better afterwards.", "Hard to get started but glad I did it.",
         "Jo came with me, which helped a lot.", "Anxiety peaked early then settled down."]


def build_home(size: int, *, now: datetime | None = None, parent: Path | None = None, seed: int = 1) -> tuple[Path, list[str]]:
    """A new home under `parent` (a temp folder by default) holding `size` attempts; (home, plan ids)."""
    now = now or system_now()
    rng = random.Random(seed)
    parent = Path(tempfile.mkdtemp(prefix=f"wb-bench-{size}-", dir=parent))
    home = parent / "home"
    days = max(1, -(-size // PER_DAY))
    first_day: date = (now - timedelta(days=days)).date()
    workbook = Workbook.open(home, clock=system_now, daily_backup=False)
    start = to_iso(datetime.combine(first_day, time(8, 0), tzinfo=timezone.utc))
    plans = [Plan(exercise_id=ex, what=what, where="home", start_date=first_day, start_time=at, zone=ZONE, rrule=rule,
                  why="It matters to me.", confidence=7, created_at=start, updated_at=start)
             for ex, what, at, rule in PLANS]
    settings = Settings(id=SETTINGS_ID, zone=ZONE, first_name="Sam", welcome_done=True, created_at=start, updated_at=start)
    rows = []
    span = (now - timedelta(hours=1)) - datetime.combine(first_day, time(0, 0), tzinfo=timezone.utc)
    for i in range(size):
        created = datetime.combine(first_day, time(0, 0), tzinfo=timezone.utc) + span * (i / size)
        plan = plans[i % len(plans)]
        outcome = rng.choices(("done", "partly", "not_done"), (7, 2, 1))[0]
        stamp = to_iso(created)
        rows.append(Attempt(
            plan_id=plan.id, exercise_id=plan.exercise_id, occurrence=to_iso(created - timedelta(minutes=rng.randint(5, 90))),
            logged_at=stamp, created_at=stamp, updated_at=stamp, outcome=outcome,
            values={"before": rng.randint(0, 100), "after": rng.randint(0, 100), "what_happened": rng.choice(NOTES)},
            minutes=None if outcome == "not_done" else rng.randint(5, 40), note=rng.choice(NOTES),
            barriers=[] if outcome == "done" else [{"code": "no_time", "note": "Late shift ran over."}],
            supporter_helped=rng.random() < 0.2,
        ).to_dict())
    with workbook.store.transaction() as tx:
        for record in [settings, *plans]:
            tx.put(record)
        tx.put_many("attempts", rows)
    return home, [p.id for p in plans]


def summary(samples_ms: list[float]) -> tuple[float, float]:
    """(median, p90) in milliseconds."""
    ordered = sorted(samples_ms)
    p90 = statistics.quantiles(ordered, n=10, method="inclusive")[8] if len(ordered) > 1 else ordered[0]
    return statistics.median(ordered), p90


def home_size(home: Path) -> tuple[int, int]:
    """(number of database files, bytes in them)."""
    files = [p for p in (home / "db").rglob("*.json")]
    return len(files), sum(p.stat().st_size for p in files)
