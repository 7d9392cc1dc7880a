"""Garbage collection off the typing path.

The statement cache keeps thousands of libcst nodes alive; a full cyclic collection over that
heap takes ~100 ms and, when it falls inside an analysis, doubles a keystroke's latency. After
each analysis the heap is frozen (`gc.freeze`: out of the collector's sight, cheap), and once
the server has been quiet for a moment it is unfrozen and collected in full, so cyclic garbage
is still reclaimed.
"""

from __future__ import annotations

import gc
import threading
import time


class QuietCollector:
    def __init__(self, quiet: float = 1.5) -> None:
        self.quiet = quiet
        self._lock = threading.Lock()
        self._last_work = 0.0
        self._timer: threading.Timer | None = None

    def after_work(self) -> None:
        """Call after a burst of allocation (an analysis)."""
        with self._lock:
            self._last_work = time.monotonic()
            gc.freeze()
            if self._timer is None:
                self._arm(self.quiet)

    def _arm(self, delay: float) -> None:
        self._timer = threading.Timer(delay, self._collect_when_quiet)
        self._timer.daemon = True
        self._timer.start()

    def _collect_when_quiet(self) -> None:
        with self._lock:
            remaining = self._last_work + self.quiet - time.monotonic()
            if remaining > 0:
                self._arm(remaining)
                return
            self._timer = None
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def close(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
