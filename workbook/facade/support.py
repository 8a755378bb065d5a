"""The façade's help in a crisis: the contacts and words for where the person lives, and their own contacts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbook.core.errors import ValidationError, WorkbookError
from workbook.facade.base import FacadeBase

if TYPE_CHECKING:  # types only: the modules load when a method needs them
    from pathlib import Path

    from workbook.content.crisis import CrisisInfo

#: The longest a contact's name or how-to-reach-them may be (one line on the Support screen).
CONTACT_MAX = 200


class SupportPart(FacadeBase):
    def crisis(self) -> CrisisInfo:
        """Every crisis contact and sentence for the region in Settings (or `<home>/crisis.toml`)."""
        from workbook.content.crisis import load_crisis

        try:
            region = self.settings().region
        except WorkbookError:  # unreadable settings must never take the contacts away
            region = "unset"
        return load_crisis(self.home, region)

    def add_local_contact(self, name: str, how: str, *, when: str = "", what_for: str = "") -> Path:
        """Add one contact to `<home>/crisis.toml` (made from what is shown now if it doesn't exist yet).

        The file is written whole or not at all, readable by you only. A file that can't be read
        is left as it is, and the problem is named.
        """
        from workbook.content.crisis import OVERRIDE_NAME, Contact, local_contact_text
        from workbook.storage import nofollow
        from workbook.storage.atomic import write_atomically

        fields = {"name": name, "how": how, "when": when or "When they are open",
                  "what_for": what_for or "A local contact you added."}
        for key, value in fields.items():
            value = " ".join(value.split())
            if not value:
                raise ValidationError(key, "needs a few words")
            if len(value) > CONTACT_MAX:
                raise ValidationError(key, f"must be at most {CONTACT_MAX} characters")
            fields[key] = value
        info = self.crisis()
        path = self.home / OVERRIDE_NAME
        existing = None
        if path.exists():
            if info.is_default:  # there is a file, but it could not be used
                raise WorkbookError(f"{path} can't be read ({info.warning}); please fix it or move it aside first.")
            existing = nofollow.read_bytes(path).decode("utf-8")
        text = local_contact_text(existing, info, Contact(**fields))
        write_atomically(path, text.encode("utf-8"))
        return path
