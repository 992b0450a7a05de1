"""The ordered list of exercises, read from info.toml into typed values and checked field by field."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from checker.course import EXERCISE_NAME, Course, Track, default_file_name, exercise_files

FORMAT_VERSION = 1
DOTTED_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")
EXPECT_PATTERN = re.compile(r"test|[a-z][a-z0-9-]*")
GUARD_RULES = frozenset(
    {
        "overload",
        "type-guard",
        "dunder-method",
        "type-ignore",
        "mypy-comment",
        "any",
        "cast",
        "no-type-check",
        "type-checking",
        "rebind",
        "exit",
    }
)
"""Guard rules an exercise may lift with `allow` (the lesson itself is about that construct)."""
ENTRY_FIELDS = frozenset(
    {
        "name",
        "dir",
        "file",
        "test",
        "concept",
        "hint",
        "expect",
        "allow",
        "imports",
        "forbid",
        "runtime_only",
        "tiny_ml",
    }
)
"""Every field an entry may have: a misspelt optional field must not be silently ignored."""


class CatalogError(Exception):
    """Raised for an info.toml that cannot be used, naming the entry and field at fault."""


@dataclass(frozen=True)
class Exercise:
    """One catalog entry with the absolute paths of its files."""

    track: Track
    name: str
    dir: str
    file: str
    test: bool
    concept: str
    hints: tuple[str, ...]
    expect: str
    allow: frozenset[str]
    imports: frozenset[str]
    """Modules beyond the default allowlist that the learner's part may import."""
    forbid: frozenset[str]
    """Names the learner's part may not use: the finished answer the lesson asks them to write."""
    runtime_only: str | None
    """For an exercise first caught by a check: why no type can carry its lesson."""
    path: Path
    solution_path: Path
    pristine_path: Path
    shortcuts_path: Path
    """The folder of this exercise's shortcuts (wrong solutions the verdict must refuse)."""
    tiny_ml: str | None = None
    """Where tiny_ml does what the exercise teaches, as `module:Name` or `module:Class.method`."""

    @property
    def relative_path(self) -> str:
        """The path a learner types, relative to the course root."""
        return f"{self.track}/{self.dir}/{self.file}"


@dataclass(frozen=True)
class Catalog:
    """A track's exercises in learning order, with its welcome and final messages."""

    track: Track
    welcome_message: str
    final_message: str
    exercises: tuple[Exercise, ...]

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises)

    def __len__(self) -> int:
        return len(self.exercises)

    def names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.exercises)

    def get(self, name: str) -> Exercise | None:
        return next((e for e in self.exercises if e.name == name), None)

    def index_of(self, name: str) -> int:
        return self.names().index(name)


def _field(entry: Mapping[str, object], where: str, key: str, kind: type[object]) -> object:
    if key not in entry:
        raise CatalogError(f"{where}: missing field `{key}`")
    value = entry[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise CatalogError(f"{where}: field `{key}` must be a {kind.__name__}, got {value!r}")
    return value


def _text(entry: Mapping[str, object], where: str, key: str) -> str:
    value = _field(entry, where, key, str)
    assert isinstance(value, str)
    if not value.strip():
        raise CatalogError(f"{where}: field `{key}` must not be empty")
    return value


def _hints(entry: Mapping[str, object], where: str) -> tuple[str, ...]:
    raw = entry.get("hint")
    levels = [raw] if isinstance(raw, str) else raw
    if not isinstance(levels, list) or not levels:
        raise CatalogError(f"{where}: field `hint` must be a string or a non-empty list of strings")
    hints: list[str] = []
    for level in levels:
        if not isinstance(level, str) or not level.strip():
            raise CatalogError(f"{where}: field `hint` has an empty or non-string level")
        hints.append(level.strip())
    return tuple(hints)


def _allow(entry: Mapping[str, object], where: str) -> frozenset[str]:
    raw = entry.get("allow", [])
    if not isinstance(raw, list) or not all(isinstance(rule, str) for rule in raw):
        raise CatalogError(f"{where}: field `allow` must be a list of guard rule names")
    unknown = sorted({str(rule) for rule in raw} - GUARD_RULES)
    if unknown:
        known = ", ".join(sorted(GUARD_RULES))
        raise CatalogError(
            f"{where}: field `allow` names unknown rule(s) {unknown}; known: {known}"
        )
    return frozenset(str(rule) for rule in raw)


def _names(entry: Mapping[str, object], where: str, key: str) -> frozenset[str]:
    raw = entry.get(key, [])
    if not isinstance(raw, list) or not all(
        isinstance(item, str) and DOTTED_NAME.fullmatch(item) for item in raw
    ):
        raise CatalogError(f"{where}: field `{key}` must be a list of (dotted) Python names")
    return frozenset(str(item) for item in raw)


def _exercise(course: Course, track: Track, entry: object, index: int) -> Exercise:
    where = f"exercise #{index + 1}"
    if not isinstance(entry, dict):
        raise CatalogError(f"{where}: must be a table")
    name = _text(entry, where, "name")
    where = f"exercise #{index + 1} ({name})"
    if not EXERCISE_NAME.fullmatch(name):
        raise CatalogError(f"{where}: field `name` must match {EXERCISE_NAME.pattern}")
    for key in sorted(set(entry) - ENTRY_FIELDS):
        close = difflib.get_close_matches(key, sorted(ENTRY_FIELDS), n=1)
        suggestion = f"; did you mean `{close[0]}`?" if close else ""
        raise CatalogError(f"{where}: field `{key}` is not a catalog field{suggestion}")
    folder = _text(entry, where, "dir")
    if "/" in folder or "\\" in folder or folder.startswith("."):
        raise CatalogError(f"{where}: field `dir` must be one folder name, got {folder!r}")
    file = entry.get("file", default_file_name(name))
    if not isinstance(file, str) or not re.fullmatch(r"[A-Za-z0-9_]+\.py", file):
        raise CatalogError(f"{where}: field `file` must be a plain .py file name, got {file!r}")
    test = _field(entry, where, "test", bool)
    expect = _text(entry, where, "expect")
    if not EXPECT_PATTERN.fullmatch(expect):
        raise CatalogError(f"{where}: field `expect` must be a mypy error code or `test`")
    runtime_only = _text(entry, where, "runtime_only") if "runtime_only" in entry else None
    in_tiny_ml = _text(entry, where, "tiny_ml") if "tiny_ml" in entry else None
    files = exercise_files(course, track, folder, name, file)
    return Exercise(
        track=track,
        name=name,
        dir=folder,
        file=file,
        test=bool(test),
        concept=_text(entry, where, "concept"),
        hints=_hints(entry, where),
        expect=expect,
        allow=_allow(entry, where),
        imports=_names(entry, where, "imports"),
        forbid=_names(entry, where, "forbid"),
        runtime_only=runtime_only,
        path=files.path,
        solution_path=files.solution,
        pristine_path=files.pristine,
        shortcuts_path=files.shortcuts,
        tiny_ml=in_tiny_ml,
    )


def parse_catalog(text: str, path: Path) -> dict[str, object]:
    """A catalog's TOML as a table; `path` only names it in the error."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{path}: not valid TOML: {error}") from None


def read_catalog(path: Path) -> dict[str, object]:
    """A catalog file's TOML as a table, unvalidated: the one place a catalog file is read."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogError(f"{path}: the catalog is missing") from None
    except UnicodeDecodeError as error:
        raise CatalogError(f"{path}: not valid TOML: {error}") from None
    return parse_catalog(text, path)


def entry_names(data: dict[str, object], path: Path) -> frozenset[str]:
    """The names a catalog's entries claim, whether or not their other fields are valid yet:
    `dev new` must not reuse a name from a catalog its author is still fixing."""
    entries = data.get("exercises", [])
    if not isinstance(entries, list):
        raise CatalogError(f"{path}: `exercises` must be an array of tables")
    return frozenset(str(entry.get("name")) for entry in entries if isinstance(entry, dict))


def load_catalog(course: Course, track: Track = "exercises") -> Catalog:
    """Read and validate a track's info.toml; any problem is one CatalogError naming its place."""
    path = course.catalog_path(track)
    data = read_catalog(path)
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise CatalogError(f"{path}: format_version must be {FORMAT_VERSION}, got {version!r}")
    entries = data.get("exercises")
    if not isinstance(entries, list) or not entries:
        raise CatalogError(f"{path}: needs at least one [[exercises]] entry")
    try:
        exercises = tuple(_exercise(course, track, e, i) for i, e in enumerate(entries))
        welcome = _text(data, "the catalog", "welcome_message")
        final = _text(data, "the catalog", "final_message")
    except CatalogError as error:
        raise CatalogError(f"{path}: {error}") from None
    seen: set[str] = set()
    for exercise in exercises:
        if exercise.name in seen:
            raise CatalogError(f"{path}: exercise {exercise.name}: the name is used twice")
        seen.add(exercise.name)
    return Catalog(track, welcome.strip(), final.strip(), exercises)
