"""Scale-out: ingestion and the per-article steps as Dask tasks.

``analyze --engine dask`` starts a local cluster (one single-threaded worker process per core)
unless ``--scheduler ADDRESS`` names an existing ``dask.distributed`` scheduler, e.g. one
started with ``dask scheduler`` on a head node and ``dask worker ADDRESS`` on each machine (each
worker needs this project installed: ``pip install -e .``). Work is sent in chunks so that task
overhead stays small; results are gathered in input order, so the tables are identical to the
in-process engine's.

A local cluster starts in the background while the main process starts reading and cleaning the
corpus (on one core, the cluster's start-up on the other); the files not yet read when the
cluster is up are read by its workers. The workers are forked from a server process that has
imported and warmed the analysis once (:mod:`helpers.worker_preload`), so they start on the
first article at once.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _apply_chunk(function, argument_tuples):
    return [function(*args) for args in argument_tuples]


def _analyse_chunk(articles, comments, settings, want_statements, want_stances, known):
    from . import pipeline

    return pipeline.analyse_articles(articles, comments, settings, want_statements, want_stances, known)


class DaskSession:
    """A client (connected now, or being connected in the background); :meth:`map` for
    ingestion, :meth:`analyse` for the per-article steps."""

    def __init__(self, connect, local: bool = False):
        self._client = None
        self._error: BaseException | None = None
        #: what ingestion maps with: a local cluster's start-up is overlapped with ingestion here
        self.ingest_mapper = self.map_while_starting if local else self.map
        self._thread = threading.Thread(target=self._connect, args=(connect,), name="dask-session-start", daemon=True)
        self._thread.start()

    def _connect(self, connect) -> None:
        try:
            self._client = connect()
        except BaseException as error:  # noqa: BLE001  (re-raised by whoever needs the client)
            self._error = error

    @property
    def client(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._client

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})) or 1)

    def _size(self, n: int, cap: int) -> int:
        return max(1, min(cap, -(-n // (self.workers * 16))))

    @property
    def ready(self) -> bool:
        """Whether the client is connected (or failed to), without waiting."""
        return not self._thread.is_alive()

    def map_while_starting(self, function, argument_tuples: list[tuple]) -> list:
        """Like :meth:`map`, but computed here, in order, until the cluster is up; what is left
        then goes to the cluster. (Reading the corpus takes the main process as long as starting
        the cluster takes it, or longer: neither waits for the other.)"""
        results = []
        for i, args in enumerate(argument_tuples):
            if self.ready and len(argument_tuples) - i > 1:
                return results + self.map(function, argument_tuples[i:])
            results.append(function(*args))
        return results

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
        # results are fetched as each chunk finishes (not all at the end), then put in input order
        from dask.distributed import as_completed

        order = {future.key: i for i, future in enumerate(futures)}
        parts: list = [None] * len(futures)
        for future, part in as_completed(futures, with_results=True):
            parts[order[future.key]] = part
        statements: dict[str, list[dict]] = {}
        stances: dict[str, list[dict]] = {}
        for part_statements, part_stances in parts:
            statements.update(part_statements)
            stances.update(part_stances)
        return statements, stances

    def close(self) -> None:
        self._thread.join()
        if self._client is not None:
            self._client.close()


def _warm_workers() -> None:
    """Local workers are forked from a server process that has imported Dask, the analysis and
    its configuration once (the default, "spawn", starts each worker as a new interpreter that
    imports them anew). The server is started now, so that it warms up while the main process
    reads the corpus."""
    import multiprocessing.forkserver

    import dask
    from distributed.utils import get_mp_context

    dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"})
    context = get_mp_context()  # Dask's own preload list is set (once) by this call: extend it
    context.set_forkserver_preload(["distributed", "helpers.worker_preload"])
    multiprocessing.forkserver.ensure_running()


@contextmanager
def dask_session(scheduler: str | None = None, workers: int | None = None):
    from dask.distributed import Client, LocalCluster

    clusters = []

    def local() -> Client:
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 2, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        clusters.append(cluster)
        return Client(cluster)

    if scheduler:
        session = DaskSession(lambda: Client(scheduler))
    else:
        _warm_workers()
        session = DaskSession(local, local=True)
    try:
        yield session
    finally:
        session.close()
        for cluster in clusters:
            cluster.close()
