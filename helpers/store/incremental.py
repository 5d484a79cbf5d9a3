"""The incremental store: processed results in ``data/processed/`` as Parquet.

Each article's results are keyed by its content hash (``article_id``), a digest of the code of
each step (:func:`helpers.provenance.code_digest`: its modules, the libraries they call, Python)
and a hash of the configuration files each step reads (:data:`helpers.config.STEP_CONFIG_FILES`).
A re-run analyses only articles whose key is missing; editing targets, stance cues or a stance
rule changes only the stances key, so quote attribution is reused. A damaged file is named in
:attr:`Store.problems` and what it held is computed again.

Layout: the rows live in append-only *parts* (``parts/statements-000007.parquet``,
``parts/stances-000007.parquet``); a run that analysed a few articles writes their rows as a new
part instead of rewriting every row, and ``done.parquet`` names, for every article, the keys it
was analysed under and the part holding its rows. Rows in a part that ``done.parquet`` does not
assign them to (an article analysed again, or removed) are ignored, and once such rows make up
half of the parts, or there are more than :data:`MAX_PARTS` parts, the table is rewritten as a
single part (compaction). Files are written to a temporary name and renamed; ``done.parquet``
is written last and parts are deleted only once no ``done.parquet`` names them, so a run killed
at any moment leaves the previous results readable, and the next run recomputes exactly what the
killed run did not finish. The ingestion cache is append-only in the same way (``ingest/``).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import config, provenance
from ..tables.files import write_atomically
from ..tables.rows import STANCE_COLUMNS, STATEMENT_COLUMNS

DONE_COLUMNS = ["article_id", "file", "input_key", "statements_key", "stances_key"]
PART_COLUMNS = {"statements": "statements_part", "stances": "stances_part"}  # in done.parquet
#: Before parts, each table was one file; such a store is read as one part per table.
LEGACY_PARTS = {"statements": "statements.parquet", "stances": "stances.parquet"}
PARTS_DIR = "parts"
INGEST_DIR = "ingest"
#: More parts than this per table (or half their rows stale) and the table is rewritten as one part.
MAX_PARTS = 8
_PART_NAME = re.compile(r"^(statements|stances|ingest)-(\d+)\.parquet$")


@dataclass(frozen=True)
class StepKeys:
    """What each step's stored rows were made by: the digest of the step's code (its modules, the
    libraries they call, Python: :func:`helpers.provenance.code_digest`) and of the configuration
    files it reads. Stances are made from statements, so their key includes the statements' key."""

    statements_code: str
    statements_config: str
    stances_code: str
    stances_config: str

    @classmethod
    def current(cls) -> "StepKeys":
        return cls(provenance.code_digest("statements"), config.step_config_hash("statements"),
                   provenance.code_digest("stances"), config.step_config_hash("stances"))

    @property
    def statements(self) -> str:
        return f"{self.statements_code}:{self.statements_config}"

    @property
    def stances(self) -> str:
        return f"{self.statements}:{self.stances_code}:{self.stances_config}"


@dataclass
class Cached:
    done: pd.DataFrame
    statements: pd.DataFrame  # the rows done.parquet assigns to each article (and no others)
    stances: pd.DataFrame
    statement_articles: set[str]
    stance_articles: set[str]
    part_rows: dict[str, dict[str, int]] = field(default_factory=dict)  # table -> part -> rows in its file
    legacy: bool = False  # one file per table (a store written before parts)

    def statements_by_article(self, ids: set[str]) -> dict[str, list[dict]]:
        subset = _select(self.statements, _member(self.statements["article_id"], set(ids)))
        out: dict[str, list[dict]] = {}
        for row in subset.to_dict("records"):
            out.setdefault(row["article_id"], []).append(row)
        return out


def _read_or_none(path: Path, columns: list[str], problems: list[str] | None = None) -> pd.DataFrame | None:
    """The table in ``path``, or None if it is missing, unreadable or lacks one of ``columns``. A
    file that is there but damaged (truncated, zero bytes, garbage: every page carries a checksum)
    is named in ``problems``; what it held is computed again."""
    try:
        frame = pd.read_parquet(path, page_checksum_verification=True)
    except FileNotFoundError:
        return None
    except Exception as exc:  # (truncated or foreign: recompute rather than fail the run)
        if problems is not None:
            problems.append(f"{path}: damaged store file ({type(exc).__name__}: {str(exc)[:120]}); "
                            "what it held is computed again")
        return None
    if not all(c in frame.columns for c in columns):
        if problems is not None and columns:
            missing = ", ".join(c for c in columns if c not in frame.columns)
            problems.append(f"{path}: store file lacks column(s) {missing}; "
                            "what it held is computed again")
        return None
    return frame


def _read(path: Path, columns: list[str], problems: list[str] | None = None) -> pd.DataFrame:
    frame = _read_or_none(path, columns, problems)
    return pd.DataFrame(columns=columns) if frame is None else frame


def _write(frame, path: Path) -> None:
    """Write a DataFrame (or an Arrow table) to ``path`` atomically: a temporary file, renamed (a
    failed write removes its temporary file and leaves ``path`` as it was). Pages carry checksums,
    so that a file damaged later is detected when read."""
    table = pa.Table.from_pandas(frame, preserve_index=False) if isinstance(frame, pd.DataFrame) else frame
    write_atomically(path, lambda tmp: pq.write_table(table, tmp, write_page_checksum=True))


STATEMENT_ORDER = ["char_start", "char_end", "quote_type"]  # within an article


def _ordered(frame: pd.DataFrame, order: dict[str, int], columns: list[str], by: list[str]) -> pd.DataFrame:
    """Rows of the current articles, by article order then ``by`` (a full sort: for fresh rows)."""
    frame = _select(frame, _member(frame["article_id"], order.keys()))
    frame["_order"] = frame["article_id"].map(order)
    frame = frame.sort_values(["_order", *by], kind="stable")
    return frame[columns].reset_index(drop=True)


def _take(frame: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """``frame.iloc[rows]`` with a fresh index. When ``rows`` is a few runs of consecutive rows
    (stored rows with a new article's rows put in their place), the runs are sliced and joined,
    which does not copy the text columns as a gather does."""
    if len(rows) == 0:
        return frame.iloc[rows].reset_index(drop=True)
    breaks = np.flatnonzero(np.diff(rows) != 1) + 1
    if len(breaks) == 0:
        piece = frame.iloc[rows[0]:rows[-1] + 1]
        return piece.reset_index(drop=True) if len(piece) < len(frame) else frame.reset_index(drop=True)
    if len(breaks) > 64:
        return frame.iloc[rows].reset_index(drop=True)
    starts = np.concatenate([[0], breaks])
    ends = np.concatenate([breaks, [len(rows)]])
    return pd.concat([frame.iloc[rows[a]:rows[b - 1] + 1] for a, b in zip(starts, ends)], ignore_index=True)


def _select(frame: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """``frame[mask]`` with a fresh index (by runs of rows: see :func:`_take`)."""
    return _take(frame, np.flatnonzero(mask))


def _member(column: pd.Series, values: set) -> np.ndarray:
    """``column.isin(values)`` as an array, by way of the column's distinct values (a text column
    holds each article id many times; comparing each distinct one once is much faster)."""
    codes, uniques = pd.factorize(column)
    return np.array([u in values for u in uniques.tolist()] + [False], dtype=bool)[codes]


def _positions(column: pd.Series, keys: list) -> np.ndarray:
    """The position in ``keys`` of each value of ``column`` (its first), -1 where absent."""
    lookup: dict = {}
    for i, key in enumerate(keys):
        lookup.setdefault(key, i)
    codes, uniques = pd.factorize(column)
    return np.array([lookup.get(u, -1) for u in uniques.tolist()] + [-1], dtype=np.int64)[codes]


def _by_article(frame: pd.DataFrame, current_ids: list[str], columns: list[str]) -> pd.DataFrame:
    """Rows of the current articles in article order. The rows of one article are already in
    their order (the store keeps them sorted and fresh rows are sorted before they join them), so
    a stable sort on the article's position gives the full order without comparing strings."""
    position = _positions(frame["article_id"], current_ids)
    present = np.flatnonzero(position >= 0)
    rows = present[np.argsort(position[present], kind="stable")]
    return _take(frame[columns], rows)


def _stances_in_statement_order(stances: pd.DataFrame, statements: pd.DataFrame, current_ids: list[str],
                                 fresh: set[str]) -> pd.DataFrame:
    """Stances of the current articles by their statement's position in ``statements`` (which is
    in article order), then target. Stored rows are in that order within each article already,
    so they are only put in article order; the rows of articles in ``fresh`` are sorted by their
    statement's position, then target. A row whose statement is missing goes last."""
    article = _positions(stances["article_id"], current_ids)
    if not (article >= 0).all():
        stances, article = _select(stances, article >= 0), article[article >= 0]
    is_fresh = _member(stances["article_id"], fresh) if fresh else np.zeros(len(stances), dtype=bool)
    if is_fresh.any():
        rows = np.flatnonzero(statements["article_id"].isin(fresh).to_numpy())  # (the fresh articles' statements)
        where = dict(zip(statements["statement_id"].iloc[rows].tolist(), rows.tolist()))
        sorted_fresh = _select(stances, is_fresh)
        position = np.array([where.get(i, len(statements)) for i in sorted_fresh["statement_id"].tolist()],
                            dtype=np.int64)
        order = sorted_fresh.assign(_pos=position).sort_values(["_pos", "target"], kind="stable").index.to_numpy()
        sorted_fresh = _take(sorted_fresh, order)
        fresh_article = np.where(position[order] < len(statements), article[is_fresh][order], len(current_ids))
        stances = pd.concat([_select(stances, ~is_fresh), sorted_fresh], ignore_index=True)
        article = np.concatenate([article[~is_fresh], fresh_article])
    return _take(stances, np.argsort(article, kind="stable"))


class Store:
    def __init__(self, directory: Path):
        self.dir = Path(directory)
        self._ingest_parts: dict[str, set[str]] | None = None  # part -> keys, as loaded
        #: damaged files met while reading (one line each, for the run's warnings)
        self.problems: list[str] = []

    def _read_part(self, part: str, columns: list[str]) -> pd.DataFrame | None:
        return _read_or_none(self.dir / part, columns, self.problems)

    # -- parts -------------------------------------------------------------------------------------
    def _new_part(self, table: str) -> str:
        """A part name (relative to the store) not used by any file there, kept or abandoned."""
        numbers = [int(m.group(2)) for folder in (PARTS_DIR, INGEST_DIR) if (self.dir / folder).is_dir()
                   for m in map(_PART_NAME.match, os.listdir(self.dir / folder)) if m]
        folder = INGEST_DIR if table == "ingest" else PARTS_DIR
        (self.dir / folder).mkdir(parents=True, exist_ok=True)
        return f"{folder}/{table}-{max(numbers, default=0) + 1:06d}.parquet"

    def _remove(self, names: set[str]) -> None:
        for name in names:
            try:
                (self.dir / name).unlink()
            except OSError:
                pass

    # -- ingestion cache: one entry per input file (its bytes, manifest row, cleaning rules) ----
    def _ingest_part_names(self) -> list[str]:
        """The cache's parts, oldest first (a legacy single file before them)."""
        names = ["ingest.parquet"] if (self.dir / "ingest.parquet").exists() else []
        folder = self.dir / INGEST_DIR
        if folder.is_dir():
            found = sorted((int(m.group(2)), m.group(0)) for m in map(_PART_NAME.match, os.listdir(folder))
                           if m and m.group(1) == "ingest")
            names += [f"{INGEST_DIR}/{name}" for _, name in found]
        return names

    def load_ingest_cache(self) -> dict[str, dict]:
        """Cleaned articles by file fingerprint. Stored as JSON text in Parquet (never pickled),
        with the articles' texts, which are most of it, in a column of their own (decoding them as
        JSON costs more than reading them from Parquet)."""
        out: dict[str, dict] = {}
        self._ingest_parts = {}
        self._load_ingest_parts(out)
        return out

    def _load_ingest_parts(self, out: dict[str, dict]) -> None:
        for name in self._ingest_part_names():
            keys = self._ingest_parts[name] = set()
            try:
                table = pq.read_table(self.dir / name, page_checksum_verification=True)
                columns = {c: table.column(c).to_pylist() for c in ("key", "payload")}
                texts = table.column("texts").to_pylist() if "texts" in table.column_names else [None] * len(table)
            except Exception as exc:  # (a damaged part: its files are read again)
                self.problems.append(f"{self.dir / name}: damaged ingestion cache file ({type(exc).__name__}); "
                                     "its files are read again")
                continue
            for key, payload, article_texts in zip(columns["key"], columns["payload"], texts):
                try:
                    entry = json.loads(payload)
                    for article, text in zip(entry["articles"], article_texts or []):
                        if text is not None and article.get("text") is None:
                            article["text"] = text
                except (TypeError, ValueError, KeyError, AttributeError):
                    continue
                out[key] = entry
                keys.add(key)

    @staticmethod
    def _ingest_table(cache: dict[str, dict], keys: list[str]):
        """key, payload (JSON without the articles' texts) and texts columns."""
        payloads, texts = [], []
        for key in keys:
            entry = cache[key]
            article_texts = []
            articles = []
            for article in entry.get("articles", []):
                text = article.get("text")
                try:
                    portable = isinstance(text, str) and bool(text.encode("utf-8"))
                except UnicodeEncodeError:  # (a lone surrogate: only JSON keeps it)
                    portable = False
                article_texts.append(text if portable else None)
                articles.append(dict(article, text=None) if portable else article)
            payloads.append(json.dumps(dict(entry, articles=articles), default=str))
            texts.append(article_texts)
        return pa.table({"key": pa.array(keys, pa.string()), "payload": pa.array(payloads, pa.large_string()),
                         "texts": pa.array(texts, pa.list_(pa.large_string()))})

    def save_ingest_cache(self, cache: dict[str, dict]) -> None:
        """Keep ``cache`` (the entries of the current files): entries new since
        :meth:`load_ingest_cache` go into a new part; when the parts hold more entries of files no
        longer there than of current ones, or there are too many parts, the cache is rewritten as
        one part and the other parts are deleted (once it is in place)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        parts = self._ingest_parts if self._ingest_parts is not None else {n: set() for n in self._ingest_part_names()}
        stored = set().union(*parts.values()) if parts else set()
        new = [key for key in cache if key not in stored]
        stale = len(stored - cache.keys())
        compact = self._ingest_parts is None or stale > len(cache) or len(parts) >= MAX_PARTS
        if not new and not compact:
            return
        keys = list(cache) if compact else new
        name = self._new_part("ingest")
        _write(self._ingest_table(cache, keys), self.dir / name)
        if compact:
            folder = self.dir / INGEST_DIR
            leftovers = {f"{INGEST_DIR}/{n}" for n in os.listdir(folder) if n.endswith(".tmp")}  # (of killed runs)
            self._remove((set(parts) | leftovers) - {name})
            self._ingest_parts = {name: set(keys)}
        else:
            self._ingest_parts = dict(parts, **{name: set(keys)})

    # -- file index: each input file's stat and digest, so that unchanged files are not read ----
    FILE_INDEX_COLUMNS = ["path", "size", "mtime_ns", "ctime_ns", "inode", "digest"]

    def load_file_index(self) -> dict[str, tuple]:
        """(size, mtime_ns, ctime_ns, inode, sha256) by absolute path (see :func:`helpers.ingest.corpus.ingest`)."""
        frame = _read(self.dir / "files.parquet", self.FILE_INDEX_COLUMNS, self.problems)
        columns = [frame[c].tolist() for c in self.FILE_INDEX_COLUMNS]
        return {path: tuple(rest) for path, *rest in zip(*columns)}

    def save_file_index(self, index: dict[str, tuple]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        rows = [(path, *entry) for path, entry in index.items()]
        frame = pd.DataFrame(rows, columns=self.FILE_INDEX_COLUMNS)
        _write(frame, self.dir / "files.parquet")

    @property
    def done_path(self) -> Path:
        return self.dir / "done.parquet"

    def _done_table(self) -> pd.DataFrame:
        """done.parquet as read (kept while its stat is unchanged)."""
        try:
            st = os.stat(self.done_path)
            stat = (st.st_size, st.st_mtime_ns, st.st_ino)
        except OSError:
            stat = None
        if stat is None or getattr(self, "_done_cache", (None,))[0] != stat:
            self._done_cache = (stat, _read(self.done_path, DONE_COLUMNS, self.problems))
        return self._done_cache[1]

    def _read_done(self) -> tuple[pd.DataFrame, bool]:
        """done.parquet, and whether it is a legacy one (one file per table, no part columns)."""
        done = self._done_table()
        legacy = not all(column in done.columns for column in PART_COLUMNS.values())
        if legacy:
            done = done.assign(**{column: LEGACY_PARTS[table] for table, column in PART_COLUMNS.items()})
        done = done.assign(**{column: done[column].fillna("").astype(str) for column in PART_COLUMNS.values()})
        return done, legacy

    def _read_parts(self, done: pd.DataFrame, table: str, columns: list[str]) -> tuple[pd.DataFrame, dict[str, int],
                                                                                       set[str]]:
        """The rows ``done`` assigns to each article (from the part it names), the number of rows in
        each part read, and the articles whose part could be read."""
        column = PART_COLUMNS[table]
        frames, rows, readable = [], {}, set()
        for part, articles in done.groupby(column, sort=False)["article_id"]:
            articles = articles.tolist()
            if not part:  # an article without rows
                readable.update(articles)
                continue
            frame = self._read_part(part, columns)
            if frame is None:
                continue  # (a lost or damaged part: its articles are analysed again)
            rows[part] = len(frame)
            readable.update(articles)
            mine = _member(frame["article_id"], set(articles))
            frames.append(frame if mine.all() else _select(frame, mine))
        frames = [f for f in frames if len(f)]
        if not frames:
            return pd.DataFrame(columns=columns), rows, readable
        joined = frames[0].reset_index(drop=True) if len(frames) == 1 else pd.concat(frames, ignore_index=True)
        return joined, rows, readable

    def tables(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The stored statements and stances of the articles in done.parquet, whatever their keys
        (for inspection: ``analyze`` exports the tables of a run)."""
        done, _ = self._read_done()
        statements = self._read_parts(done, "statements", STATEMENT_COLUMNS + ["_key"])[0]
        stances = self._read_parts(done, "stances", STANCE_COLUMNS + ["article_id", "_key"])[0]
        ids = done["article_id"].tolist()
        return (_by_article(statements, ids, STATEMENT_COLUMNS),
                _by_article(stances, ids, STANCE_COLUMNS + ["article_id"]))

    def load(self, keys: StepKeys, input_keys: dict[str, str] | None = None) -> Cached:
        everything, legacy = self._read_done()
        done = everything
        if input_keys is not None and len(done):
            # an article whose date or narrator changed (a manifest edit) is analysed again
            done = done[[input_keys.get(a, k) == k for a,
                         k in zip(done["article_id"].tolist(), done["input_key"].tolist())]]
        statements, statement_rows, statements_readable = self._read_parts(
            everything, "statements", STATEMENT_COLUMNS + ["_key"])
        stances, stance_rows, stances_readable = self._read_parts(
            everything, "stances", STANCE_COLUMNS + ["article_id", "_key"])
        # (Python lists first: iterating over an Arrow-backed column costs a scalar object per element)
        statement_articles = set(done.loc[done["statements_key"] == keys.statements, "article_id"].tolist())
        stance_articles = set(done.loc[(done["statements_key"] == keys.statements)
                                       & (done["stances_key"] == keys.stances), "article_id"].tolist())
        # rows must carry the same keys as the done marker, else they are from a killed run (with one
        # file per table, a killed run could rewrite it before done.parquet)
        wrong_key = set(statements.loc[statements["_key"] != keys.statements,
                                       "article_id"].unique()) if len(statements) else set()
        if legacy:
            statements_readable = set(statements["article_id"].unique()) if len(statements) else set()
        statement_articles &= statements_readable - wrong_key
        stance_articles &= statement_articles & stances_readable
        return Cached(everything, statements, stances, statement_articles, stance_articles,
                      {"statements": statement_rows, "stances": stance_rows}, legacy)

    def _place(self, table: str, frame: pd.DataFrame, recomputed: set[str], removed: set[str], cached: Cached,
               current_ids: list[str]) -> tuple[dict[str, str], set[str]]:
        """Write the rows of ``recomputed`` articles of ``frame`` (the table's final rows) as a new
        part, or the whole table as one part when it is time to compact; returns each current
        article's part and the parts written."""
        column = PART_COLUMNS[table]
        previous = dict(zip(cached.done["article_id"].tolist(),
                            cached.done[column].tolist())) if len(cached.done) else {}
        assignment = {aid: previous.get(aid, "") for aid in current_ids}
        kept_parts = {assignment[aid] for aid in current_ids if aid not in recomputed} - {""}
        fresh = _member(frame["article_id"], recomputed) if recomputed else np.zeros(len(frame), dtype=bool)
        stored_rows = sum(cached.part_rows.get(table, {}).get(part, 0) for part in kept_parts) + int(fresh.sum())
        compact = cached.legacy or len(kept_parts) + 1 > MAX_PARTS or 2 * len(frame) < stored_rows
        if compact:
            name = self._new_part(table)
            _write(frame, self.dir / name)
            return {aid: name for aid in current_ids}, {name}
        if not recomputed:
            return assignment, set()
        name = self._new_part(table) if fresh.any() else ""
        if name:
            _write(_select(frame, fresh), self.dir / name)
        assignment.update({aid: name for aid in recomputed if aid in assignment})
        return assignment, {name} - {""}

    def _collect_garbage(self, live: set[str]) -> None:
        """Delete the parts (and leftovers of killed runs) that done.parquet no longer names."""
        folder = self.dir / PARTS_DIR
        dead = {f"{PARTS_DIR}/{name}" for name in (os.listdir(folder) if folder.is_dir() else [])} - live
        dead |= {name for name in LEGACY_PARTS.values() if (self.dir / name).exists()} - live
        self._remove(dead)

    def update(self, keys: StepKeys, current_ids: list[str], analysed, cached: Cached,
               files: dict[str, str] | None = None,
               input_keys: dict[str, str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
        """Merge what this run ``analysed`` (a :class:`helpers.engines.local.Analysed`) with the
        ``cached`` rows of the other current articles, keep the result, and return the statements
        and stances of ``current_ids`` in their order with a report of what changed."""
        files, input_keys = files or {}, input_keys or {}
        previous_ids = set(cached.done["article_id"].tolist()) if len(cached.done) else set()
        removed = previous_ids - set(current_ids)
        statements = _merged(cached.statements, analysed.statements, keys.statements, analysed.statement_articles,
                             removed, {aid: i for i, aid in enumerate(current_ids)})
        stances = _merged(cached.stances, analysed.stances, keys.stances, analysed.stance_articles, removed)
        statements = _by_article(statements, current_ids, STATEMENT_COLUMNS + ["_key"])
        stances = _stances_in_statement_order(stances, statements, current_ids, analysed.stance_articles)
        if analysed.statement_articles or analysed.stance_articles or removed:
            self._keep(keys, current_ids, statements, stances, analysed, removed, cached, files, input_keys)
        report = _changes(cached.done, current_ids, removed, files, input_keys)
        report["steps"] = [step for step, ran in (("statements", analysed.statement_articles),
                                                  ("stances", analysed.stance_articles)) if ran]
        return (statements[STATEMENT_COLUMNS].reset_index(drop=True),
                stances[STANCE_COLUMNS].reset_index(drop=True), report)

    def _keep(self, keys: StepKeys, current_ids: list[str], statements: pd.DataFrame, stances: pd.DataFrame,
              analysed, removed: set[str], cached: Cached, files: dict[str, str], input_keys: dict[str, str]) -> None:
        """Write the new parts, then done.parquet naming each article's part, then delete dead parts."""
        self.dir.mkdir(parents=True, exist_ok=True)
        statement_parts, _ = self._place("statements", statements, analysed.statement_articles, removed, cached,
                                         current_ids)
        stance_parts, _ = self._place("stances", stances, analysed.stance_articles, removed, cached, current_ids)
        done = pd.DataFrame({"article_id": current_ids, "file": [files.get(a, "") for a in current_ids],
                             "input_key": [input_keys.get(a, "") for a in current_ids],
                             "statements_key": keys.statements, "stances_key": keys.stances,
                             "statements_part": [statement_parts[a] for a in current_ids],
                             "stances_part": [stance_parts[a] for a in current_ids]})
        _write(done, self.done_path)  # last: from now on the new parts are the store
        self._collect_garbage(set(statement_parts.values()) | set(stance_parts.values()))


def _merged(stored: pd.DataFrame, fresh: pd.DataFrame, key: str, recomputed: set[str], removed: set[str],
            order: dict[str, int] | None = None) -> pd.DataFrame:
    """The stored rows of the articles neither recomputed nor removed, then the fresh rows (tagged
    with the step's ``key``; statements put in article ``order``)."""
    if not (recomputed or removed):
        return stored
    keep = _select(stored, ~_member(stored["article_id"], recomputed | removed)) if len(stored) else stored
    fresh = fresh.assign(_key=key)
    if order is not None:
        fresh = _ordered(fresh, order, STATEMENT_COLUMNS + ["_key"], STATEMENT_ORDER)
    return pd.concat([keep, fresh], ignore_index=True) if len(keep) else fresh


def _changes(done: pd.DataFrame, current_ids: list[str], removed: set[str], files: dict[str, str],
             input_keys: dict[str, str]) -> dict:
    """New, changed and removed files since the run recorded in ``done``: a file is changed when
    its text is, or (the same text) the date, author or outlet its manifest row gives."""
    previous_ids = set(done["article_id"].tolist()) if len(done) else set()
    previous_files = dict(zip(done["file"].tolist(), done["article_id"].tolist())) if len(done) else {}
    previous_inputs = dict(zip(done["article_id"].tolist(), done["input_key"].tolist())) if len(done) else {}
    now_files = {files.get(a, ""): a for a in current_ids}
    changed = sum(1 for f, a in now_files.items() if f and f in previous_files and (
        previous_files[f] != a or previous_inputs.get(a) not in ("", None, input_keys.get(a, ""))))
    gone_files = sum(1 for f in previous_files if f and f not in now_files)
    return {"new": sum(1 for f, a in now_files.items() if a not in previous_ids and f not in previous_files),
            "changed": changed, "removed": gone_files if previous_files else len(removed)}
