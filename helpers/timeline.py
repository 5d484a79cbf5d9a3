"""Time stamps of a run's stages, for profiling: with ``WORKBENCH_TIMELINE=FILE`` set, every
process of a run (the command, its chart workers, Dask workers) appends ``wall-time pid label``
lines to FILE. Unset (the normal case), :func:`mark` does nothing."""

from __future__ import annotations

import os
import time

_PATH = os.environ.get("WORKBENCH_TIMELINE")


def mark(label: str) -> None:
    if _PATH:
        line = f"{time.time():.4f} {os.getpid()} {label}\n".encode()
        fd = os.open(_PATH, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
