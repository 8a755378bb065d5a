"""The façade's caseload: a practitioner's folder of review packs, and the age key that opens them.

The identity file's path is remembered in this workbook's settings, so the practitioner
names it once; the key itself stays in its own owner-only file, never in the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbook.facade.base import FacadeBase

if TYPE_CHECKING:  # types only: pyrage and the pack readers load when the caseload is opened
    from workbook.insight.caseload import CaseloadRow
    from workbook.insight.next_session import SessionDraft
    from workbook.storage.outfiles import Written


class CaseloadPart(FacadeBase):
    def caseload_identity(self) -> Path | None:
        """The remembered identity file, if any."""
        remembered = self.settings().caseload_identity
        return Path(remembered) if remembered else None

    def remember_identity(self, path: Path) -> Path:
        """Remember `path` (made absolute) as the identity file, once it has been read successfully."""
        from workbook.storage.sealed import read_identities

        absolute = Path(path).expanduser().absolute()
        read_identities(absolute)
        if self.settings().caseload_identity != str(absolute):
            self.update_settings(caseload_identity=str(absolute))
        return absolute

    def make_identity(self, path: Path) -> str:
        """A new identity file at `path` (owner-only, never over a file), remembered; its `age1…` recipient."""
        from workbook.storage.age_keys import make_identity

        absolute = Path(path).expanduser().absolute()
        recipient = make_identity(absolute, now=self.clock())
        self.update_settings(caseload_identity=str(absolute))
        return recipient

    def check_caseload(self, folder: Path, identity: Path | None = None) -> None:
        """A one-line WorkbookError now if the folder or the identity file cannot be used."""
        from workbook.storage.pack_folder import check_folder
        from workbook.storage.sealed import read_identities

        check_folder(Path(folder))
        key_file = identity if identity is not None else self.caseload_identity()
        if key_file is not None:
            read_identities(key_file)

    def caseload(self, folder: Path, identity: Path | None = None) -> list[CaseloadRow]:
        """One row per patient in `folder`, who needs attention first; encrypted packs are opened
        with `identity`, else the remembered identity file (without either they get a reason)."""
        from workbook.insight.caseload import read_caseload
        from workbook.storage.sealed import read_identities

        key_file = identity if identity is not None else self.caseload_identity()
        identities = read_identities(key_file) if key_file is not None else None
        return read_caseload(Path(folder), identities)

    def next_session_draft(self, row: CaseloadRow) -> SessionDraft:
        """*Prepare next session pack*: prefilled from the patient's current plans and open questions."""
        from workbook.insight.next_session import session_draft

        return session_draft(row, now=self.clock(), zone=self.settings().zone)

    def write_next_session(self, draft: SessionDraft) -> Written:
        """Write the edited draft as a session pack (owner-only), checked by the session pack's own reader."""
        from workbook.core.errors import WorkbookError
        from workbook.insight.next_session import session_pack_from
        from workbook.planning.session_pack import write_session_pack

        pack = session_pack_from(draft)
        if not draft.out.strip():
            raise WorkbookError("Please give the session pack a file name, like session.toml.")
        return write_session_pack(pack, Path(draft.out.strip()).expanduser(), self.clock(), home=self.home)
