"""The driver: files → articles → statements → stances → tables (and charts) on disk.

:func:`run` analyses a corpus and returns every table; :func:`export` writes them. The
``analyze`` command is these two calls. Per-article steps are cached in the incremental
store (:mod:`helpers.store.incremental`) so that a re-run only analyses new or changed articles,
and an export rewrites only the files whose content changed (:mod:`helpers.store.outputs`).
"""

from __future__ import annotations

import hashlib
import json
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import config, paths, provenance
from .charts import standard
from .charts.record import DrawnCharts
from .engines.local import Analysed, analyse_to_tables
from .ingest.corpus import Corpus, ingest
from .store import locking
from .store.incremental import Cached, StepKeys, Store
from .store.outputs import OutputRecord, combine, frame_digest
from .tables import aggregates, corrections
from .tables.files import write_table
from .tables.rows import STANCE_COLUMNS, STATEMENT_COLUMNS, conform, input_key


@dataclass
class RunResult:
    """All tables of one analysis run, plus what the run did."""

    articles: pd.DataFrame
    comments: pd.DataFrame
    statements: pd.DataFrame
    stances: pd.DataFrame
    rejected: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    report: dict = field(default_factory=dict)
    corrections_applied: int = 0
    signature: str = ""
    store_dir: Path | None = None


@dataclass
class Work:
    """What a run must compute: statements for ``statements`` (article ids), stances for
    ``stances`` (a superset), the latter on the stored statements ``known`` where those are kept."""

    statements: set
    stances: set
    known: dict[str, list[dict]]


def run(inputs: list[Path] | None = None, manifest: Path | None = None, store_dir: Path | None = paths.PROCESSED_DIR,
        engine: str = "local", scheduler: str | None = None, apply_corrections: bool = True,
        corrections_file: Path | None = None, targets: Path | None = None) -> RunResult:
    """Analyse a corpus. ``store_dir=None`` computes everything afresh without a store;
    ``engine="dask"`` runs the per-article steps on a Dask cluster (``scheduler``: its address,
    else a local one); ``targets`` is a targets file kept anywhere, read instead of
    ``data/targets.toml``.

    One run at a time uses a store (:mod:`helpers.store.locking`): a second one waits, then reuses
    what the first stored."""
    lock = locking.exclusive(Path(store_dir), "store") if store_dir is not None else nullcontext()
    with config.use_targets(targets), config.frozen(), lock:
        if engine != "dask":
            return _run(inputs, manifest, store_dir, None, apply_corrections, corrections_file)
        from .engines.distributed import dask_session  # (Dask is imported only when it is used)

        with dask_session(scheduler) as session:
            return _run(inputs, manifest, store_dir, session, apply_corrections, corrections_file)


def run_from_parameters(inputs=None, manifest=None, store="default") -> RunResult:
    """What every notebook does first: its ``parameters`` cell (papermill) says which corpus and
    which store; ``store="default"`` is data/processed/, ``None`` computes without a store."""
    store_dir = paths.PROCESSED_DIR if store == "default" else (Path(store) if store else None)
    return run([Path(p) for p in inputs] if inputs else None, Path(manifest) if manifest else None, store_dir)


def _run(inputs, manifest, store_dir, session, apply_corrections, corrections_file) -> RunResult:
    started = time.perf_counter()
    settings = config.load_settings()
    store = Store(store_dir) if store_dir is not None else None
    corpus = _read_corpus(inputs, manifest, settings, store, session)
    keys = StepKeys.current()
    input_keys = _input_keys(corpus.articles)
    cached = store.load(keys, input_keys) if store is not None else None
    ids = corpus.articles["article_id"].tolist()
    work = _work(ids, cached)
    analysed = _analyse(corpus, work, settings, session)
    if store is not None:
        statements, stances, report = store.update(keys, ids, analysed, cached, _files(corpus.articles), input_keys)
    else:
        statements, stances = analysed.statements, analysed.stances[STANCE_COLUMNS]
        report = {"new": len(ids), "changed": 0, "removed": 0, "steps": ["statements", "stances"]}
    statements = conform(_with_metadata(statements, corpus.articles), STATEMENT_COLUMNS)
    report.update({"articles": len(ids), "rejected": len(corpus.rejected),
                   "statements_computed_for": len(work.statements), "stances_computed_for": len(work.stances)})
    result = RunResult(corpus.articles, corpus.comments, statements, conform(stances, STANCE_COLUMNS), corpus.rejected,
                       corpus.warnings + (store.problems if store is not None else []), report, store_dir=store_dir)
    corrections_path = Path(corrections_file or paths.CORRECTIONS_FILE)
    if apply_corrections:
        result.statements, result.stances, result.corrections_applied, notes = corrections.apply(
            result.statements, result.stances, corrections_path)
        result.warnings += notes
    report["corrections_applied"] = result.corrections_applied
    report["seconds"] = round(time.perf_counter() - started, 2)
    result.signature = _signature(result, keys, corrections_path)
    return result


def _read_corpus(inputs, manifest, settings, store: Store | None, session) -> Corpus:
    """The corpus's tables; files whose bytes the store's ingestion cache knows are not read again."""
    if store is None:
        return ingest(inputs, manifest, settings, mapper=session.ingest_mapper if session is not None else None)
    cache, file_index = store.load_ingest_cache(), store.load_file_index()
    cached_keys, known_files = set(cache), dict(file_index)
    corpus = ingest(inputs, manifest, settings, cache=cache, file_index=file_index,
                    mapper=session.ingest_mapper if session is not None else None)
    if set(cache) != cached_keys:
        store.save_ingest_cache(cache)
    if file_index != known_files:
        store.save_file_index(file_index)
    return corpus


def _input_keys(articles: pd.DataFrame) -> dict[str, str]:
    """Each article's :func:`~helpers.tables.rows.input_key` (its text, date and narrator)."""
    columns = ["article_id", "published", "author", "outlet"]
    return {values[0]: input_key(dict(zip(columns, values)))
            for values in zip(*(articles[c].tolist() for c in columns))}


def _work(ids: list[str], cached: Cached | None) -> Work:
    """What is not in the store: statements of articles it lacks, stances of those and of
    articles whose stances it lacks (those are computed on the stored statements)."""
    if cached is None:
        return Work(set(ids), set(ids), {})
    statements = {aid for aid in ids if aid not in cached.statement_articles}
    stances = {aid for aid in ids if aid not in cached.stance_articles} | statements
    return Work(statements, stances, cached.statements_by_article(stances - statements))


def _analyse(corpus: Corpus, work: Work, settings, session) -> Analysed:
    """Run the per-article steps on the articles ``work`` names, in-process or on Dask."""
    todo = corpus.articles[corpus.articles["article_id"].isin(work.statements | work.stances)].to_dict("records")
    comments = _comments_by_article(corpus.comments)
    if session is not None and todo:
        return session.analyse(todo, comments, settings.extraction, work.statements, work.stances, work.known)
    return analyse_to_tables(todo, comments, settings.extraction, work.statements, work.stances, work.known,
                             show_progress=True)


def _comments_by_article(comments: pd.DataFrame) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in comments.to_dict("records"):
        out.setdefault(row["article_id"], []).append(row)
    return out


def _files(articles: pd.DataFrame) -> dict[str, str]:
    """Each article's file (``name#partN`` for the N-th item of a file holding several)."""
    return {aid: f"{file}#part{part}" if part > 1 else file for aid, file, part in
            zip(articles["article_id"].tolist(), articles["file"].tolist(), articles["part"].tolist())}


def _with_metadata(statements: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Statements with their file, outlet and date from this run's articles (a renamed file, or a
    manifest edit, keeps the stored results)."""
    if len(statements):
        meta = articles.set_index("article_id")
        for column in ("file", "outlet", "published"):
            statements[column] = statements["article_id"].map(meta[column])
    return statements


def _signature(result: RunResult, keys: StepKeys, corrections_path: Path) -> str:
    """What the exported outputs depend on: if it is unchanged, they need not be rewritten."""
    digest = hashlib.sha256()
    for part in (keys.statements, keys.stances, config.files_hash(("settings.toml",)),
                 *(provenance.code_digest(step) for step in ("aggregates", "charts", "tables"))):
        digest.update(part.encode())
    digest.update(json.dumps(result.articles[["article_id", "file", "part", "outlet", "published", "author", "title",
                                              "url", "metadata_source"]].astype(str).values.tolist()).encode())
    digest.update(json.dumps(result.rejected.astype(str).values.tolist()).encode())
    if corrections_path.exists():
        digest.update(corrections_path.read_bytes())
    return digest.hexdigest()[:20]


#: Written last by an export, with the run's :attr:`RunResult.signature`: the folder holds that run's outputs.
SIGNATURE_FILE = "run_signature.txt"


def outputs_current(result: RunResult, out_dir: Path) -> bool:
    """True when ``out_dir`` already holds exactly this run's outputs (nothing changed)."""
    marker = Path(out_dir) / SIGNATURE_FILE
    return bool(result.signature) and marker.exists() and marker.read_text().strip() == result.signature and \
        all((Path(out_dir) / f"{name}.parquet").exists() for name in ("articles", "statements", "stances", "rejected"))


def _table_files(name: str) -> list[str]:
    return [f"{name}.csv", f"{name}.parquet"]


def export(result: RunResult, out_dir: Path, charts: bool = True,
           chart_formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    """Write every table (CSV + Parquet), the aggregates and the charts under ``out_dir``; returns
    the CSV tables' and the charts' paths.

    Files that already hold what this export would write are left as they are
    (:mod:`helpers.store.outputs`): the aggregates and charts are functions of the statement ×
    target view (with the settings and the code), so when the view is unchanged they are not even
    computed; charts are otherwise compared one by one by their own data. One export at a time
    writes to a folder."""
    out_dir = Path(out_dir)
    with locking.exclusive(out_dir, "output folder"):
        (out_dir / SIGNATURE_FILE).unlink(missing_ok=True)  # (not current until the end)
        record = OutputRecord(out_dir)
        tables = {"articles": result.articles, "statements": result.statements, "stances": result.stances,
                  "rejected": result.rejected, "comments": result.comments}  # (articles with their text)
        writing = provenance.code_digest("tables")  # (a file depends on the code that writes it, too)
        signatures = {name: combine(writing, frame_digest(frame)) for name, frame in tables.items()}
        view = aggregates.stance_view(result.statements, result.stances, columns=aggregates.AGGREGATE_VIEW_COLUMNS)
        basis = combine(frame_digest(view), config.files_hash(("settings.toml",)),
                        provenance.code_digest("aggregates"), writing)
        drawn = DrawnCharts(out_dir / "charts") if charts else None
        charts_current = drawn is None or drawn.current(basis, chart_formats)
        aggregate_files = [f for name in aggregates.AGGREGATE_TABLES for f in _table_files(name)]
        if not (charts_current and record.current(aggregate_files, basis)):
            aggregate_tables = aggregates.all_aggregates(view)
            tables.update(aggregate_tables)
            signatures.update(dict.fromkeys(aggregate_tables, basis))
            if not charts_current:
                _draw_charts(drawn, view, aggregate_tables, out_dir / "charts", chart_formats, basis)
        _write_tables(tables, signatures, record, out_dir)
        record.save()
        if result.signature and charts:
            (out_dir / SIGNATURE_FILE).write_text(result.signature + "\n")
    names = [*tables, *(n for n in aggregates.AGGREGATE_TABLES if n not in tables)]
    return [out_dir / f"{name}.csv" for name in names] + (drawn.paths() if drawn is not None else [])


def _draw_charts(drawn: DrawnCharts, view: pd.DataFrame, tables: dict[str, pd.DataFrame], folder: Path,
                 formats: tuple[str, ...], basis: str) -> None:
    """Draw the standard charts whose files are not current, and record them."""
    jobs = standard.standard_charts(view, tables, standard.corpus_label(view))
    for name, function, args, stale_formats in drawn.outdated(jobs, formats, basis):
        standard.draw(name, function, args, folder, stale_formats)
    drawn.save()


def _write_tables(tables: dict[str, pd.DataFrame], signatures: dict[str, str], record: OutputRecord,
                  out_dir: Path) -> None:
    """Write each table whose files do not already hold what its signature describes."""
    for name, frame in tables.items():
        if not record.current(_table_files(name), signatures[name]):
            write_table(frame, out_dir, name)
            record.mark(_table_files(name), signatures[name])
