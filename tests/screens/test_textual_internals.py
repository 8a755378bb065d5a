"""The two private Textual internals Workbook relies on still look as they did when written.

If this fails after a Textual upgrade, read `screens/textual_internals.py` again against
the new Textual before changing the pin: a silent mismatch would lose notices or themes.
"""

from __future__ import annotations

from harness import make_app, settle
from textual.message_pump import MessagePump

from screens import textual_internals


def test_the_patched_internals_are_where_they_were() -> None:
    assert textual_internals.problems() == []


async def test_the_app_installs_the_kind_dispatch_and_its_theme_explicitly(welcomed) -> None:
    welcomed.update_settings(theme="high-contrast")
    app = make_app(welcomed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert getattr(MessagePump._dispatch_message, "_workbook_kindly", False)
        assert app.theme == "high-contrast" and app.has_class("-theme-high-contrast")
