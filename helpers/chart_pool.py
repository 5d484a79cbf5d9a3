"""Worker processes that draw charts (:mod:`helpers.chart_workers` describes the jobs).

Drawing the five 300-dpi charts takes a second or two of CPU, most of it inside matplotlib.
``analyze`` starts the workers first thing, before it even imports pandas: they are forked from
a server process that imports matplotlib while the main process imports the analysis, reads the
corpus and analyses, and they draw each chart as soon as its data is ready, while the main
process goes on writing the tables. This module imports neither pandas nor matplotlib.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _warm_up() -> None:
    """Import matplotlib and load the fonts before there is anything to draw."""
    import io

    from . import charts
    from .timeline import mark

    mark("chart worker: warming up")
    with charts.house_style():
        fig = charts.plt.figure(figsize=(1, 1))
        fig.text(0.5, 0.5, "n=1", fontsize=6.5)
        fig.savefig(io.BytesIO(), format="png", dpi=30)
        charts.plt.close(fig)
    mark("chart worker: warm")


def _ready() -> None:
    """A task that only makes the pool start a worker now rather than at the first chart."""


def _draw(name: str, function: str, args: tuple, out_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    from .chart_workers import draw

    return draw(name, function, args, out_dir, formats)


class ChartWorkers:
    """A small pool of worker processes that draw chart jobs. ``start()`` returns at once (the
    workers get ready in the background); ``submit()`` sends jobs and returns a function that
    waits for them. A worker that dies makes that function raise (never hang)."""

    def __init__(self, processes: int | None = None):
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        # more than three workers gain little: two charts take most of the time
        self.processes = processes or max(1, min(cores, 3))
        self._pool: ProcessPoolExecutor | None = None
        self._starting: threading.Thread | None = None
        self._start_error: BaseException | None = None

    def start(self) -> "ChartWorkers":
        if self._pool is None:
            from .timeline import mark

            mark("chart workers: start")
            # Workers are forked from a fresh server process that has imported matplotlib once (not
            # from this process, which may hold Arrow threads by now, nor each from scratch), at a
            # low priority (helpers.chart_server).
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["helpers.chart_server"])
            self._pool = ProcessPoolExecutor(self.processes, mp_context=context, initializer=_warm_up)
            # Launching a worker waits until the server has imported matplotlib (≈ 0.7 s): a thread
            # waits for that, so that this process goes on analysing meanwhile.
            self._starting = threading.Thread(target=self._launch, name="chart-workers-start", daemon=True)
            self._starting.start()
        return self

    def _launch(self) -> None:
        try:
            for _ in range(self.processes):
                self._pool.submit(_ready)
        except BaseException as error:  # (reported by submit(), in the main thread)
            self._start_error = error

    def _started(self) -> None:
        """Wait for the launching thread; raise what it met, if anything."""
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        if self._start_error is not None:
            error, self._start_error = self._start_error, None
            raise error

    def submit(self, jobs: list[tuple[str, str, tuple]], out_dir: Path, formats: tuple[str, ...],
               formats_by_job: list[tuple[str, ...]] | None = None):
        """Send the jobs to the workers (each in ``formats``, or in its own ``formats_by_job``);
        returns a function that waits and gives the written paths."""
        self.start()
        self._started()
        formats_by_job = formats_by_job or [formats] * len(jobs)
        pending = [self._pool.submit(_draw, name, function, args, out_dir, job_formats)
                   for (name, function, args), job_formats in zip(jobs, formats_by_job)]
        return lambda: [path for job in pending for path in job.result()]

    def close(self) -> None:
        """Stop the workers. Whoever submitted charts has waited for them by now; anything still
        running was abandoned (nothing to draw after all, an error, an interrupt): no one waits
        for it, so the workers are stopped rather than left to finish."""
        if self._pool is None:
            return
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        self._start_error = None
        processes = list((getattr(self._pool, "_processes", None) or {}).values())  # (it has no terminate())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
            process.join()
        self._pool = None

    def __enter__(self) -> "ChartWorkers":
        return self

    def __exit__(self, kind, error, trace) -> None:
        self.close()
