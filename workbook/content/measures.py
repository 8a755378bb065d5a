"""Questionnaires (PHQ-9, GAD-7, WSAS): loading, scoring, change and the risk item.

The wording, bands and thresholds live in `data/measures/*.toml` so they can be
checked against the published forms without reading code; this module only
applies the rules. Scoring is pure: no storage, no clock, no UI.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from workbook.content.paths import data_file
from workbook.content.toml_files import load_limited

__all__ = [
    "Band",
    "Change",
    "FollowUp",
    "Item",
    "Measure",
    "MeasureError",
    "Option",
    "Score",
    "UnknownMeasure",
    "all_measures",
    "load_measure",
]

Answer = int | None


class MeasureError(ValueError):
    """A questionnaire data file is missing or malformed (names the file)."""


class UnknownMeasure(KeyError):
    """No questionnaire with this id; the message lists the ones that exist."""

    def __init__(self, measure_id: str, known: Sequence[str]) -> None:
        super().__init__(measure_id)
        self.measure_id = measure_id
        self.known = tuple(known)

    def __str__(self) -> str:
        return f"Unknown questionnaire {self.measure_id!r}. Known: {', '.join(self.known)}"


@dataclass(frozen=True)
class Item:
    """One question. `text` may hold `{problem}` (WSAS); use `render()` to fill it."""

    number: int
    text: str
    allow_not_applicable: bool = False
    not_applicable_text: str | None = None

    def render(self, problem: str | None = None, default: str = "problem") -> str:
        """The item text with the WSAS `{problem}` blank filled (plain replace, no format)."""
        return self.text.replace("{problem}", (problem or default).strip() or default)


@dataclass(frozen=True)
class Option:
    """One answer on the scale; WSAS's unanchored odd points have an empty label."""

    value: int
    label: str


@dataclass(frozen=True)
class Band:
    """A severity range of totals, inclusive at both ends, with patient-facing words.

    `clinical_label` is the published name (for the practitioner report); `label`
    is the plain one shown to the patient. They are the same for PHQ-9 and GAD-7.
    """

    low: int
    high: int
    label: str
    description: str
    clinical_label: str = ""

    def contains(self, total: float) -> bool:
        """True when `total` lies within this band's range."""
        return self.low <= total <= self.high


@dataclass(frozen=True)
class FollowUp:
    """An unscored closing question printed on the form (PHQ-9's difficulty question)."""

    text: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Measure:
    """A questionnaire as loaded from its data file; frozen so it can be cached and shared."""

    id: str
    name: str
    short_name: str
    stem: str
    items: tuple[Item, ...]
    options: tuple[Option, ...]
    bands: tuple[Band, ...]
    caseness_threshold: int | None
    reliable_change: int | None
    risk_item: int | None
    citation: str
    licence: str = ""
    source: str = ""
    about: str = ""
    item_min: int = 0
    item_max: int = 3
    max_missing: int = 0
    placeholder_default: str = "problem"
    followup: FollowUp | None = None
    caseness_note: str = ""
    reliable_change_note: str = ""
    # The published source of the reliable-change and recovery definitions; empty when the
    # threshold is only a Workbook convention, which is then never called "reliable".
    change_source: str = ""
    # Workbook's own rough guide to a change worth talking over, for a measure with no published
    # reliable change (WSAS). Never called "reliable".
    notable_change: int | None = None
    notable_change_note: str = ""
    followup_note: str = ""
    keywords: tuple[str, ...] = ()  # everyday words people look for it by ("mood", "worry")
    order: int = 0

    @property
    def reliable_change_cited(self) -> bool:
        """True when the reliable change threshold has a published source (not a local convention)."""
        return self.reliable_change is not None and bool(self.change_source.strip())

    @property
    def max_total(self) -> int:
        """Highest possible total."""
        return self.item_max * len(self.items)

    def band_for(self, total: float) -> Band:
        """The band for a total; prorated totals are rounded half up to a whole number first.

        Rounding keeps the published integer cut-offs meaningful for WSAS totals such
        as 20.5 (-> 21, "above 20") and 9.5 (-> 10).
        """
        whole = int(Decimal(str(total)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for band in self.bands:
            if band.contains(whole):
                return band
        raise ValueError(f"{self.short_name} total {total} is outside 0-{self.max_total}")


@dataclass(frozen=True)
class Score:
    """The result of scoring one set of answers. `reason` says why when `scored` is False."""

    measure_id: str
    total: float | None
    scored: bool
    reason: str | None
    band: Band | None
    caseness: bool | None
    risk: bool
    answered: int
    prorated: bool = False

    @property
    def total_text(self) -> str:
        """The total as people write it: "12", "22.5", or "not scored"."""
        if self.total is None:
            return "not scored"
        return f"{self.total:g}"


@dataclass(frozen=True)
class Change:
    """How a score moved between two check-ins, in numbers and in calm, plain words."""

    difference: float | None
    reliable_improvement: bool
    reliable_deterioration: bool
    words: str


# --- loading -----------------------------------------------------------------


def _measures_dir() -> Path:
    return data_file("measures")


def _require(table: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = table.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise MeasureError(f"{where}: field {key!r} must be a {kind.__name__}, got {value!r}")
    if isinstance(value, str) and not value.strip():
        raise MeasureError(f"{where}: field {key!r} must not be empty")
    return value


def _optional_int(table: dict[str, Any], key: str, where: str) -> int | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise MeasureError(f"{where}: field {key!r} must be a whole number, got {value!r}")
    return value


def _parse_measure(raw: dict[str, Any], path: Path) -> Measure:
    where = str(path)
    scoring = raw.get("scoring")
    if not isinstance(scoring, dict):
        raise MeasureError(f"{where}: missing [scoring] table")
    item_min = _require(scoring, "item_min", int, where)
    item_max = _require(scoring, "item_max", int, where)
    if item_min != 0 or item_max <= item_min:
        raise MeasureError(f"{where}: item range must start at 0 and go up (got {item_min}-{item_max})")

    items = tuple(
        Item(
            number=_require(it, "number", int, where),
            text=_require(it, "text", str, where),
            allow_not_applicable=bool(it.get("allow_not_applicable", False)),
            not_applicable_text=it.get("not_applicable_text"),
        )
        for it in raw.get("items", [])
    )
    if not items or [i.number for i in items] != list(range(1, len(items) + 1)):
        raise MeasureError(f"{where}: items must be numbered 1, 2, 3 ... in order")

    options = tuple(
        Option(value=_require(o, "value", int, where), label=str(o.get("label", "")))
        for o in raw.get("options", [])
    )
    if [o.value for o in options] != list(range(item_min, item_max + 1)):
        raise MeasureError(f"{where}: options must list every value {item_min}-{item_max} in order")

    bands = tuple(
        Band(
            low=_require(b, "low", int, where),
            high=_require(b, "high", int, where),
            label=_require(b, "label", str, where),
            description=_require(b, "description", str, where),
            clinical_label=str(b.get("clinical_label") or b["label"]),
        )
        for b in raw.get("bands", [])
    )
    max_total = item_max * len(items)
    expected_low = 0
    for band in bands:
        if band.low != expected_low or band.high < band.low:
            raise MeasureError(f"{where}: bands must run on from 0 without gaps or overlaps ({band.label!r})")
        expected_low = band.high + 1
    if not bands or bands[-1].high != max_total:
        raise MeasureError(f"{where}: the last band must end at the maximum total {max_total}")

    risk_item = _optional_int(scoring, "risk_item", where)
    if risk_item is not None and not 1 <= risk_item <= len(items):
        raise MeasureError(f"{where}: risk_item {risk_item} is not an item number")
    max_missing = _optional_int(scoring, "max_missing", where) or 0

    followup = None
    if isinstance(raw.get("followup"), dict):
        fu = raw["followup"]
        followup = FollowUp(text=_require(fu, "text", str, where), options=tuple(fu.get("options", ())))

    return Measure(
        id=_require(raw, "id", str, where),
        name=_require(raw, "name", str, where),
        short_name=_require(raw, "short_name", str, where),
        stem=_require(raw, "stem", str, where),
        items=items,
        options=options,
        bands=bands,
        caseness_threshold=_optional_int(scoring, "caseness_threshold", where),
        reliable_change=_optional_int(scoring, "reliable_change", where),
        risk_item=risk_item,
        citation=_require(raw, "citation", str, where),
        licence=str(raw.get("licence", "")),
        source=str(raw.get("source", "")),
        about=str(raw.get("about", "")),
        item_min=item_min,
        item_max=item_max,
        max_missing=max_missing,
        placeholder_default=str(raw.get("placeholder_default", "problem")),
        followup=followup,
        caseness_note=str(scoring.get("caseness_note", "")),
        reliable_change_note=str(scoring.get("reliable_change_note", "")),
        change_source=str(scoring.get("change_source", "")),
        notable_change=_optional_int(scoring, "notable_change", where),
        notable_change_note=str(scoring.get("notable_change_note", "")),
        followup_note=str(raw.get("followup_note", "")),
        order=int(raw.get("order", 0)),
        keywords=tuple(str(k) for k in raw.get("keywords", ()) if isinstance(k, str)),
    )


def _read(path: Path) -> Measure:
    try:
        raw = load_limited(path)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MeasureError(f"{path}: cannot read questionnaire file: {exc}") from exc
    measure = _parse_measure(raw, path)
    if measure.id != path.stem:
        raise MeasureError(f"{path}: id {measure.id!r} does not match the file name")
    return measure


@lru_cache(maxsize=None)
def load_measure(measure_id: str) -> Measure:
    """Load one questionnaire by id ("phq9", "gad7", "wsas"); cached after the first read."""
    path = _measures_dir() / f"{measure_id}.toml"
    if not measure_id.isidentifier() or not path.is_file():
        raise UnknownMeasure(measure_id, tuple(m.id for m in all_measures()))
    return _read(path)


@lru_cache(maxsize=None)
def all_measures() -> tuple[Measure, ...]:
    """Every shipped questionnaire, in the order the check-in shows them."""
    measures = [_read(p) for p in sorted(_measures_dir().glob("*.toml"))]
    return tuple(sorted(measures, key=lambda m: (m.order, m.id)))


# --- scoring -----------------------------------------------------------------


