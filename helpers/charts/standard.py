"""The standard charts of a run (the write-up figures) and what each is drawn from.

Each chart is a job: its file name, the drawing function of :mod:`helpers.charts.drawing` and
that function's arguments (small tables, or a few columns of the view), so that
:mod:`helpers.charts.record` can tell from the arguments alone whether a file is current.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..tables import aggregates
from . import drawing

#: The file names of the standard charts, in the order they are drawn.
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
    """One chart of aggregate cells (a table of :func:`helpers.tables.aggregates.all_aggregates`) as a
    job. The charts use the cells' counts and net stance, not the bootstrap intervals."""
    if name == "speaker_target_heatmap":
        return name, "stance_heatmap", (table, "speaker",
                                        f"{label}; quoted speakers (not narration or reader comments)")
    if name == "outlet_target":
        return name, "outlet_comparison", (table, f"{label}; all statements incl. narration")
    return name, "monthly_stance", (table, f"{label}; all statements")


def cell_charts(tables: dict[str, pd.DataFrame], label: str) -> list[tuple[str, str, tuple]]:
    """The charts of aggregate cells, as jobs, heaviest first."""
    return [cell_chart(name, tables[table], label) for name, table in CELL_CHART_TABLES.items()]


def standard_charts(view: pd.DataFrame, tables: dict[str, pd.DataFrame] | None = None,
                    label: str | None = None) -> list[tuple[str, str, tuple]]:
    """The write-up figures of a run as (file name, function of :mod:`helpers.charts.drawing`, arguments),
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


def draw(name: str, function: str, args: tuple, out_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    """Draw one chart job and save it in ``formats``."""
    return drawing.save(getattr(drawing, function)(*args), out_dir, name, formats)


def export_standard_charts(view: pd.DataFrame, out_dir: Path, formats: tuple[str, ...] = ("png", "svg"),
                           tables: dict[str, pd.DataFrame] | None = None) -> list[Path]:
    """Draw the write-up figures of a whole run (PNG at 300 dpi, and SVG/PDF when asked)."""
    return [path for name, function, args in standard_charts(view, tables)
            for path in draw(name, function, args, out_dir, formats)]
