"""The one lifecycle of the warm helpers, driven with fake helpers: no process is started, and no
test waits on the clock for anything but an event that the test itself sets."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest

from checker.supervisor import MAX_FAILURES, HelperUnavailable, Supervisor

WAIT = 30.0  # only reached when the code under test is broken


@dataclass
class FakeHelpers:
    """Counts what the supervisor starts and stops; a start can be made to block or to fail."""

    started: list[int] = field(default_factory=list)
    stopped: list[int] = field(default_factory=list)
    interrupted: list[int | None] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    entered: threading.Event = field(default_factory=threading.Event)
    failing: bool = False

    def __post_init__(self) -> None:
        self.release.set()

    def spawn(self) -> int:
        self.entered.set()
        assert self.release.wait(WAIT)
        if self.failing:
            raise OSError("no such program")
        self.started.append(len(self.started) + 1)
        return self.started[-1]

    def stop(self, handle: int) -> None:
        self.stopped.append(handle)

    def interrupt(self, handle: int | None) -> None:
        self.interrupted.append(handle)
        self.release.set()

    def supervisor(self) -> Supervisor[int]:
        return Supervisor("fake helper", spawn=self.spawn, stop=self.stop, interrupt=self.interrupt)


def test_start_is_idempotent_while_starting_and_while_running() -> None:
    fakes = FakeHelpers()
    fakes.release.clear()
    supervisor = fakes.supervisor()
    supervisor.start()
    assert fakes.entered.wait(WAIT)
    supervisor.start()  # while starting
    fakes.release.set()
    assert supervisor.wait_ready(WAIT)
    supervisor.start()  # while running
    supervisor.start()
    assert fakes.started == [1] and supervisor.ready_handle == 1
    supervisor.close()
    assert fakes.stopped == [1]


def test_a_failed_start_wakes_the_waiters_and_says_why() -> None:
    fakes = FakeHelpers(failing=True)
    supervisor = fakes.supervisor()
    supervisor.start()
    assert not supervisor.wait_ready(WAIT)
    assert supervisor.error == "the fake helper did not start: no such program"
    assert supervisor.ready_handle is None
    with pytest.raises(HelperUnavailable, match="did not start"), supervisor.request():
        pass


def test_a_failure_replaces_the_helper_in_the_background() -> None:
    fakes = FakeHelpers()
    supervisor = fakes.supervisor()
    supervisor.start()
    assert supervisor.wait_ready(WAIT)
    with pytest.raises(HelperUnavailable, match="it hung"), supervisor.request() as handle:
        assert handle == 1
        raise supervisor.fail("it hung")
    assert fakes.stopped == [1]
    assert supervisor.wait_ready(WAIT) and supervisor.ready_handle == 2
    with supervisor.request() as handle:
        assert handle == 2
        supervisor.succeeded()
    supervisor.close()


def test_after_too_many_failures_in_a_row_it_stays_stopped() -> None:
    fakes = FakeHelpers()
    supervisor = fakes.supervisor()
    supervisor.start()
    for _ in range(MAX_FAILURES):
        assert supervisor.wait_ready(WAIT)
        supervisor.fail("broken")
    assert len(fakes.started) == MAX_FAILURES
    assert not supervisor.wait_ready(WAIT) and supervisor.ready_handle is None
    assert "broken" in supervisor.error


def test_a_success_resets_the_count_of_failures() -> None:
    fakes = FakeHelpers()
    supervisor = fakes.supervisor()
    supervisor.start()
    for _ in range(2 * MAX_FAILURES):
        assert supervisor.wait_ready(WAIT)
        supervisor.fail("flaky")
        assert supervisor.wait_ready(WAIT)
        supervisor.succeeded()
    assert supervisor.ready_handle is not None
    supervisor.close()


def test_close_interrupts_a_start_in_progress_and_starts_nothing_after() -> None:
    fakes = FakeHelpers()
    fakes.release.clear()
    supervisor = fakes.supervisor()
    supervisor.start()
    assert fakes.entered.wait(WAIT)
    supervisor.close()  # returns only because interrupt() released the blocked start
    assert fakes.interrupted == [None]
    assert fakes.stopped == fakes.started, "a helper that came up during close is stopped"
    supervisor.start()
    assert supervisor.ready_handle is None and supervisor.closed


def test_close_during_a_request_interrupts_the_running_helper() -> None:
    fakes = FakeHelpers()
    supervisor = fakes.supervisor()
    supervisor.start()
    assert supervisor.wait_ready(WAIT)
    in_request = threading.Event()
    finish = threading.Event()

    def request() -> None:
        with supervisor.request():
            in_request.set()
            assert finish.wait(WAIT)

    worker = threading.Thread(target=request)
    worker.start()
    assert in_request.wait(WAIT)
    closer = threading.Thread(target=supervisor.close)
    closer.start()
    # close() interrupts the helper at once, then waits for the request it woke to end.
    while not fakes.interrupted:
        closer.join(0.01)
    assert fakes.interrupted == [1] and fakes.stopped == []
    finish.set()
    worker.join(WAIT)
    closer.join(WAIT)
    assert fakes.stopped == [1]
