"""The driver: files → articles → statements → stances → tables (and charts) on disk.

:func:`run` analyses a corpus and returns every table; :func:`export` writes them. The
``analyze`` command is these two calls. Per-article steps are cached in the incremental
store (:mod:`helpers.store`) so that a re-run only analyses new or changed articles.
"""

from __future__ import annotations

import hashlib
import json
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import analysis, config, corrections, locking, paths, progress, provenance, stance_step, statement_step
from .doc import Doc
from .ingest import Corpus, ingest
from .store import StepKeys, Store
from .table_files import write_table
from .timeline import mark

#: With more articles than this to analyse, ``on_work`` is called before analysing them; with fewer,
#: only if their results may change what the charts show.
START_WORK_EARLY = 20


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
    up_to_date: bool = False
    store_dir: Path | None = None  # where export() keeps what it may reuse next time
    #: True when this run only added articles that carry no stance: the statement × target view
    #: (and so the aggregates and charts) is the previous run's, unless corrections or settings changed
    view_unchanged: bool = False
    fresh_ids: frozenset = frozenset()  # the articles this run analysed
    corrections_digest: str = ""        # of the corrections applied ("" when none were)


def _comments_by_article(comments: pd.DataFrame) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in comments.to_dict("records"):
        out.setdefault(row["article_id"], []).append(row)
    return out


def analyse_articles(articles: list[dict], comments: dict[str, list[dict]], settings: dict,
                     want_statements: set[str], want_stances: set[str],
                     known_statements: dict[str, list[dict]],
                     show_progress: bool = False) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """Run the per-article steps. Returns statements and stances by article_id."""
    statements_out: dict[str, list[dict]] = {}
    stances_out: dict[str, list[dict]] = {}
    with config.frozen():
        statement_analyser = statement_step.build(settings) if want_statements else None
        stance_analyser = stance_step.build() if want_stances else None
        for article in progress.each(articles, "Analysing") if show_progress else articles:
            aid = article["article_id"]
            doc = None
            if aid in want_statements:
                doc = Doc.from_article(article, comments.get(aid, []))
                statements_out[aid] = statement_step.article_statements(article, comments.get(aid, []),
                                                                        statement_analyser, doc)
            if aid in want_stances:
                rows = statements_out.get(aid, known_statements.get(aid, []))
                stances_out[aid] = stance_step.article_stances(article, rows, comments.get(aid, []), stance_analyser,
                                                               doc)
    return statements_out, stances_out


@dataclass
class Analysed:
    """What the per-article steps computed in one run, as tables.

    Fields: ``statement_articles`` and ``stance_articles`` (the article_ids whose statements,
    and whose stances, were computed), ``statements`` (STATEMENT_COLUMNS) and ``stances``
    (STANCE_COLUMNS plus article_id), their rows grouped by article in the corpus's order."""

    statement_articles: set
    stance_articles: set
    statements: pd.DataFrame
    stances: pd.DataFrame

    @classmethod
    def of(cls, ids: list[str], statements: dict[str, list[dict]], stances: dict[str, list[dict]]) -> "Analysed":
        """From rows by article, in the order of ``ids``."""
        return cls(set(statements), set(stances),
                   pd.DataFrame([r for aid in ids for r in statements.get(aid, [])], columns=analysis.STATEMENT_COLUMNS),
                   pd.DataFrame([dict(r, article_id=aid) for aid in ids for r in stances.get(aid, [])],
                                columns=analysis.STANCE_COLUMNS + ["article_id"]))

    @classmethod
    def joined(cls, parts: list["Analysed"]) -> "Analysed":
        """Parts computed for consecutive runs of articles, in their order."""
        if not parts:
            return cls.of([], {}, {})
        return cls(set().union(*(p.statement_articles for p in parts)), set().union(*(p.stance_articles for p in parts)),
                   pd.concat([p.statements for p in parts], ignore_index=True),
                   pd.concat([p.stances for p in parts], ignore_index=True))


def analyse_to_tables(articles: list[dict], comments: dict[str, list[dict]], settings: dict,
                      want_statements: set[str], want_stances: set[str],
                      known_statements: dict[str, list[dict]], show_progress: bool = False) -> Analysed:
    """:func:`analyse_articles`, as tables (a Dask task returns these: a table travels between
    processes and is put together much faster than as many row dicts)."""
    statements, stances = analyse_articles(articles, comments, settings, want_statements, want_stances,
                                           known_statements, show_progress)
    return Analysed.of([a["article_id"] for a in articles], statements, stances)


def run(inputs: list[Path] | None = None, manifest: Path | None = None, store_dir: Path | None = paths.PROCESSED_DIR,
        engine: str = "local", scheduler: str | None = None, apply_corrections: bool = True,
        corrections_file: Path | None = None, skip_if_current: Path | None = None, on_work=None,
        targets: Path | None = None) -> RunResult:
    """Analyse a corpus. ``store_dir=None`` computes everything afresh without a store; ``targets``
    is a targets file kept anywhere, read instead of ``data/targets.toml``.

    With ``skip_if_current=OUT_DIR``, when the store already holds every article under the
    current configuration and OUT_DIR holds this very result, nothing is loaded or rewritten:
    the returned result has ``up_to_date=True`` and empty statements/stances (read them from
    OUT_DIR). ``on_work()`` is called once it is clear that the run is not up to date and that
    there is much to analyse, or once a few articles are analysed and their stances (or removed
    articles) may change what the charts show (the command line starts its chart workers then;
    if it is not called, the charts that do need drawing start them).

    One run at a time uses a store (:mod:`helpers.locking`): a second one waits, then reuses
    what the first stored."""
    with config.use_targets(targets), config.frozen(), \
            (locking.exclusive(Path(store_dir), "store") if store_dir is not None else nullcontext()):
        if engine == "dask":
            from .engine_dask import dask_session

            with dask_session(scheduler) as session:
                return _run(inputs, manifest, store_dir, session, apply_corrections, corrections_file, skip_if_current,
                            on_work)
        return _run(inputs, manifest, store_dir, None, apply_corrections, corrections_file, skip_if_current, on_work)


def run_from_parameters(inputs=None, manifest=None, store="default") -> RunResult:
    """What every notebook does first: its ``parameters`` cell (papermill) says which corpus and
    which store; ``store="default"`` is data/processed/, ``None`` computes without a store."""
    store_dir = paths.PROCESSED_DIR if store == "default" else (Path(store) if store else None)
    return run([Path(p) for p in inputs] if inputs else None, Path(manifest) if manifest else None, store_dir)


def _run(inputs, manifest, store_dir, session, apply_corrections, corrections_file,
         skip_if_current=None, on_work=None) -> RunResult:
    started = time.perf_counter()
    mark("run: start")
    settings = config.load_settings()
    store = Store(store_dir) if store_dir is not None else None
    mark("run: settings")
    ingest_cache = store.load_ingest_cache() if store else None
    mark("run: ingest cache loaded")
    file_index = store.load_file_index() if store else None
    if store is not None:
        store.prefetch()  # (the stored rows are read while the files are)
    mark("run: file index loaded")
    cached_keys = set(ingest_cache) if ingest_cache is not None else set()
    known_files = dict(file_index) if file_index is not None else {}
    corpus: Corpus = ingest(inputs, manifest, settings, cache=ingest_cache,
                            mapper=session.ingest_mapper if session is not None else None, file_index=file_index)
    mark("run: ingested")
    if store is not None and set(ingest_cache) != cached_keys:
        store.save_ingest_cache(ingest_cache)
    if store is not None and file_index != known_files:
        store.save_file_index(file_index)
    mark("run: ingest cache saved")
    keys = StepKeys.current()
    meta_columns = ["article_id", "published", "author", "outlet"]  # (as lists: cheaper than to_dict's records)
    meta = [dict(zip(meta_columns, values)) for values in zip(*(corpus.articles[c].tolist() for c in meta_columns))]
    input_keys = {a["article_id"]: analysis.input_key(a) for a in meta}
    if store is not None and skip_if_current is not None and store.complete(keys, input_keys):
        result = RunResult(corpus.articles, corpus.comments, pd.DataFrame(columns=analysis.STATEMENT_COLUMNS),
                           pd.DataFrame(columns=analysis.STANCE_COLUMNS), corpus.rejected, corpus.warnings)
        result.signature = _signature(result, keys, corrections_file or paths.CORRECTIONS_FILE)
        result.store_dir = store_dir
        if outputs_current(result, skip_if_current):
            result.up_to_date = True
            result.report = {"new": 0, "changed": 0, "removed": 0, "steps": [], "articles": len(meta),
                             "rejected": len(corpus.rejected), "seconds": round(time.perf_counter() - started, 2)}
            return result
    cached = store.load(keys, input_keys) if store else None
    mark("run: store loaded")
    current_ids = corpus.articles["article_id"].tolist()
    comments = _comments_by_article(corpus.comments)
    if cached is not None:
        need_statements = {aid for aid in current_ids if aid not in cached.statement_articles}
        need_stances = {aid for aid in current_ids if aid not in cached.stance_articles} | need_statements
        known = cached.statements_by_article(need_stances - need_statements)  # stances redone on stored statements
    else:
        need_statements, need_stances, known = set(current_ids), set(current_ids), {}
    # records (with their text) only for the articles to analyse: building 5,000 of them costs more
    # than analysing one
    todo_rows = corpus.articles["article_id"].isin(need_statements | need_stances).to_numpy()
    todo = corpus.articles[todo_rows].to_dict("records")
    if on_work is not None and (cached is None or len(todo) > START_WORK_EARLY):
        on_work()  # (much to analyse: whatever is started now gets ready meanwhile)
        on_work = None
    if session is not None and todo:
        analysed = session.analyse(todo, comments, settings.extraction, need_statements, need_stances, known)
    else:
        analysed = analyse_to_tables(todo, comments, settings.extraction, need_statements, need_stances, known,
                                     show_progress=True)
    mark("run: analysed")
    stored_ids = set(cached.done["article_id"].tolist()) if cached is not None else set()
    view_may_change = cached is None or bool(len(analysed.stances) or stored_ids - set(current_ids)
                                             or need_stances & stored_ids)
    if on_work is not None and view_may_change:
        on_work()  # (a few articles analysed, and what the charts show may have changed)
    files = {aid: f"{file}#part{part}" if part > 1 else file for aid, file, part in
             zip(current_ids, corpus.articles["file"].tolist(), corpus.articles["part"].tolist())}
    statements, stances, report = (store.update(keys, current_ids, analysed, cached, files, input_keys)
                                   if store else _assemble(current_ids, analysed))
    mark("run: store updated")
    if len(statements):
        # file names and metadata come from this run's articles (a renamed file keeps its results)
        meta = corpus.articles.set_index("article_id")
        for column in ("file", "outlet", "published"):
            statements[column] = statements["article_id"].map(meta[column])
    statements = analysis.conform(statements, analysis.STATEMENT_COLUMNS)
    stances = analysis.conform(stances, analysis.STANCE_COLUMNS)
    if cached is None and store is not None:
        report["store"] = "built"
    report.update({
        "articles": len(current_ids), "rejected": len(corpus.rejected),
        "statements_computed_for": len(need_statements), "stances_computed_for": len(need_stances),
        "seconds": round(time.perf_counter() - started, 2),
    })
    warnings = corpus.warnings + (store.problems if store is not None else [])
    result = RunResult(corpus.articles, corpus.comments, statements, stances, corpus.rejected, warnings, report,
                       store_dir=store_dir, view_unchanged=not view_may_change, fresh_ids=frozenset(need_statements))
    if apply_corrections:
        used = Path(corrections_file or paths.CORRECTIONS_FILE)
        result.corrections_digest = hashlib.sha256(used.read_bytes()).hexdigest() if used.exists() else "none"
        result.statements, result.stances, result.corrections_applied, notes = corrections.apply(
            result.statements, result.stances, corrections_file or paths.CORRECTIONS_FILE)
        result.warnings += notes
    report["corrections_applied"] = result.corrections_applied
    result.signature = _signature(result, keys, corrections_file or paths.CORRECTIONS_FILE)
    mark("run: end")
    return result


def _signature(result: "RunResult", keys: StepKeys, corrections_path: Path) -> str:
    """What the exported outputs depend on: if it is unchanged, they need not be rewritten."""
    digest = hashlib.sha256()
    for part in (keys.statements, keys.stances, config.files_hash(("settings.toml",)),
                 *(provenance.code_digest(step) for step in ("aggregates", "charts", "tables"))):
        digest.update(part.encode())
    digest.update(json.dumps(result.articles[["article_id", "file", "part", "outlet", "published", "author", "title",
                                              "url", "metadata_source"]].astype(str).values.tolist()).encode())
    digest.update(json.dumps(result.rejected.astype(str).values.tolist()).encode())
    if Path(corrections_path).exists():
        digest.update(Path(corrections_path).read_bytes())
    return digest.hexdigest()[:20]


def _assemble(ids: list[str], analysed: Analysed):
    report = {"new": len(ids), "changed": 0, "removed": 0, "steps": ["statements", "stances"]}
    return analysed.statements, analysed.stances[analysis.STANCE_COLUMNS], report


def outputs_current(result: RunResult, out_dir: Path) -> bool:
    """True when ``out_dir`` already holds exactly this run's outputs (nothing changed)."""
    marker = Path(out_dir) / "run_signature.txt"
    return bool(result.signature) and marker.exists() and marker.read_text().strip() == result.signature and \
        all((Path(out_dir) / f"{name}.parquet").exists() for name in ("articles", "statements", "stances", "rejected"))


#: Tables cheap to digest compared with writing them, so written only when their content changed
#: (the articles and statements tables change whenever an article does: they are always written).
_DIGESTED_TABLES = ("stances", "rejected", "comments")


#: the output record's entry for the statement × target view: [what it was made with, its digest]
_VIEW_KEY = "#stance-view"


def _table_files(name: str) -> list[str]:
    return [f"{name}.csv", f"{name}.parquet"]


def export(result: RunResult, out_dir: Path, charts: bool = True, chart_formats: tuple[str, ...] = ("png", "svg"),
           workers=None) -> list[Path]:
    """Write every table (CSV + Parquet), the aggregates and the charts under ``out_dir``. With
    ``workers`` (:class:`helpers.chart_pool.ChartWorkers`) the charts are drawn in worker
    processes while the tables are written; either way they are on disk when this returns.

    Files that already hold what this export would write are left as they are
    (:mod:`helpers.outputs`): the aggregates and charts are functions of the statement × target
    view (with the settings and the code), so when the view is unchanged they are not even
    computed; charts are otherwise compared one by one by their own data. One export at a time
    writes to a folder."""
    out_dir = Path(out_dir)
    with locking.exclusive(out_dir, "output folder"):
        return _export(result, out_dir, charts, chart_formats, workers)


def _export(result: RunResult, out_dir: Path, charts: bool, chart_formats: tuple[str, ...], workers) -> list[Path]:
    marker = out_dir / "run_signature.txt"
    if marker.exists():
        marker.unlink()  # outputs are being rewritten: not current until the end
    articles = result.articles  # with its text: statement offsets index it
    tables = {
        "articles": articles, "statements": result.statements, "stances": result.stances,
        "rejected": result.rejected, "comments": result.comments,
    }
    # the tables written in any case are written by two threads, a file each (Arrow's writers let
    # go of the GIL), while this one works out the rest
    from concurrent.futures import ThreadPoolExecutor

    writer = ThreadPoolExecutor(2, thread_name_prefix="export-tables")
    try:
        pending = [writer.submit(write_table, tables[name], out_dir, name, (suffix,)) for name in tables
                   if name not in _DIGESTED_TABLES for suffix in (".parquet", ".csv")]
        return _export_rest(result, out_dir, charts, chart_formats, workers, tables, pending)
    finally:
        writer.shutdown(wait=True)


def _export_rest(result, out_dir, charts, chart_formats, workers, tables, pending) -> list[Path]:
    from . import aggregates, chart_workers, outputs

    marker = out_dir / "run_signature.txt"
    # what a table file depends on besides its content: the code and libraries that write it
    writing = provenance.code_digest("tables")
    record = outputs.OutputRecord(out_dir)
    # the view's digest is recorded with what else it depends on (settings, code, corrections); a run
    # that only added stance-less articles reuses it instead of building and digesting the view
    fixed = outputs.combine(config.files_hash(("settings.toml",)), provenance.code_digest("aggregates"),
                            writing, result.corrections_digest)
    meta = result.articles[["article_id", "file", "outlet", "published"]].astype(str).sort_values("article_id")

    def around(frame: pd.DataFrame) -> str:  # the view's inputs besides stances and statements
        return outputs.combine(fixed, hashlib.sha256(json.dumps(frame.values.tolist()).encode()).hexdigest())

    now = around(meta)
    known = record.entries.get(_VIEW_KEY)
    view = None

    def slim_view() -> pd.DataFrame:  # (what the aggregates and charts read: no text)
        return aggregates.stance_view(result.statements, result.stances, columns=aggregates.AGGREGATE_VIEW_COLUMNS)

    view_reused = result.view_unchanged and isinstance(known, list) and len(known) == 2 and \
        known[0] == around(meta[~meta["article_id"].isin(result.fresh_ids)])
    signatures: dict[str, str] = {}
    for name in _DIGESTED_TABLES:
        previous = record.entries.get(f"{name}.parquet")
        if name == "stances" and view_reused and isinstance(previous, list) and previous:
            signatures[name] = previous[0]  # (the same stances as when the view was recorded)
        else:
            signatures[name] = outputs.combine(writing, outputs.frame_digest(tables[name]))
    if view_reused:
        basis = known[1]  # (the articles that were there before are as they were; the new ones add nothing)
    else:
        view = slim_view()
        basis = outputs.combine(outputs.frame_digest(view), config.files_hash(("settings.toml",)),
                                provenance.code_digest("aggregates"), writing)
    mark("export: view")
    record.entries[_VIEW_KEY] = [now, basis]
    aggregates_current = record.current([f for name in aggregates.AGGREGATE_TABLES for f in _table_files(name)], basis)
    drawn = chart_workers.DrawnCharts(out_dir / "charts") if charts else None
    charts_current = drawn is None or drawn.current(basis, chart_formats)
    waits = []  # (functions that wait for charts being drawn and give their paths)

    def draw(jobs: list[tuple]) -> None:  # in the workers as soon as their data is ready, or here at the end
        if workers is not None and jobs:
            waits.append(workers.submit([job[:3] for job in jobs], out_dir / "charts", chart_formats,
                                        [job[3] for job in jobs]))
        elif jobs:
            waits.append(lambda: [path for name, function, args, formats in jobs
                                  for path in chart_workers.draw(name, function, args, out_dir / "charts", formats)])

    if not (aggregates_current and charts_current):
        if view is None:
            view = slim_view()
        label = chart_workers.corpus_label(view)
        redraw = drawn is not None and not charts_current
        store = Store(result.store_dir) if result.store_dir is not None else None
        intervals = aggregates.IntervalCache(store.load_intervals() if store else {})
        result.warnings += store.problems if store else []
        aggregate_tables = {}
        # each chart goes to the workers as soon as its data is ready, the heaviest first (only
        # those whose data or drawing code changed are drawn again)
        for name, table in aggregates.each_aggregate(view, intervals):
            aggregate_tables[name] = table
            charts_of = [chart for chart, source in chart_workers.CELL_CHART_TABLES.items() if source == name]
            if redraw and charts_of:
                draw(drawn.outdated([chart_workers.cell_chart(chart, table, label) for chart in charts_of],
                                    chart_formats, basis))
            if redraw and name == "outlet_target":
                draw(drawn.outdated(chart_workers.point_charts(view, label), chart_formats, basis))
        if store is not None and intervals.changed:
            store.save_intervals(intervals.used)
        if not aggregates_current:
            tables.update(aggregate_tables)
            signatures.update({name: basis for name in aggregate_tables})
    mark("export: aggregates")
    for name, frame in tables.items():
        signature = signatures.get(name)
        if signature is None:  # (being written by the thread)
            record.forget(_table_files(name))
            continue
        if record.current(_table_files(name), signature):
            continue
        write_table(frame, out_dir, name)
        record.mark(_table_files(name), signature)
    mark("export: tables written")
    for job in pending:
        job.result()
    mark("export: thread's tables written")
    written = [out_dir / f"{name}.csv" for name in [*tables, *(n for n in aggregates.AGGREGATE_TABLES if n not in tables)]]
    if drawn is not None:
        for wait in waits:
            wait()
        mark("export: charts drawn")
        if not charts_current:
            drawn.save()
        written += drawn.paths()
    record.save()
    if result.signature and charts:
        marker.write_text(result.signature + "\n")
    return written
