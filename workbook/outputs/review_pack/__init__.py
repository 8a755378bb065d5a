"""The review pack (patient → practitioner): HTML to read and print, `review.json`, a FHIR Bundle.

`write_review_pack` writes all three beside each other, owner-only, and encrypts each to the
practitioner's age key when one is saved in Settings (`.age` is added to each name). See
docs/review-pack.md for the files and the JSON format.
"""

from workbook.outputs.review_pack.files import PackFiles, choice_lines, pack_paths, write_review_pack
from workbook.outputs.review_pack.json_pack import PackFormatError, read_pack, read_pack_json

__all__ = ["PackFiles", "PackFormatError", "choice_lines", "pack_paths", "read_pack", "read_pack_json",
           "write_review_pack"]
