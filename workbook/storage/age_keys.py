"""A practitioner's age key: made, read, and used to open review packs patients encrypted to it.

Patients encrypt a review pack to the practitioner's `age1…` recipient (the public half). The
practitioner keeps the identity file (the secret half) in the same form `age-keygen` writes, so
the standard `age -d -i FILE` opens the same packs Workbook does. A made identity file is
owner-only and never replaces an existing file: a lost key cannot be brought back.
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

__all__ = ["AGE_HEADERS", "IdentityError", "SealedError", "is_sealed", "make_identity", "open_sealed",
           "read_identities"]

AGE_HEADERS = (b"age-encryption.org/v1\n", b"-----BEGIN AGE ENCRYPTED FILE-----")
SECRET_PREFIX = "AGE-SECRET-KEY-1"
IDENTITY_LIMIT = 64 * 1024  # an identity file holds a few lines; anything bigger is not one


class IdentityError(WorkbookError):
    """The identity file cannot be used (missing, unreadable, holds no key, already exists)."""


class SealedError(WorkbookError):
    """An encrypted file this identity cannot open; the message says why in a few words."""


def read_identities(path: Path) -> list[pyrage.x25519.Identity]:
    """Every `AGE-SECRET-KEY-1…` line of an identity file, as age itself reads one."""
    where = shown_path(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(IDENTITY_LIMIT + 1)
    except FileNotFoundError:
        raise IdentityError(f"The identity file {where} does not exist; make one with "
                            "'workbook caseload --new-identity FILE'.") from None
    except IsADirectoryError:
        raise IdentityError(f"The identity file {where} is a folder; please give the key file inside it.") from None
    except OSError as exc:
        raise IdentityError(f"The identity file {where} cannot be read: {exc.strerror or exc}.") from None
    if len(raw) > IDENTITY_LIMIT:
        raise IdentityError(f"{where} is far too big to be an age identity file.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise IdentityError(f"{where} is not an age identity file (it is not text).") from None
    identities = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not line.upper().startswith(SECRET_PREFIX):
            raise IdentityError(f"{where} line {number} is not an age secret key (it should start "
                                f"{SECRET_PREFIX}); is this the public key or another file?")
        try:
            identities.append(pyrage.x25519.Identity.from_str(line.upper()))
        except pyrage.IdentityError:
            raise IdentityError(f"{where} line {number} is not a whole age secret key (it may be cut short).") from None
    if not identities:
        raise IdentityError(f"{where} holds no age secret key (a line starting {SECRET_PREFIX}).")
    return identities


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


def is_sealed(data: bytes) -> bool:
    """Does `data` start as an age file does (binary or armored)?"""
    return data.lstrip()[:40].startswith(AGE_HEADERS)


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
