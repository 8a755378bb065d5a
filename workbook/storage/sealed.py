"""Files sealed to a practitioner's age key: encrypt a review pack, open one with an identity file.

The format is age's (https://age-encryption.org/v1), written by `pyrage`, so the standard
`age -d -i key.txt FILE.age` opens what Workbook seals, and Workbook opens what `age` seals.
A practitioner makes their key with `age-keygen -o key.txt` and gives the patient the
"public key: age1..." line; the identity file never leaves the practitioner's computer.
"""

from __future__ import annotations

from pathlib import Path

from workbook.core.errors import WorkbookError
from workbook.core.inputs import shown_path

AGE_SUFFIX = ".age"
AGE_HEADER = b"age-encryption.org/v1\n"
ARMOR_HEADER = b"-----BEGIN AGE ENCRYPTED FILE-----"


class SealError(WorkbookError):
    """A key that does not fit, or a sealed file that cannot be opened with the key given."""


def check_recipient(text: str) -> str:
    """The recipient cleaned of spaces, or SealError saying plainly what is wrong with it."""
    import pyrage

    key = text.strip()
    if key.upper().startswith("AGE-SECRET-KEY-"):
        raise SealError("That is a secret key, which stays with your practitioner; "
                        "the key to save is their public key, starting age1.")
    if not key.startswith("age1"):
        raise SealError("A practitioner's key starts with age1 (the 'public key' line of their key file).")
    try:
        pyrage.x25519.Recipient.from_str(key)
    except pyrage.RecipientError:
        raise SealError("That is not a whole age key: a letter may be missing or mistyped. "
                        "Please copy the 'public key: age1...' line again.") from None
    return key


def seal(data: bytes, recipient: str) -> bytes:
    """`data` encrypted to one age recipient (binary age format)."""
    import pyrage

    return pyrage.encrypt(data, [pyrage.x25519.Recipient.from_str(check_recipient(recipient))])


def is_sealed(data: bytes) -> bool:
    return data.startswith(AGE_HEADER) or data.lstrip().startswith(ARMOR_HEADER)


def read_identities(path: Path) -> list[object]:
    """The secret keys in an age identity file (as `age-keygen -o` writes it)."""
    import pyrage

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SealError(f"The key file {shown_path(path)} cannot be read ({getattr(exc, 'strerror', None) or 'not text'}).") from None
    keys = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("AGE-SECRET-KEY-"):
            try:
                keys.append(pyrage.x25519.Identity.from_str(line))
            except pyrage.IdentityError:
                raise SealError(f"The key file {shown_path(path)} holds a secret key that is damaged.") from None
    if not keys:
        raise SealError(f"{shown_path(path)} is not an age key file: it has no line starting AGE-SECRET-KEY-.")
    return keys


def unseal(data: bytes, identity_file: Path, *, name: str = "This file") -> bytes:
    """Decrypt an age file with the keys in `identity_file`; one plain line if it cannot be."""
    import pyrage

    identities = read_identities(identity_file)
    if not is_sealed(data):
        raise SealError(f"{name} is not encrypted with age.")
    try:
        return pyrage.decrypt(data, identities)
    except pyrage.DecryptError as exc:
        if "no matching keys" in str(exc).lower():
            raise SealError(f"{name} was encrypted for a different key, not the one in {shown_path(identity_file)}.") from None
        raise SealError(f"{name} is damaged or cut short and cannot be decrypted.") from None


def open_file(path: Path, identity_file: Path | None) -> bytes:
    """A file's bytes, decrypted first when it is sealed (an identity file is then needed)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SealError(f"{shown_path(path)} cannot be read ({exc.strerror}).") from None
    if not is_sealed(data):
        return data
    if identity_file is None:
        raise SealError(f"{shown_path(path)} is encrypted; give your age key file to open it.")
    return unseal(data, identity_file, name=shown_path(path))
