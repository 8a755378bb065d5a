"""Where a review pack's files go and how they are written (owner-only; sealed when a key is saved).

`--out NAME` (or `NAME.html`; a folder means `FOLDER/review-pack-YYYY-MM-DD`) writes `NAME.html`, `NAME.json` and `NAME.fhir.json`; sealed to the
practitioner's key they are `NAME.html.age`, `NAME.json.age` and `NAME.fhir.json.age`. Without
`--out`, NAME is `<home>/reports/review-pack-YYYY-MM-DD`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.core.errors import WorkbookError
from workbook.core.times import zone

if TYPE_CHECKING:
    from workbook.core.model import Settings
    from workbook.core.suggestions import DeclinedSuggestion
    from workbook.facade.workbook import Workbook
    from workbook.insight.review_pack import Included, ReviewPack

SUFFIXES = (".html", ".json", ".fhir.json")


@dataclass(frozen=True)
class PackFiles:
    """The files written, in the order HTML, JSON, FHIR; `sealed` when each is age-encrypted."""

    paths: tuple[Path, ...]
    sealed: bool
    pack: ReviewPack

    @property
    def html(self) -> Path:
        return self.paths[0]

    @property
    def json(self) -> Path:
        return self.paths[1]

    @property
    def fhir(self) -> Path:
        return self.paths[2]


def pack_paths(out: str | Path, *, sealed: bool = False) -> tuple[Path, ...]:
    """The three file names for `--out` (a trailing .html, .json or .age is not doubled)."""
    if str(out).strip() in ("-", "/dev/stdout"):
        raise WorkbookError("A review pack is three files, so it cannot go to the screen; please give a file name.")
    if str(out).endswith(("/", "\\")):
        raise WorkbookError(f"The folder {out} does not exist; please give the review pack a file name, "
                            "like review-pack.html, in a folder that does.")
    text = str(Path(out).expanduser())
    for ending in (".age", ".fhir.json", ".html", ".json"):
        if text.endswith(ending) and len(text) > len(ending):
            text = text[: -len(ending)]
    if not Path(text).name:
        raise WorkbookError("Please give the review pack a file name, like review-pack.html.")
    return tuple(Path(text + s + (".age" if sealed else "")) for s in SUFFIXES)


def default_out(workbook: Workbook, now: datetime) -> Path:
    from workbook.storage.layout import REPORTS_DIR, private_subdir

    day = now.astimezone(zone(workbook.settings().zone)).date().isoformat()
    return private_subdir(workbook.home, REPORTS_DIR) / f"review-pack-{day}"


def renderers() -> tuple[Callable[[ReviewPack], str], ...]:
    """HTML, JSON and FHIR text for a pack, in `SUFFIXES` order (each loaded only when writing)."""
    from workbook.outputs.review_pack.fhir import pack_fhir
    from workbook.outputs.review_pack.html import pack_html
    from workbook.outputs.review_pack.json_pack import pack_json

    return (pack_html, pack_json, pack_fhir)


def write_review_pack(workbook: Workbook, *, now: datetime, out: str | Path | None = None,
                      included: Included | None = None, declined: Sequence[DeclinedSuggestion] | None = None,
                      seal: bool = True) -> PackFiles:
    """Write the pack's three files; encrypted to the saved practitioner key unless `seal` is False."""
    from workbook.storage.outfiles import write_output
    from workbook.storage.sealed import seal as seal_to

    pack = workbook.review_pack(now, included=included, declined=declined)
    key = workbook.settings().practitioner_key if seal else ""
    if out is None:
        out = default_out(workbook, now)
    elif Path(out).expanduser().is_dir():  # a folder: the files go inside it, named for the day
        out = Path(out).expanduser() / default_out(workbook, now).name
    paths = pack_paths(out, sealed=bool(key))
    for path, render in zip(paths, renderers(), strict=True):
        data = render(pack).encode("utf-8")
        write_output(path, seal_to(data, key) if key else data, home=workbook.home)
    return PackFiles(paths, bool(key), pack)


def choice_lines(settings: Settings) -> list[str]:
    """What goes in, what is left out, whether it is encrypted, and how to change it (shown before writing)."""
    from workbook.content.copy import text
    from workbook.insight.review_pack import Included

    chosen = Included.from_settings(settings).as_dict()
    names = {k: text(f"review_pack.choice_names.{k}") for k in chosen}
    lines = [text("review_pack.always_line")]
    if any(chosen.values()):
        lines.append(text("review_pack.included_line", items="; ".join(names[k] for k, v in chosen.items() if v)))
    if not all(chosen.values()):
        lines.append(text("review_pack.excluded_line", items="; ".join(names[k] for k, v in chosen.items() if not v)))
    key = settings.practitioner_key
    lines.append(text("review_pack.sealed_line", recipient=f"{key[:10]}…{key[-6:]}") if key else text("review_pack.plain_line"))
    lines.append(text("review_pack.change_line"))
    return lines
