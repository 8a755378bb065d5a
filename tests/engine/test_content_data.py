"""Shipped content files: barriers, crisis contacts and screen copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbook.content.barriers import (
    BARRIER_CODES,
    RESPONSE_CODES,
    TaxonomyError,
    UnknownBarrier,
    load_taxonomy,
)
from workbook.content.copy import Copy, MissingCopy, load_copy, text
from workbook.content.crisis import load_crisis

# --- barriers ---------------------------------------------------------------------


def test_barrier_codes_exact_and_ordered() -> None:
    tax = load_taxonomy()
    assert tuple(b.code for b in tax.barriers) == BARRIER_CODES


def test_response_codes_exact_and_operations_match() -> None:
    tax = load_taxonomy()
    assert set(RESPONSE_CODES) == {r.operation for r in tax.responses.values()}  # every operation is offered
    for code, response in tax.responses.items():
        assert response.code == code and response.operation in RESPONSE_CODES
        assert response.label and response.description


def test_every_barrier_has_two_to_six_responses_for_every_technique() -> None:
    from workbook.content.techniques import technique_ids

    tax = load_taxonomy()
    for barrier in tax.barriers:
        assert set(barrier.responses) <= set(tax.responses), barrier.code
        assert barrier.label and barrier.description and barrier.reflection
        for technique in technique_ids():
            for diary in (False, True):
                assert 2 <= len(tax.responses_for([barrier.code], technique, diary=diary)) <= 6, (barrier.code, technique)


def test_labels_are_first_person_and_forgot_reflection() -> None:
    tax = load_taxonomy()
    assert tax.get("forgot").label == "I forgot"
    assert "most common" in tax.get("forgot").reflection
    assert tax.get("unwell").responses[0] == "pause_plan"


def test_responses_for_union_in_first_appearance_order() -> None:
    tax = load_taxonomy()
    def fitting(code: str) -> list[str]:
        return [c for c in tax.get(code).responses if tax.responses[c].fits("sleep")]

    forgot, no_time = fitting("forgot"), fitting("no_time")
    expected = forgot + [c for c in no_time if c not in forgot]
    got = [r.code for r in tax.responses_for(["forgot", "no_time"], "sleep")]
    assert got == expected
    assert len(got) == len(set(got))
    assert tax.responses_for([]) == []
    # repeating a barrier adds nothing
    assert [r.code for r in tax.responses_for(["forgot", "forgot"], "sleep")] == forgot


def test_unknown_barrier_message_lists_valid_codes() -> None:
    tax = load_taxonomy()
    with pytest.raises(UnknownBarrier) as info:
        tax.get("bored")
    message = str(info.value)
    assert "'bored'" in message
    for code in BARRIER_CODES:
        assert code in message
    with pytest.raises(UnknownBarrier):
        tax.responses_for(["forgot", "bored"])


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "barriers.toml"
    path.write_text(body, encoding="utf-8")
    return path


RESPONSE = """
[[responses]]
code = "make_smaller"
label = "Smaller"
description = "Halve it."
operation = "make_smaller"
"""


def test_taxonomy_rejects_undefined_response(tmp_path: Path) -> None:
    body = RESPONSE + """
[[barriers]]
code = "forgot"
label = "I forgot"
description = "d"
reflection = "r"
responses = ["make_smaller", "move_time"]
"""
    with pytest.raises(TaxonomyError, match="move_time"):
        load_taxonomy(_write(tmp_path, body))


def test_taxonomy_rejects_duplicates(tmp_path: Path) -> None:
    barrier = """
[[barriers]]
code = "forgot"
label = "I forgot"
description = "d"
reflection = "r"
responses = ["make_smaller"]
"""
    with pytest.raises(TaxonomyError, match="duplicate barrier code 'forgot'"):
        load_taxonomy(_write(tmp_path, RESPONSE + barrier + barrier))
    with pytest.raises(TaxonomyError, match="duplicate response code"):
        load_taxonomy(_write(tmp_path, RESPONSE + RESPONSE + barrier))


def test_taxonomy_rejects_unknown_operation(tmp_path: Path) -> None:
    body = RESPONSE.replace('operation = "make_smaller"', 'operation = "email_everyone"')
    with pytest.raises(TaxonomyError, match="unknown operation 'email_everyone'"):
        load_taxonomy(_write(tmp_path, body))


# --- crisis -------------------------------------------------------------------------


def _all_text(info) -> str:  # type: ignore[no-untyped-def]
    return " ".join(f"{c.name} {c.how} {c.when} {c.what_for}" for c in info.contacts)


def test_default_crisis_uk_contacts() -> None:
    info = load_crisis(None)  # no region chosen yet: UK-wide contacts and a prompt to choose
    assert info.region == "unset" and info.is_default and info.warning is None and info.prompt
    everything = _all_text(info)
    for needle in ("999", "A&E", "111", "mental health option", "press 2", "NHS 24", "0808 808 8000", "116 123",
                   "jo@samaritans.org", "SHOUT", "85258", "GP", "talking therapies"):
        assert needle in everything, needle
    assert "If you are in danger now" in info.intro
    assert "does not contact anyone" in info.not_notified
    assert "nobody is notified" in info.not_notified
    for contact in info.contacts:
        assert contact.name and contact.how and contact.when and contact.what_for


def test_home_without_override_uses_default(tmp_path: Path) -> None:
    info = load_crisis(tmp_path, "wales")
    assert info.is_default and info.warning is None and info.region_name == "Wales"


OVERRIDE = """
country = "ie"
title = "Get help now"
intro = "If you are in danger now, call 112 or 999."

[[contacts]]
name = "Emergency services"
how = "Call 112 or 999"
when = "Any time"
what_for = "If your life is at risk."
"""


def test_override_replaces_default(tmp_path: Path) -> None:
    (tmp_path / "crisis.toml").write_text(OVERRIDE, encoding="utf-8")
    info = load_crisis(tmp_path)
    assert info.warning is None and not info.is_default
    assert info.country == "IE"
    assert info.title == "Get help now"
    assert [c.how for c in info.contacts] == ["Call 112 or 999"]
    assert "116 123" not in _all_text(info)
    # the statement about Workbook itself is kept when the override leaves it out
    assert "nobody is notified" in info.not_notified


@pytest.mark.parametrize(
    "body",
    [
        "this is = = not toml",
        'title = "x"\nintro = "y"\n',  # no contacts
        OVERRIDE.replace('how = "Call 112 or 999"\n', ""),  # contact without how
        OVERRIDE.replace('title = "Get help now"', "title = 3"),
        b"\xff\xfe\x00bad".decode("latin-1"),
    ],
)
def test_broken_override_falls_back_with_warning(tmp_path: Path, body: str) -> None:
    (tmp_path / "crisis.toml").write_text(body, encoding="utf-8")
    info = load_crisis(tmp_path)
    assert info.is_default and info.region == "unset"
    assert "116 123" in _all_text(info)
    assert info.warning and "crisis.toml" in info.warning and "the UK" in info.warning


def test_unreadable_override_falls_back(tmp_path: Path) -> None:
    (tmp_path / "crisis.toml").mkdir()  # a folder where a file should be
    info = load_crisis(tmp_path)
    assert info.is_default and info.warning


# --- copy ----------------------------------------------------------------------------

COPY_KEYS = [
    "welcome.intro",
    "welcome.is_not",
    "welcome.privacy",
    "welcome.research",
    "today.empty",
    "today.overdue_gentle",
    "log.not_done_kind",
    "log.partly_kind",
    "checkin.intro",
    "review.intro",
    "supporters.intro",
    "plan.vague_time",
    "plan.vague_place",
    "plan.vague_try",
    "plan.low_confidence",
]


@pytest.mark.parametrize("key", COPY_KEYS)
def test_copy_key_exists_and_is_not_empty(key: str) -> None:
    value = text(key)
    assert value.strip()
    assert "{" not in value and "}" not in value
    assert "  " not in value  # line continuations joined cleanly


def test_checkin_risk_says_nobody_is_notified() -> None:
    from workbook.content.crisis import default_crisis

    risk = default_crisis("england").risk_note
    assert "nobody is notified" in risk
    assert "999" in risk and "practitioner" in risk and "stop" in risk
    assert "{" not in risk and "  " not in risk


def test_missing_copy_suggests_nearby_keys() -> None:
    with pytest.raises(MissingCopy) as info:
        text("welcome.intr")
    message = str(info.value)
    assert "welcome.intro" in message and "welcome.privacy" in message
    with pytest.raises(KeyError):
        text("nowhere")


def test_copy_formats_placeholders(tmp_path: Path) -> None:
    path = tmp_path / "copy.toml"
    path.write_text('[today]\ngreeting = "Hello, {name}. {{braces}} stay."\n', encoding="utf-8")
    copy: Copy = load_copy(path)
    assert copy.keys() == ["today.greeting"]
    assert copy.text("today.greeting", name="Sam") == "Hello, Sam. {braces} stay."
    with pytest.raises(KeyError, match="name"):
        copy.text("today.greeting")


def test_each_exercise_has_its_own_example_for_the_plan_form() -> None:
    from workbook.content.library import ExerciseLibrary

    placeholders = {e.id: e.placeholder for e in ExerciseLibrary.load().all()}
    assert all(placeholders.values()), [i for i, p in placeholders.items() if not p]
    assert len(set(placeholders.values())) == len(placeholders)
