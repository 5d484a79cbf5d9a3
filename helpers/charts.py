"""Charts for write-ups, in one house style (``data/style/house.mplstyle``).

Every chart has a title, a subtitle naming the corpus and filter, a source note, and shows n
where it matters. Stance uses a colour-blind-safe diverging palette (orange = against,
grey = neutral, purple = favor); empty cells say "no data", never a fake zero.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import matplotlib

matplotlib.use("Agg", force=False)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from . import aggregates, paths  # noqa: E402
from .chart_workers import corpus_label, draw, standard_charts  # noqa: E402,F401

STANCE_COLOURS = {"against": "#E66101", "neutral": "#BDBDBD", "favor": "#5E3C99"}
DIVERGING = "PuOr"
SOURCE_NOTE = "Source: political-communication workbench; stance by cue rules, sentiment by TextBlob/VADER."


@contextmanager
def house_style():
    with plt.style.context(str(paths.STYLE_FILE)):
        yield


def _frame(fig, ax, title: str, subtitle: str, note: str = SOURCE_NOTE) -> None:
    ax.set_title(title, loc="left", pad=18)
    ax.text(0, 1.02, subtitle, transform=ax.transAxes, fontsize=8, color="#555555", va="bottom")
    fig.text(0.01, -0.02, note, fontsize=6.5, color="#777777", ha="left", va="top")


@contextmanager
def _chart(ax, size: tuple[float, float], title: str, subtitle: str):
    """House style, a figure (unless drawing into ``ax``), title, subtitle and source note."""
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=size)
        _frame(ax.figure, ax, title, subtitle)
        yield ax.figure, ax


def _empty(ax, message: str = "no data for this selection") -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=10, color="#777777", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)


def stance_heatmap(summary: pd.DataFrame, row: str = "speaker", subtitle: str = "", max_rows: int = 25,
                   ax=None, min_n: int = 1):
    """Net stance of each ``row`` (speaker, outlet...) toward each target, annotated with n.

    ``summary`` is :func:`helpers.aggregates.summarise` output grouped by [row, "target"]."""
    data = summary[summary["n"] >= min_n] if not summary.empty else summary
    rows = 0 if data.empty else min(max_rows, data[row].nunique())
    with _chart(ax, (6.0, max(2.2, 0.32 * rows + 1.6)), f"Net stance by {row} and target",
                subtitle or "(favor − against) / n; n in each cell") as (fig, ax):
        if data.empty:
            _empty(ax)
            return fig
        order = data.groupby(row)["n"].sum().sort_values(ascending=False).head(max_rows).index
        targets = sorted(data["target"].unique())
        net = data.pivot_table(index=row, columns="target", values="net_stance", aggfunc="first").reindex(index=order, columns=targets)
        counts = data.pivot_table(index=row, columns="target", values="n", aggfunc="first").reindex(index=order, columns=targets)
        masked = np.ma.masked_invalid(net.to_numpy(dtype=float))
        cmap = plt.get_cmap(DIVERGING).with_extremes(bad="#F2F2F2")
        image = ax.imshow(masked, cmap=cmap, vmin=-1, vmax=1, aspect="auto")
        ax.set_xticks(range(len(targets)), targets, rotation=20, ha="right")
        ax.set_yticks(range(len(order)), [str(o)[:32] for o in order])
        ax.grid(False)
        for i in range(len(order)):
            for j in range(len(targets)):
                n = counts.iat[i, j]
                if pd.isna(n):
                    ax.text(j, i, "no data", ha="center", va="center", fontsize=6, color="#999999")
                else:
                    value = net.iat[i, j]
                    colour = "white" if abs(value) > 0.6 else "black"
                    ax.text(j, i, f"{value:+.2f}\nn={int(n)}", ha="center", va="center", fontsize=6.5, color=colour)
        bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
        bar.set_label("against  ←  net stance  →  favor", fontsize=7)
        return fig


def stance_over_time(view: pd.DataFrame, subtitle: str = "", ax=None):
    """Net stance per target per month, with the number of statements as marker labels."""
    dated = view.dropna(subset=["published"])
    cells = aggregates.summarise(dated.assign(month=dated["published"].dt.strftime("%Y-%m")), ["month", "target"],
                                 bootstrap=False) if len(dated) else pd.DataFrame()
    return monthly_stance(cells, subtitle, ax)


def monthly_stance(cells: pd.DataFrame, subtitle: str = "", ax=None):
    """Net stance per target per month from month × target cells (see :func:`aggregates.summarise`)."""
    with _chart(ax, (6.0, 3.4), "Stance over time", subtitle or "net stance per month; labels give n") as (fig, ax):
        if cells is None or cells.empty:
            _empty(ax, "no dated statements in this selection")
            return fig
        data = cells.assign(period=pd.to_datetime(cells["month"], format="%Y-%m", errors="coerce")).dropna(subset=["period"])
        for target, group in data.groupby("target"):
            group = group.sort_values("period")
            full = pd.date_range(group["period"].min(), group["period"].max(), freq="MS")
            gapped = group.set_index("period")["net_stance"].reindex(full)  # no data: a gap, not a line
            line = ax.plot(gapped.index, gapped.to_numpy(), marker="o", label=str(target))[0]
            if len(group) <= 40:
                for x, y, n in zip(group["period"], group["net_stance"], group["n"]):
                    ax.annotate(f"{n}", (x, y), textcoords="offset points", xytext=(0, 5), fontsize=6,
                                color=line.get_color(), ha="center")
        ax.axhline(0, color="#999999", linewidth=0.8)
        ax.set_ylim(-1.1, 1.15)
        ax.set_ylabel("net stance (−1 against … +1 favor)")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        fig.autofmt_xdate()
        return fig


def outlet_comparison(summary: pd.DataFrame, subtitle: str = "", ax=None):
    """Stance mix per outlet and target: stacked shares of against / neutral / favor, with n."""
    rows = 0 if summary.empty else len(summary)
    with _chart(ax, (6.0, max(2.2, 0.28 * rows + 1.4)), "Stance by outlet and target",
                subtitle or "share of statements; n at right") as (fig, ax):
        if summary.empty:
            _empty(ax)
            return fig
        data = summary.sort_values(["target", "outlet"]).reset_index(drop=True)
        labels = [f"{o[:24]} → {t}" for o, t in zip(data["outlet"], data["target"])]
        left = np.zeros(len(data))
        for stance in ("against", "neutral", "favor"):
            share = data[stance] / data["n"]
            ax.barh(range(len(data)), share, left=left, color=STANCE_COLOURS[stance], label=stance, height=0.7)
            left += share
        for i, n in enumerate(data["n"]):
            flag = " (small n)" if data["small_n"].iat[i] else ""
            ax.text(1.01, i, f"n={n}{flag}", va="center", fontsize=6.5)
        ax.set_yticks(range(len(data)), labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of statements")
        ax.grid(False)
        ax.legend(ncol=3, loc="lower left", bbox_to_anchor=(0, -0.35 if len(data) < 6 else -0.15))
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
            from matplotlib.lines import Line2D

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


def save(fig, out_dir: Path, name: str, formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = out_dir / f"{name}.{fmt}"
        temporary = out_dir / f".{name}.{fmt}.tmp"  # written, then renamed: never half a file
        fig.savefig(temporary, format=fmt, dpi=300 if fmt == "png" else None, bbox_inches="tight")
        temporary.replace(path)
        written.append(path)
    plt.close(fig)
    return written


def export_standard_charts(view: pd.DataFrame, out_dir: Path, formats: tuple[str, ...] = ("png", "svg"),
                           tables: dict[str, pd.DataFrame] | None = None) -> list[Path]:
    """The write-up figures for a whole run (PNG at 300 dpi, and SVG/PDF when asked), drawn in
    this process (:class:`helpers.chart_workers.ChartWorkers` draws them in parallel)."""
    return [path for name, function, args in standard_charts(view, tables)
            for path in draw(name, function, args, out_dir, formats)]
