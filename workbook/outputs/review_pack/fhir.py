"""The review pack's HL7 FHIR R4 Bundle: each check-in in the period as a QuestionnaireResponse,
with its total as an Observation, so a practitioner's system can take the scores.

Codes (LOINC panels, items, totals and answers; WSAS's local ones) come from `data/fhir.toml`.
Ids are derived from the stored records' ids, so the same check-in always gets the same id.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from workbook.content.measures import load_measure
from workbook.content.paths import data_file
from workbook.content.toml_files import load_limited
from workbook.insight.review_pack import ReviewPack, ScoreEntry
from workbook.outputs.review_pack.json_pack import instant

_NAMESPACE = uuid.UUID("8f0c2b1e-6d0a-4b5e-9a51-3f1d2c7e9b40")  # Workbook's own, for derived ids
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


@dataclass(frozen=True)
class MeasureCodes:
    system: str  # where `panel`, `total` and `items` live (LOINC, or Workbook's local system)
    questionnaire: str
    panel: str
    panel_display: str
    total: str
    total_display: str
    items: tuple[str, ...]
    answers: tuple[str, ...]  # LOINC answer codes by value; empty: answers are whole numbers
    answer_system: str


@lru_cache(maxsize=1)
def codes() -> dict[str, MeasureCodes]:
    """Each measure's codes, from `data/fhir.toml`."""
    raw = load_limited(data_file("fhir.toml"))
    loinc, local = raw["loinc"]["system"], raw["local"]["system"]
    out = {}
    for measure_id, table in raw["measures"].items():
        answers = tuple(table["answers"])
        system = loinc if table["questionnaire"].startswith(loinc) else local
        out[measure_id] = MeasureCodes(system, table["questionnaire"], table["panel"], table["panel_display"],
                                       table["total"], table["total_display"], tuple(table["items"]), answers, loinc)
        if len(out[measure_id].items) != len(load_measure(measure_id).items):
            raise ValueError(f"data/fhir.toml: {measure_id} lists {len(table['items'])} item codes")
    return out


def _urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, ':'.join(parts))}"


def _coding(system: str, code: str, display: str) -> dict[str, str]:
    return {"system": system, "code": code, "display": display}


def _answer(c: MeasureCodes, value: int, label: str) -> dict[str, Any]:
    if c.answers:
        return {"valueCoding": _coding(c.answer_system, c.answers[value], label)}
    return {"valueInteger": value}


def questionnaire_response(entry: ScoreEntry) -> dict[str, Any]:
    response = entry.response
    measure, c = load_measure(response.measure), codes()[response.measure]
    labels = {o.value: o.label for o in measure.options}
    items = []
    for item, link, value in zip(measure.items, c.items, response.answers, strict=False):
        found: dict[str, Any] = {"linkId": link, "text": item.render()}
        if value is not None:
            found["answer"] = [_answer(c, value, labels.get(value, "") or str(value))]
        items.append(found)
    return {"resourceType": "QuestionnaireResponse", "id": str(uuid.uuid5(_NAMESPACE, response.id)),
            "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{response.id}"},
            "questionnaire": c.questionnaire, "status": "completed",
            "authored": instant(_at(response.completed_at)), "item": items}


def observation(entry: ScoreEntry, response_url: str) -> dict[str, Any]:
    response = entry.response
    c = codes()[response.measure]
    found: dict[str, Any] = {
        "resourceType": "Observation", "id": str(uuid.uuid5(_NAMESPACE, f"{response.id}:total")),
        "status": "final",
        "category": [{"coding": [_coding(CATEGORY, "survey", "Survey")]}],
        "code": {"coding": [_coding(c.system, c.total, c.total_display)], "text": c.total_display},
        "effectiveDateTime": instant(_at(response.completed_at)),
        "derivedFrom": [{"reference": response_url}],
    }
    if entry.total is None:
        found["dataAbsentReason"] = {"coding": [_coding("http://terminology.hl7.org/CodeSystem/data-absent-reason",
                                                        "not-performed", "Not Performed")],
                                     "text": "Too few questions answered to score"}
    else:
        total = int(entry.total) if float(entry.total).is_integer() else entry.total
        found["valueQuantity"] = {"value": total, "unit": "{score}", "system": UCUM, "code": "{score}"}
    if entry.band:
        found["interpretation"] = [{"text": entry.band}]
    return found


def _at(text: str) -> Any:
    from workbook.core.times import from_iso

    return from_iso(text)


def bundle(pack: ReviewPack) -> dict[str, Any]:
    """A FHIR R4 Bundle (type collection) of the period's check-ins and their totals."""
    entries = []
    for questionnaire in pack.questionnaires:
        if questionnaire.measure not in codes():
            continue
        for score in questionnaire.scores:
            if not score.in_period:
                continue
            url = _urn(score.response.id)
            entries.append({"fullUrl": url, "resource": questionnaire_response(score)})
            entries.append({"fullUrl": _urn(score.response.id, "total"), "resource": observation(score, url)})
    stamp = instant(pack.generated_at) or ""
    found: dict[str, Any] = {"resourceType": "Bundle", "id": str(uuid.uuid5(_NAMESPACE, f"bundle:{stamp}")),
                             "meta": {"lastUpdated": stamp}, "type": "collection", "timestamp": stamp}
    if entries:  # FHIR allows no empty lists
        found["entry"] = entries
    return found


def pack_fhir(pack: ReviewPack) -> str:
    return json.dumps(bundle(pack), ensure_ascii=False, indent=2) + "\n"
