"""The libraries' analysis, done once: what goes into it and how each checker starts from it."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.backends import prepare_checkers
from checker.catalog import load_catalog
from checker.course import Course
from checker.mypy_cache import SEEDED, base_cache_dir, course_imports, start_from_base, warm_text
from checker.typecheck import ProcessTypeChecker, cache_dir_for
from checker.verdict import prepare
from tests.checker.doubles import fixture_course_copy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Course:
    return fixture_course_copy(tmp_path, monkeypatch)


def test_the_warm_module_imports_what_the_exercises_import() -> None:
    imports = course_imports(ROOT)
    # Libraries the checks use, tiny_ml's modules, and submodules named in `from x import y`.
    for module in ("pytest", "hypothesis", "hypothesis.strategies", "tiny_ml.domain", "math"):
        assert module in imports
    assert "__future__" not in imports
    assert "hypothesis.given" not in imports, "a name imported from a package is no module"
    text = warm_text(ROOT)
    compile(text, "warm.py", "exec")
    assert "import pytest  # noqa: F401\n" in text


def test_a_module_nobody_installed_is_left_out(course: Course) -> None:
    pristine = course.pristine_dir("exercises") / "01_types" / "types_only.py.orig"
    pristine.write_text("import surely_not_installed_anywhere\n" + pristine.read_text())
    assert "surely_not_installed_anywhere" not in course_imports(course.root)
    assert "dataclasses" in course_imports(course.root)


def test_a_checker_cache_starts_as_a_copy_of_the_filled_base(course: Course) -> None:
    base = base_cache_dir(course.cache_dir)
    target = course.cache_dir / "mypy_cache" / "current"
    assert not start_from_base(course, target), "nothing to copy before the base is filled"
    base.mkdir(parents=True)
    (base / "cache.db").write_bytes(b"analysis")
    assert not start_from_base(course, target), "a base being filled is never copied"
    (base / SEEDED).write_text("key")
    assert start_from_base(course, target)
    assert (target / "cache.db").read_bytes() == b"analysis"
    (target / "cache.db").write_bytes(b"its own")
    assert not start_from_base(course, target), "an existing cache is kept"
    assert (target / "cache.db").read_bytes() == b"its own"
    assert [p.name for p in target.parent.iterdir()] == ["current"], "nothing left aside"


def test_prepared_mypy_answers_a_first_check_from_its_cache(course: Course) -> None:
    started = time.monotonic()
    assert prepare_checkers(course)
    prepared_in = time.monotonic() - started
    assert (base_cache_dir(course.cache_dir) / SEEDED).is_file()
    exercise = load_catalog(course).exercises[0]
    snapshot = prepare(course, exercise).snapshot
    family = cache_dir_for(course, [snapshot])
    assert not family.exists()
    started = time.monotonic()
    report = ProcessTypeChecker(course).check([snapshot])
    first_check = time.monotonic() - started
    assert report.failure is None and report.diagnostics
    assert (family / SEEDED).is_file(), "the first check started from the base"
    # The first check reads the libraries' analysis instead of redoing it.
    assert first_check < prepared_in, (first_check, prepared_in)


def test_init_prepares_mypy_and_says_so(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "checker", "init", str(tmp_path / "course")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "preparing mypy and pytest (once)" in done.stdout
    assert "ready (" in done.stdout
    caches = list((tmp_path / "cache").rglob(SEEDED))
    assert {p.parent.name for p in caches} == {"dmypy_cache", "batch"}


def test_one_environment_by_any_name_shares_one_analysis(course: Course) -> None:
    """`init` run as a console script (`python3`) and a watcher run as `python -m checker` are
    one environment: the second must not throw the first one's analysis away."""
    folder = Path(sys.executable).parent
    names = [name for name in ("python", "python3") if (folder / name).exists()]
    if len(names) < 2:
        pytest.skip("this environment has one name for its interpreter")
    program = (
        "import sys; from pathlib import Path; from checker.course import Course; "
        "from checker.daemon import DaemonTypeChecker; "
        "print(DaemonTypeChecker(Course(Path(sys.argv[1]))).daemon._seed_key())"
    )
    keys = {
        subprocess.run(
            [str(folder / name), "-c", program, str(course.root)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for name in names
    }
    assert len(keys) == 1 and keys != {""}
