"""The incremental store: processed results in ``data/processed/`` as Parquet.

Each article's results are keyed by its content hash (``article_id``), the pipeline version and
a hash of the configuration files each step reads (:data:`helpers.config.STEP_CONFIG_FILES`).
A re-run analyses only articles whose key is missing; editing targets or stance cues changes
only the stances key, so quote attribution is reused. Files are written to a temporary name
and renamed, and ``done.parquet`` (which articles are complete, under which keys) is written
last: a run killed at any moment leaves the previous results readable, and the next run
recomputes exactly what the killed run did not finish.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .analysis import STANCE_COLUMNS, STATEMENT_COLUMNS

DONE_COLUMNS = ["article_id", "file", "input_key", "statements_key", "stances_key"]


@dataclass(frozen=True)
class StepKeys:
    version: str
    statements_config: str
    stances_config: str

    @property
    def statements(self) -> str:
        return f"{self.version}:{self.statements_config}"

    @property
    def stances(self) -> str:
        return f"{self.statements}:{self.stances_config}"


@dataclass
class Cached:
    done: pd.DataFrame
    statements: pd.DataFrame
    stances: pd.DataFrame
    statement_articles: set[str]
    stance_articles: set[str]

    def statements_by_article(self, ids: set[str]) -> dict[str, list[dict]]:
        subset = self.statements[self.statements["article_id"].isin(ids)]
        out: dict[str, list[dict]] = {}
        for row in subset.to_dict("records"):
            out.setdefault(row["article_id"], []).append(row)
        return out


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(path)
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            return pd.DataFrame(columns=columns)
        return frame
    except (FileNotFoundError, OSError, ValueError):
        return pd.DataFrame(columns=columns)
    except Exception:  # a truncated or foreign file: start afresh rather than fail the run
        return pd.DataFrame(columns=columns)


def _write(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_parquet(tmp, index=False)
    tmp.replace(path)


STATEMENT_ORDER = ["char_start", "char_end", "quote_type"]  # within an article


def _ordered(frame: pd.DataFrame, order: dict[str, int], columns: list[str], by: list[str]) -> pd.DataFrame:
    """Rows of the current articles, by article order then ``by`` (a full sort: for fresh rows)."""
    frame = frame[frame["article_id"].isin(order)].copy()
    frame["_order"] = frame["article_id"].map(order)
    frame = frame.sort_values(["_order", *by], kind="stable")
    return frame[columns].reset_index(drop=True)


def _by_article(frame: pd.DataFrame, current_ids: list[str], columns: list[str]) -> pd.DataFrame:
    """Rows of the current articles in article order. The rows of one article are already in
    their order (the store keeps them sorted and fresh rows are sorted before they join them), so
    a stable sort on the article's position gives the full order without comparing strings."""
    position = pd.Index(current_ids).get_indexer(frame["article_id"])
    present = np.flatnonzero(position >= 0)
    rows = present[np.argsort(position[present], kind="stable")]
    return frame.iloc[rows][columns].reset_index(drop=True)


def _stances_in_statement_order(stances: pd.DataFrame, statements: pd.DataFrame, current_ids: list[str],
                                 fresh: set[str]) -> pd.DataFrame:
    """Stances of the current articles by their statement's position, then target. Stored rows
    are in that order already; the rows of articles in ``fresh`` are sorted here."""
    stances = stances[pd.Index(current_ids).get_indexer(stances["article_id"]) >= 0]
    position = pd.Index(statements["statement_id"]).get_indexer(stances["statement_id"])
    position = np.where(position < 0, len(statements), position)  # (a statement missing: last, as before)
    stances = stances.assign(_pos=position)
    is_fresh = stances["article_id"].isin(fresh).to_numpy()
    if is_fresh.any():
        sorted_fresh = stances[is_fresh].sort_values(["_pos", "target"], kind="stable")
        stances = pd.concat([stances[~is_fresh], sorted_fresh], ignore_index=True)
    rows = np.argsort(stances["_pos"].to_numpy(), kind="stable")
    return stances.iloc[rows].drop(columns="_pos").reset_index(drop=True)


class Store:
    def __init__(self, directory: Path):
        self.dir = Path(directory)

    # -- ingestion cache: one entry per input file (its bytes, manifest row, cleaning rules) ----
    def load_ingest_cache(self) -> dict[str, dict]:
        """Cleaned articles by file fingerprint. Stored as JSON text in Parquet: never pickled."""
        frame = _read(self.dir / "ingest.parquet", ["key", "payload"])
        out = {}
        for key, payload in zip(frame["key"], frame["payload"]):
            try:
                out[key] = json.loads(payload)
            except (TypeError, ValueError):
                continue
        return out

    def save_ingest_cache(self, cache: dict[str, dict]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        frame = pd.DataFrame({"key": list(cache), "payload": [json.dumps(v, default=str) for v in cache.values()]})
        _write(frame, self.dir / "ingest.parquet")

    # -- file index: each input file's stat and digest, so that unchanged files are not read ----
    FILE_INDEX_COLUMNS = ["path", "size", "mtime_ns", "ctime_ns", "inode", "digest"]

    def load_file_index(self) -> dict[str, tuple]:
        """(size, mtime_ns, ctime_ns, inode, sha256) by absolute path (see :func:`helpers.ingest.ingest`)."""
        frame = _read(self.dir / "files.parquet", self.FILE_INDEX_COLUMNS)
        columns = [frame[c].tolist() for c in self.FILE_INDEX_COLUMNS]
        return {path: tuple(rest) for path, *rest in zip(*columns)}

    def save_file_index(self, index: dict[str, tuple]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        rows = [(path, *entry) for path, entry in index.items()]
        frame = pd.DataFrame(rows, columns=self.FILE_INDEX_COLUMNS)
        _write(frame, self.dir / "files.parquet")

    # -- bootstrap intervals of aggregate cells by helpers.aggregates.interval_key ---------------
    def load_intervals(self) -> dict[str, tuple[float, float]]:
        frame = _read(self.dir / "intervals.parquet", ["key", "low", "high"])
        return {key: (float(low), float(high)) for key, low, high in
                zip(frame["key"].tolist(), frame["low"].tolist(), frame["high"].tolist())}

    def save_intervals(self, intervals: dict[str, tuple[float, float]]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        frame = pd.DataFrame([(key, low, high) for key, (low, high) in intervals.items()], columns=["key", "low", "high"])
        _write(frame, self.dir / "intervals.parquet")

    @property
    def paths(self) -> dict[str, Path]:
        return {name: self.dir / f"{name}.parquet" for name in ("done", "statements", "stances")}

    def complete(self, keys: StepKeys, input_keys: dict[str, str]) -> bool:
        """Does the store hold exactly these articles, all done under these keys? (Reads only
        the small done.parquet.)"""
        done = _read(self.paths["done"], DONE_COLUMNS)
        if len(done) != len(input_keys) or set(done["article_id"]) != set(input_keys):
            return False
        return bool(((done["statements_key"] == keys.statements) & (done["stances_key"] == keys.stances)
                     & (done["input_key"] == done["article_id"].map(input_keys))).all())

    def load(self, keys: StepKeys, input_keys: dict[str, str] | None = None) -> Cached:
        everything = done = _read(self.paths["done"], DONE_COLUMNS)
        if input_keys is not None and len(done):
            # an article whose date or narrator changed (a manifest edit) is analysed again
            done = done[[input_keys.get(a, k) == k for a, k in zip(done["article_id"], done["input_key"])]]
        statements = _read(self.paths["statements"], STATEMENT_COLUMNS + ["_key"])
        stances = _read(self.paths["stances"], STANCE_COLUMNS + ["article_id", "_key"])
        statement_articles = set(done.loc[done["statements_key"] == keys.statements, "article_id"])
        stance_articles = set(done.loc[(done["statements_key"] == keys.statements)
                                       & (done["stances_key"] == keys.stances), "article_id"])
        # rows must carry the same keys as the done marker, else they are from a killed run
        good_statements = (set(statements.loc[statements["_key"] == keys.statements, "article_id"].unique())
                           if len(statements) else set())
        statement_articles &= good_statements
        stance_articles &= statement_articles
        return Cached(everything, statements, stances, statement_articles, stance_articles)

    def update(self, keys: StepKeys, current_ids: list[str], new_statements: dict[str, list[dict]],
               new_stances: dict[str, list[dict]], cached: Cached,
               files: dict[str, str] | None = None,
               input_keys: dict[str, str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
        order = {aid: i for i, aid in enumerate(current_ids)}
        previous_ids = set(cached.done["article_id"]) if len(cached.done) else set()
        removed = previous_ids - set(current_ids)
        recomputed_s = set(new_statements)
        recomputed_t = set(new_stances)
        statements = cached.statements
        if recomputed_s or removed:
            keep = statements[~statements["article_id"].isin(recomputed_s | removed)] if len(statements) else statements
            fresh = pd.DataFrame([r for aid in current_ids for r in new_statements.get(aid, [])], columns=STATEMENT_COLUMNS)
            fresh["_key"] = keys.statements
            fresh = _ordered(fresh, order, STATEMENT_COLUMNS + ["_key"], STATEMENT_ORDER)
            statements = pd.concat([keep, fresh], ignore_index=True) if len(keep) else fresh
        stances = cached.stances
        if recomputed_t or removed:
            keep = stances[~stances["article_id"].isin(recomputed_t | removed)] if len(stances) else stances
            rows = [dict(r, article_id=aid) for aid in current_ids for r in new_stances.get(aid, [])]
            fresh = pd.DataFrame(rows, columns=STANCE_COLUMNS + ["article_id"])
            fresh["_key"] = keys.stances
            stances = pd.concat([keep, fresh], ignore_index=True) if len(keep) else fresh
        changed_anything = bool(recomputed_s or recomputed_t or removed)
        statements = _by_article(statements, current_ids, STATEMENT_COLUMNS + ["_key"])
        stances = _stances_in_statement_order(stances, statements, current_ids, recomputed_t)
        if changed_anything:
            self.dir.mkdir(parents=True, exist_ok=True)
            _write(statements, self.paths["statements"])
            _write(stances, self.paths["stances"])
            done = pd.DataFrame({"article_id": current_ids, "file": [(files or {}).get(a, "") for a in current_ids],
                                 "input_key": [(input_keys or {}).get(a, "") for a in current_ids],
                                 "statements_key": keys.statements, "stances_key": keys.stances})
            _write(done, self.paths["done"])
        previous_files = dict(zip(cached.done["file"], cached.done["article_id"])) if len(cached.done) else {}
        now_files = {(files or {}).get(a, ""): a for a in current_ids}
        changed = sum(1 for f, a in now_files.items() if f and f in previous_files and previous_files[f] != a)
        gone_files = sum(1 for f in previous_files if f and f not in now_files)
        report = {"new": sum(1 for f, a in now_files.items() if a not in previous_ids and f not in previous_files),
                  "changed": changed, "removed": gone_files if previous_files else len(removed),
                  "steps": [s for s, ran in (("statements", recomputed_s), ("stances", recomputed_t)) if ran]}
        return (statements[STATEMENT_COLUMNS].reset_index(drop=True),
                stances[STANCE_COLUMNS].reset_index(drop=True), report)
