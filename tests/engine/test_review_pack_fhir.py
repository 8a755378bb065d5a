"""The review pack's FHIR Bundle: valid R4 resources (fhir.resources' R4B models, which R4's
QuestionnaireResponse, Observation and Bundle fit), with FHIRPath checks that every linkId,
answer code and total matches the stored answers and Workbook's own scores.
"""

from __future__ import annotations

import json
import tomllib

import fhirpathpy
import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirResponse
from fhirpathpy.models import models
from helpers import REPO
from logged_week import NOW, at, build

from workbook.content.scoring import score
from workbook.facade import Workbook
from workbook.outputs.review_pack.fhir import pack_fhir

R4 = models["r4"]
CODES = tomllib.loads((REPO / "data" / "fhir.toml").read_text(encoding="utf-8"))["measures"]
LOINC_ANSWERS = {"LA6568-5": 0, "LA6569-3": 1, "LA6570-1": 2, "LA6571-9": 3}
ANSWERS = {"phq9": [2, 2, 1, 1, 1, 1, 1, 0, 2], "gad7": [1, 2, 3, 0, 1, 2, 3], "wsas": [None, 4, 5, 6, 2]}


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    workbook = build(tmp_path_factory.mktemp("pack-fhir") / "home")  # has the PHQ-9 above
    workbook.record_questionnaire("gad7", ANSWERS["gad7"], now=at(12, 18, 40))
    workbook.record_questionnaire("wsas", ANSWERS["wsas"], now=at(12, 18, 50))  # work: not applicable
    return workbook


@pytest.fixture(scope="module")
def bundle(workbook: Workbook) -> dict:
    return json.loads(pack_fhir(workbook.review_pack(NOW)))


def path(resource: object, expression: str) -> list:
    return fhirpathpy.evaluate(resource, expression, {}, R4)


def test_the_bundle_and_every_resource_are_valid_fhir(bundle: dict) -> None:
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection" and len(parsed.entry) == 6
    for entry in bundle["entry"]:
        model = FhirResponse if entry["resource"]["resourceType"] == "QuestionnaireResponse" else Observation
        model.model_validate(entry["resource"])
        assert entry["fullUrl"].startswith("urn:uuid:")


def test_the_codes_in_the_data_file_are_the_loinc_ones() -> None:
    assert CODES["phq9"]["panel"] == "44249-1" and CODES["phq9"]["total"] == "44261-6"
    assert CODES["phq9"]["items"][0] == "44250-9" and CODES["phq9"]["items"][-1] == "44260-8"
    assert CODES["gad7"]["panel"] == "69737-5" and CODES["gad7"]["total"] == "70274-6"
    assert CODES["gad7"]["items"][0] == "69725-0"
    assert CODES["phq9"]["answers"] == list(LOINC_ANSWERS) == CODES["gad7"]["answers"]
    assert ".invalid/" in CODES["wsas"]["questionnaire"]  # local, and never resolvable


@pytest.mark.parametrize("measure", ["phq9", "gad7"])
def test_linkids_answer_codes_and_totals_match_the_scores(bundle: dict, measure: str) -> None:
    canonical = CODES[measure]["questionnaire"]
    response = f"Bundle.entry.resource.ofType(QuestionnaireResponse).where(questionnaire = '{canonical}')"
    assert path(bundle, f"{response}.count()") == [1]
    assert path(bundle, f"{response}.item.linkId") == CODES[measure]["items"]
    codes = path(bundle, f"{response}.item.answer.value.code")
    assert [LOINC_ANSWERS[c] for c in codes] == ANSWERS[measure]
    assert set(path(bundle, f"{response}.item.answer.value.system")) == {"http://loinc.org"}
    summed = path(bundle, f"{response}.item.answer.value.code.aggregate($total + iif($this = 'LA6569-3', 1, "
                          f"iif($this = 'LA6570-1', 2, iif($this = 'LA6571-9', 3, 0))), 0)")
    total = score(measure, ANSWERS[measure]).total
    assert summed == [total]
    observation = (f"Bundle.entry.resource.ofType(Observation).where(code.coding.where(system = 'http://loinc.org' "
                   f"and code = '{CODES[measure]['total']}').exists())")
    assert path(bundle, f"{observation}.value.value") == [total]
    assert path(bundle, f"{observation}.value.code") == ["{score}"]
    # the total points back at its response
    url = path(bundle, f"Bundle.entry.where(resource.questionnaire = '{canonical}').fullUrl")
    assert path(bundle, f"{observation}.derivedFrom.reference") == url


def test_wsas_has_its_local_codes_and_a_prorated_total(bundle: dict) -> None:
    canonical = CODES["wsas"]["questionnaire"]
    response = f"Bundle.entry.resource.ofType(QuestionnaireResponse).where(questionnaire = '{canonical}')"
    assert path(bundle, f"{response}.item.linkId") == CODES["wsas"]["items"]
    assert path(bundle, f"{response}.item.where(linkId = 'wsas-1').answer.exists()") == [False]  # not applicable
    assert path(bundle, f"{response}.item.answer.value") == [4, 5, 6, 2]
    total = path(bundle, "Bundle.entry.resource.ofType(Observation).where(code.coding.code = 'wsas-total').value.value")
    assert [float(t) for t in total] == [score("wsas", ANSWERS["wsas"]).total] == [21.3]


def test_only_the_periods_check_ins_go_in(workbook: Workbook) -> None:
    workbook.record_questionnaire("phq9", [0] * 9, now=at(2, 9))  # before the last call (Monday 9 November)
    bundle = json.loads(pack_fhir(workbook.review_pack(NOW)))
    assert path(bundle, "Bundle.entry.resource.ofType(QuestionnaireResponse).count()") == [3]
    authored = path(bundle, "Bundle.entry.resource.ofType(QuestionnaireResponse).authored")
    assert sorted(str(a) for a in authored)[0] == "2026-11-12T18:30:00Z"
    assert path(bundle, "Bundle.entry.resource.ofType(QuestionnaireResponse).where(authored < @2026-11-09).exists()") \
        == [False]
