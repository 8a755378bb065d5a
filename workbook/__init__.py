"""Workbook: a terminal self-help workbook for low-intensity CBT.

This package is the engine (model, storage, schedules, reminders, exports, CLI).
It never imports Textual or `screens`, so the reminder runner starts fast and
everything here is testable without a terminal.
"""

__version__ = "0.1.0"
