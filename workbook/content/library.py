"""The exercise library: the built-in exercises plus a home's own and any pack folders.

A bad file never stops the rest loading: it is skipped with a warning naming the file,
the field and the problem (`exercises --check` lists every one).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from workbook.content.exercises import BUILT_IN, TECHNIQUES, Exercise, ExerciseFileError, load_exercise_file
from workbook.content.fields import Problem
from workbook.content.paths import content_dir

_BUILT_IN_CACHE: dict[Path, tuple[int, int, Exercise | ExerciseFileError]] = {}


def _load_built_in(path: Path) -> Exercise:
    """Load a shipped file once per process (per mtime and size); `.source` is 'built-in'."""
    stat = path.stat()
    cached = _BUILT_IN_CACHE.get(path)
    if cached is None or cached[:2] != (stat.st_mtime_ns, stat.st_size):
        try:
            result: Exercise | ExerciseFileError = dataclasses.replace(load_exercise_file(path),
                                                                       source=BUILT_IN)
        except ExerciseFileError as err:
            result = err
        cached = (stat.st_mtime_ns, stat.st_size, result)
        _BUILT_IN_CACHE[path] = cached
    if isinstance(cached[2], ExerciseFileError):
        raise ExerciseFileError(cached[2].path, cached[2].problems)
    return cached[2]


def _scan(folder: Path, load: Callable[[Path], Exercise]) -> tuple[list[Exercise], list[ExerciseFileError]]:
    exercises: list[Exercise] = []
    errors: list[ExerciseFileError] = []
    first: dict[str, Path] = {}
    for path in sorted(p for p in Path(folder).glob("*.toml") if p.is_file()):
        try:
            exercise = load(path)
        except ExerciseFileError as err:
            errors.append(err)
            continue
        except Exception as err:  # noqa: BLE001 - one file never stops the rest loading
            errors.append(ExerciseFileError(path, [Problem("", f"could not be loaded ({type(err).__name__}); "
                                                               "the file looks damaged")]))
            continue
        if exercise.id in first:
            errors.append(ExerciseFileError(path, [Problem(
                "id", f"id '{exercise.id}' is already used by {first[exercise.id].name} in this folder; "
                      "this file was skipped")]))
            continue
        first[exercise.id] = path
        exercises.append(exercise)
    return exercises, errors


def check_folder(folder: Path) -> tuple[list[Exercise], list[ExerciseFileError]]:
    """Load every *.toml in `folder` (sorted by name): the good exercises and the bad files.

    A second file reusing an id already seen in the folder is reported as an error.
    Raises NotADirectoryError if `folder` is not a folder.
    """
    if not Path(folder).is_dir():
        raise NotADirectoryError(f"{folder}: not an exercise folder")
    return _scan(Path(folder), load_exercise_file)


class ExerciseLibrary:
    """All exercises available: built-ins, then the user's pack, then extra folders.

    A later file with the same id replaces an earlier one. Bad files never stop loading:
    they are skipped and described in `warnings` (one line per problem) and `errors`.
    """

    def __init__(self) -> None:
        self._by_id: dict[str, Exercise] = {}
        self.warnings: list[str] = []
        self.errors: list[ExerciseFileError] = []
        self.overridden: dict[str, list[Exercise]] = {}

    @classmethod
    def load(cls, home: Path | None = None, extra_dirs: Sequence[Path] = ()) -> ExerciseLibrary:
        library = cls()
        try:
            built_in = content_dir("exercises")
        except FileNotFoundError as err:
            library.warnings.append(str(err))
        else:
            library._add(*_scan(built_in, _load_built_in))
        # the home's own files, then a joined study's (`workbook study join` copies them there)
        folders = [Path(home) / "exercises", Path(home) / "study" / "exercises"] if home is not None else []
        for folder in folders:
            if folder.is_dir():
                library._add(*check_folder(folder))
        for folder in map(Path, extra_dirs):
            if folder.is_dir():
                library._add(*check_folder(folder))
            else:
                library.warnings.append(f"{folder}: exercise folder not found")
        return library

    def _add(self, exercises: list[Exercise], errors: list[ExerciseFileError]) -> None:
        for exercise in exercises:
            if exercise.id in self._by_id:
                self.overridden.setdefault(exercise.id, []).append(self._by_id[exercise.id])
            self._by_id[exercise.id] = exercise
        self.errors.extend(errors)
        for err in errors:
            self.warnings.extend(err.lines())

    def get(self, exercise_id: str) -> Exercise:
        try:
            return self._by_id[exercise_id]
        except KeyError:
            raise KeyError(f"no exercise with id {exercise_id!r} "
                           f"(known: {', '.join(sorted(self._by_id)) or 'none'})") from None

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.all())

    def all(self) -> list[Exercise]:
        """Every exercise, ordered by technique (TECHNIQUES order), then title."""
        return sorted(self._by_id.values(),
                      key=lambda e: (TECHNIQUES.index(e.technique), e.title.casefold(), e.id))

    def by_technique(self) -> dict[str, list[Exercise]]:
        """Techniques in TECHNIQUES order (only those with exercises) -> their exercises."""
        groups: dict[str, list[Exercise]] = {}
        for exercise in self.all():
            groups.setdefault(exercise.technique, []).append(exercise)
        return groups
