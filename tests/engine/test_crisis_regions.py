"""Crisis help by region: every region's data is complete and sourced, shared copy names no
emergency number, every crisis sentence and the report speak the chosen region's numbers only,
and a person's own crisis.toml replaces everything, copy included."""

from __future__ import annotations

import re
import stat
from datetime import date
from pathlib import Path

import pytest
from crisis_numbers import UK_ONLY, shown_foreign
from records_fixture import REPORT_NOW, build

from workbook.content.crisis import REGION_COPY, default_crisis, load_crisis, region_choices, regions
from workbook.content.paths import data_file
from workbook.core.errors import ValidationError
from workbook.core.model import REGIONS, Settings
from workbook.facade.workbook import Workbook
from workbook.outputs.report import build_report

EMERGENCY = re.compile(r"(?<!\d)(999|112|911|000|111|988)(?!\d)")


def _everything(info) -> str:  # type: ignore[no-untyped-def]
    words = [info.title, info.intro, info.prompt, info.disclaimer, info.risk_note, info.result_risk, info.report_line,
             info.warning or ""]
    return " ".join(words + [f"{c.name} {c.how} {c.when} {c.what_for}" for c in info.contacts])


def test_the_regions_in_settings_are_the_regions_in_the_data() -> None:
    assert tuple(code for code, _ in region_choices()) == REGIONS
    assert [name for _, name in region_choices()][1:] == ["England", "Wales", "Scotland", "Northern Ireland",
                                                          "Republic of Ireland", "Somewhere else"]
    assert Settings().region == "unset"
    with pytest.raises(ValidationError):
        Settings(region="atlantis").validate()


@pytest.mark.parametrize("region", REGIONS)
def test_every_contact_names_its_source_and_the_day_it_was_checked(region: str) -> None:
    shipped = next(r for r in regions() if r.code == region)
    for contact in shipped.contacts:
        assert contact.source.startswith("https://"), contact.name
        assert date.fromisoformat(contact.checked) <= date(2026, 12, 31), contact.name


def test_shared_copy_names_no_emergency_number() -> None:
    shared = data_file("copy.toml").read_text(encoding="utf-8")
    assert EMERGENCY.findall(shared) == []
    assert "{emergency_action}" in shared


@pytest.mark.parametrize("region", REGIONS)
def test_no_region_shows_another_regions_emergency_number(region: str) -> None:
    info = default_crisis(region)
    assert shown_foreign(region, _everything(info)) == []
    for number in next(r for r in regions() if r.code == region).emergency:
        assert number in info.disclaimer and number in info.risk_note and number in info.report_line


def test_each_uk_nation_gets_its_own_urgent_line() -> None:
    def text(code: str) -> str:
        return _everything(default_crisis(code))

    assert "choose the mental health option" in text("england") and "press 2" not in text("england")
    assert "press 2" in text("wales")
    assert "NHS 24" in text("scotland") and "Breathing Space" in text("scotland")
    assert "0808 808 8000" in text("northern_ireland") and "111" not in text("northern_ireland")
    for code in ("england", "wales", "scotland", "northern_ireland"):
        assert "116 123" in text(code) and "jo@samaritans.org" in text(code) and "85258" in text(code)
        assert "18000" in text(code) and "register" in text(code)  # text relay and emergencySMS
    ireland = text("ireland")
    assert "112" in ireland and "116 123" in ireland and "50808" in ireland and "HSE" in ireland
    assert "85258" not in ireland


def test_somewhere_else_never_names_a_uk_number_and_lists_national_lines() -> None:
    info = default_crisis("elsewhere")
    words = _everything(info)
    assert [n for n in UK_ONLY if n in words] == []
    assert "local emergency number" in info.disclaimer and "local emergency number" in info.risk_note
    for line in ("988", "13 11 14", "1737", "50808"):
        assert line in words, line
    assert "workbook crisis --add" in info.prompt


def test_not_chosen_yet_is_uk_wide_and_asks_where_you_live() -> None:
    info = default_crisis("unset")
    assert "999" in info.disclaimer and "UK" in info.disclaimer
    assert "where you live" in info.prompt


@pytest.fixture(scope="module")
def report_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("crisis-report") / "home"
    build(home)
    return home


@pytest.mark.parametrize("region", REGIONS)
def test_the_report_speaks_only_the_regions_numbers(report_home: Path, region: str) -> None:
    workbook = Workbook.open(report_home, clock=lambda: REPORT_NOW, daily_backup=False)
    workbook.update_settings(region=region)
    text = build_report(workbook, now=REPORT_NOW)
    assert default_crisis(region).report_line in text
    assert shown_foreign(region, text) == []


OWN = """
emergency_action = "call 112 (Norway: 113 for an ambulance)"
[copy]
disclaimer = "Not an emergency service. In danger now? Call 113."

[[contacts]]
name = "Legevakt"
how = "Call 116 117"
when = "Any time"
what_for = "Urgent help out of hours."
"""


def test_own_file_replaces_everything_copy_included(tmp_path: Path) -> None:
    (tmp_path / "crisis.toml").write_text(OWN, encoding="utf-8")
    info = load_crisis(tmp_path, "england")
    assert not info.is_default and [c.name for c in info.contacts] == ["Legevakt"]
    assert info.disclaimer == "Not an emergency service. In danger now? Call 113."
    assert "113 for an ambulance" in info.risk_note and "113 for an ambulance" in info.intro
    assert "999" not in _everything(info)
    assert set(REGION_COPY) <= {"title", "intro", "disclaimer", "risk_note", "result_risk", "report_line"}


def test_own_file_with_no_region_chosen_never_says_999(tmp_path: Path) -> None:
    (tmp_path / "crisis.toml").write_text('[[contacts]]\nname = "A"\nhow = "B"\nwhen = "C"\nwhat_for = "D"\n')
    info = load_crisis(tmp_path, "unset")
    assert "999" not in _everything(info) and "local emergency number" in info.risk_note


def test_a_bad_copy_key_in_an_own_file_falls_back_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "crisis.toml").write_text(OWN.replace("disclaimer =", "disclaimerr ="), encoding="utf-8")
    info = load_crisis(tmp_path, "scotland")
    assert info.is_default and info.warning and "disclaimerr" in info.warning and "Scotland" in info.warning


def test_adding_a_local_contact_writes_an_owner_only_file_that_is_then_shown(tmp_path: Path) -> None:
    workbook = Workbook.open(tmp_path / "home", clock=lambda: REPORT_NOW, daily_backup=False)
    workbook.update_settings(region="elsewhere")
    path = workbook.add_local_contact("Kriseteam", "Call 116 117", when="Any time")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    info = workbook.crisis()
    assert not info.is_default and info.contacts[0].name == "Kriseteam"
    assert "local emergency number" in info.disclaimer
    workbook.add_local_contact("Second line", 'Text "HEI" to 2222')
    assert [c.name for c in workbook.crisis().contacts][-1] == "Second line"
    with pytest.raises(ValidationError):
        workbook.add_local_contact("   ", "Call 1")


def test_an_existing_home_opens_with_no_region_chosen_and_uk_wide_help(tmp_path: Path) -> None:
    import json
    import shutil

    fixture = Path(__file__).parent / "fixtures" / "home-v2"
    stored = json.loads((fixture / "db" / "core.json").read_bytes())
    assert all("region" not in s for s in stored["settings"].values())  # saved before regions existed
    home = tmp_path / "home"
    shutil.copytree(fixture, home)
    workbook = Workbook.open(home, clock=lambda: REPORT_NOW, daily_backup=False)
    assert workbook.settings().region == "unset"
    info = workbook.crisis()
    assert info.region == "unset" and "999" in info.disclaimer and "where you live" in info.prompt
    assert all(r.difficulty is None for r in workbook.responses())
