"""The report channel: JSON lines on an inherited pipe whose number only the worker knows.

The user's script writes to stdout/stderr; the report never does, so nothing the script
prints can pass for a report.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
from typing import Any


class Channel:
    """Writes one JSON object per line to a private file descriptor."""

    def __init__(self, fd: int) -> None:
        self.fd = _hide(fd)

    def send(self, message: dict[str, Any]) -> None:
        data = (json.dumps(message, default=_plain) + "\n").encode()
        while data:
            written = os.write(self.fd, data)
            data = data[written:]

    def progress(self, stage: str, fraction: float) -> None:
        self.send({"type": "progress", "stage": stage, "fraction": round(fraction, 3)})

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


def _hide(fd: int) -> int:
    """Move the descriptor to an unguessable high number that child processes do not inherit."""
    for _ in range(20):
        target = random.randint(300, 900)
        try:
            os.fstat(target)
            continue  # taken
        except OSError:
            pass
        os.dup2(fd, target, inheritable=False)
        os.close(fd)
        return target
    os.set_inheritable(fd, False)
    return fd


def _plain(value: Any) -> Any:
    """numpy scalars and arrays into JSON numbers and lists."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    return str(value)
