"""The standard charts of a run: what they are drawn from, and which files are current.

Each chart is described by a job (file name, drawing function in :mod:`helpers.charts`, its
arguments) whose arguments are small tables or a few columns, so that sending it to a worker
process (:class:`helpers.chart_pool.ChartWorkers`) costs little. This module does not import
matplotlib: the main process never needs it when workers draw.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from . import aggregates

#: Heaviest first, so that the slowest charts start first when there are fewer workers than charts.
CHART_NAMES = ("speaker_target_heatmap", "outlet_target", "stance_over_time", "polarity_by_target",
               "textblob_vs_vader")


def corpus_label(view: pd.DataFrame, articles: pd.DataFrame | None = None) -> str:
    """The subtitle naming the corpus: articles, outlets and the span of dates.

    An article that never mentions a target has no row in the statement × target ``view``: the
    count says so. With ``articles`` (the article records analysed, where a file holding two
    items is two), those are counted, their outlets and dates. (The command line's charts are
    labelled from the view alone, so that an article without stances leaves them as they are.)"""
    shown = view["article_id"].nunique() if len(view) else 0
    if articles is None:
        if view.empty:
            return "empty selection"
        dates = view["published"].dropna()
        count = f"{shown} article{' that mentions' if shown == 1 else 's that mention'} a target"
        outlets = view["outlet"].nunique()
    else:
        if articles.empty:
            return "no articles"
        dates = pd.to_datetime(articles["published"], errors="coerce").dropna()
        count = f"{len(articles)} article{'' if len(articles) == 1 else 's'}"
        if shown < len(articles):
            count += f" ({shown} mention{'s' if shown == 1 else ''} a target)"
        outlets = articles["outlet"].dropna().nunique()
    span = f"{dates.min():%b %Y}–{dates.max():%b %Y}" if len(dates) else "undated"
    return f"{count}, {outlets} outlet{'' if outlets == 1 else 's'}, {span}"


def point_charts(view: pd.DataFrame, label: str) -> list[tuple[str, str, tuple]]:
    """The two distribution charts, as jobs: they need only the view (no aggregates), so they can
    be drawn while the aggregates are worked out."""
    # only the columns they draw
    statements = view[["statement_id", "polarity", "vader_compound", "stance"]].drop_duplicates("statement_id")
    return [("polarity_by_target", "polarity_distribution", (view[["target", "polarity"]], label)),
            ("textblob_vs_vader", "lexicon_agreement", (statements, label))]


#: The aggregate table each cell chart is drawn from.
CELL_CHART_TABLES = {"speaker_target_heatmap": "speaker_target", "outlet_target": "outlet_target",
                     "stance_over_time": "month_target"}


def cell_chart(name: str, table: pd.DataFrame, label: str) -> tuple[str, str, tuple]:
    """One chart of aggregate cells (a table of :func:`helpers.aggregates.all_aggregates`) as a
    job. The charts use the cells' counts and net stance, not the bootstrap intervals."""
    if name == "speaker_target_heatmap":
        return name, "stance_heatmap", (table, "speaker", f"{label}; quoted speakers (not narration or reader comments)")
    if name == "outlet_target":
        return name, "outlet_comparison", (table, f"{label}; all statements incl. narration")
    return name, "monthly_stance", (table, f"{label}; all statements")


def cell_charts(tables: dict[str, pd.DataFrame], label: str) -> list[tuple[str, str, tuple]]:
    """The charts of aggregate cells, as jobs, heaviest first."""
    return [cell_chart(name, tables[table], label) for name, table in CELL_CHART_TABLES.items()]


def standard_charts(view: pd.DataFrame, tables: dict[str, pd.DataFrame] | None = None,
                    label: str | None = None) -> list[tuple[str, str, tuple]]:
    """The write-up figures of a run as (file name, function of :mod:`helpers.charts`, arguments),
    heaviest first. ``tables`` are the run's aggregate tables when already computed; ``label``
    the subtitle naming the corpus (:func:`corpus_label`)."""
    label = label if label is not None else corpus_label(view)
    if tables is None:
        quoted = view[aggregates.quoted(view)]
        dated = view.dropna(subset=["month"])
        tables = {"speaker_target": aggregates.summarise(quoted, ["speaker", "target"], bootstrap=False),
                  "outlet_target": aggregates.summarise(view, ["outlet", "target"], bootstrap=False),
                  "month_target": aggregates.summarise(dated, ["month", "target"], bootstrap=False)
                  if len(dated) else pd.DataFrame()}
    jobs = {job[0]: job for job in [*cell_charts(tables, label), *point_charts(view, label)]}
    return [jobs[name] for name in CHART_NAMES]


RECORD_NAME = ".drawn.json"


@functools.lru_cache(maxsize=1)
def _drawing_version() -> str:
    """What a chart's pixels depend on besides its arguments: the drawing code (with matplotlib's
    version) and the house style."""
    from . import paths, provenance
    from .outputs import combine, source_digest

    return combine(provenance.code_digest("charts"), source_digest(paths.STYLE_FILE))


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
        """The jobs (with only their outdated formats) that must be drawn; the files of ``jobs``,
        with those of earlier calls, are what :meth:`save` will record."""
        from .outputs import combine

        version = _drawing_version()
        self._basis = basis = combine(basis, version) if basis else ""
        todo = []
        for name, function, args in jobs:
            stale = []
            for fmt in formats:
                file = f"{name}.{fmt}"
                if file not in self._files:
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
    from .timeline import mark

    mark(f"chart {name}: start")
    figure = getattr(charts, function)(*args)
    mark(f"chart {name}: built")
    paths = charts.save(figure, out_dir, name, formats)
    mark(f"chart {name}: saved")
    return paths
