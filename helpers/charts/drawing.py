"""Charts for write-ups, in one house style (``data/style/house.mplstyle``).

Every chart has a title, a subtitle naming the corpus and filter, a source note, and shows n
where it matters. Stance uses a colour-blind-safe diverging palette (orange = against,
grey = neutral, purple = favor); empty cells say "no data", never a fake zero.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

# No backend is chosen here: a notebook's kernel draws inline (matplotlib_inline), and the
# command line picks Agg itself before anything imports matplotlib (helpers/cli.py).
import matplotlib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import ScaledTranslation

from .. import config, paths
from ..tables import aggregates

STANCE_COLOURS = {"against": "#E66101", "neutral": "#BDBDBD", "favor": "#5E3C99"}
DIVERGING = "PuOr"
SOURCE_NOTE = "Source: political-communication workbench; stance by cue rules, sentiment by TextBlob/VADER."


@contextmanager
def house_style():
    # leaving the style's context puts back every rc parameter as it was on entry, "interactive"
    # too: a backend first loaded inside it (a notebook's inline backend, loaded with the first
    # figure, turns interactive mode on) would be switched off again, and no later chart shown
    interactive = None
    try:
        with plt.style.context(str(paths.STYLE_FILE)):
            try:
                yield
            finally:
                interactive = matplotlib.is_interactive()
    finally:
        if interactive is not None:
            matplotlib.interactive(interactive)


def _frame(fig, ax, title: str, subtitle: str, note: str = SOURCE_NOTE, raise_by: float = 0) -> None:
    # the subtitle sits a fixed distance above the axes (in points, not a share of the axes'
    # height, which put it over the title of a tall chart), the title above it; ``raise_by``
    # points more leave room for headers over the axes
    ax.set_title(title, loc="left", pad=19 + raise_by)
    ax.annotate(subtitle, (0, 1), xycoords="axes fraction", xytext=(0, 5 + raise_by), textcoords="offset points",
                fontsize=8, color="#555555", va="bottom", ha="left")
    fig.text(0.01, -0.02, note, fontsize=6.5, color="#777777", ha="left", va="top")


@contextmanager
def _chart(ax, size: tuple[float, float], title: str, subtitle: str, raise_by: float = 0):
    """House style, a figure (unless drawing into ``ax``), title, subtitle and source note."""
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=size)
        _frame(ax.figure, ax, title, subtitle, raise_by=raise_by)
        yield ax.figure, ax


def _empty(ax, message: str = "no data for this selection") -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=10, color="#777777", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def _small_cell_n() -> int:
    return int(config.load_settings().aggregates.get("small_cell_n", 5))


#: What a chart can show of each cell: the stance taken, or the sentiment toward the target (column,
#: title, what the value is, the colour bar's label, the y axis's label)
MEASURES = {
    "stance": ("net_stance", "Net stance", "(favor − against) / n", "against  ←  net stance  →  favor",
               "net stance (−1 against … +1 favor)"),
    "sentiment": ("net_sentiment", "Net sentiment toward the target",
                  "(positive − negative) / n, as the sentiment model reads the words aimed at each target",
                  "negative  ←  net sentiment  →  positive", "net sentiment (−1 negative … +1 positive)"),
}


def stance_heatmap(summary: pd.DataFrame, row: str = "speaker", subtitle: str = "", max_rows: int = 25,
                   ax=None, min_n: int = 1, small_n: int | None = None, measure: str = "stance"):
    """Net stance (or, with ``measure="sentiment"``, net sentiment toward the target) of each ``row``
    (speaker, outlet...) toward each target, annotated with n.
    Cells of fewer than ``small_n`` statements (``small_cell_n`` in data/settings.toml) are faded
    and hatched: a net stance of +1.00 from one statement is not one from twenty.

    ``summary`` is :func:`helpers.tables.aggregates.summarise` output grouped by [row, "target"]."""
    small_n = _small_cell_n() if small_n is None else small_n
    data = summary[summary["n"] >= min_n] if not summary.empty else summary
    rows = 0 if data.empty else min(max_rows, data[row].nunique())
    height = max(2.0, 0.32 * rows + 1.3)
    own_figure = ax is None
    column, title, what, bar_label, _ = MEASURES[measure]
    with _chart(ax, (6.0, height), f"{title} by {row} and target",
                subtitle or f"{what}; n in each cell", raise_by=12) as (fig, ax):
        if own_figure:  # (no tick labels below the cells: the usual bottom margin would be an empty band)
            fig.subplots_adjust(bottom=0.3 / height)
        if data.empty:
            _empty(ax)
            return fig
        order = data.groupby(row)["n"].sum().sort_values(ascending=False).head(max_rows).index
        targets = sorted(data["target"].unique())
        net = data.pivot_table(index=row, columns="target", values=column, aggfunc="first").reindex(index=order,
                                                                                                      columns=targets)
        counts = data.pivot_table(index=row, columns="target", values="n", aggfunc="first").reindex(index=order,
                                                                                                    columns=targets)
        masked = np.ma.masked_invalid(net.to_numpy(dtype=float))
        # cells as a mesh of quadrilaterals, not an image resampled to the canvas (a fifth of a
        # 300-dpi drawing); cells without data let the grey background show
        image = ax.pcolormesh(np.arange(len(targets) + 1) - 0.5, np.arange(len(order) + 1) - 0.5, masked,
                              cmap=plt.get_cmap(DIVERGING), vmin=-1, vmax=1)
        ax.set_facecolor("#F2F2F2")
        ax.set_xlim(-0.5, len(targets) - 0.5)
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.set_xticks(range(len(targets)), targets)
        ax.tick_params(axis="x", top=True, labeltop=True, bottom=False, labelbottom=False, length=0)
        ax.set_yticks(range(len(order)), [_shorten(str(o), 32) for o in order])
        ax.grid(False)
        faded = []
        for i in range(len(order)):
            for j in range(len(targets)):
                n = counts.iat[i, j]
                if pd.isna(n):
                    ax.text(j, i, "no data", ha="center", va="center", fontsize=6, color="#999999")
                    continue
                value, small = net.iat[i, j], n < small_n
                if small:
                    faded.append([(j - 0.5, i - 0.5), (j + 0.5, i - 0.5), (j + 0.5, i + 0.5), (j - 0.5, i + 0.5)])
                colour = "white" if abs(value) > 0.6 and not small else "black"
                ax.text(j, i, f"{value:+.2f}\nn={int(n)}", ha="center", va="center", fontsize=6.5, color=colour)
        if faded:  # a veil of white over the colour, hatched so that it shows in grey print too
            ax.add_collection(PolyCollection(faded, facecolors=(1, 1, 1, 0.6), edgecolors="#B4B4B4", hatch="////",
                                             linewidths=0, zorder=1.5))
            ax.annotate(f"faded, hatched: fewer than {small_n} statements (read with care)", (0, 0),
                        xycoords="axes fraction", xytext=(0, -6), textcoords="offset points", ha="left", va="top",
                        fontsize=6.5, color="#555555")
        bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
        bar.set_label(bar_label, fontsize=7)
        return fig


def stance_over_time(view: pd.DataFrame, subtitle: str = "", ax=None):
    """Net stance per target per month, with the number of statements as marker labels."""
    dated = view.dropna(subset=["published"])
    cells = aggregates.summarise(dated.assign(month=dated["published"].dt.strftime("%Y-%m")), ["month", "target"],
                                 bootstrap=False) if len(dated) else pd.DataFrame()
    return monthly_stance(cells, subtitle, ax)


#: Where an n label may go, in points from its point: above, below, right, left, then further out.
_LABEL_PLACES = ((0, 4, "center", "bottom"), (0, -4, "center", "top"), (5, 0, "left", "center"),
                 (-5, 0, "right", "center"), (0, 11, "center", "bottom"), (0, -11, "center", "top"))


def _label_points(ax, points: list[tuple[float, float, str, str]], fontsize: float = 6) -> int:
    """Write each point's label (x, y in data units, text, colour) where it overlaps no other
    label and no marker, trying the places of :data:`_LABEL_PLACES` in turn; returns how many
    found no room (left out rather than drawn over another)."""
    fig = ax.figure
    scale = fig.dpi / 72  # (points to pixels)
    height = fontsize * scale
    centres = ax.transData.transform([(x, y) for x, y, _, _ in points]) if points else np.empty((0, 2))
    marker = 3.0 * scale
    taken = [(cx - marker, cy - marker, cx + marker, cy + marker) for cx, cy in centres]  # (the markers)
    axes_box = ax.get_window_extent()
    left_out = 0
    for (x, y, text, colour), (cx, cy) in zip(points, centres):
        width = 0.62 * fontsize * scale * len(text)
        for dx, dy, ha, va in _LABEL_PLACES:
            x0 = cx + dx * scale - {"center": width / 2, "left": 0, "right": width}[ha]
            y0 = cy + dy * scale - {"center": height / 2, "bottom": 0, "top": height}[va]
            box = (x0, y0, x0 + width, y0 + height)
            inside = axes_box.x0 <= box[0] and box[2] <= axes_box.x1 and axes_box.y0 <= box[1] and box[3] <= axes_box.y1
            if inside and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
                taken.append(box)
                ax.annotate(text, (x, y), textcoords="offset points", xytext=(dx, dy), fontsize=fontsize,
                            color=colour, ha=ha, va=va)
                break
        else:
            left_out += 1
    return left_out


def monthly_stance(cells: pd.DataFrame, subtitle: str = "", ax=None, measure: str = "stance"):
    """Net stance per target per month from month × target cells (see :func:`aggregates.summarise`):
    months in a row joined by a line, months apart by a dotted one; n beside each point where
    there is room for it."""
    column, title, _, _, axis_label = MEASURES[measure]
    with _chart(ax, (6.0, 3.4), "Stance over time" if measure == "stance" else "Sentiment toward the targets over time",
                subtitle or f"{title.lower()} per month; labels give n") as (fig, ax):
        if cells is None or cells.empty:
            _empty(ax, "no dated statements in this selection")
            return fig
        data = cells.assign(period=pd.to_datetime(cells["month"], format="%Y-%m",
                                                  errors="coerce")).dropna(subset=["period"])
        labels, bridged = [], False
        for target, group in data.groupby("target"):
            group = group.sort_values("period")
            full = pd.date_range(group["period"].min(), group["period"].max(), freq="MS")
            gapped = group.set_index("period")[column].reindex(full)  # consecutive months: a solid line
            line = ax.plot(gapped.index, gapped.to_numpy(), marker="o", label=str(target))[0]
            if len(group) > 1 and gapped.isna().any():  # across months without statements: dotted
                ax.plot(group["period"], group[column], linestyle=":", linewidth=1.0, color=line.get_color())
                bridged = True
            if len(group) <= 40:
                labels += [(mdates.date2num(x), y, f"{n}", line.get_color())
                           for x, y, n in zip(group["period"], group[column], group["n"])]
        ax.axhline(0, color="#999999", linewidth=0.8)
        ax.set_ylim(-1.1, 1.15)
        ax.set_ylabel(axis_label)
        handles = ax.get_legend_handles_labels()[0]
        if bridged:

            handles.append(Line2D([], [], linestyle=":", linewidth=1.0, color="#777777",
                                  label="across months\nwithout statements"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        first, last = mdates.date2num(data["period"].min()), mdates.date2num(data["period"].max())
        pad = max(45.0, 0.04 * (last - first))  # (days: a lone month is not lost in a span of years)
        ax.set_xlim(first - pad, last + pad)
        if last - first < 400:  # (under a year or so: every month can be named)
            ax.xaxis.set_major_locator(mdates.MonthLocator())
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
        fig.autofmt_xdate()
        left_out = _label_points(ax, labels)  # (last: where the labels go depends on the final layout)
        if left_out:
            ax.annotate(f"n of {left_out} crowded point{'s' if left_out > 1 else ''} not shown", (1, 0),
                        xycoords="axes fraction", xytext=(0, -30), textcoords="offset points", ha="right", va="top",
                        fontsize=6, color="#777777")
        return fig


def outlet_comparison(summary: pd.DataFrame, subtitle: str = "", ax=None):
    """Stance mix per outlet, one panel per target (outlets in the same rows across panels):
    stacked shares of against / neutral / favor, with n beside each bar (* marks a small cell).

    ``summary`` is :func:`helpers.tables.aggregates.summarise` output grouped by ["outlet", "target"].
    With ``ax``, the panels are drawn inside it."""
    outlets, targets = [], []
    if not summary.empty:
        names = summary["outlet"].astype(str).unique().tolist()
        # alphabetical, with statements of no known outlet last
        outlets = sorted(names, key=lambda o: (o == "(unknown outlet)", o.lower()))
        targets = sorted(summary["target"].astype(str).unique())
    size = (1.6 + 2.3 * max(1, len(targets)), max(2.2, 0.24 * len(outlets) + 1.5))
    header = 12 if targets else 0  # (points above the panels for the targets' names)
    with house_style():
        if ax is None:
            fig, host = plt.subplots(figsize=size)
        else:
            fig, host = ax.figure, ax
        _frame(fig, host, "Stance by outlet and target",
               subtitle or "share of statements; n beside each bar", raise_by=header)
        if summary.empty:
            _empty(host)
            return fig
        host.set_axis_off()
        gap = 0.12
        width = (1 - gap * (len(targets) - 1)) / len(targets)
        panels = [host.inset_axes([i * (width + gap), 0, width, 1]) for i in range(len(targets))]
        data = summary.assign(outlet=summary["outlet"].astype(str), target=summary["target"].astype(str))
        small = False
        for panel, target in zip(panels, targets):
            cells = data[data["target"] == target].set_index("outlet").reindex(outlets)
            rows = np.arange(len(outlets))
            left = np.zeros(len(outlets))
            n = cells["n"].fillna(0).to_numpy(dtype=float)
            for stance in ("against", "neutral", "favor"):
                share = np.divide(cells[stance].fillna(0).to_numpy(dtype=float), n, out=np.zeros(len(n)), where=n > 0)
                # one collection of rectangles per stance (a patch per bar costs more to make than to draw)
                bars = [[(x, y - 0.35), (x + w, y - 0.35), (x + w, y + 0.35), (x, y + 0.35)]
                        for x, w, y in zip(left, share, rows) if w > 0]
                panel.add_collection(PolyCollection(bars, facecolors=STANCE_COLOURS[stance], edgecolors="none"))
                left += share
            for i, (count, flagged) in enumerate(zip(cells["n"], cells["small_n"])):
                if pd.isna(count):
                    panel.text(0.5, i, "no data", ha="center", va="center", fontsize=6, color="#999999")
                    continue
                small = small or bool(flagged)
                panel.text(1.02, i, f"n={int(count)}{'*' if flagged else ''}", va="center", fontsize=6.5)
            panel.set_ylim(len(outlets) - 0.5, -0.5)
            panel.set_xlim(0, 1)
            panel.set_xticks([0, 0.5, 1], ["0", "50%", "100%"])
            if panel is panels[0]:  # (the other panels' rows are the same outlets: no ticks to make)
                panel.set_yticks(rows, [_shorten(o, 24) for o in outlets])
                panel.tick_params(axis="y", length=0)
            else:
                panel.set_yticks([])
            panel.grid(False)
            panel.annotate(target, (0.5, 1), xycoords="axes fraction", xytext=(0, 4), textcoords="offset points",
                           ha="center", va="bottom", fontsize=9, fontweight="bold")
        # the legend at the top right, level with the subtitle (below the panels it would meet the
        # source note of a short chart)

        level = panels[-1].transAxes + ScaledTranslation(0, (header + 3) / 72, fig.dpi_scale_trans)
        handles = [Patch(color=STANCE_COLOURS[stance], label=stance) for stance in ("against", "neutral", "favor")]
        panels[-1].legend(handles=handles, ncol=3, loc="lower right", bbox_to_anchor=(1, 1), bbox_transform=level,
                          borderaxespad=0, handlelength=1.2, columnspacing=1.0)
        if small:
            panels[-1].annotate("* small n: read with care", (1, 0), xycoords="axes fraction", xytext=(0, -24),
                                textcoords="offset points", ha="right", va="top", fontsize=6.5, color="#777777")
        return fig


def polarity_distribution(view: pd.DataFrame, subtitle: str = "", ax=None):
    """TextBlob polarity of statements by target (boxes), with n under each box."""
    with _chart(ax, (6.0, 3.2), "Sentiment (TextBlob polarity) by target",
                subtitle or "one point per statement × target") as (fig, ax):
        if view.empty:
            _empty(ax)
            return fig
        targets = sorted(view["target"].astype(str).unique())
        groups = [view.loc[view["target"].astype(str) == t, "polarity"].to_numpy(dtype=float) for t in targets]
        ax.boxplot(groups, showfliers=False, widths=0.5)
        rng = np.random.default_rng(0)
        for i, values in enumerate(groups, start=1):
            if len(values) > 1500:  # a cloud of thousands of points hides more than it shows
                values = rng.choice(values, 1500, replace=False)
            ax.scatter(i + rng.uniform(-0.12, 0.12, len(values)), values, s=6, alpha=0.4, color="#0072B2",
                       rasterized=True)
        ax.set_xticks(range(1, len(targets) + 1), [f"{t}\nn={len(g)}" for t, g in zip(targets, groups)])
        ax.axhline(0, color="#999999", linewidth=0.8)
        ax.set_ylabel("polarity (−1 … +1)")
        return fig


def lexicon_agreement(view: pd.DataFrame, subtitle: str = "", ax=None):
    """TextBlob polarity against VADER compound, one point per statement: where they disagree."""
    with _chart(ax, (4.6, 4.0), "TextBlob vs VADER",
                subtitle or "each point a statement; off-diagonal = disagreement") as (fig, ax):
        data = view.drop_duplicates("statement_id")
        if data.empty:
            _empty(ax)
            return fig
        x, y = data["polarity"].to_numpy(dtype=float), data["vader_compound"].to_numpy(dtype=float)
        if len(x) <= 3000:
            colours = [STANCE_COLOURS.get(str(s), "#999999") for s in data["stance"]]
            ax.scatter(x, y, s=10, c=colours, alpha=0.7)

            ax.legend(handles=[Line2D([], [], marker="o", linestyle="", color=c, label=f"stance: {k}")
                               for k, c in STANCE_COLOURS.items()], loc="lower right")
        else:  # many statements: density, not overplotted points
            ax.hexbin(x, y, gridsize=40, bins="log", cmap="Greys", extent=(-1, 1, -1, 1))
        ax.plot([-1, 1], [-1, 1], color="#999999", linewidth=0.8, linestyle="--")
        agree = float(np.mean(np.sign(x) == np.sign(y))) if len(x) else float("nan")
        ax.text(0.02, 0.96, f"n={len(x)}; same sign: {agree:.0%}", transform=ax.transAxes, fontsize=7, va="top")
        ax.set_xlim(-1.05, 1.05)
        ax.set_ylim(-1.05, 1.05)
        ax.set_xlabel("TextBlob polarity")
        ax.set_ylabel("VADER compound")
        ax.grid(True, axis="both")
        return fig


PNG_DPI = 300
PAD_INCHES = 0.1  # (the margin left around the drawing once cropped to it)


def save(fig, out_dir: Path, name: str, formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    """Write ``fig`` as ``name.FORMAT`` in each of ``formats`` (PNG at 300 dpi), cropped to what is
    drawn, and close it. Each file is written under a temporary name, then renamed: never half a file."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = out_dir / f"{name}.{fmt}"
        temporary = out_dir / f".{name}.{fmt}.tmp"
        fig.savefig(temporary, format=fmt, dpi=PNG_DPI, bbox_inches="tight", pad_inches=PAD_INCHES)
        temporary.replace(path)
        written.append(path)
    plt.close(fig)
    return written
