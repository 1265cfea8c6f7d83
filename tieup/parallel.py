"""Run a function over chunks of work in other processes, in order, with bounded memory.

Two executors, chosen by :class:`~tieup.options.Options`: a local process pool
(``jobs``) or an existing Dask cluster (``dask``, a scheduler address). Both take an
iterator of chunks and yield results in input order while keeping at most ``window``
chunks in flight, so a corpus of any size streams through in constant memory.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# chunks in flight per worker: enough to keep every worker busy while the caller drains
# results (2 was measured to keep both cores of the benchmark machine above 95% busy)
IN_FLIGHT_PER_WORKER = 2


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _ordered(submit: Callable[[Any], Any], result: Callable[[Any], R], chunks: Iterable[Any],
             window: int) -> Iterator[R]:
    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def _watch_parent(initializer: Callable[[], None] | None) -> None:
    """Worker start: end this worker when its parent ends (killed included), then run
    ``initializer``. A pool's workers must not outlive the run that started them."""
    import multiprocessing
    import os
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is not None:
        sentinel = parent.sentinel

        def watch() -> None:
            wait([sentinel])
            os._exit(1)

        threading.Thread(target=watch, name="tieup-parent-watch", daemon=True).start()
    if initializer is not None:
        initializer()


class _Pool:
    """A spawn process pool that can be replaced when a worker dies."""

    def __init__(self, jobs: int, initializer: Callable[[], None] | None) -> None:
        self.jobs, self.initializer = jobs, initializer
        self.pool: Any = None

    def get(self) -> Any:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if self.pool is None:
            self.pool = ProcessPoolExecutor(
                max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"),
                initializer=partial(_watch_parent, self.initializer))
        return self.pool

    def renew(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _salvage(chunk: T, run: Callable[[T], R], split: Callable[[T], list[T]] | None,
             lost: Callable[[T, str], R] | None, error: Exception) -> Iterator[R]:
    """A chunk whose task failed (its worker died, or it raised): run once more alone (its
    neighbour may have been the culprit, or the worker's death someone else's), then
    record by record, a record that still fails being ``lost(record, why)``. Without
    ``split``/``lost`` the error is raised."""
    try:
        yield run(chunk)
        return
    except Exception as e:  # noqa: BLE001 - cut into records below
        error = e
    if split is None or lost is None:
        raise error
    for record in split(chunk):
        try:
            yield run(record)
        except Exception as e:  # noqa: BLE001 - this record's failure, reported by lost()
            yield lost(record, f"{type(e).__name__}: {e}" if str(e) else type(e).__name__)


def map_processes(fn: Callable[[T], R], chunks: Iterable[T], jobs: int,
                  initializer: Callable[[], None] | None = None,
                  split: Callable[[T], list[T]] | None = None,
                  lost: Callable[[T, str], R] | None = None) -> Iterator[R]:
    """``fn`` over ``chunks`` in ``jobs`` local processes (spawned fresh: no forked model).

    A worker that dies (the OOM killer's SIGKILL) breaks the pool: the pool is renewed,
    the chunks in flight beside it run again, and its own chunk is salvaged (run alone,
    then record by record: :func:`_salvage`); a chunk that raises is salvaged the same
    way. Workers end when this process ends, however it ends."""
    from concurrent.futures.process import BrokenProcessPool

    pool = _Pool(jobs, initializer)

    def run(chunk: T) -> R:
        try:
            return pool.get().submit(fn, chunk).result()  # type: ignore[no-any-return]
        except BrokenProcessPool:
            pool.renew()
            raise

    pending: deque[tuple[T, Any]] = deque()
    window = jobs * IN_FLIGHT_PER_WORKER
    try:
        it = iter(chunks)
        while True:
            while len(pending) < window and (chunk := next(it, None)) is not None:
                pending.append((chunk, pool.get().submit(fn, chunk)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                yield future.result()
            except BrokenProcessPool as e:
                others = [c for c, _ in pending]
                pending.clear()
                pool.renew()
                yield from _salvage(chunk, run, split, lost, e)
                pending.extend((c, pool.get().submit(fn, c)) for c in others)
            except Exception as e:  # noqa: BLE001 - the chunk raised: salvaged alone
                yield from _salvage(chunk, run, split, lost, e)
    finally:
        pool.close()


class DaskUnavailable(RuntimeError):
    """Dask's distributed scheduler is not installed (``pip install 'tieup[dask]'``)."""


def map_dask(fn: Callable[[T], R], chunks: Iterable[T], address: str,
             split: Callable[[T], list[T]] | None = None,
             lost: Callable[[T, str], R] | None = None) -> Iterator[R]:
    """``fn`` over ``chunks`` on the Dask cluster at ``address``; results come back here.
    A task that fails (it raised, or Dask gave up on it: ``KilledWorker`` after its
    workers died) is salvaged as for local processes (:func:`_salvage`)."""
    try:
        from distributed import Client
    except ImportError as e:  # pragma: no cover - the dask extra is in the test lock
        raise DaskUnavailable("the Dask path needs dask.distributed: pip install 'tieup[dask]'") from e
    with Client(address, set_as_default=False) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))

        def submit(chunk: Any) -> tuple[Any, Any]:
            # the chunk goes straight to a worker (scatter, direct), not through the
            # scheduler inside the task; pure=False: equal chunks are still two tasks
            data = client.scatter(chunk, direct=True, hash=False)
            return chunk, client.submit(fn, data, pure=False)

        def result(pair: tuple[Any, Any]) -> list[R]:
            chunk, future = pair
            try:
                return [future.result()]
            except Exception as e:  # noqa: BLE001 - salvaged: run alone, then by record
                return list(_salvage(chunk, lambda c: submit(c)[1].result(), split, lost, e))

        for results in _ordered(submit, result, chunks, workers * IN_FLIGHT_PER_WORKER):
            yield from results
