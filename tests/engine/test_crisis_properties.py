"""Properties of the crisis files: whatever a person's own crisis.toml holds, Support always has
contacts (never an exception), and a contact added in one step reads back exactly as given."""

from __future__ import annotations

import tomllib
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.content.crisis import Contact, default_crisis, load_crisis, local_contact_text
from workbook.core.model import REGIONS

WORDS = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(str.strip)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(body=st.one_of(st.text(max_size=400), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))),
       region=st.sampled_from(REGIONS))
def test_any_own_file_still_gives_contacts(body: str, region: str) -> None:
    with TemporaryDirectory() as folder:
        (Path(folder) / "crisis.toml").write_text(body, encoding="utf-8")
        info = load_crisis(Path(folder), region)
    assert info.contacts and info.disclaimer and info.risk_note
    assert not info.is_default or info.warning  # shipped contacts only ever stand in with a reason


@settings(max_examples=150, deadline=None)
@given(name=WORDS, how=WORDS, when=WORDS, what_for=WORDS, region=st.sampled_from(REGIONS), again=st.booleans())
def test_an_added_contact_reads_back_as_given(name: str, how: str, when: str, what_for: str, region: str,
                                              again: bool) -> None:
    info = default_crisis(region)
    contact = Contact(name.strip(), how.strip(), when.strip(), what_for.strip())
    text = local_contact_text(None, info, contact)
    if again:
        text = local_contact_text(text, info, contact)
    parsed = tomllib.loads(text)
    first = parsed["contacts"][0]
    assert (first["name"], first["how"], first["when"], first["what_for"]) == (contact.name, contact.how,
                                                                              contact.when, contact.what_for)
    assert parsed["emergency_action"] == info.emergency_action
    with TemporaryDirectory() as folder:
        (Path(folder) / "crisis.toml").write_text(text, encoding="utf-8")
        loaded = load_crisis(Path(folder), region)
    assert loaded.warning is None and loaded.contacts[0] == contact
