"""Plausible values for a demo attempt, generated from the exercise's own fields.

Ratings drift the way they do in real practice: distress (anxiety, tension,
belief in a hot thought) tends to fall over the weeks, mood and enjoyment to
rise, with noise, so charts and reports have something honest to show.
"""

from __future__ import annotations

import random
from typing import Any

FALLING = ("anxiety", "tension", "emotion", "belief_hot", "belief_then", "peak", "fear", "prediction_belief")
RISING = ("mood", "achievement", "enjoyment", "relaxed", "belief_balanced", "belief_now", "importance")
SLEEP_TIMES = {
    "into_bed": (22, 45, 60),
    "lights_out": (23, 15, 45),
    "final_wake": (6, 40, 50),
    "out_of_bed": (7, 10, 50),
}
PHRASES = [
    "Went better than I expected.",
    "Hard to get started, easier once I did.",
    "Felt a bit flat but stuck with it.",
    "Noticed my shoulders loosen afterwards.",
    "Jo came with me, which helped.",
    "Kept it short today.",
    "Thought I'd hate it; it was fine.",
    "Rushed it, but it counts.",
]


def field_value(field: Any, progress: float, rng: random.Random) -> Any:
    """A value for `field`; `progress` runs 0..1 across the demo's weeks."""
    kind = field.kind
    if kind == "rating":
        low, high = field.min, field.max
        span = high - low
        if any(word in field.id for word in FALLING):
            centre = high - span * (0.25 + 0.4 * progress)
        elif any(word in field.id for word in RISING):
            centre = low + span * (0.3 + 0.4 * progress)
        else:
            centre = low + span / 2
        if "peak" in field.id:
            centre += span * 0.2
        if field.id.endswith(("_after", "_rerated", "_now")):
            centre -= span * 0.15 if any(w in field.id for w in FALLING) else -span * 0.1
        value = round(rng.gauss(centre, span * 0.1))
        return max(low, min(high, value))
    if kind == "time":
        hour, minute, jitter = SLEEP_TIMES.get(field.id, (rng.randint(8, 20), 0, 90))
        total = (hour * 60 + minute + rng.randint(-jitter // 2, jitter // 2)) % (24 * 60)
        return f"{total // 60:02d}:{total % 60:02d}"
    if kind == "minutes":
        if "latency" in field.id:
            return max(0, round(rng.gauss(35 - 20 * progress, 10)))
        if "awake" in field.id:
            return max(0, round(rng.gauss(40 - 25 * progress, 12)))
        return max(1, round(rng.gauss(20, 6)))
    if kind == "number":
        low = field.min if field.min is not None else 0
        high = field.max if field.max is not None else low + 5
        return rng.randint(low, min(high, low + 5))
    if kind == "choice":
        return rng.choice(field.options)
    if kind == "choices":
        return rng.sample(list(field.options), k=min(len(field.options), rng.randint(1, 2)))
    if kind == "yes_no":
        return rng.random() < 0.6
    if kind in ("text", "long_text"):
        return rng.choice(PHRASES)
    return None


def attempt_values(exercise: Any, progress: float, rng: random.Random, *, fill: float) -> dict[str, Any]:
    """Values for every required field, and each other field with probability `fill`."""
    values = {}
    for field in exercise.fields:
        if field.required or rng.random() < fill:
            value = field_value(field, progress, rng)
            if value is not None:
                values[field.id] = value
    _peak_is_highest(values)
    return values


def _peak_is_highest(values: dict[str, Any]) -> None:
    """A peak rating is never below the before/after ratings of the same thing."""
    for key in [k for k in values if k.endswith("_peak")]:
        stem = key[: -len("_peak")]
        siblings = [values[k] for k in (f"{stem}_before", f"{stem}_after") if isinstance(values.get(k), int)]
        if siblings and isinstance(values[key], int):
            values[key] = max(values[key], *siblings)
