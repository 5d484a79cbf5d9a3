"""Progress bars for long runs: a tqdm bar in a terminal and in a notebook, nothing elsewhere.

A bar appears only once a step has taken :data:`DELAY` seconds (1 s), so short runs print nothing.
It stays quiet in CI (``CI`` set), when standard error is not a terminal (a log file, a pipe)
outside a notebook, and after ``analyze --quiet`` (:func:`silence`). Nothing here imports tqdm
until a bar is wanted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator

#: Seconds a step runs before its bar is shown (``WORKBENCH_PROGRESS_DELAY`` sets another).
DELAY = float(os.environ.get("WORKBENCH_PROGRESS_DELAY", 1.0))
_silenced = False


def silence(quiet: bool = True) -> None:
    """No bars from now on (``analyze --quiet``)."""
    global _silenced
    _silenced = quiet


def _in_notebook() -> bool:
    if "IPython" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def wanted() -> bool:
    if _silenced or os.environ.get("CI"):
        return False
    return _in_notebook() or sys.stderr.isatty()


class _Silent:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> "_Silent":
        return self

    def __exit__(self, *exc) -> None:
        pass


def bar(total: int, desc: str, unit: str = "article"):
    """A bar to ``update(n)`` as work is done (use it in a ``with`` block)."""
    if total <= 1 or not wanted():
        return _Silent()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, delay=DELAY, leave=False, dynamic_ncols=True)


def each(items: Iterable, desc: str, unit: str = "article", total: int | None = None) -> Iterator:
    """``items``, one at a time, with a bar."""
    if total is None:
        total = len(items) if hasattr(items, "__len__") else 0
    with bar(total, desc, unit) as progress:
        for item in items:
            yield item
            progress.update()
