"""The registry the app and the palette wire in: ids and keys unique, factories lazy and right."""

from __future__ import annotations

from pathlib import Path

from harness import FRIDAY_NOON, SIZE, make_app, settle

import screens
from screens.routes import TODAY_SHORTCUTS as EXTRA_SCREENS  # noqa: N811
from screens.routes import route as extra_screen

EXPECTED = {"supporters": "SupportersScreen", "review": "ReviewScreen", "checkin": "CheckinScreen",
            "progress": "ProgressScreen", "practitioner": "PractitionerScreen", "settings": "SettingsScreen"}


def test_entries_are_unique_and_described():
    assert [e.id for e in EXTRA_SCREENS] == list(EXPECTED)
    assert len({e.key for e in EXTRA_SCREENS}) == len(EXTRA_SCREENS)
    assert not {e.key for e in EXTRA_SCREENS} & {"l", "p", "e", "b"}  # Today's own keys (s is Settings)
    for entry in EXTRA_SCREENS:
        assert entry.description and entry.tooltip.endswith(".") and entry.palette_title
    folder = Path(screens.__file__).parent
    assert all((folder / f"{entry.id}.tcss").is_file() for entry in EXTRA_SCREENS)


async def test_each_factory_opens_its_screen(friday_demo):
    app = make_app(friday_demo, FRIDAY_NOON)
    async with app.run_test(size=SIZE) as pilot:
        for screen_id, name in EXPECTED.items():
            app.push_screen(extra_screen(screen_id).factory())
            await settle(pilot)
            assert type(app.screen).__name__ == name
            assert all(b.description for b in app.screen.BINDINGS)
            app.pop_screen()
            await settle(pilot)
