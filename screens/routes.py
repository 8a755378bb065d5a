"""Every screen the workbook opens, in one table: its id, its words, and how to make it.

The app opens screens only through `WorkbookApp.open_screen(route_id, **params)`,
Today's shortcut keys and the command palette are built from the same entries, and
each factory imports its screen only when it is first opened, so start-up stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from textual.screen import Screen


@dataclass(frozen=True)
class Route:
    id: str
    module: str  # screens.<module> holds the screen class
    screen_class: str
    description: str  # short, for the footer
    tooltip: str  # one line, for the tooltip and the palette's help
    key: str = ""  # its key on Today, for the screens Today leads to (Today's own are l p e b)
    title: str = ""  # the palette's title (defaults to the description)
    short: str = ""  # its words in Today's footer, where width is short (defaults to the description)

    @property
    def footer_words(self) -> str:
        return self.short or self.description

    @property
    def palette_title(self) -> str:
        return self.title or self.description

    @property
    def factory(self) -> Callable[..., Screen[Any]]:
        """The screen's class, imported on first use."""
        screen: Callable[..., Screen[Any]] = getattr(import_module(f"screens.{self.module}"), self.screen_class)
        return screen


ROUTES: tuple[Route, ...] = (
    Route("today", "today", "TodayScreen", "Today", "Today's plans, anything still open, and the coming week."),
    Route("welcome", "welcome", "WelcomeScreen", "Welcome", "What Workbook is and isn't, and your details."),
    Route("library", "library", "LibraryScreen", "Exercise library",
          "Read about the exercises and choose one to plan."),
    Route("plan", "plan", "PlanScreen", "Plan", "Make a specific plan, or change, pause or end one."),
    Route("log", "log", "LogScreen", "Log", "Note how a plan went: done, partly or not done."),
    Route("barriers", "barriers", "BarriersScreen", "Got in the way",
          "What got in the way, and what might help next time."),
    Route("support", "support", "SupportScreen", "Support", "Crisis contacts and who to call. Always one key away."),
    Route("supporters", "supporters", "SupportersScreen", "People who help",
          "The people who help you, what they help with, and a message asking for help.", key="h",
          title="Supporters: people who help", short="People"),
    Route("review", "review", "ReviewScreen", "Review",
          "This week and since your last call: how plans went, what got in the way, your questions.", key="r",
          title="Review and practitioner report"),
    Route("checkin", "checkin", "CheckinScreen", "Check-in",
          "PHQ-9, GAD-7 and WSAS, one question at a time, with your scores and how they've changed.", key="c",
          title="Check-in questionnaires"),
    Route("progress", "progress", "ProgressScreen", "Progress",
          "Charts: practice each week, minutes, questionnaire scores and exercise ratings.", key="g",
          title="Progress charts"),
    Route("practitioner", "practitioner", "PractitionerScreen", "From my practitioner",
          "What your practitioner sent after a call: suggested plans to accept, adjust or decline, and their answers.",
          key="f", title="From my practitioner (session pack)"),
    Route("settings", "settings", "SettingsScreen", "Settings",
          "Your details, next call, reminders, colours, backups, export and research ID.", key="s"),
)

#: The screens Today opens with one key (and the palette lists by name), in footer order.
TODAY_SHORTCUTS: tuple[Route, ...] = tuple(r for r in ROUTES if r.key)


def route(route_id: str) -> Route:
    """The route with this id (KeyError naming the ids that exist)."""
    for entry in ROUTES:
        if entry.id == route_id:
            return entry
    raise KeyError(f"no screen {route_id!r}; known: {', '.join(r.id for r in ROUTES)}")
