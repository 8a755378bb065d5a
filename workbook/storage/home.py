"""Which folder is the user's Workbook home: --home, else WORKBOOK_HOME, else the platform's."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "WORKBOOK_HOME"


def resolve_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser().resolve()
    return Path(platformdirs.user_data_dir("workbook", appauthor=False))


def is_empty_home(home: Path) -> bool:
    """True if the home has no saved records yet (it may not exist at all)."""
    from workbook.storage import layout

    db = layout.db_dir(home)
    if not db.is_dir():
        return True
    files = layout.data_files(db)
    if not files:
        return True
    if files == [layout.core_path(home)]:
        from workbook.storage.atomic import read_json_file

        data = read_json_file(files[0]) or {}
        return not any(table for name, table in data.items() if name != "_meta")
    return False
