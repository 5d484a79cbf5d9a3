"""One run at a time on a store or an output folder.

Two ``analyze`` runs (or a run and a notebook) started at the same time on the same store would
each read it, analyse, and write it: the second to finish would replace what the first wrote with
parts the first no longer names. Each takes an exclusive lock on the folder first (a ``.lock``
file, locked with ``flock``, which the system releases when the process ends, even if it is
killed); the second waits, then finds the first one's results in the store and reuses them, so
both finish with the tables of one clean run.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # (not a POSIX system: runs are not serialised there)
    fcntl = None

LOCK_NAME = ".lock"


@contextmanager
def exclusive(folder: Path, what: str = "folder"):
    """Hold the lock of ``folder`` (created if need be) while the block runs; wait for it if another
    process holds it, saying so on stderr."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    with open(folder / LOCK_NAME, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting: another run is using the {what} {folder}", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
