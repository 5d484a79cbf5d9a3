"""Scale-out: ingestion and the per-article steps as Dask tasks.

``analyze --engine dask`` starts a local cluster (one single-threaded worker process per core)
unless ``--scheduler ADDRESS`` names an existing ``dask.distributed`` scheduler, e.g. one
started with ``dask scheduler`` on a head node and ``dask worker ADDRESS`` on each machine (each
worker needs this project installed: ``pip install -e .``). Work is sent in chunks so that task
overhead stays small; results are gathered in input order, so the tables are identical to the
in-process engine's.
"""

from __future__ import annotations

import os
from contextlib import contextmanager


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _apply_chunk(function, argument_tuples):
    return [function(*args) for args in argument_tuples]


def _analyse_chunk(articles, comments, settings, want_statements, want_stances, known):
    from . import pipeline

    return pipeline.analyse_articles(articles, comments, settings, want_statements, want_stances, known)


class DaskSession:
    """A connected client; :meth:`map` for ingestion, :meth:`analyse` for the per-article steps."""

    def __init__(self, client):
        self.client = client
        self.workers = max(1, len(client.scheduler_info().get("workers", {})) or 1)

    def _size(self, n: int, cap: int) -> int:
        return max(1, min(cap, -(-n // (self.workers * 16))))

    def map(self, function, argument_tuples: list[tuple]) -> list:
        """``[function(*args) for args in argument_tuples]``, computed on the cluster, in order."""
        chunks = _chunks(argument_tuples, self._size(len(argument_tuples), 250))
        futures = [self.client.submit(_apply_chunk, function, chunk, pure=False) for chunk in chunks]
        return [result for part in self.client.gather(futures) for result in part]

    def analyse(self, articles: list[dict], comments: dict[str, list[dict]], settings: dict,
                want_statements: set[str], want_stances: set[str], known: dict[str, list[dict]]):
        futures = []
        for chunk in _chunks(articles, self._size(len(articles), 200)):
            ids = {a["article_id"] for a in chunk}
            futures.append(self.client.submit(
                _analyse_chunk, chunk, {k: v for k, v in comments.items() if k in ids}, settings,
                want_statements & ids, want_stances & ids, {k: v for k, v in known.items() if k in ids}, pure=False))
        statements: dict[str, list[dict]] = {}
        stances: dict[str, list[dict]] = {}
        for part_statements, part_stances in self.client.gather(futures):
            statements.update(part_statements)
            stances.update(part_stances)
        return statements, stances


def _warm_workers() -> None:
    """Local workers are forked from a server process that has imported Dask and its libraries
    once; the default, "spawn", starts each worker as a new interpreter that imports them anew."""
    import dask

    dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"})


@contextmanager
def dask_session(scheduler: str | None = None, workers: int | None = None):
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        _warm_workers()
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 2, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        yield DaskSession(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
