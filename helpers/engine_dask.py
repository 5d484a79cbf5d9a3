"""Scale-out: the per-article steps as Dask tasks.

``analyze --engine dask`` starts a local cluster (one single-threaded worker process per core)
unless ``--scheduler ADDRESS`` names an existing ``dask.distributed`` scheduler, e.g. one
started with ``dask scheduler`` on a head node and ``dask worker ADDRESS`` on each machine (each
worker needs this project installed: ``pip install -e .``). Articles are sent in chunks so that
task overhead stays small; results are gathered by article id, so the tables are identical to
the in-process engine's.
"""

from __future__ import annotations

import os

from . import pipeline


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _run_chunk(articles, comments, settings, want_statements, want_stances, known):
    return pipeline.analyse_articles(articles, comments, settings, want_statements, want_stances, known)


def analyse_with_dask(articles: list[dict], comments: dict[str, list[dict]], settings: dict,
                      want_statements: set[str], want_stances: set[str], known: dict[str, list[dict]],
                      scheduler: str | None = None, workers: int | None = None):
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        workers = workers or os.cpu_count() or 2
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or 1)
        size = max(1, min(200, len(articles) // (n_workers * 4) or 1))
        futures = []
        for chunk in _chunks(articles, size):
            ids = {a["article_id"] for a in chunk}
            futures.append(client.submit(
                _run_chunk, chunk, {k: v for k, v in comments.items() if k in ids}, settings,
                want_statements & ids, want_stances & ids, {k: v for k, v in known.items() if k in ids}, pure=False))
        statements: dict[str, list[dict]] = {}
        stances: dict[str, list[dict]] = {}
        for part_statements, part_stances in client.gather(futures):
            statements.update(part_statements)
            stances.update(part_stances)
        return statements, stances
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
