"""Workbook's three themes: calm dark (default), calm light, and high contrast.

State is never shown by colour alone (see `words.py`); the themes only make it
easier on the eyes. Names match `workbook.core.model.THEMES`, so they can be saved.
"""

from __future__ import annotations

from textual.theme import Theme

WORKBOOK = Theme(
    name="workbook",
    primary="#6fa8b8",
    secondary="#8fa6c9",
    accent="#d8b26e",
    warning="#d8b26e",
    error="#d58c8c",  # soft, never alarm-red
    success="#8fbf8f",
    foreground="#e4e4e0",
    background="#1d2226",
    surface="#242a2f",
    panel="#2c343a",
    dark=True,
)

WORKBOOK_LIGHT = Theme(
    name="workbook-light",
    primary="#2f6f80",
    secondary="#4a5f86",
    accent="#8a6420",
    warning="#8a6420",
    error="#9a4a4a",
    success="#3f7a3f",
    foreground="#1f2428",
    background="#f6f4ef",
    surface="#ecebe5",
    panel="#e0ddd4",
    dark=False,
)

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    warning="#ffff00",
    error="#ffffff",
    success="#ffffff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",
    dark=True,
    text_alpha=1.0,
    variables={
        "text-muted": "#ffffff",
        "text-disabled": "#ffffff",
        "foreground-muted": "#ffffff",
        "border": "#ffffff",
        "border-blurred": "#ffffff",
        "block-cursor-background": "#ffff00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#ffffff",
        "block-cursor-blurred-foreground": "#000000",
        "block-hover-background": "#333333",
        "input-cursor-background": "#ffff00",
        "input-cursor-foreground": "#000000",
        "input-selection-background": "#ffff00 60%",
        "footer-background": "#000000",
        "footer-key-foreground": "#ffff00",
        "footer-description-foreground": "#ffffff",
        "scrollbar": "#ffffff",
        "scrollbar-background": "#000000",
        "button-foreground": "#000000",
    },
)

THEMES = (WORKBOOK, WORKBOOK_LIGHT, HIGH_CONTRAST)
THEME_WORDS = {"workbook": "Workbook (dark)", "workbook-light": "Workbook (light)", "high-contrast": "High contrast"}
