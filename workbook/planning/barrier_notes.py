"""What a patient chose on *What got in the way*, as the barrier items an attempt stores."""

from __future__ import annotations

from collections.abc import Sequence


def barrier_items(codes: Sequence[str], note: str) -> list[dict[str, str]]:
    """Chosen codes as attempt barriers; the patient's own words go with 'other' if chosen,
    else with the first barrier chosen, else become an 'other' barrier of their own."""
    items = [{"code": code, "note": ""} for code in codes]
    if note:
        target = next((i for i in items if i["code"] == "other"), items[0] if items else None)
        if target is None:
            items.append({"code": "other", "note": note})
        else:
            target["note"] = note
    return items
