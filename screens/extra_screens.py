"""Screens from issue 5, for the app and the command palette to wire in.

Each entry has the key suggested for Today, an id (also the binding id), a
description (footer text), a tooltip / palette help line, and a factory that
imports the screen only when it is first opened, so start-up stays fast.

    for entry in EXTRA_SCREENS:
        Binding(entry.key, f"open_extra('{entry.id}')", entry.description, id=f"today.{entry.id}",
                tooltip=entry.tooltip)
    app.push_screen(extra_screen(entry_id).factory())
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen


@dataclass(frozen=True)
class ExtraScreen:
    key: str  # suggested key on Today (Today's own are l p e b; s is meant to open Settings)
    id: str
    description: str  # short, for the footer
    tooltip: str  # one line, for the tooltip and the palette's help
    factory: Callable[[], Screen]
    title: str = ""  # the palette's title (defaults to the description)

    @property
    def palette_title(self) -> str:
        return self.title or self.description


def _supporters() -> Screen:
    from screens.supporters import SupportersScreen

    return SupportersScreen()


def _review() -> Screen:
    from screens.review import ReviewScreen

    return ReviewScreen()


def _checkin() -> Screen:
    from screens.checkin import CheckinScreen

    return CheckinScreen()


def _progress() -> Screen:
    from screens.progress import ProgressScreen

    return ProgressScreen()


def _settings() -> Screen:
    from screens.settings import SettingsScreen

    return SettingsScreen()


EXTRA_SCREENS: tuple[ExtraScreen, ...] = (
    ExtraScreen("h", "supporters", "People who help",
                "The people who help you, what they help with, and a message asking for help.", _supporters,
                title="Supporters: people who help"),
    ExtraScreen("r", "review", "Review",
                "This week and since your last call: how plans went, what got in the way, your questions.",
                _review, title="Review and practitioner report"),
    ExtraScreen("c", "checkin", "Check-in",
                "PHQ-9, GAD-7 and WSAS, one question at a time, with your scores and how they've changed.",
                _checkin, title="Check-in questionnaires"),
    ExtraScreen("g", "progress", "Progress",
                "Charts: practice each week, minutes, questionnaire scores and exercise ratings.", _progress,
                title="Progress charts"),
    ExtraScreen("s", "settings", "Settings",
                "Your details, next call, reminders, colours, backups, export and research ID.", _settings),
)


def extra_screen(screen_id: str) -> ExtraScreen:
    """The entry with this id (KeyError naming the ids that exist)."""
    for entry in EXTRA_SCREENS:
        if entry.id == screen_id:
            return entry
    raise KeyError(f"no extra screen {screen_id!r}; known: {', '.join(e.id for e in EXTRA_SCREENS)}")
