"""A practitioner's age identity: made inside Workbook, and used to open a whole folder of packs.

Patients seal a review pack to the practitioner's `age1…` recipient (`storage.sealed`). The
identity file made here is the same as `age-keygen` writes, so the standard `age -d -i FILE`
opens the same packs; it is owner-only and never replaces a file (a lost key cannot be
brought back). `open_sealed` takes identities read once (`sealed.read_identities`) for the
whole caseload, and says in a few words, for the file's own row, why one cannot be opened.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

import pyrage

from workbook.core.errors import WorkbookError
from workbook.core.inputs import shown_path
from workbook.storage.atomic import fsync_folder
from workbook.storage.sealed import is_sealed

__all__ = ["IdentityError", "SealedError", "make_identity", "open_sealed"]


class IdentityError(WorkbookError):
    """A new identity file cannot be made (it exists already, or its folder does not)."""


class SealedError(WorkbookError):
    """An encrypted file this identity cannot open; the message says why in a few words."""


def make_identity(path: Path, *, now: datetime) -> str:
    """Write a new identity file (0600, never over an existing file) and return its `age1…` recipient."""
    where = shown_path(path)
    if not path.parent.is_dir():
        raise IdentityError(f"The folder {shown_path(path.parent)} does not exist.")
    identity = pyrage.x25519.Identity.generate()
    recipient = str(identity.to_public())
    created = now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")  # as age-keygen writes it
    body = f"# created: {created}\n# public key: {recipient}\n{identity}\n".encode("ascii")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        raise IdentityError(f"{where} already exists; Workbook never replaces a key file. "
                            "Choose another name, or use the key you have.") from None
    except OSError as exc:
        raise IdentityError(f"Could not make {where}: {exc.strerror or exc}.") from None
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        os.write(fd, body)
        os.fsync(fd)
    except OSError as exc:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise IdentityError(f"Could not write {where}: {exc.strerror or exc}.") from None
    os.close(fd)
    fsync_folder(path.parent)
    return recipient


def open_sealed(data: bytes, identities: Sequence[pyrage.x25519.Identity] | None) -> bytes:
    """The plaintext of an age file, or a SealedError saying in a few words why it cannot be opened."""
    if not is_sealed(data):
        raise SealedError("not an age-encrypted file, though its name ends .age")
    if not identities:
        raise SealedError("encrypted; give your identity file with --identity FILE to open it")
    try:
        return pyrage.decrypt(data, list(identities))
    except pyrage.DecryptError as exc:
        if b"-> scrypt" in data[:400]:
            raise SealedError("encrypted with a passphrase, not to your key; ask for it again "
                              "encrypted to your age1… recipient") from None
        if "no matching keys" in str(exc).lower():
            raise SealedError("encrypted to a different key than your identity file; ask for it again "
                              "encrypted to your age1… recipient") from None
        raise SealedError("the encrypted file is damaged or cut short; ask for it again") from None
