"""The command palette (Ctrl+P): every action, aware of where the patient is.

`commands_for(app, screen)` is plain Python, so tests can check it directly;
`WorkbookCommands` hands it to Textual's palette. Screens may add their own
commands with a `palette_commands()` method (e.g. "Save this log").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from screens.themes import THEME_WORDS
from workbook.content.measures import all_measures

SUPPORT = "Support / crisis help"


@dataclass(frozen=True)
class Command:
    title: str
    help: str
    callback: Callable[[], Any]


def commands_for(app: Any, screen: Any) -> list[Command]:
    """Commands for the palette opened on `screen`: its own first, then app-wide ones."""
    from screens.today import TodayScreen

    workbook = app.workbook
    found = [Command(SUPPORT, "Who to contact for help now. Always one key away: F1.", app.action_support)]
    own = getattr(screen, "palette_commands", None)
    if own is not None:
        found += [Command(*item) for item in own()]
    if not isinstance(screen, TodayScreen):
        found.append(Command("Today", "Back to today's plans.", app.go_home))
    found.append(Command("Exercise library", "Read about the exercises and choose one to plan.", app.open_library))
    for plan in workbook.plans(include_ended=False):
        paused = " (paused)" if plan.status == "paused" else ""
        found.append(Command(f"Log {plan.what}{paused}", "Note how it went: done, partly or not done.",
                             partial(app.open_log, plan.id)))
        found.append(Command(f"Edit plan: {plan.what}{paused}", "Change, pause or end this plan.",
                             partial(app.open_plan, plan_id=plan.id)))
    for exercise in workbook.offered_exercises():
        found.append(Command(f"Plan {exercise.title}", exercise.summary,
                             partial(app.open_plan, exercise_id=exercise.id)))
    contrast = "off" if app.theme == "high-contrast" else "on"
    found.append(Command("Toggle high contrast", f"Turn high-contrast colours {contrast} (Ctrl+T).",
                         app.action_toggle_contrast))
    for name, words in THEME_WORDS.items():
        if name != app.theme:
            found.append(Command(f"Colours: {words}", "Change how Workbook looks.", partial(app.set_theme, name)))
    from screens.routes import TODAY_SHORTCUTS

    for entry in TODAY_SHORTCUTS:
        found.append(Command(entry.palette_title, f"{entry.tooltip} (key {entry.key} on Today)",
                             partial(app.open_screen, entry.id)))
    for measure in all_measures():
        words = ", ".join(measure.keywords)
        found.append(Command(f"Questionnaire: {measure.short_name}" + (f" ({words})" if words else ""),
                             f"{measure.about} Opens the check-in at this questionnaire.",
                             partial(app.open_screen, "checkin", measures=(measure.id,))))
    found.append(Command("Keys", "Every key on this screen, and what it does (? on Today).", app.action_keys))
    found.append(Command("Read the welcome again", "What Workbook is and isn't, and your details.", app.open_welcome))
    return found


class WorkbookCommands(Provider):
    async def startup(self) -> None:
        self._commands = commands_for(self.app, self.screen)

    async def discover(self) -> Hits:
        for command in self._commands:
            yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands:
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.callback, help=command.help)
