"""The success note's pointer into tiny_ml: a catalog name turned into the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.catalog import load_catalog
from checker.course import Course
from checker.reference import Location, locate

SOURCE = '''"""A module."""

LIMIT: int = 3
ALIAS = int


class Box:
    size = 1

    @property
    def area(self) -> int:
        return self.size


def helper() -> None:
    pass
'''


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "tiny_ml" / "pkg").mkdir(parents=True)
    (tmp_path / "tiny_ml" / "shapes.py").write_text(SOURCE)
    (tmp_path / "tiny_ml" / "pkg" / "__init__.py").write_text(SOURCE)
    return tmp_path


@pytest.mark.parametrize(
    ("reference", "line"),
    [
        ("tiny_ml.shapes:LIMIT", 3),
        ("tiny_ml.shapes:ALIAS", 4),
        ("tiny_ml.shapes:Box", 7),
        ("tiny_ml.shapes:Box.area", 11),
        ("tiny_ml.shapes:helper", 15),
        ("tiny_ml.pkg:helper", 15),
    ],
)
def test_a_definition_is_found_at_its_line(root: Path, reference: str, line: int) -> None:
    found = locate(root, reference)
    assert found is not None and found.line == line
    assert found.name == reference.partition(":")[2]


@pytest.mark.parametrize(
    "reference",
    [
        "tiny_ml.shapes:missing",
        "tiny_ml.shapes:helper.inner",
        "tiny_ml.shapes:Box.size_of",
        "tiny_ml.absent:Box",
        "tiny_ml.shapes",
        "os.path:join",
    ],
)
def test_anything_else_is_none(root: Path, reference: str) -> None:
    assert locate(root, reference) is None


def test_it_reads_as_path_line_and_name() -> None:
    assert str(Location(Path("tiny_ml/ml.py"), 12, "Softmax.apply")) == (
        "tiny_ml/ml.py:12 (Softmax.apply)"
    )


def test_every_reference_in_the_shipped_course_resolves() -> None:
    course = Course(Path(__file__).resolve().parents[2])
    for track in ("exercises", "challenges"):
        for exercise in load_catalog(course, track):
            if exercise.tiny_ml is not None:
                assert locate(course.root, exercise.tiny_ml) is not None, exercise.name
