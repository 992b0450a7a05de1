"""Grading a learner's course against a teacher's copy, and reports a CI system can read.

In a submission, only the learner's exercise files are believed: the catalog, the pristine
checks and tiny_ml come from the trusted copy, so an edited info.toml, a planted module or a
changed check in the submission changes nothing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from pathlib import Path

from checker.catalog import Catalog, Exercise
from checker.course import Course, is_course_root
from checker.outcome import headline
from checker.render import verdict_text
from checker.verdict import Verdict


class GradingError(Exception):
    """Raised when the trusted copy cannot serve as one."""


def trusted_course(path: Path) -> Course:
    root = path.resolve()
    if not is_course_root(root):
        raise GradingError(
            f"{path} is not a course (no exercises/info.toml): pass the teacher's copy"
        )
    return Course(root)


def submitted_files(
    catalog: Catalog, trusted: Course, submitted: Course
) -> list[tuple[Exercise, Path]]:
    """Each exercise of the trusted catalog with the learner's file at the same place."""
    return [
        (exercise, submitted.root / exercise.path.relative_to(trusted.root)) for exercise in catalog
    ]


def junit_xml(course: Course, track: str, verdicts: Sequence[Verdict]) -> str:
    """One test case per exercise: the failure's message is the verdict's reason, its text the verdict."""
    failures = sum(not v.passed for v in verdicts)
    seconds = sum(v.tests.seconds for v in verdicts if v.tests is not None)
    suite = ElementTree.Element(
        "testsuite",
        name=f"typed-ai-rustlings {track}",
        tests=str(len(verdicts)),
        failures=str(failures),
        errors="0",
        skipped="0",
        time=f"{seconds:.3f}",
    )
    for verdict in verdicts:
        exercise = verdict.exercise
        case = ElementTree.SubElement(
            suite,
            "testcase",
            classname=f"{track}.{exercise.dir}",
            name=exercise.name,
            file=exercise.relative_path,
            time=f"{verdict.tests.seconds if verdict.tests else 0.0:.3f}",
        )
        if not verdict.passed:
            failure = ElementTree.SubElement(
                case, "failure", message=headline(verdict.outcome), type=verdict.stage
            )
            failure.text = verdict_text(course, verdict).plain
    root = ElementTree.Element("testsuites", tests=str(len(verdicts)), failures=str(failures))
    root.append(suite)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
