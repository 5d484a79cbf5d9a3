"""Aggregates of stance and sentiment: speaker × target, outlet × target, month × target and
the outlets' own voice (narration) × target.

Each cell's bootstrap interval is a function of the cell's own polarity values alone (its
random draws are seeded by the settings and those values, :func:`interval_key`), so a cell that
gained no statement keeps its interval, whatever else changed.

Every aggregate row carries ``n`` (statements behind it), favor/against/neutral counts,
``net_stance`` = (favor − against) / n, positive/negative counts of the sentiment toward the
target with ``net_sentiment`` = (positive − negative) / n, the mean TextBlob polarity with a bootstrap interval,
and ``small_n`` when n is below ``small_cell_n`` (data/settings.toml): small cells are shown
and flagged, not hidden behind a mean. The statements behind any cell are the rows of
:func:`stance_view` with the same keys, so every number traces back to its sentences.
"""

from __future__ import annotations

import hashlib
from statistics import NormalDist

import numpy as np
import pandas as pd

from .. import config

VIEW_COLUMNS = [
    "statement_id", "article_id", "file", "outlet", "published", "month", "speaker", "speaker_kind",
    "quote_type", "target", "stance", "score", "method", "probability", "sentiment", "sentiment_score", "polarity",
    "subjectivity", "vader_compound", "text", "cue", "evidence", "attribution_confidence",
]
CATEGORICAL = ["outlet", "speaker", "speaker_kind", "quote_type", "target", "stance", "method", "sentiment", "month"]
#: What the aggregates and the standard charts read of the view: no text, so cheap to build and
#: to digest (``analyze`` decides from its digest whether they need computing again).
AGGREGATE_VIEW_COLUMNS = ["statement_id", "article_id", "outlet", "published", "month", "speaker", "quote_type",
                          "target", "stance", "score", "sentiment", "sentiment_score", "polarity", "vader_compound"]
STANCES = ("favor", "against", "neutral")
SENTIMENTS = ("positive", "negative")
#: The tables of :func:`all_aggregates`.
AGGREGATE_TABLES = ("speaker_target", "outlet_target", "month_target", "narration_target")


#: Statements that are not a quoted speaker's: the writer's own voice and reader comments.
NOT_QUOTED = ("narration", "comment")


def quoted(view: pd.DataFrame) -> pd.Series:
    """Rows of statements by quoted speakers (people, organisations, sources), not the writer's
    narration nor reader comments (whose handles would sit among the speakers)."""
    return ~view["quote_type"].astype(str).isin(NOT_QUOTED)


def stance_view(statements: pd.DataFrame, stances: pd.DataFrame, columns: list[str] = VIEW_COLUMNS) -> pd.DataFrame:
    """One row per statement × target, with the statement's speaker, outlet, date and text
    (``columns``: which of :data:`VIEW_COLUMNS`, e.g. :data:`AGGREGATE_VIEW_COLUMNS`)."""
    wanted = set(columns) | {"statement_id", "published"}
    meta = statements[[c for c in ("statement_id", "article_id", "file", "outlet", "published", "speaker",
                                   "speaker_kind", "quote_type", "polarity", "subjectivity", "vader_compound",
                                   "text", "cue", "attribution_confidence") if c in wanted]]
    stances = stances[[c for c in stances.columns if c in wanted or c in ("target", "stance", "score")]]
    for column in ("sentiment", "sentiment_score", "method", "probability"):  # (a table from before they existed)
        if column in wanted and column not in stances:
            stances = stances.assign(**{column: "" if column in ("sentiment", "method") else np.nan})
    codes, ids = pd.factorize(meta["statement_id"])
    if len(ids) == len(meta) and not (codes < 0).any():
        # statement ids are unique: each stance's statement by position (what the inner merge gives,
        # in the stances' order, without joining the text columns through a hash join)
        where = {statement_id: i for i, statement_id in enumerate(ids.tolist())}
        stance_codes, stance_ids = pd.factorize(stances["statement_id"])
        position = np.array([where.get(i, -1) for i in stance_ids.tolist()] + [-1], dtype=np.int64)[stance_codes]
        found = position >= 0
        left = stances if found.all() else stances[found]
        right = meta.drop(columns="statement_id").iloc[position[found]]
        view = pd.concat([left.reset_index(drop=True), right.reset_index(drop=True)], axis=1)
    else:
        view = stances.merge(meta, on="statement_id", how="inner")
    if len(view):  # dates parsed once per distinct value (an extra slot for rows without one)
        codes, values = pd.factorize(view["published"])
        slot = np.where(codes < 0, len(values), codes)
        dates = pd.to_datetime(pd.Series(values), errors="coerce")
        dates = pd.concat([dates, pd.Series([pd.NaT], dtype=dates.dtype)], ignore_index=True)
        view["published"] = dates.iloc[slot].reset_index(drop=True)
        view["month"] = dates.dt.strftime("%Y-%m").iloc[slot].reset_index(drop=True)
    else:
        view["published"] = pd.to_datetime(view["published"], errors="coerce")
        view["month"] = view["published"].dt.strftime("%Y-%m")
    if "outlet" in view:
        view["outlet"] = view["outlet"].fillna("(unknown outlet)")
    for column in CATEGORICAL:
        if column in view:
            view[column] = view[column].astype("category")
    return view[[c for c in VIEW_COLUMNS if c in columns]].reset_index(drop=True)


def _bootstrap_ci(values: np.ndarray, resamples: int, level: float, rng: np.random.Generator | None,
                  max_n: int = 200) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean. Above ``max_n`` statements the bootstrap
    distribution of a mean is normal to within rounding, so the interval is mean ± z·s/√n
    (same answer, without resampling thousands of rows a thousand times)."""
    if len(values) < 2:
        return (np.nan, np.nan)
    if len(values) > max_n:
        z = NormalDist().inv_cdf(0.5 + level / 2)
        half = z * values.std(ddof=1) / np.sqrt(len(values))
        return float(values.mean() - half), float(values.mean() + half)
    draws = rng.integers(0, len(values), size=(resamples, len(values)))
    means = values[draws].mean(axis=1)
    alpha = (1 - level) / 2
    return float(np.quantile(means, alpha)), float(np.quantile(means, 1 - alpha))


def interval_key(values: np.ndarray, resamples: int, level: float, seed: int, max_n: int) -> str:
    """Everything a cell's interval depends on: its values (in a canonical order) and the settings."""
    digest = hashlib.sha256(f"{resamples}:{level!r}:{seed}:{max_n}:".encode())
    digest.update(np.ascontiguousarray(values, dtype=np.float64).tobytes())
    return digest.hexdigest()[:32]


def cell_interval(values: np.ndarray, resamples: int, level: float, seed: int, max_n: int) -> tuple[float, float]:
    """The bootstrap interval of one cell, drawn with a generator seeded by the cell's own values
    (sorted: the order of the rows does not matter)."""
    if len(values) > max_n:
        return _bootstrap_ci(values, resamples, level, None, max_n)  # (no resampling)
    values = np.sort(values)
    key = interval_key(values, resamples, level, seed, max_n)
    return _bootstrap_ci(values, resamples, level, np.random.default_rng([seed, int(key[:16], 16)]), max_n)


def summarise(view: pd.DataFrame, by: list[str], bootstrap: bool = True, settings: dict | None = None) -> pd.DataFrame:
    """Counts, net stance and mean polarity per group of ``by`` (e.g. ["speaker", "target"])."""
    settings = settings or config.load_settings().aggregates
    small = int(settings.get("small_cell_n", 5))
    columns = by + ["n", "favor", "against", "neutral", "net_stance", "mean_score", "positive", "negative",
                    "net_sentiment", "mean_polarity", "polarity_ci_low", "polarity_ci_high", "small_n"]
    if view.empty:
        return pd.DataFrame(columns=columns)
    grouped = view.groupby(by, observed=True)
    out = grouped.agg(n=("statement_id", "size"), mean_score=("score", "mean"), mean_polarity=("polarity", "mean"))
    # each row's group, numbered in the order of ``out`` (and of iterating over ``grouped``)
    group = grouped.ngroup().fillna(-1).to_numpy(dtype=np.int64)  # (-1: a row with a missing key, in no group)
    stance = np.where(group >= 0, view["stance"].to_numpy(dtype=object), None)
    group = np.where(group >= 0, group, len(out))  # counted in an extra bin that is then dropped
    for s in STANCES:
        out[s] = np.bincount(group[stance == s], minlength=len(out) + 1)[:len(out)].astype(int)
    out["net_stance"] = (out["favor"] - out["against"]) / out["n"]
    sentiment = np.where(group < len(out), view["sentiment"].astype(object).to_numpy(), None) \
        if "sentiment" in view else np.full(len(group), None)
    for s in SENTIMENTS:
        out[s] = np.bincount(group[sentiment == s], minlength=len(out) + 1)[:len(out)].astype(int)
    out["net_sentiment"] = (out["positive"] - out["negative"]) / out["n"]
    out["small_n"] = out["n"] < small
    out["polarity_ci_low"] = np.nan
    out["polarity_ci_high"] = np.nan
    if bootstrap:
        seed = int(settings.get("bootstrap_seed", 0))
        resamples = int(settings.get("bootstrap_resamples", 1000))
        level = float(settings.get("confidence_level", 0.95))
        max_n = int(settings.get("bootstrap_max_n", 200))
        lows, highs = [], []
        # each group's polarity values, in row order (one stable sort instead of a Series per group)
        rows = np.argsort(group, kind="stable")
        polarity = view["polarity"].to_numpy(dtype=float)[rows]
        ends = np.cumsum(np.bincount(group, minlength=len(out) + 1))[:len(out)]
        for start, end in zip(np.concatenate([[0], ends[:-1]]), ends):
            values = polarity[start:end]
            # an interval from fewer than small_cell_n statements says nothing: the cell is flagged
            low, high = (cell_interval(values, resamples, level, seed, max_n) if len(values) >= small
                         else (np.nan, np.nan))
            lows.append(low)
            highs.append(high)
        out["polarity_ci_low"] = lows
        out["polarity_ci_high"] = highs
    out = out.reset_index()
    for column in by:
        out[column] = out[column].astype(str)
    rounded = ["net_stance", "mean_score", "net_sentiment", "mean_polarity", "polarity_ci_low", "polarity_ci_high"]
    out[rounded] = out[rounded].round(3)
    return out[columns].sort_values(by + ["n"]).reset_index(drop=True)


def all_aggregates(view: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The standard aggregate tables written by ``analyze`` (:data:`AGGREGATE_TABLES`)."""
    view = view[[c for c in AGGREGATE_VIEW_COLUMNS if c in view]]  # (rows are selected below: no text to copy)
    settings = config.load_settings().aggregates
    narration = view["quote_type"].astype(str) == "narration"
    return {"speaker_target": summarise(view[quoted(view)], ["speaker", "target"], settings=settings),
            "outlet_target": summarise(view, ["outlet", "target"], settings=settings),
            "month_target": summarise(view.dropna(subset=["month"]), ["month", "target"], settings=settings),
            "narration_target": summarise(view[narration], ["outlet", "target"], settings=settings)}


def naive_sentiment_stance(polarity: pd.Series) -> pd.Series:
    """The baseline every user already has: stance = sign of TextBlob polarity."""
    return pd.Series(np.where(polarity > 0, "favor", np.where(polarity < 0, "against", "neutral")),
                     index=polarity.index)
