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
from workbook.content.copy import text as copy_text
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
    found = [Command(SUPPORT, copy_text("commands.support"), app.action_support)]
    own = getattr(screen, "palette_commands", None)
    if own is not None:
        found += [Command(*item) for item in own()]
    if not isinstance(screen, TodayScreen):
        found.append(Command("Today", copy_text("commands.today"), app.go_home))
    found.append(Command("Exercise library", copy_text("commands.library"), app.open_library))
    for plan in workbook.plans(include_ended=False):
        paused = " (paused)" if plan.status == "paused" else ""
        found.append(Command(f"Log {plan.what}{paused}", copy_text("commands.log"),
                             partial(app.open_log, plan.id)))
        found.append(Command(f"Edit plan: {plan.what}{paused}", copy_text("commands.edit"),
                             partial(app.open_plan, plan_id=plan.id)))
    for exercise in workbook.offered_exercises():
        found.append(Command(f"Plan {exercise.title}", exercise.summary,
                             partial(app.open_plan, exercise_id=exercise.id)))
    contrast = copy_text("commands.contrast_off") if app.theme == "high-contrast" else copy_text("commands.contrast_on")
    found.append(Command("Toggle high contrast", contrast, app.action_toggle_contrast))
    for name, words in THEME_WORDS.items():
        if name != app.theme:
            found.append(Command(f"Colours: {words}", copy_text("commands.colours"), partial(app.set_theme, name)))
    from screens.routes import TODAY_SHORTCUTS

    for entry in TODAY_SHORTCUTS:
        found.append(Command(entry.palette_title, copy_text("commands.screen", tooltip=entry.tooltip, letter=entry.key),
                             partial(app.open_screen, entry.id)))
    for measure in all_measures():
        words = ", ".join(measure.keywords)
        found.append(Command(f"Questionnaire: {measure.short_name}" + (f" ({words})" if words else ""),
                             copy_text("commands.questionnaire", about=measure.about),
                             partial(app.open_screen, "checkin", measures=(measure.id,))))
    found.append(Command("Keys", copy_text("commands.keys"), app.action_keys))
    found.append(Command("Read the welcome again", copy_text("commands.welcome"), app.open_welcome))
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
