"""The standard charts of a run, drawn in worker processes.

Drawing the five 300-dpi charts takes a few seconds of CPU, most of it inside matplotlib.
``analyze`` starts :class:`ChartWorkers` as soon as it knows it will write new outputs: the
workers import matplotlib while the main process analyses, then draw the charts (one per
worker at a time) while the main process writes the tables. Each chart is described by a job
(file name, drawing function in :mod:`helpers.charts`, its arguments) whose arguments are small
tables or a few columns, so that sending them to a worker costs little. This module does not
import matplotlib: the main process never needs it when workers draw.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from . import aggregates

#: Heaviest first, so that the slowest charts start first when there are fewer workers than charts.
CHART_NAMES = ("speaker_target_heatmap", "outlet_target", "stance_over_time", "polarity_by_target",
               "textblob_vs_vader")


def corpus_label(view: pd.DataFrame) -> str:
    """The subtitle naming the corpus: articles, outlets and the span of dates."""
    if view.empty:
        return "empty selection"
    dates = view["published"].dropna()
    span = f"{dates.min():%b %Y}–{dates.max():%b %Y}" if len(dates) else "undated"
    return f"{view['article_id'].nunique()} articles, {view['outlet'].nunique()} outlets, {span}"


def standard_charts(view: pd.DataFrame, tables: dict[str, pd.DataFrame] | None = None) -> list[tuple[str, str, tuple]]:
    """The write-up figures of a run as (file name, function of :mod:`helpers.charts`, arguments).

    ``tables`` are the run's aggregate tables (:func:`helpers.aggregates.all_aggregates`) when
    already computed: the charts use their counts and net stance, which do not depend on the
    bootstrap intervals, so they are the cells the charts would otherwise compute again."""
    label = corpus_label(view)
    if tables is None:
        quoted = view[view["quote_type"] != "narration"]
        dated = view.dropna(subset=["month"])
        tables = {"speaker_target": aggregates.summarise(quoted, ["speaker", "target"], bootstrap=False),
                  "outlet_target": aggregates.summarise(view, ["outlet", "target"], bootstrap=False),
                  "month_target": aggregates.summarise(dated, ["month", "target"], bootstrap=False)
                  if len(dated) else pd.DataFrame()}
    # the points of the two distribution charts: only the columns they draw
    statements = view[["statement_id", "polarity", "vader_compound", "stance"]].drop_duplicates("statement_id")
    jobs = {
        "speaker_target_heatmap": ("stance_heatmap",
                                   (tables["speaker_target"], "speaker", f"{label}; quoted speakers, net stance, n per cell")),
        "outlet_target": ("outlet_comparison", (tables["outlet_target"], f"{label}; all statements incl. narration")),
        "stance_over_time": ("monthly_stance", (tables["month_target"], f"{label}; all statements")),
        "polarity_by_target": ("polarity_distribution", (view[["target", "polarity"]], label)),
        "textblob_vs_vader": ("lexicon_agreement", (statements, label)),
    }
    return [(name, *jobs[name]) for name in CHART_NAMES]


#: What a chart's pixels depend on besides its arguments: the drawing code and the house style.
_DRAWING_SOURCES = ("charts.py", "chart_workers.py")
RECORD_NAME = ".drawn.json"


def _drawing_version() -> str:
    from importlib.metadata import version

    from . import paths
    from .outputs import combine, source_digest

    return combine(version("matplotlib"),
                   source_digest(*[paths.PACKAGE_DIR / name for name in _DRAWING_SOURCES], paths.STYLE_FILE))


def chart_signature(name: str, function: str, args: tuple, fmt: str, drawing_version: str) -> str:
    """Everything one chart file is drawn from: its name, format, drawing function and arguments
    (tables by their column names, types and every value), the drawing code and style."""
    from .outputs import combine, frame_digest

    parts = [name, fmt, function, drawing_version]
    for arg in args:
        parts.append(frame_digest(arg) if isinstance(arg, pd.DataFrame) else f"{type(arg).__name__}:{arg!r}")
    return combine(*parts)


class DrawnCharts:
    """Which chart files in ``out_dir`` are current: ``.drawn.json`` there records, for each file
    drawn, its :func:`chart_signature`, the signature of the whole view the run drew from (its
    *basis*, see :func:`helpers.pipeline.export`) and the file's stat right after it was written.
    A file whose signature (or basis) and stat are unchanged is exactly what drawing it again
    would give (the drawing is deterministic), so it is not drawn again; a file touched, replaced
    or removed since, or drawn by a run that was killed before recording it, is drawn again."""

    def __init__(self, out_dir: Path):
        from .outputs import OutputRecord

        self.dir = Path(out_dir)
        self.record = OutputRecord(self.dir, RECORD_NAME)  # file -> [signature, stat, basis]
        self._wanted: dict[str, str] = {}
        self._files: list[str] = []
        self._basis = ""

    def _entry_ok(self, file: str, index: int, value: str) -> bool:
        from .outputs import file_stat

        known = self.record.entries.get(file)
        return (isinstance(known, list) and len(known) == 3 and known[index] == value
                and known[1] == file_stat(self.dir / file))

    def current(self, basis: str, formats: tuple[str, ...]) -> bool:
        """Were all the standard charts in ``formats`` drawn from a view of signature ``basis``,
        and left untouched since? (Then not even their arguments need computing.)"""
        from .outputs import combine

        self._basis = basis = combine(basis, _drawing_version())  # (the view, and the code that draws it)
        self._files = [f"{name}.{fmt}" for name in CHART_NAMES for fmt in formats]
        return all(self._entry_ok(file, 2, basis) for file in self._files)

    def outdated(self, jobs: list[tuple[str, str, tuple]], formats: tuple[str, ...], basis: str = "") -> list[tuple]:
        """The jobs (with only their outdated formats) that must be drawn; all files of ``jobs``
        are what :meth:`save` will record."""
        from .outputs import combine

        version = _drawing_version()
        self._basis = basis = combine(basis, version) if basis else ""
        self._files = []
        todo = []
        for name, function, args in jobs:
            stale = []
            for fmt in formats:
                file = f"{name}.{fmt}"
                self._files.append(file)
                if basis and self._entry_ok(file, 2, basis):
                    self._wanted[file] = self.record.entries[file][0]
                    continue
                signature = chart_signature(name, function, args, fmt, version)
                self._wanted[file] = signature
                if not self._entry_ok(file, 0, signature):
                    stale.append(fmt)
            if stale:
                todo.append((name, function, args, tuple(stale)))
        return todo

    def paths(self) -> list[Path]:
        return [self.dir / file for file in self._files]

    def save(self) -> None:
        """Record the files of the last :meth:`outdated` call (call it once they are all drawn)."""
        from .outputs import file_stat

        for file, signature in self._wanted.items():
            stat = file_stat(self.dir / file)
            if stat is None:
                self.record.forget([file])
            else:
                self.record.entries[file] = [signature, stat, self._basis]
        self.record.save()


def draw(name: str, function: str, args: tuple, out_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    """Draw one chart job and save it (in whichever process runs this)."""
    from . import charts

    return charts.save(getattr(charts, function)(*args), out_dir, name, formats)


def _warm_up() -> None:
    """Import matplotlib and load the fonts before there is anything to draw."""
    import io

    from . import charts

    with charts.house_style():
        fig = charts.plt.figure(figsize=(1, 1))
        fig.text(0.5, 0.5, "n=1", fontsize=6.5)
        fig.savefig(io.BytesIO(), format="png", dpi=30)
        charts.plt.close(fig)


def _ready() -> None:
    """A task that only makes the pool start a worker now rather than at the first chart."""


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
            # Workers are forked from a fresh server process that has imported matplotlib once (not
            # from this process, which may hold Arrow threads by now, nor each from scratch).
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["helpers.charts"])
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
        pending = [self._pool.submit(draw, name, function, args, out_dir, job_formats)
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
