"""LatestOnly: debounced, newest-wins work per document."""

from __future__ import annotations

import threading
import time

from defib.lsp.scheduler import LatestOnly


def test_a_burst_runs_only_its_newest_job_after_the_quiet_period() -> None:
    scheduler = LatestOnly()
    ran: list[int] = []
    done = threading.Event()

    def job(n: int) -> None:
        ran.append(n)
        done.set()

    started = time.monotonic()
    for n in range(50):
        scheduler.submit("doc", lambda n=n: job(n), delay=0.05)
    assert done.wait(2)
    time.sleep(0.1)
    assert ran == [49]
    assert time.monotonic() - started >= 0.05


def test_a_slow_document_does_not_delay_another() -> None:
    scheduler = LatestOnly()
    fast_done = threading.Event()
    release = threading.Event()
    scheduler.submit("slow", lambda: release.wait(2))
    scheduler.submit("fast", fast_done.set)
    assert fast_done.wait(0.5)
    release.set()


def test_a_job_submitted_while_one_runs_runs_after_it_and_nothing_older_queues() -> None:
    scheduler = LatestOnly()
    order: list[str] = []
    release = threading.Event()
    finished = threading.Event()

    def first() -> None:
        release.wait(2)
        order.append("first")

    scheduler.submit("doc", first)
    time.sleep(0.05)
    for name in ("stale-1", "stale-2", "newest"):
        scheduler.submit("doc", lambda name=name: (order.append(name), finished.set()))
    release.set()
    assert finished.wait(2)
    time.sleep(0.05)
    assert order == ["first", "newest"]


def test_a_failing_job_does_not_stop_later_ones() -> None:
    scheduler = LatestOnly()
    done = threading.Event()

    def boom() -> None:
        raise RuntimeError("boom")

    scheduler.submit("doc", boom)
    time.sleep(0.05)
    scheduler.submit("doc", done.set)
    assert done.wait(1)


def test_cancel_drops_the_pending_job() -> None:
    scheduler = LatestOnly()
    ran = threading.Event()
    scheduler.submit("doc", ran.set, delay=0.1)
    scheduler.cancel("doc")
    assert not ran.wait(0.3)
