"""Study packs: one `study.toml` a research team hands out, read and checked here.

A pack sets the study id, the exercises offered (built-in ids plus exercise files
shipped beside it), the questionnaire cadence, reminder defaults, the prompt a
participant sees and the consent wording (with its version). `docs/study-pack.md`
describes the format. Every problem is one line naming the field; nothing is
applied until the whole pack is good.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any

from workbook.content.exercises import Exercise, ExerciseFileError, load_exercise_file
from workbook.content.toml_files import TomlLimitError, parse_limited, read_limited
from workbook.core.errors import WorkbookError

MEASURE_IDS = ("phq9", "gad7", "wsas")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")  # ids a participant or study may have (as research on)
_EXERCISE_ID = re.compile(r"^[a-z][a-z0-9_-]{0,47}$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
SECTIONS = {
    "study": {"id", "title"},
    "exercises": {"offered", "files"},
    "questionnaires": {"measures", "every_days"},
    "reminders": {"lead_minutes", "quiet_start", "quiet_end"},
    "participant": {"prompt", "id_pattern"},
    "consent": {"version", "text"},
}
REQUIRED = ("study.id", "exercises.offered", "participant.prompt", "consent.version", "consent.text")


@dataclass(frozen=True)
class StudyPack:
    id: str
    title: str
    offered: tuple[str, ...]  # exercise ids, built-in or from `files`
    files: tuple[Path, ...]  # the pack's own exercise files (absolute)
    shipped: tuple[Exercise, ...]  # those files, parsed
    measures: tuple[str, ...]
    every_days: int
    lead_minutes: int | None
    quiet_start: time | None
    quiet_end: time | None
    prompt: str
    id_pattern: str
    consent_version: str
    consent_text: str
    source: Path

    @property
    def consent_digest(self) -> str:
        """A fingerprint of the exact wording agreed, so a changed text under the same version shows."""
        return hashlib.sha256(self.consent_text.encode("utf-8")).hexdigest()

    def participant_problem(self, participant: str) -> str | None:
        if not CODE.match(participant):
            return "must be a short code (letters, digits, '.', '_' or '-'), like P-017"
        if self.id_pattern and not re.fullmatch(self.id_pattern, participant):
            return f"does not look like this study's participant IDs (the pattern is {self.id_pattern})"
        return None


class StudyPackError(WorkbookError):
    """A study pack that cannot be used; one line per problem, each naming its field."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(str(path))

    def lines(self) -> list[str]:
        return [f"{self.path}: {p}" for p in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())


def load_pack(path: Path, known_exercises: set[str]) -> StudyPack:
    """Read and check `path`; `known_exercises` are the built-in ids. StudyPackError lists every problem."""
    path = Path(path)
    try:
        raw = read_limited(path)
    except TomlLimitError as err:
        raise StudyPackError(path, [f"the file looks damaged: {err}"]) from None
    except OSError as err:
        raise StudyPackError(path, [f"could not read the file: {err.strerror or err}"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StudyPackError(path, ["the file is not UTF-8 text; save it as UTF-8"]) from None
    return parse_pack(text, path, known_exercises)


def parse_pack(text: str, path: Path, known_exercises: set[str]) -> StudyPack:
    """The pack in `text` (its exercise files are found beside `path`). Never raises anything but StudyPackError."""
    try:
        data = parse_limited(text)
    except tomllib.TOMLDecodeError as err:
        raise StudyPackError(path, [f"not valid TOML: {err}"]) from None
    reader = _Reader(data)
    pack = reader.pack(Path(path), known_exercises)
    if reader.problems or pack is None:
        raise StudyPackError(path, reader.problems)
    return pack


class _Reader:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def get(self, dotted: str) -> Any:
        section, key = dotted.split(".")
        table = self.data.get(section)
        return table.get(key) if isinstance(table, dict) else None

    def text(self, dotted: str, max_len: int, *, required: bool = False) -> str:
        value = self.get(dotted)
        if value is None:
            if required:
                self.add(dotted, "is missing")
            return ""
        if not isinstance(value, str):
            self.add(dotted, f"must be text, not {_kind(value)}")
            return ""
        if required and not value.strip():
            self.add(dotted, "must not be empty")
        if len(value) > max_len:
            self.add(dotted, f"is too long ({len(value)} characters; at most {max_len})")
        return value.strip()

    def integer(self, dotted: str, low: int, high: int) -> int | None:
        value = self.get(dotted)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(dotted, f"must be a whole number, not {_kind(value)}")
            return None
        if not low <= value <= high:
            self.add(dotted, f"must be from {low} to {high}, not {value}")
            return None
        return value

    def clock(self, dotted: str) -> time | None:
        value = self.get(dotted)
        if value is None:
            return None
        found = _TIME.match(value) if isinstance(value, str) else None
        if found is None:
            self.add(dotted, f"must be a time like \"21:30\", not {value!r}")
            return None
        return time(int(found[1]), int(found[2]))

    def strings(self, dotted: str, *, required: bool = False) -> list[str]:
        value = self.get(dotted)
        if value is None:
            if required:
                self.add(dotted, "is missing")
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(dotted, "must be a list of text, like [\"a\", \"b\"]")
            return []
        return value

    def shape(self) -> None:
        for section, value in self.data.items():
            if section not in SECTIONS:
                self.add(section, f"is not a study pack section (the sections are {', '.join(SECTIONS)})")
            elif not isinstance(value, dict):
                self.add(section, "must be a table ([" + section + "])")
            else:
                for key in value:
                    if key not in SECTIONS[section]:
                        self.add(f"{section}.{key}", f"is not known (in [{section}]: {', '.join(sorted(SECTIONS[section]))})")

    def pack(self, path: Path, known: set[str]) -> StudyPack | None:
        self.shape()
        study_id = self.text("study.id", 64, required=True)
        if study_id and not CODE.match(study_id):
            self.add("study.id", f"{study_id!r} must be a short code (letters, digits, '.', '_' or '-'), like S-1")
        title = self.text("study.title", 200)
        files, shipped = self.exercise_files(path.parent)
        offered = self.strings("exercises.offered", required=True)
        available = known | {e.id for e in shipped}
        for i, item in enumerate(offered, 1):
            if not _EXERCISE_ID.match(item):
                self.add(f"exercises.offered[{i}]", f"{item!r} is not an exercise id")
            elif item not in available:
                self.add(f"exercises.offered[{i}]", f"{item!r} is neither a built-in exercise nor one of the pack's files (a file with problems is not counted)")
        if self.get("exercises.offered") is not None and not offered and isinstance(self.get("exercises.offered"), list):
            self.add("exercises.offered", "must offer at least one exercise")
        if len(set(offered)) != len(offered):
            self.add("exercises.offered", "names an exercise twice")
        measures = self.strings("questionnaires.measures")
        for i, item in enumerate(measures, 1):
            if item not in MEASURE_IDS:
                self.add(f"questionnaires.measures[{i}]", f"{item!r} is not one of {', '.join(MEASURE_IDS)}")
        every = self.integer("questionnaires.every_days", 1, 90)
        lead = self.integer("reminders.lead_minutes", 0, 1440)
        quiet_start, quiet_end = self.clock("reminders.quiet_start"), self.clock("reminders.quiet_end")
        if (self.get("reminders.quiet_start") is None) != (self.get("reminders.quiet_end") is None):
            self.add("reminders.quiet_end", "quiet hours need both quiet_start and quiet_end")
        prompt = self.text("participant.prompt", 1000, required=True)
        pattern = self.text("participant.id_pattern", 200)
        if pattern:
            try:
                re.compile(pattern)
            except re.error as err:
                self.add("participant.id_pattern", f"is not a pattern Workbook can read ({err})")
        version = self.text("consent.version", 40, required=True)
        if version and not CODE.match(version):
            self.add("consent.version", f"{version!r} must be a short code, like 2.1")
        consent = self.text("consent.text", 20000, required=True)
        if self.problems:
            return None
        return StudyPack(study_id, title, tuple(offered), tuple(files), tuple(shipped), tuple(measures or MEASURE_IDS),
                         every or 7, lead, quiet_start, quiet_end, prompt, pattern, version, consent, path)

    def exercise_files(self, folder: Path) -> tuple[list[Path], list[Exercise]]:
        """The pack's exercise files, each checked as `exercises --check` checks one."""
        files: list[Path] = []
        shipped: list[Exercise] = []
        seen: dict[str, str] = {}
        for i, name in enumerate(self.strings("exercises.files"), 1):
            where = f"exercises.files[{i}]"
            relative = Path(name)
            if relative.is_absolute() or ".." in relative.parts or relative.suffix != ".toml":
                self.add(where, f"{name!r} must be a .toml file inside the pack's folder")
                continue
            target = folder / relative
            if not target.is_file():
                self.add(where, f"{name!r} is not there (looked in {folder})")
                continue
            try:
                exercise = load_exercise_file(target)
            except ExerciseFileError as err:
                for problem in err.problems:
                    self.add(where, f"{name}: {problem}")
                continue
            if exercise.id in seen:
                self.add(where, f"{name} uses the id '{exercise.id}' that {seen[exercise.id]} uses")
                continue
            seen[exercise.id] = name
            files.append(target)
            shipped.append(exercise)
        return files, shipped


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "text"
