"""The `typed-ai-rustlings` command: argument parsing and one small function per subcommand."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

from rich.console import Console
from rich.text import Text

from checker.backends import make_batch_backends, prepare_checkers
from checker.catalog import CatalogError
from checker.course import TRACKS, Course, CourseNotFoundError, Track, find_course
from checker.devcheck import dev_check, snapshot_originals
from checker.grading import GradingError, junit_xml, submitted_files, trusted_course
from checker.learner_workspace import (
    WorkspaceError,
    init_workspace,
    shipped_solution,
    update_workspace,
)
from checker.mypy_cache import is_prepared
from checker.render import (
    exercise_lines,
    learned,
    make_console,
    path_link,
    render_verdict,
    shown_path,
    verdict_json,
)
from checker.reset import ResetError, backup_stamp, backups_folder, reset_exercise
from checker.scaffold import add_dev_new_parser, run_dev_new
from checker.session import Session, UnknownExerciseError
from checker.testrun import ProcessTestRunner, TestRunner
from checker.typecheck import ProcessTypeChecker, TypeChecker
from checker.verdict import DEFAULT_TIMEOUT, Verdict, judge, judge_many

EXIT_PASS, EXIT_FAIL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
JSON_FORMAT_VERSION = 2
"""The `version` field of every JSON output; it changes only when a field changes meaning or goes."""


def tool_version() -> str:
    try:
        return metadata.version("typed-ai-rustlings")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def _seconds(text: str) -> float:
    """A time limit: a positive number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"the time limit must be a positive number, got {text}")
    return value


def _level(text: str) -> int:
    """A hint level: 1 is the gentlest nudge."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a hint level") from None
    if value < 1:
        raise argparse.ArgumentTypeError("hint levels start at 1")
    return value


def _no_daemon(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-daemon",
        action="store_true",
        default=argparse.SUPPRESS,
        help="plain mypy and pytest processes instead of warm ones",
    )


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--track",
        choices=TRACKS,
        default=argparse.SUPPRESS,
        help="exercises (default) or challenges",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=argparse.SUPPRESS,
        help=f"seconds the checks may run (default {DEFAULT_TIMEOUT:g})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="typed-ai-rustlings",
        description="Learn typed machine learning by fixing what mypy --strict rejects.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {tool_version()}")
    _common(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    init = commands.add_parser(
        "init", help="write a learner workspace (the course, editor settings, a git repository)"
    )
    init.add_argument(
        "dir",
        nargs="?",
        default="typed-ai-rustlings",
        help="an empty or new folder (default: ./typed-ai-rustlings)",
    )
    commands.add_parser(
        "update", help="bring new exercises into this workspace; your files are never touched"
    )
    solution = commands.add_parser("solution", help="show the solution of an exercise you solved")
    solution.add_argument("name", help="the exercise's name")
    _common(solution)
    watch = commands.add_parser(
        "watch", help="check the current exercise on every save (the default)"
    )
    _common(watch)
    for target in (parser, watch):
        target.add_argument(
            "--manual-run",
            action="store_true",
            default=argparse.SUPPRESS,
            help="no file events: press r to check",
        )
        target.add_argument(
            "--no-daemon",
            action="store_true",
            default=argparse.SUPPRESS,
            help="plain mypy and pytest processes",
        )
    run = commands.add_parser("run", help="one verdict; exit 0 on pass, 1 on fail")
    run.add_argument("name", nargs="?", help="the exercise (default: the current one)")
    _common(run)
    hint = commands.add_parser(
        "hint", help="show the next hint level not yet seen (levels shown are remembered)"
    )
    hint.add_argument("name", nargs="?", help="the exercise (default: the current one)")
    levels = hint.add_mutually_exclusive_group()
    levels.add_argument(
        "--level",
        type=_level,
        default=None,
        help="show the hints up to this level (1 is the gentlest)",
    )
    levels.add_argument("--all", action="store_true", help="show every hint level")
    _common(hint)
    listing = commands.add_parser("list", help="every exercise with its state")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    _common(listing)
    reset = commands.add_parser(
        "reset", help="restore the original file (your copy is backed up first)"
    )
    which = reset.add_mutually_exclusive_group(required=True)
    which.add_argument("name", nargs="?", help="the exercise to restore")
    which.add_argument(
        "--all",
        action="store_true",
        help="restore every exercise of the track (changed copies are backed up first)",
    )
    reset.add_argument("--yes", action="store_true", help="do not ask")
    _common(reset)
    verify = commands.add_parser("verify", help="check every exercise in order")
    verify.add_argument("--all", action="store_true", help="keep going after the first failure")
    verify.add_argument("--json", action="store_true", help="machine-readable report")
    verify.add_argument(
        "--junit",
        metavar="FILE",
        type=Path,
        help="also write a JUnit XML report, one test case per exercise",
    )
    verify.add_argument(
        "--trusted",
        metavar="DIR",
        type=Path,
        help="grade: take the catalog, checks and tiny_ml from this teacher's copy and only "
        "the exercise files from the course here; progress is not recorded",
    )
    _common(verify)
    _no_daemon(verify)
    dev = commands.add_parser("dev", help="for exercise authors")
    dev_commands = dev.add_subparsers(dest="dev_command", metavar="DEV_COMMAND", required=True)
    check = dev_commands.add_parser(
        "check", help="every exercise fails for its declared reason; every solution passes"
    )
    check.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        help="judge just these exercises (and skip the track-wide file checks)",
    )
    _common(check)
    _no_daemon(check)
    snapshot = dev_commands.add_parser(
        "snapshot", help="refresh the pristine copies from the exercises"
    )
    _common(snapshot)
    add_dev_new_parser(dev_commands)
    return parser


def _option(args: argparse.Namespace, name: str, default: object) -> object:
    return getattr(args, name, default)


class Context:
    """What every subcommand shares: the course, the track, the console and the time limit."""

    def __init__(self, args: argparse.Namespace, console: Console, errors: Console) -> None:
        self.args = args
        self.console = console
        self.errors = errors
        self.course: Course = find_course(Path.cwd())
        track = str(_option(args, "track", "exercises"))
        self.track: Track = "challenges" if track == "challenges" else "exercises"
        self.timeout = float(str(_option(args, "timeout", DEFAULT_TIMEOUT)))
        # Grading believes nothing of the submission but its exercise files: not even its catalog.
        trusted = _option(args, "trusted", None)
        self.grading = trusted_course(trusted) if isinstance(trusted, Path) else None
        self.session = Session.open(self.grading or self.course, self.track)
        self.typechecker: TypeChecker = ProcessTypeChecker(self.course)
        self.tests: TestRunner = ProcessTestRunner(self.course)

    def batch_backends(self) -> tuple[TypeChecker, TestRunner]:
        """One mypy run over every file and tests on warm forks in parallel, for whole-track checks
        of the course being judged (the teacher's copy when grading)."""
        fast = not bool(_option(self.args, "no_daemon", False))
        self.typechecker, self.tests = make_batch_backends(self.grading or self.course, fast=fast)
        return self.typechecker, self.tests

    def close(self) -> None:
        self.typechecker.close()
        self.tests.close()

    def judge(self, name: str | None) -> Verdict:
        return judge(
            self.course,
            self.session.exercise(name),
            typechecker=self.typechecker,
            tests=self.tests,
            timeout=self.timeout,
        )

    def settle(self) -> None:
        """Rebuild progress lost to an unreadable state file, then say what happened."""
        for warning in self.session.warnings:
            self.errors.print(Text(warning, style="yellow"))
        self.session.warnings.clear()
        if self.session.progress.needs_rebuild:
            self.errors.print(
                Text("rebuilding progress by checking each exercise in order...", style="dim")
            )
            self.session.rebuild(lambda e: self.judge(e.name))
            self.finish()

    def finish(self) -> None:
        self.session.save()
        for warning in self.session.warnings:
            self.errors.print(Text(warning, style="yellow"))
        self.session.warnings.clear()

    def show(self, verdict: Verdict) -> None:
        render_verdict(
            self.console,
            self.course,
            verdict,
            done=self.session.done_count,
            total=len(self.session.catalog),
        )


def cmd_run(ctx: Context) -> int:
    verdict = ctx.judge(ctx.args.name)
    ctx.session.record(verdict)
    ctx.show(verdict)
    if verdict.passed:
        ctx.console.print(learned(ctx.course, verdict.exercise))
    ctx.finish()
    return EXIT_PASS if verdict.passed else EXIT_FAIL


def cmd_hint(ctx: Context) -> int:
    """The next hint level not yet seen (remembered per exercise); --level N and --all."""
    session = ctx.session
    exercise = session.exercise(ctx.args.name)
    # The concept states the lesson; it is shown once the exercise passes, not before hint 1.
    ctx.console.print(Text(f"hints for {exercise.name}", style="bold"))
    total = len(exercise.hints)
    seen = session.hints_seen(exercise)
    if ctx.args.all:
        shown = total
    elif ctx.args.level is not None:
        shown = min(ctx.args.level, total)
    else:
        shown = min(seen + 1, total)
    for level, hint in enumerate(exercise.hints[:shown], 1):
        label = Text(f"hint {level}/{total}: ", style="dim cyan" if level <= seen else "cyan")
        ctx.console.print(label + Text(hint, style="dim" if level <= seen else ""))
    if shown < total:
        more = f"next: `typed-ai-rustlings hint {exercise.name}` shows level {shown + 1} of {total}"
        ctx.console.print(Text(more, style="dim"))
    elif total == 0:
        ctx.console.print(Text("this exercise has no hints", style="dim"))
    elif seen >= total and not ctx.args.all and ctx.args.level is None:
        ctx.console.print(Text("that was the last hint", style="dim"))
    session.see_hints(exercise, shown)
    ctx.finish()
    return EXIT_PASS


def cmd_list(ctx: Context) -> int:
    session = ctx.session
    current = session.current()
    rows = [(e, session.state_of(e), e.name == current.name) for e in session.catalog]
    if ctx.args.json:
        data = {
            "version": JSON_FORMAT_VERSION,
            "current": current.name,
            "exercises": [
                {
                    "name": e.name,
                    "topic": e.dir,
                    "path": shown_path(ctx.course, e.path),
                    "state": state,
                    "current": is_current,
                }
                for e, state, is_current in rows
            ],
        }
        print(json.dumps(data, indent=2))
        return EXIT_PASS
    ctx.console.print(
        exercise_lines([(e.name, e.dir, state, is_current) for e, state, is_current in rows]),
        end="",
    )
    ctx.console.print(
        Text(
            f"{session.done_count}/{len(session.catalog)} done; current: {current.name}",
            style="bold",
        )
    )
    return EXIT_PASS


def confirm(question: str) -> bool:
    """A y/n question on the terminal; without one, the answer is no."""
    if not sys.stdin.isatty():
        return False
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        print()
        return False
    return answer.strip().lower() in {"y", "yes"}


def cmd_reset(ctx: Context) -> int:
    if ctx.args.all:
        return _reset_all(ctx)
    exercise = ctx.session.exercise(ctx.args.name)
    if not _confirmed(
        ctx, f"reset {exercise.relative_path} to its original? your copy is backed up first"
    ):
        return EXIT_FAIL
    try:
        backup = reset_exercise(ctx.course, exercise)
    except ResetError as error:
        ctx.errors.print(Text(f"reset failed: {error}", style="red"))
        return EXIT_FAIL
    ctx.session.mark(exercise, done=False)
    # The learner restored it to do it again: it is where a running watcher goes next.
    ctx.session.move_to(exercise)
    ctx.finish()
    message = Text("restored ")
    message.append_text(path_link(ctx.course, exercise.path))
    message.append(" (it is the current exercise now)")
    ctx.console.print(message)
    if backup is not None:
        ctx.console.print(Text("your copy was saved to ") + path_link(ctx.course, backup))
    return EXIT_PASS


def _confirmed(ctx: Context, question: str) -> bool:
    """--yes, or a yes on the terminal; otherwise say that nothing was changed."""
    if ctx.args.yes or confirm(question):
        return True
    ctx.errors.print(
        "nothing was changed"
        + ("" if sys.stdin.isatty() else " (pass --yes to reset without a terminal)")
    )
    return False


def _reset_all(ctx: Context) -> int:
    """Every exercise of the track back to its original, each changed copy backed up into one
    folder; progress starts over at the first exercise."""
    session = ctx.session
    exercises = session.catalog.exercises
    if not _confirmed(
        ctx,
        f"reset all {len(exercises)} exercises of {ctx.track}/ to their originals? "
        "your copies are backed up first",
    ):
        return EXIT_FAIL
    stamp = backup_stamp()
    saved: list[Path] = []
    for exercise in exercises:
        try:
            backup = reset_exercise(ctx.course, exercise, stamp=stamp, only_changed=True)
        except ResetError as error:
            ctx.errors.print(Text(f"reset failed at {exercise.name}: {error}", style="red"))
            if exercise is not exercises[0]:
                ctx.errors.print("the exercises before it were restored")
            ctx.finish()
            return EXIT_FAIL
        session.mark(exercise, done=False)
        if backup is not None:
            saved.append(backup)
    session.move_to(exercises[0])
    ctx.finish()
    ctx.console.print(Text(f"restored all {len(exercises)} exercises of {ctx.track}/"))
    if saved:
        folder = backups_folder(ctx.course, stamp)
        ctx.console.print(
            Text(f"{len(saved)} changed cop{'ies were' if len(saved) != 1 else 'y was'} saved to ")
            + path_link(ctx.course, folder)
        )
    else:
        ctx.console.print(Text("no file had changed, so no copy was saved", style="dim"))
    return EXIT_PASS


def cmd_verify(ctx: Context) -> int:
    session = ctx.session
    grading = ctx.grading
    judged = grading or ctx.course
    batch = (
        [(e, e.path) for e in session.catalog]
        if grading is None
        else submitted_files(session.catalog, grading, ctx.course)
    )
    typechecker, tests = ctx.batch_backends()
    verdicts = judge_many(judged, batch, typechecker=typechecker, tests=tests, timeout=ctx.timeout)
    first_failure = next((v for v in verdicts if not v.passed), None)
    if grading is None:
        for verdict in verdicts:
            session.record(verdict)
        if first_failure is not None and session.catalog.get(first_failure.exercise.name):
            session.move_to(first_failure.exercise)
        ctx.finish()
    if ctx.args.junit is not None:
        ctx.args.junit.write_text(junit_xml(judged, ctx.track, verdicts), encoding="utf-8")
    if ctx.args.json:
        data = {
            "version": JSON_FORMAT_VERSION,
            "track": ctx.track,
            "passed": first_failure is None,
            "exercises": [verdict_json(judged, v) for v in verdicts],
        }
        print(json.dumps(data, indent=2))
    else:
        shown = (
            verdicts
            if ctx.args.all
            else verdicts[: verdicts.index(first_failure) + 1]
            if first_failure
            else verdicts
        )
        for verdict in shown:
            mark = (
                Text("  ok    ", style="green")
                if verdict.passed
                else Text("  FAIL  ", style="bold red")
            )
            ctx.console.print(mark + Text(verdict.exercise.relative_path))
        failures = [v for v in shown if not v.passed]
        for verdict in failures:
            ctx.console.print()
            ctx.show(verdict)
        passed = sum(v.passed for v in verdicts)
        ctx.console.print(Text(f"verify: {passed}/{len(verdicts)} pass", style="bold"))
    return EXIT_PASS if first_failure is None else EXIT_FAIL


def cmd_dev_check(ctx: Context) -> int:
    only: list[str] | None = ctx.args.only
    typechecker, tests = ctx.batch_backends()
    problems = dev_check(
        ctx.course,
        ctx.session.catalog,
        typechecker=typechecker,
        tests=tests,
        timeout=ctx.timeout,
        only=None if only is None else frozenset(only),
    )
    for problem in problems:
        ctx.console.print(Text(problem))
    count = len(ctx.session.catalog) if only is None else len(only)
    summary = f"dev check ({ctx.track}): {count} exercises, {len(problems)} problem{'s' if len(problems) != 1 else ''}"
    ctx.console.print(Text(summary, style="bold red" if problems else "bold green"))
    return EXIT_FAIL if problems else EXIT_PASS


def _report_files(ctx: Context, paths: Sequence[Path], verb: str, summary: str) -> int:
    """One line per file written, then how many."""
    for path in paths:
        ctx.console.print(Text(f"{verb} {shown_path(ctx.course, path)}"))
    ctx.console.print(Text(summary.format(count=len(paths))))
    return EXIT_PASS


def cmd_dev_snapshot(ctx: Context) -> int:
    written = snapshot_originals(ctx.session.catalog)
    noun = "pristine copies" if len(written) != 1 else "pristine copy"
    return _report_files(ctx, written, "refreshed", f"{{count}} {noun} refreshed")


def cmd_watch(ctx: Context) -> int:
    try:
        from checker.watch import run_watch
    except ImportError as error:
        ctx.errors.print(
            Text(
                f"watch mode is not available in this installation ({error}); "
                "`typed-ai-rustlings run` and `typed-ai-rustlings verify` still work",
                style="red",
            )
        )
        return EXIT_USAGE
    fast = not bool(_option(ctx.args, "no_daemon", False))
    # A course never prepared (a clone, or an `init` cut short) is prepared now, once and in
    # sight, rather than by the first checks of many exercises, each waiting seconds for it.
    on_terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if fast and on_terminal and not is_prepared(ctx.course.cache_dir):
        _prepare(ctx.course, ctx.console)
    return run_watch(
        ctx.session,
        timeout=ctx.timeout,
        fast=fast,
        manual_run=bool(_option(ctx.args, "manual_run", False)),
    )


def cmd_init(args: argparse.Namespace, console: Console) -> int:
    target = Path(args.dir)
    written = init_workspace(target)
    console.print(Text(f"wrote {len(written)} files to {target}", style="bold green"))
    try:
        _prepare(Course(target.resolve()), console)
    except KeyboardInterrupt:  # the workspace is written: the first checks prepare instead
        console.print()
        console.print(Text("not prepared: the first checks will do it instead", style="yellow"))
    console.print(
        Text(
            f"next: cd {target} && typed-ai-rustlings\n"
            "open the folder in your editor; VS Code will offer the mypy extension, "
            "set up to check the way the tool does"
        )
    )
    return EXIT_PASS


def _prepare(course: Course, console: Console) -> None:
    """The slow part of every first check, done once while the learner expects a wait."""
    console.print(
        Text(
            "preparing mypy and pytest (once): analysing the standard library, pytest, "
            "hypothesis and tiny_ml, so that no first check waits for it...",
            style="dim",
        )
    )
    started = time.monotonic()
    try:
        filled = prepare_checkers(course)
    except (OSError, subprocess.SubprocessError):
        filled = False
    took = time.monotonic() - started
    if filled:
        console.print(Text(f"ready ({took:.0f} s)", style="dim"))
    else:
        console.print(Text("not prepared: the first checks will do it instead", style="yellow"))


def cmd_update(ctx: Context) -> int:
    changed = update_workspace(ctx.course)
    noun = "files" if len(changed) != 1 else "file"
    return _report_files(ctx, changed, "updated", f"{{count}} {noun} brought up to date")


def cmd_solution(ctx: Context) -> int:
    exercise = ctx.session.exercise(ctx.args.name)
    if ctx.session.state_of(exercise) != "done":
        ctx.errors.print(
            Text(
                f"{exercise.name} is not solved yet: its solution is shown once your own passes "
                f"(`typed-ai-rustlings hint {exercise.name}` helps on the way)",
                style="yellow",
            )
        )
        return EXIT_FAIL
    relative = exercise.solution_path.relative_to(ctx.course.root)
    path = exercise.solution_path if exercise.solution_path.is_file() else None
    path = path or shipped_solution(relative)
    if path is None:
        ctx.errors.print(Text(f"no solution of {exercise.name} ships with this course"))
        return EXIT_FAIL
    ctx.console.print(Text(path.read_text(encoding="utf-8")))
    return EXIT_PASS


COMMANDS: dict[str, Callable[[Context], int]] = {
    "update": cmd_update,
    "solution": cmd_solution,
    "run": cmd_run,
    "hint": cmd_hint,
    "list": cmd_list,
    "reset": cmd_reset,
    "verify": cmd_verify,
    "watch": cmd_watch,
    "dev check": cmd_dev_check,
    "dev snapshot": cmd_dev_snapshot,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "watch"
    if command == "dev":
        command = f"dev {args.dev_command}"
    console = make_console()
    errors = make_console(sys.stderr)
    try:
        if command == "dev new":
            return run_dev_new(args, find_course(Path.cwd()).root)
        if command == "init":
            return cmd_init(args, console)
        ctx = Context(args, console, errors)
        if command not in {"dev check", "dev snapshot"} and ctx.grading is None:
            ctx.settle()
        try:
            code = COMMANDS[command](ctx)
        finally:
            ctx.close()
        sys.stdout.flush()
        return code
    except (
        CourseNotFoundError,
        CatalogError,
        UnknownExerciseError,
        WorkspaceError,
        GradingError,
    ) as error:
        errors.print(Text(str(error), style="red"))
        return EXIT_USAGE
    except KeyboardInterrupt:
        errors.print(Text("interrupted: nothing was left half-written", style="yellow"))
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly, and keep the final flush quiet too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PASS
