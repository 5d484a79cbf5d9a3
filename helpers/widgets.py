"""The interactive dashboard of ``04_explore``: filters by date, outlet, speaker, target and
quote type, redrawn in place.

The logic is plain Python, testable without a browser: :class:`DashboardData` holds the
statement × target view with columns pre-encoded for fast masks, :class:`Filters` is one
filter setting (both dates included; by default quoted speakers only), :func:`apply_filters`
returns the matching rows and :func:`compute_view` the summary table, heatmap data, timeline
and evidence. :class:`Dashboard` wires these to ipywidgets; a change updates the widgets'
values (no output clearing, so nothing flickers). Quote text is HTML-escaped everywhere.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import charts, config, paths
from .tables import aggregates, corrections
from .tables.files import write_csv
from .text.dates import parse_date

EMPTY_MESSAGE = "Nothing matches the current filters. Widen the date range or select more outlets, speakers or targets."

#: The speaker-kind filter: what a researcher calls each kind of speaker, and the ``speaker_kind``
#: values it stands for.
SPEAKER_KINDS = {"people": ("person",), "organisations": ("organisation",), "sources": ("source",),
                 "unidentified speakers": ("unknown",), "commenters": ("commenter",),
                 "the outlet's own voice": ("author",)}
#: Quoted speakers, the default: reader comments' handles and the writer's narration are not
#: mixed in unless asked for.
QUOTED_SPEAKERS = ("people", "organisations", "sources", "unidentified speakers")


@dataclass(frozen=True)
class Filters:
    """One filter setting; empty tuples mean "all". Both dates are included: ``date_to`` is the
    last day counted. ``speaker_kinds`` are keys of :data:`SPEAKER_KINDS` (by default the quoted
    speakers; an empty tuple means every kind)."""

    date_from: date | None = None
    date_to: date | None = None          # inclusive
    outlets: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    quote_types: tuple[str, ...] = ()
    min_statements: int = 1
    speaker_kinds: tuple[str, ...] = QUOTED_SPEAKERS
    #: what the charts show of each cell: "stance" (the side taken) or "sentiment" (toward the target)
    measure: str = "stance"

    def dates(self) -> str:
        """The date range in ISO form, saying that both ends are included."""
        if self.date_from and self.date_to:
            return f"{self.date_from:%Y-%m-%d} to {self.date_to:%Y-%m-%d} (both included)"
        if self.date_from:
            return f"from {self.date_from:%Y-%m-%d} (included)"
        if self.date_to:
            return f"up to {self.date_to:%Y-%m-%d} (included)"
        return ""

    def kinds(self) -> str:
        chosen = [k for k in SPEAKER_KINDS if k in self.speaker_kinds] if self.speaker_kinds else list(SPEAKER_KINDS)
        if set(QUOTED_SPEAKERS) - {"unidentified speakers"} <= set(chosen) <= set(QUOTED_SPEAKERS):
            return "quoted speakers"  # (with unidentified ones, where a corpus has them)
        if chosen == list(SPEAKER_KINDS):
            return "all speakers"
        return ", ".join(chosen)

    def describe(self) -> str:
        parts = [self.dates()] if self.date_from or self.date_to else []
        for label, values in (("outlets", self.outlets), ("speakers", self.speakers), ("targets", self.targets),
                              ("types", self.quote_types)):
            if values:
                parts.append(f"{label}: {', '.join(values[:3])}{'…' if len(values) > 3 else ''}")
        if self.min_statements > 1:
            parts.append(f"speakers with ≥{self.min_statements} statements")
        parts.append(self.kinds())
        return "; ".join(parts)

    def slug(self) -> str:
        """A file-name fragment that says what the filter is."""
        parts = []
        if self.date_from or self.date_to:
            parts.append(f"{self.date_from or 'start'}_to_{self.date_to or 'end'}")
        for values in (self.outlets, self.speakers, self.targets, self.quote_types):
            if values:
                parts.append("+".join(values[:3]) + ("+more" if len(values) > 3 else ""))
        if self.min_statements > 1:
            parts.append(f"min{self.min_statements}")
        if self.kinds() != "quoted speakers":
            parts.append(self.kinds().replace("the outlet's own voice", "own-voice"))
        if self.measure != "stance":
            parts.append(self.measure)
        slug = "_".join(parts) or "all"
        return re.sub(r"[^A-Za-z0-9+_.-]+", "-", slug).strip("-")[:120]


class DashboardData:
    """The statement × target view with codes for fast filtering (1M rows filter in ~ms)."""

    def __init__(self, statements: pd.DataFrame, stances: pd.DataFrame, articles: pd.DataFrame | None = None,
                 corrections_applied: int = 0):
        self.statements = statements
        self.view = aggregates.stance_view(statements, stances)
        self.articles = articles
        self.corrections_applied = corrections_applied
        view = self.view
        self._day = view["published"].to_numpy(dtype="datetime64[D]")
        coded = ("outlet", "speaker", "target", "quote_type", "speaker_kind")
        self._codes = {c: view[c].cat.codes.to_numpy() for c in coded}
        self._categories = {c: list(view[c].cat.categories) for c in coded}
        self._article = pd.factorize(view["article_id"])[0]
        per_speaker = view.groupby("speaker", observed=False)["statement_id"].nunique()
        self._speaker_counts = per_speaker.reindex(self._categories["speaker"]).fillna(0).to_numpy()
        months = view["month"].astype("category")
        self._codes["month"] = months.cat.codes.to_numpy()
        self._categories["month"] = list(months.cat.categories)
        self._stance = view["stance"].astype(str).map({"favor": 0, "against": 1, "neutral": 2}).to_numpy(dtype=np.int8)
        sentiment = view["sentiment"].astype(str) if "sentiment" in view else pd.Series("", index=view.index)
        self._sentiment = sentiment.map({"positive": 0, "negative": 1}).fillna(2).to_numpy(dtype=np.int8)
        self._polarity = view["polarity"].to_numpy(dtype=float)
        self._score = view["score"].to_numpy(dtype=float)
        self._narration = (view["quote_type"].astype(str) == "narration").to_numpy()
        self._statement = pd.factorize(view["statement_id"])[0]
        day_key = np.where(np.isnat(self._day), np.datetime64("2262-01-01", "D"), self._day).astype("int64")
        self._evidence_order = np.lexsort((self._statement, day_key))  # by date, then statement
        self.small_cell_n = int(config.load_settings().aggregates.get("small_cell_n", 5))

    def options(self, column: str) -> list[str]:
        return [str(c) for c in self._categories[column]]

    def kind_options(self) -> list[str]:
        """The speaker kinds to choose from (keys of :data:`SPEAKER_KINDS`): every kind, but
        unidentified speakers only when there are some."""
        present = set(self.options("speaker_kind"))
        return [label for label,
                kinds in SPEAKER_KINDS.items() if label != "unidentified speakers" or present & set(kinds)]

    def date_bounds(self) -> tuple[date | None, date | None]:
        dated = self.view["published"].dropna()
        if dated.empty:
            return None, None
        return dated.min().date(), dated.max().date()

    def articles_in(self, filters: Filters) -> pd.DataFrame | None:
        """The article records (one per analysed item: a file holding two is two) within the
        filter's dates and outlets, or None when the articles table was not given."""
        if self.articles is None:
            return None
        articles = self.articles
        keep = np.ones(len(articles), dtype=bool)
        if filters.date_from is not None or filters.date_to is not None:
            day = pd.to_datetime(articles["published"], errors="coerce").to_numpy(dtype="datetime64[D]")
            if filters.date_from is not None:
                keep &= day >= np.datetime64(filters.date_from, "D")
            if filters.date_to is not None:
                keep &= day <= np.datetime64(filters.date_to, "D")
        if filters.outlets:
            keep &= articles["outlet"].fillna("(unknown outlet)").isin(filters.outlets).to_numpy()
        return articles[keep]

    def speakers_matching(self, text: str, limit: int = 200, speaker_kinds: tuple[str, ...] | None = None) -> list[str]:
        """Speakers whose name contains ``text`` (case-insensitive), most statements first; with
        ``speaker_kinds`` (keys of :data:`SPEAKER_KINDS`, as the "Who" filter holds them; empty: every
        kind) only speakers of those kinds, so the list offers no one the view would hide."""
        names = self._categories["speaker"]
        order = np.argsort(-self._speaker_counts, kind="stable")
        if speaker_kinds:
            order = order[self._speakers_of_kinds(speaker_kinds)[order]]
        needle = text.casefold().strip()
        out = [str(names[i]) for i in order if not needle or needle in str(names[i]).casefold()]
        return out[:limit]

    def _speakers_of_kinds(self, speaker_kinds: tuple[str, ...]) -> np.ndarray:
        """For each speaker code: does the speaker have a row of one of these kinds?"""
        kinds = {k for label in speaker_kinds for k in SPEAKER_KINDS.get(label, ())}
        wanted = np.array([str(c) in kinds for c in self._categories["speaker_kind"]] + [False])
        rows = wanted[self._codes["speaker_kind"]]  # (code -1, a missing kind, reads the last: False)
        present = np.zeros(len(self._categories["speaker"]), dtype=bool)
        present[self._codes["speaker"][rows & (self._codes["speaker"] >= 0)]] = True
        return present

    def mask(self, filters: Filters) -> np.ndarray:
        keep = np.ones(len(self.view), dtype=bool)
        if filters.date_from is not None:
            keep &= self._day >= np.datetime64(filters.date_from, "D")
        if filters.date_to is not None:
            keep &= self._day <= np.datetime64(filters.date_to, "D")  # (the last day is included)
        kinds = tuple(k for label in filters.speaker_kinds for k in SPEAKER_KINDS.get(label, ()))
        for column, values in (("outlet", filters.outlets), ("speaker", filters.speakers),
                               ("target", filters.targets), ("quote_type", filters.quote_types),
                               ("speaker_kind", kinds)):
            if values:
                wanted = [i for i, c in enumerate(self._categories[column]) if str(c) in set(values)]
                keep &= np.isin(self._codes[column], wanted)
        if filters.min_statements > 1:
            counts = np.bincount(self._codes["speaker"][keep], minlength=len(self._categories["speaker"]))
            keep &= counts[self._codes["speaker"]] >= filters.min_statements
        return keep


def apply_filters(data: DashboardData, filters: Filters) -> pd.DataFrame:
    return data.view[data.mask(filters)]


@dataclass
class ViewResult:
    """What the dashboard shows for one filter setting. ``rows`` (the matching statement × target
    rows with their text) is built only when something needs it."""

    filters: Filters
    mask: np.ndarray | None
    data: "DashboardData | None"
    table: pd.DataFrame
    heatmap: pd.DataFrame
    timeline: pd.DataFrame
    evidence: pd.DataFrame
    empty: bool = False
    message: str = ""
    statements: int = 0
    speakers: int = 0
    articles: int = 0                 # articles the view's statements come from
    articles_in_range: int | None = None  # article records within the dates and outlets (None: unknown)
    outlets: int = 0
    first_day: date | None = None     # of the articles within the dates and outlets
    last_day: date | None = None
    _rows: pd.DataFrame | None = None

    @property
    def rows(self) -> pd.DataFrame:
        if self._rows is None:
            self._rows = self.data.view[self.mask] if self.data is not None else pd.DataFrame()
        return self._rows


def _cells(data: DashboardData, keys: list[str], mask: np.ndarray) -> pd.DataFrame:
    """Counts per cell of ``keys`` over the masked rows, by integer codes (no copies of text)."""
    index = np.flatnonzero(mask)
    sizes = [len(data._categories[k]) for k in keys]
    combined = np.zeros(len(index), dtype=np.int64)
    valid = np.ones(len(index), dtype=bool)
    for key, size in zip(keys, sizes):
        codes = data._codes[key][index]
        valid &= codes >= 0
        combined = combined * size + np.maximum(codes, 0)
    combined, stance = combined[valid], data._stance[index][valid]
    cells = int(np.prod(sizes))
    n = np.bincount(combined, minlength=cells)
    counts = {name: np.bincount(combined[stance == i], minlength=cells) for i,
              name in enumerate(("favor", "against", "neutral"))}
    sentiment = data._sentiment[index][valid]
    counts.update({name: np.bincount(combined[sentiment == i], minlength=cells) for i,
                   name in enumerate(("positive", "negative"))})
    polarity = np.bincount(combined, weights=data._polarity[index][valid], minlength=cells)
    score = np.bincount(combined, weights=data._score[index][valid], minlength=cells)
    present = np.flatnonzero(n)
    out = {}
    remainder = present.copy()
    for key, size in reversed(list(zip(keys, sizes))):
        out[key] = [str(data._categories[key][c]) for c in remainder % size]
        remainder //= size
    frame = pd.DataFrame({k: out[k] for k in keys})
    frame["n"] = n[present]
    for name in ("favor", "against", "neutral"):
        frame[name] = counts[name][present]
    frame["net_stance"] = ((frame["favor"] - frame["against"]) / frame["n"]).round(3)
    for name in ("positive", "negative"):
        frame[name] = counts[name][present]
    frame["net_sentiment"] = ((frame["positive"] - frame["negative"]) / frame["n"]).round(3)
    frame["mean_score"] = (score[present] / frame["n"]).round(3)
    frame["mean_polarity"] = (polarity[present] / frame["n"]).round(3)
    frame["small_n"] = frame["n"] < data.small_cell_n
    return frame.sort_values(keys).reset_index(drop=True)


def compute_view(data: DashboardData, filters: Filters, evidence_limit: int = 50) -> ViewResult:
    """Filter, then re-aggregate: the summary by target, the speaker × target heatmap data,
    monthly stance, and the statements behind the view."""
    mask = data.mask(filters)
    corpus = _corpus_counts(data, filters, mask)
    if not mask.any():
        empty = pd.DataFrame()
        return ViewResult(filters, mask, data, empty, empty, empty, empty, True, EMPTY_MESSAGE, **corpus)
    table = _cells(data, ["target"], mask)
    heatmap = _cells(data, ["speaker", "target"], mask)  # (the speaker kinds chosen: by default quoted speakers)
    timeline = _cells(data, ["month", "target"], mask)
    chosen = data._evidence_order[mask[data._evidence_order]][:evidence_limit]
    evidence = data.view.iloc[chosen][["statement_id", "speaker", "outlet", "published", "target", "stance", "text",
                                       "cue", "evidence"]]
    statements = int(np.count_nonzero(np.bincount(data._statement[mask])))
    speakers = int(np.count_nonzero(np.bincount(data._codes["speaker"][mask])))
    return ViewResult(filters, mask, data, table, heatmap, timeline, evidence, statements=statements, speakers=speakers,
                      **corpus)


def _corpus_counts(data: DashboardData, filters: Filters, mask: np.ndarray) -> dict:
    """How many articles the view draws on, and from how many article records within its dates
    and outlets (every analysed record counts, also those that never mention a target)."""
    shown = int(np.count_nonzero(np.bincount(data._article[mask]))) if mask.any() else 0
    articles = data.articles_in(filters)
    if articles is None:
        days = data._day[mask]
        days = days[~np.isnat(days)]
        first, last = (days.min().astype(date), days.max().astype(date)) if len(days) else (None, None)
        outlets = int(np.count_nonzero(np.bincount(data._codes["outlet"][mask]))) if mask.any() else 0
        return {"articles": shown, "outlets": outlets, "first_day": first, "last_day": last}
    dated = pd.to_datetime(articles["published"], errors="coerce").dropna()
    return {"articles": shown, "articles_in_range": len(articles), "outlets": int(articles["outlet"].nunique()),
            "first_day": dated.min().date() if len(dated) else None,
            "last_day": dated.max().date() if len(dated) else None}


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def corpus_line(result: ViewResult) -> str:
    """"6 articles (5 with statements shown), 5 outlets, 2010-11-09 to 2024-03-06": the articles
    behind a view, counted as analysed records, with their span of dates."""
    if result.articles_in_range is None:
        count = _counted(result.articles, "article")
    else:
        count = _counted(result.articles_in_range, "article")
        if result.articles < result.articles_in_range:
            count += f" ({result.articles} with statements shown)"
    # (the span of the articles' dates, unless the filter's own dates say it)
    dated = result.first_day and not (result.filters.date_from or result.filters.date_to)
    span = "" if not dated else f", {result.first_day:%Y-%m-%d}" + (
        f" to {result.last_day:%Y-%m-%d}" if result.last_day != result.first_day else "")
    return f"{count}, {_counted(result.outlets, 'outlet')}{span}"


def evidence_html(evidence: pd.DataFrame, total: int) -> str:
    """The statements behind the view as an HTML table; all article text is escaped."""
    if evidence.empty:
        return f"<p><em>{html.escape(EMPTY_MESSAGE)}</em></p>"
    head = "".join(f"<th>{h}</th>" for h in ("speaker", "outlet", "date", "target", "stance", "statement", "cue", "id"))
    rows = []
    for r in evidence.itertuples():
        when = "" if pd.isna(r.published) else f"{r.published:%Y-%m-%d}"
        rows.append(
            "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in (r.speaker, r.outlet)) +
            f"<td style='white-space: nowrap'>{when}</td>" +
            "".join(f"<td>{html.escape(str(v))}</td>" for v in (r.target, r.stance)) +
            f"<td title=\"{html.escape(str(r.evidence))}\">{html.escape(str(r.text)[:300])}</td>"
            f"<td>{html.escape(str(r.cue or ''))}</td><td><code>{html.escape(str(r.statement_id))}</code></td></tr>")
    note = f"<p>Showing {len(evidence)} of {total} statement × target rows behind this view.</p>"
    return f"{note}<table class='evidence'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def summary_html(result: ViewResult) -> str:
    if result.empty:
        return f"<p class='nothing-matches'><strong>{html.escape(result.message)}</strong></p>"
    table = result.table[["target", "n", "favor", "against", "neutral", "net_stance", "mean_polarity", "small_n"]]
    return (f"<p class='view-description'>{html.escape(result.filters.describe())}: "
            f"{_counted(result.statements, 'statement')}, {_counted(result.speakers, 'speaker')}; "
            f"{html.escape(corpus_line(result))}.</p>" + table.to_html(index=False, escape=True, classes="summary"))


#: Screen pixels per inch of a dashboard chart (the PNG has twice as many, for sharp high-density
#: screens; the image is shown at most at this size, never enlarged).
SCREEN_DPI = 110  # (the house style's figure.dpi: as large as a notebook shows a chart inline)


def _png(fig) -> tuple[bytes, int]:
    """The figure as a PNG at twice :data:`SCREEN_DPI`, and the width in CSS pixels to show it at."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=2 * SCREEN_DPI, bbox_inches="tight", pad_inches=charts.drawing.PAD_INCHES)
    plt.close(fig)
    data = buffer.getvalue()
    width = int.from_bytes(data[16:20], "big")  # (the PNG's IHDR chunk)
    return data, width // 2


def draw_charts(result: ViewResult) -> dict[str, object]:
    """The dashboard's figures for one view (matplotlib figures, not yet rendered)."""
    subtitle = f"{corpus_line(result)}; {result.filters.describe()}"
    return {
        "heatmap": charts.stance_heatmap(result.heatmap if not result.empty else pd.DataFrame(), "speaker", subtitle,
                                         measure=result.filters.measure),
        "timeline": charts.monthly_stance(result.timeline, subtitle, measure=result.filters.measure),
    }


def export_view(result: ViewResult, out_dir: Path = paths.EXPORTS_DIR) -> list[Path]:
    """Write the visible charts (PNG at 300 dpi, SVG, PDF) and the filtered table (CSV)."""
    out_dir = Path(out_dir) / "views"
    out_dir.mkdir(parents=True, exist_ok=True)
    slug = result.filters.slug()
    written = []
    for name, fig in draw_charts(result).items():
        written += charts.save(fig, out_dir, f"{name}__{slug}", formats=("png", "svg", "pdf"))
    table = out_dir / f"statements__{slug}.csv"
    write_csv(result.rows, table)  # (text cells that a spreadsheet would run as formulas are neutralised)
    written.append(table)
    return written


#: How the dashboard lays out its charts: each in a box that grows up to the chart's own width and
#: wraps to a row of its own when the window is too narrow for both; the image fills its box's
#: width and keeps its aspect (height follows), so nothing is stretched or cut off.
CHART_BOX = {"flex": "1 1 480px", "min_width": "0", "margin": "0 16px 12px 0"}


class Dashboard:
    """ipywidgets front end. ``Dashboard(data).widget`` is the thing to display."""

    def __init__(self, data: DashboardData, export_dir: Path = paths.EXPORTS_DIR,
                 corrections_file: Path = paths.CORRECTIONS_FILE):
        self.data, self.export_dir, self.corrections_file = data, Path(export_dir), Path(corrections_file)
        first, last = data.date_bounds()
        # dates are typed as YYYY-MM-DD (a browser's date picker shows its own locale's order);
        # empty means no bound, and the corpus's first and last days are the placeholders
        self.date_from = w.Text(description="From", placeholder=f"{first or 'YYYY-MM-DD'}", continuous_update=False,
                                tooltip="first day included, YYYY-MM-DD")
        self.date_to = w.Text(description="To (incl.)", placeholder=f"{last or 'YYYY-MM-DD'}", continuous_update=False,
                              tooltip="last day included, YYYY-MM-DD")
        self.date_from.add_class("date-from")
        self.date_to.add_class("date-to")
        self.date_note = w.HTML(f"<small>YYYY-MM-DD; both days included. This corpus: {first or '…'} to {last or '…'}"
                                "</small>")
        self.outlets = w.SelectMultiple(options=data.options("outlet"), description="Outlets", rows=6)
        self.speaker_search = w.Text(placeholder="search speakers…", description="Find")
        self.speakers = w.SelectMultiple(options=[], description="Speakers", rows=6)
        self.targets = w.SelectMultiple(options=data.options("target"), description="Targets", rows=4)
        self.quote_types = w.SelectMultiple(options=data.options("quote_type"), description="Types", rows=4)
        kinds = data.kind_options()
        self.speaker_kinds = w.SelectMultiple(options=kinds, value=tuple(k for k in kinds if k in QUOTED_SPEAKERS),
                                              description="Who", rows=len(kinds) or 1)
        self.speakers.options = data.speakers_matching("", speaker_kinds=self.speaker_kinds.value)
        most = int(data._speaker_counts.max()) if len(data._speaker_counts) else 1
        self.min_statements = w.IntSlider(value=1, min=1, max=max(1, most), description="Min. stmts")
        self.measure = w.Dropdown(options=[("stance (side taken)", "stance"), ("sentiment toward target", "sentiment")],
                                  value="stance", description="Show")
        self.summary = w.HTML()
        self.heatmap = w.Image(format="png",
                               layout=w.Layout(width="100%", height="auto", object_fit="contain", margin="0"))
        self.timeline = w.Image(format="png",
                                layout=w.Layout(width="100%", height="auto", object_fit="contain", margin="0"))
        self.heatmap.add_class("chart-heatmap")
        self.timeline.add_class("chart-timeline")
        self.evidence = w.HTML()
        self.status = w.HTML()
        self.export_button = w.Button(description="Export current view", icon="download", layout=w.Layout(width="auto"))
        self.correction_id = w.Text(placeholder="statement id", description="Statement")
        self.correction_action = w.Dropdown(options=["speaker", "stance", "exclude"], description="Correct")
        self.correction_target = w.Dropdown(options=[""] + data.options("target"), description="Target")
        self.correction_value = w.Text(placeholder="right speaker, or favor/against/neutral", description="Value")
        self.correction_button = w.Button(description="Save correction", icon="save", layout=w.Layout(width="auto"))
        for control in (self.date_from, self.date_to, self.outlets, self.speakers, self.targets, self.quote_types,
                        self.speaker_kinds, self.min_statements, self.measure):
            control.observe(self._changed, names="value")
        self.speaker_search.observe(self._search, names="value")
        self.speaker_kinds.observe(self._search, names="value")  # (the speakers offered follow "Who")
        self.export_button.on_click(self._export)
        self.correction_button.on_click(self._correct)
        filters_box = w.VBox([w.HBox([self.date_from, self.date_to]), self.date_note,
                              w.HBox([self.outlets, self.targets]),
                              w.HBox([w.VBox([self.speaker_search, self.speakers]), self.quote_types]),
                              w.HBox([self.speaker_kinds, w.VBox([self.min_statements, self.measure])])])
        correction_box = w.VBox([w.HTML(f"<b>Corrections</b> ({data.corrections_applied} applied in this run; "
                                        "saved to data/corrections.csv, used on the next run)"),
                                 w.HBox([self.correction_id, self.correction_action]),
                                 w.HBox([self.correction_target, self.correction_value, self.correction_button])])
        self._heatmap_box = w.Box([self.heatmap], layout=w.Layout(**CHART_BOX))
        self._timeline_box = w.Box([self.timeline], layout=w.Layout(**CHART_BOX))
        charts_box = w.Box([self._heatmap_box, self._timeline_box],
                           layout=w.Layout(display="flex", flex_flow="row wrap", align_items="flex-start",
                                           width="100%"))
        charts_box.add_class("workbench-charts")
        self.widget = w.VBox([filters_box, self.summary, charts_box, w.HBox([self.export_button, self.status]),
                              self.evidence, correction_box], layout=w.Layout(width="100%"))
        self.widget.add_class("workbench-dashboard")
        self.result: ViewResult | None = None
        self._last_filters: Filters | None = None
        self.refresh()

    def _date(self, field, label: str) -> tuple[date | None, str]:
        """The date typed in ``field`` (YYYY-MM-DD; DD/MM/YYYY is read day-first), and what is
        wrong with it ("" when nothing)."""
        text = field.value.strip()
        if not text:
            return None, ""
        day = parse_date(text, dayfirst=True)
        return (day, "") if day else (None, f"{label}: '{text}' is not a date; write it as YYYY-MM-DD")

    def filters(self) -> Filters:
        (first, wrong_first), (last, wrong_last) = self._date(self.date_from, "From"), self._date(self.date_to, "To")
        problem = wrong_first or wrong_last
        if problem:
            self.status.value = html.escape(problem)
            if self._last_filters is not None:  # (the last dates that could be read stay in force)
                first, last = self._last_filters.date_from, self._last_filters.date_to
        elif self.status.value.startswith(("From: ", "To: ")):
            self.status.value = ""
        return Filters(first, last, tuple(self.outlets.value), tuple(self.speakers.value),
                       tuple(self.targets.value), tuple(self.quote_types.value), int(self.min_statements.value),
                       tuple(self.speaker_kinds.value), self.measure.value)

    def refresh(self) -> ViewResult:
        filters = self.filters()
        self._last_filters = filters
        self.result = compute_view(self.data, filters)
        figures = draw_charts(self.result)
        # charts first, the summary last: once the summary shows the new filter, all is redrawn
        for name, image, box in (("heatmap", self.heatmap, self._heatmap_box),
                                 ("timeline", self.timeline, self._timeline_box)):
            data, width = _png(figures[name])
            image.value = data
            box.layout.max_width = f"{width}px"  # (never enlarged beyond its own size)
        self.evidence.value = evidence_html(self.result.evidence, int(self.result.mask.sum()))
        self.summary.value = summary_html(self.result)
        return self.result

    def _changed(self, change) -> None:
        field = change["owner"]
        if field is self.date_from or field is self.date_to:
            day, _ = self._date(field, "")
            if day is not None and field.value.strip() != day.isoformat():
                field.value = day.isoformat()  # (shown as it is read; that change redraws the view)
                return
        self.refresh()

    def _search(self, _change=None) -> None:
        """The speakers offered: those matching the search box among the kinds "Who" shows (the ones
        chosen stay)."""
        chosen = set(self.speakers.value)
        options = self.data.speakers_matching(self.speaker_search.value, speaker_kinds=self.speaker_kinds.value)
        self.speakers.options = list(dict.fromkeys([*chosen, *options]))
        self.speakers.value = tuple(s for s in self.speakers.options if s in chosen)

    def _export(self, _button) -> list[Path]:
        written = export_view(self.result, self.export_dir)
        self.status.value = html.escape(f"Wrote {len(written)} files to {written[0].parent}")
        return written

    def _correct(self, _button) -> None:
        sid = self.correction_id.value.strip()
        rows = self.data.statements[self.data.statements["statement_id"] == sid]
        if rows.empty:
            self.status.value = html.escape(f"No statement with id {sid!r}; copy one from the evidence list.")
            return
        try:
            corrections.add(self.corrections_file, rows.iloc[0].to_dict(), self.correction_action.value,
                            self.correction_value.value.strip(), self.correction_target.value)
        except ValueError as exc:
            self.status.value = html.escape(str(exc))
            return
        self.status.value = html.escape(f"Correction saved to {self.corrections_file.name}; re-run to apply it.")
