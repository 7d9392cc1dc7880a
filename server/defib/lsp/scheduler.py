"""Debounced, newest-wins work per key (a document URI).

Typing sends a change every few tens of milliseconds. Each key has at most one pending job and
one running job: a new submission replaces the pending one (no backlog), and runs once the key
has been quiet for `delay` seconds. Each busy key has its own short-lived thread, so a slow
document never delays another.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

Job = Callable[[], None]


@dataclass
class _Slot:
    job: Job | None
    due: float
    thread: threading.Thread | None = None


class LatestOnly:
    """Runs the newest job of each key after a quiet period; older pending jobs are dropped."""

    def __init__(self) -> None:
        self._slots: dict[str, _Slot] = {}
        self._lock = threading.Condition()
        self._closed = False

    def submit(self, key: str, job: Job, delay: float = 0.0) -> None:
        with self._lock:
            if self._closed:
                return
            slot = self._slots.get(key)
            due = time.monotonic() + delay
            if slot is None:
                slot = self._slots[key] = _Slot(job, due)
            else:
                slot.job, slot.due = job, due
            if slot.thread is None:
                slot.thread = threading.Thread(
                    target=self._run, args=(key,), daemon=True, name=f"analyse {key[-40:]}"
                )
                slot.thread.start()
            self._lock.notify_all()

    def cancel(self, key: str) -> None:
        """Drop the pending job of `key` (a running one finishes)."""
        with self._lock:
            slot = self._slots.get(key)
            if slot is not None:
                slot.job = None
                self._lock.notify_all()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for slot in self._slots.values():
                slot.job = None
            self._lock.notify_all()

    def _run(self, key: str) -> None:
        while True:
            with self._lock:
                slot = self._slots[key]
                while slot.job is not None and (wait := slot.due - time.monotonic()) > 0:
                    self._lock.wait(wait)
                job, slot.job = slot.job, None
                if job is None:
                    slot.thread = None
                    del self._slots[key]
                    return
            try:
                job()
            except Exception:  # a failing job must not stop later ones
                log.exception("job for %s failed", key)
