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
imported and warmed the analysis once (:mod:`helpers.engines.worker_preload`), so they start on the
first article at once.
"""

from __future__ import annotations

import multiprocessing.forkserver
import os
import sys
import threading
from contextlib import contextmanager

import dask
from dask.distributed import Client, LocalCluster, as_completed
from distributed.utils import get_mp_context

from .. import progress
from .local import Analysed, analyse_to_tables

MIN_CHUNK = 8
#: A local worker's own housekeeping, made rarer: each wake-up of its event loop takes the GIL from
#: the task (measured: a chunk of articles took 8-15 % more CPU in a worker than in-process with
#: Dask's defaults, 3-8 % with these). The stack sampling every 10 ms feeds the dashboard's
#: profile and the system monitor its charts, neither shown by a local run.
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",              # event-loop health check (default 20 ms)
    "distributed.admin.system-monitor.interval": "5s",    # default 500 ms
    "distributed.admin.system-monitor.disk": False,
    "distributed.worker.memory.monitor-interval": "1s",   # memory limits checked (default 100 ms)
}
#: the GIL switch interval while a session is open (Python's default is 5 ms)
SWITCH_INTERVAL = 0.0005


def _chunks(items: list, workers: int, cap: int) -> list[list]:
    """Chunks that shrink as the work left does ("guided" scheduling): few tasks, yet the last
    ones are small, so that no worker is left alone with a large chunk at the end."""
    chunks, start = [], 0
    while start < len(items):
        size = min(cap, max(MIN_CHUNK, -(-(len(items) - start) // (workers * 4))))
        chunks.append(items[start:start + size])
        start += size
    return chunks


def _apply_chunk(function, argument_tuples):
    return [function(*args) for args in argument_tuples]


class DaskSession:
    """A client (connected now, or being connected in the background); :meth:`map` for
    ingestion, :meth:`analyse` for the per-article steps."""

    def __init__(self, connect, local: bool = False):
        self._client = None
        self._error: BaseException | None = None
        #: what ingestion maps with: a local cluster's start-up is overlapped with ingestion here
        self.ingest_mapper = self.map_while_starting if local else self.map
        # The client's event loop runs in a thread of this process: while the main thread reads the
        # corpus, the loop waits up to the switch interval for the GIL at each of its many small
        # steps (starting a local cluster, sending tasks); Python's default of 5 ms delayed both by
        # about half a second
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
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

    @property
    def ready(self) -> bool:
        """Whether the client is connected (or failed to), without waiting."""
        return not self._thread.is_alive()

    def map_while_starting(self, function, argument_tuples: list[tuple]) -> list:
        """Like :meth:`map`, but computed here, in order, until the cluster is up; then the cluster
        takes the rest from the end while this process goes on from the front with a share of its
        own (reading the corpus takes the main process about as long as starting the cluster
        takes it: neither waits for the other)."""
        results = []
        for i, args in enumerate(argument_tuples):
            left = len(argument_tuples) - i
            if self.ready and left > 1:
                mine = left // (self.workers + 1)
                futures = self._submit_chunks(function, argument_tuples[i + mine:])
                results += [function(*args) for args in argument_tuples[i:i + mine]]
                return results + [result for part in self.client.gather(futures) for result in part]
            results.append(function(*args))
        return results

    def _submit_chunks(self, function, argument_tuples: list[tuple]) -> list:
        chunks = _chunks(argument_tuples, self.workers, 250)
        return [self.client.submit(_apply_chunk, function, chunk, pure=False) for chunk in chunks]

    def map(self, function, argument_tuples: list[tuple]) -> list:
        """``[function(*args) for args in argument_tuples]``, computed on the cluster, in order."""
        futures = self._submit_chunks(function, argument_tuples)
        return [result for part in self.client.gather(futures) for result in part]

    def analyse(self, articles: list[dict], comments: dict[str, list[dict]], settings: dict,
                want_statements: set[str], want_stances: set[str], known: dict[str, list[dict]]) -> Analysed:
        futures = []
        for chunk in _chunks(articles, self.workers, 200):
            ids = {a["article_id"] for a in chunk}
            futures.append(self.client.submit(
                analyse_to_tables, chunk, {k: v for k, v in comments.items() if k in ids}, settings,
                want_statements & ids, want_stances & ids, {k: v for k, v in known.items() if k in ids}, pure=False))
        # results are fetched as each chunk finishes (not all at the end), then put in input order
        order = {future.key: i for i, future in enumerate(futures)}
        parts: list = [None] * len(futures)
        with progress.bar(len(articles), "Analysing (Dask)") as bar:
            for future, part in as_completed(futures, with_results=True):
                parts[order[future.key]] = part
                bar.update(len(part.statement_articles | part.stance_articles))
        return Analysed.joined(parts)

    def close(self) -> None:
        sys.setswitchinterval(self._switch_interval)
        self._thread.join()
        if self._client is not None:
            self._client.close()


def _warm_workers() -> None:
    """Local workers are forked from a server process that has imported Dask, the analysis and
    its configuration once (the default, "spawn", starts each worker as a new interpreter that
    imports them anew). The server is started now, so that it warms up while the main process
    reads the corpus."""
    dask.config.set({"distributed.worker.multiprocessing-method": "forkserver", **LOCAL_WORKER_CONFIG})
    context = get_mp_context()  # Dask's own preload list is set (once) by this call: extend it
    context.set_forkserver_preload(["distributed", "helpers.engines.worker_preload"])
    multiprocessing.forkserver.ensure_running()


@contextmanager
def dask_session(scheduler: str | None = None, workers: int | None = None):
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
