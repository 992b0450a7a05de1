"""The authoring kit: `dev new exercise` and `dev new challenge` write a complete broken file.

A scaffold is not an empty template. It writes a small exercise that really fails with the
code its catalog entry declares, a solution that really passes, the pristine copy and the
catalog entry, so `typed-ai-rustlings dev check` runs on it at once and the author replaces
working content instead of filling in blanks. Every check runs before the first write, so a
refused name leaves the course untouched.
"""

from __future__ import annotations

import argparse
import keyword
import re
import sys
from pathlib import Path
from typing import TextIO

from checker.atomic import write_atomically
from checker.catalog import CatalogError, entry_names, parse_catalog, read_catalog
from checker.course import (
    CATALOG_FILE_NAME,
    EXERCISE_NAME,
    MARKER,
    Course,
    Track,
    exercise_files,
    is_course_root,
)

TOPIC_PATTERN = re.compile(r"[a-z0-9][a-z0-9_]*")
"""A topic folder such as `07_training`: it may start with its number."""

MAX_NAME_LENGTH = 40
"""Long enough for a paper's idea, short enough for the generated lines to stay under 100."""

PLACEHOLDER_EXPECT = "return-value"
"""The mypy code the scaffolded file fails with: a raw index returned where a TokenId is due."""

CHALLENGE_FILE = "challenge.py"

_CHALLENGES_HEADER = '''format_version = 1

welcome_message = """
Paper to Python: each challenge turns one idea of one paper into a typed boundary.
"""

final_message = """
Every challenge passes.
"""
'''

_EXERCISE_DOC = '''"""{name}: placeholder lesson; replace this line with the real one.

Replace these sentences with two or three plain ones: the ML meaning of the boundary and what
to change. Until then the file is a complete broken exercise, so `dev check` runs on it: a
function that promises a TokenId returns the raw index instead.
"""
'''

_CHALLENGE_DOC = '''"""{name}: placeholder claim; replace it with the paper's, as a type.

Paper: replace with the authors, the title and the arXiv id. Then two or three plain
sentences: the one idea, the boundary that carries it, and what the learner changes. Until
then the file is a complete broken challenge, so `dev check` runs on it.
"""
'''

_BODY = """
from tiny_ml.domain import TokenId


def first_token(tokens: tuple[TokenId, ...]) -> TokenId:
    \"\"\"The token at position 0 of a non-empty sequence.\"\"\"
{todo}    return tokens[0]{broken}


{marker}


def test_first_token_is_the_token_itself() -> None:
    assert first_token((TokenId(2), TokenId(5))) == TokenId(2), "the first token is TokenId(2)"


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    first_token((2, 5))  # type: ignore[arg-type]
"""

_TODO = ""
"""The broken placeholder states no edit: the learner meets the lesson in mypy's message."""

_SHORTCUT_DOC = '''"""Promises an int so the raw index type-checks (the verdict must refuse this)."""
'''
SHORTCUT_FILE = "promises_an_int.py"

_ENTRY = """
[[exercises]]
name = "{name}"
dir = "{dir}"
{file_line}test = true
concept = "Placeholder: a function that promises a TokenId returns one, not its raw index."
hint = [
    "Placeholder: read mypy's message. What does first_token promise, and what does it return?",
    "Placeholder: `tokens[0].index` is an int; the TokenId is `tokens[0]` itself.",
    "Placeholder: return `tokens[0]`.",
]
expect = "{expect}"
"""

_INIT = '''"""{name}: placeholder; replace with the paper and its idea."""
'''

_MAIN = '''"""`python -m challenges.{name}`: run the example on challenge.py."""

from __future__ import annotations

from tiny_ml.domain import TokenId


def main() -> None:
    """Placeholder from `dev new`: build the paper's typed inputs, apply, print each value."""
    from challenges.{name} import challenge

    tokens = (TokenId(2), TokenId(5))
    print(f"first_token({{tokens!r}}) = {{challenge.first_token(tokens)!r}}")


if __name__ == "__main__":
    main()
'''

_README = """# {name}: placeholder from `dev new`, the paper's idea in a few words

**Paper:** authors, *title*, venue and year, [arXiv NNNN.NNNNN](https://arxiv.org/abs/NNNN.NNNNN).

## The one idea

One paragraph: the claim in the paper's own terms, and why it is a boundary a type can hold.

## Why this challenge breaks a type (or is a test)

Say which you chose, `expect` = a mypy code or `"test"`, and why it teaches the idea best.

## Translation ledger

| paper idea | Python handle | test or output signal |
| --- | --- | --- |

## Left out on purpose

- What the challenge leaves out, and why the idea survives without it.

## Run it

```sh
typed-ai-rustlings run {name} --track challenges
python -m challenges.{name}
```

## Share

> One or two sentences a learner would post: the paper, its arXiv id, the type. #typedai
"""


class ScaffoldError(Exception):
    """Raised when a scaffold would clash with the course or break its layout; nothing written."""


def _placeholder(doc: str, name: str, *, solved: bool) -> str:
    """The whole placeholder file: broken (TODO, raw index returned) or solved."""
    body = _BODY.format(
        todo="" if solved else _TODO,
        broken="" if solved else ".index",
        marker=MARKER,
    )
    return doc.format(name=name) + body


def _shortcut() -> str:
    """A wrong solution that widens the promise instead of returning the token."""
    broken = _BODY.format(todo=_TODO, broken=".index", marker=MARKER)
    return _SHORTCUT_DOC + broken.replace("-> TokenId:\n", "-> int:\n", 1)


def _check_name(name: str) -> None:
    """A new name is a module name (`python -m` runs a challenge), so keywords are refused too."""
    if not EXERCISE_NAME.fullmatch(name):
        raise ScaffoldError(
            f"{name!r} is not a valid name: use lower-case letters, digits and underscores, "
            "starting with a letter (for example `logits_are_not_probabilities`)"
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise ScaffoldError(f"{name!r} is a Python keyword: it cannot name a module")
    if len(name) > MAX_NAME_LENGTH:
        raise ScaffoldError(
            f"{name!r} is {len(name)} characters long: keep it to {MAX_NAME_LENGTH}"
        )


def _check_topic(topic: str) -> None:
    if not TOPIC_PATTERN.fullmatch(topic) or topic == "challenges":
        raise ScaffoldError(
            f"{topic!r} is not a valid topic folder: use lower-case letters, digits and "
            "underscores (for example `07_training`); `challenges` is the other track"
        )


def _catalog_names(catalog: Path) -> frozenset[str]:
    """The names an existing catalog already holds; a catalog that does not parse is refused."""
    try:
        return entry_names(read_catalog(catalog), catalog)
    except CatalogError as error:
        raise ScaffoldError(f"{error}: fix it first") from None


def _refuse_existing(name: str, course: Course, track: Track, paths: list[Path]) -> None:
    catalog = course.catalog_path(track)
    if catalog.exists() and name in _catalog_names(catalog):
        raise ScaffoldError(
            f"{catalog.relative_to(course.root)} already has an entry named {name!r}: "
            "choose another name"
        )
    for path in paths:
        if path.exists():
            raise ScaffoldError(
                f"{path.relative_to(course.root)} already exists: choose another name "
                "(nothing was written)"
            )


def _write_new(path: Path, text: str) -> None:
    """Create one file; its folders are made as needed and an existing file is never replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _append_entry(catalog: Path, entry: str, *, header: str | None = None) -> None:
    """Append one `[[exercises]]` table, atomically, after proving the result still parses."""
    if catalog.exists():
        current = catalog.read_text(encoding="utf-8")
    elif header is not None:
        current = header
    else:
        raise ScaffoldError(f"{catalog} is missing")
    if current and not current.endswith("\n"):
        current += "\n"
    updated = current + entry
    try:
        parse_catalog(updated, catalog)
    except CatalogError as error:  # only a catalog broken in an odd way gets here
        raise ScaffoldError(f"the new entry would break the catalog: {error}") from None
    catalog.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(catalog, updated)


def _require_course(course_root: Path) -> Course:
    if not is_course_root(course_root):
        raise ScaffoldError(
            f"{course_root} is not a course root: it has no exercises/info.toml "
            "(run the command inside the course)"
        )
    return Course(course_root)


def new_exercise(course_root: Path, name: str, topic: str) -> list[Path]:
    """Write exercise, solution, pristine copy and catalog entry; return the paths, catalog last."""
    course = _require_course(course_root)
    _check_name(name)
    _check_topic(topic)
    files = exercise_files(course, "exercises", topic, name)
    exercise, solution, pristine = files.path, files.solution, files.pristine
    shortcut = files.shortcuts / SHORTCUT_FILE
    catalog = course.catalog_path("exercises")
    _refuse_existing(name, course, "exercises", [exercise, solution, pristine, shortcut])

    broken = _placeholder(_EXERCISE_DOC, name, solved=False)
    _write_new(exercise, broken)
    _write_new(solution, _placeholder(_EXERCISE_DOC, name, solved=True))
    _write_new(pristine, broken)
    _write_new(shortcut, _shortcut())
    entry = _ENTRY.format(name=name, dir=topic, file_line="", expect=PLACEHOLDER_EXPECT)
    _append_entry(catalog, entry)
    return [exercise, solution, pristine, shortcut, catalog]


def new_challenge(course_root: Path, name: str) -> list[Path]:
    """Write a challenge folder (file, README, example), solution, pristine copy, catalog entry."""
    course = _require_course(course_root)
    _check_name(name)
    files = exercise_files(course, "challenges", name, name, CHALLENGE_FILE)
    folder, solution, pristine = files.path.parent, files.solution, files.pristine
    shortcut = files.shortcuts / SHORTCUT_FILE
    catalog = course.catalog_path("challenges")
    _refuse_existing(name, course, "challenges", [folder, solution, pristine, shortcut])

    written: list[Path] = []
    package = course.track_dir("challenges") / "__init__.py"
    if not package.exists():
        _write_new(package, '"""The paper-to-python track: one folder a paper."""\n')
        written.append(package)
    broken = _placeholder(_CHALLENGE_DOC, name, solved=False)
    contents = [
        (files.path, broken),
        (folder / "__init__.py", _INIT.format(name=name)),
        (folder / "__main__.py", _MAIN.format(name=name)),
        (folder / "README.md", _README.format(name=name)),
        (solution, _placeholder(_CHALLENGE_DOC, name, solved=True)),
        (pristine, broken),
        (shortcut, _shortcut()),
    ]
    for path, text in contents:
        _write_new(path, text)
        written.append(path)
    entry = _ENTRY.format(
        name=name, dir=name, file_line=f'file = "{CHALLENGE_FILE}"\n', expect=PLACEHOLDER_EXPECT
    )
    _append_entry(catalog, entry, header=_CHALLENGES_HEADER)
    written.append(catalog)
    return written


def add_dev_new_parser(
    dev_subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Add `dev new exercise NAME --topic DIR` and `dev new challenge NAME` to `dev`'s parsers."""
    new = dev_subparsers.add_parser(
        "new",
        help="scaffold a new exercise or challenge that dev check runs on at once",
        description="Write a small broken file, its solution, its pristine copy and its "
        "catalog entry; then replace the placeholder content and run `dev check`.",
    )
    kinds = new.add_subparsers(dest="new_kind", required=True, metavar="{exercise,challenge}")
    exercise = kinds.add_parser("exercise", help="a new exercise in a topic folder")
    exercise.add_argument("new_name", metavar="NAME", help="lower-case identifier, unique")
    exercise.add_argument("--topic", required=True, metavar="DIR", help="e.g. 07_training")
    challenge = kinds.add_parser("challenge", help="a new paper-to-python challenge")
    challenge.add_argument("new_name", metavar="NAME", help="lower-case identifier, unique")
    return new


def run_dev_new(
    args: argparse.Namespace,
    course_root: Path,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Handle `dev new`: list what was written and what to do next; 2 for a refused name."""
    stdout = out if out is not None else sys.stdout
    stderr = err if err is not None else sys.stderr
    name = str(args.new_name)
    try:
        if args.new_kind == "exercise":
            paths = new_exercise(course_root, name, str(args.topic))
        else:
            paths = new_challenge(course_root, name)
    except ScaffoldError as error:
        print(f"error: {error}", file=stderr)
        return 2
    for path in paths:
        verb = "updated" if path.name == CATALOG_FILE_NAME else "created"
        print(f"{verb} {path.relative_to(course_root)}", file=stdout)
    track = " --track challenges" if args.new_kind == "challenge" else ""
    print(
        "\nThe placeholder already fails with [return-value] and its solution passes.\n"
        "Replace the docstring, code, checks and catalog entry, then run:\n"
        f"  typed-ai-rustlings dev snapshot{track}   # the pristine copy follows your edits\n"
        f"  typed-ai-rustlings dev check{track}",
        file=stdout,
    )
    return 0
