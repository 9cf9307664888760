"""Execution engines: where partitions run.

Both engines expose the same small interface to the batch runner: submit a
partition, wait for some to finish, and tell a finished partition from one whose
worker died (a *crash*, which the runner retries, splits or records as poison).

- ``local``: :class:`concurrent.futures.ProcessPoolExecutor` on this machine
  (spawned processes; a pipeline per process). A killed process breaks the
  pool; the engine starts a fresh one and reports the partitions that were in
  flight as crashed.
- ``dask``: a ``distributed`` :class:`~distributed.LocalCluster` with N
  single-threaded worker processes, or an existing cluster (``scheduler``).
  The scheduler itself reschedules work of a killed worker; a partition that
  keeps killing workers comes back as ``KilledWorker``.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dateline.config import Config
from dateline.errors import ConfigError
from dateline.model import Document
from dateline.scale.worker import PartitionResult, initialize, process_partition, warm_up

ENGINES = ("local", "dask")
# Background threads of a Dask worker that wake up often and take the GIL from
# the compute thread. Cheap on an idle machine; on a busy one every GIL hand-off
# can wait for the OS to schedule the other thread. The defaults (profiling every
# 10 ms, event-loop tick checks every 20 ms) serve the dashboard, which a batch
# run does not start.
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
}


@dataclass
class Finished:
    """A partition that came back: its result, or the crash that lost it."""

    handle: Any
    result: PartitionResult | None = None
    crash: BaseException | None = None
    # True when the engine already retried it elsewhere (Dask's allowed-failures).
    exhausted: bool = False


class Engine(ABC):
    name: str
    workers: int

    @abstractmethod
    def start(self, config: Config, plugins: tuple[str, ...]) -> None:
        """Start workers and load the pipeline on each."""

    @abstractmethod
    def submit(self, key: str, documents: list[Document]) -> Any:
        """Queue one partition; returns a handle."""

    @abstractmethod
    def wait(self, handles: Iterable[Any]) -> list[Finished]:
        """Block until at least one handle is finished; return the finished ones."""

    @abstractmethod
    def close(self) -> None: ...

    def describe(self) -> str:
        return f"{self.name} ({self.workers} workers)"


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


class LocalEngine(Engine):
    name = "local"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self._pool: cf.ProcessPoolExecutor | None = None
        self._config: Config | None = None
        self._plugins: tuple[str, ...] = ()

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        assert self._config is not None
        # spawn, not fork: the driver has threads (progress bar) and must not
        # hand half-initialised state to workers.
        return cf.ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=initialize, initargs=(self._config, self._plugins),
        )

    def start(self, config: Config, plugins: tuple[str, ...]) -> None:
        self._config, self._plugins = config, plugins
        self._pool = self._new_pool()
        # One warm-up task per worker so that every process has loaded the pipeline;
        # result() re-raises a configuration error (unknown stage, missing model) here,
        # once, instead of once per partition.
        for future in [self._pool.submit(warm_up, config, plugins) for _ in range(self.workers)]:
            future.result()

    def submit(self, key: str, documents: list[Document]) -> Any:
        assert self._pool is not None and self._config is not None
        try:
            return self._pool.submit(process_partition, key, documents, self._config, self._plugins)
        except cf.process.BrokenProcessPool:
            self._restart()
            return self._pool.submit(process_partition, key, documents, self._config, self._plugins)

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()

    def wait(self, handles: Iterable[Any]) -> list[Finished]:
        done, _ = cf.wait(list(handles), return_when=cf.FIRST_COMPLETED)
        finished: list[Finished] = []
        broken = False
        for future in done:
            error = future.exception()
            if error is None:
                finished.append(Finished(future, result=future.result()))
            else:
                broken = broken or isinstance(error, cf.process.BrokenProcessPool)
                finished.append(Finished(future, crash=error))
        if broken:
            self._restart()
        return finished

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskEngine(Engine):
    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None) -> None:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise ConfigError(
                "the dask engine needs the 'dask' extra: pip install 'dateline[dask]'"
            ) from None
        self.scheduler = scheduler
        self.workers = workers or (0 if scheduler else default_workers())
        self.client: Any = None
        self.cluster: Any = None
        self._config: Config | None = None
        self._plugins: tuple[str, ...] = ()

    def start(self, config: Config, plugins: tuple[str, ...]) -> None:
        from distributed import Client, LocalCluster

        self._config, self._plugins = config, plugins
        if self.scheduler:
            try:
                self.client = Client(self.scheduler, timeout="30s")
            except OSError as exc:
                raise ConfigError(f"cannot reach Dask scheduler: {exc}",
                                  source=self.scheduler) from None
        else:
            import dask

            # Workers inherit the driver's Dask config.
            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                self.cluster = LocalCluster(
                    n_workers=self.workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR,
                )
            self.client = Client(self.cluster)
        # Load the pipeline on every worker now (workers that join later load it
        # on their first partition).
        self.client.run(warm_up, config, plugins)
        self.workers = len(self.client.scheduler_info()["workers"]) or self.workers

    def submit(self, key: str, documents: list[Document]) -> Any:
        return self.client.submit(
            process_partition, key, documents, self._config, self._plugins,
            key=f"dateline-partition-{key}", pure=False,
        )

    def wait(self, handles: Iterable[Any]) -> list[Finished]:
        from distributed import wait
        from distributed.scheduler import KilledWorker

        done, _ = wait(list(handles), return_when="FIRST_COMPLETED")
        finished: list[Finished] = []
        for future in done:
            if future.status == "finished":
                finished.append(Finished(future, result=future.result()))
            else:
                try:
                    error = future.exception()
                except Exception as exc:  # cancelled: the scheduler lost it
                    error = exc
                finished.append(
                    Finished(future, crash=error, exhausted=isinstance(error, KilledWorker))
                )
            future.release()
        return finished

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None

    def describe(self) -> str:
        where = self.scheduler or "LocalCluster"
        return f"dask ({self.workers} workers, {where})"


def make_engine(name: str, workers: int | None = None, scheduler: str | None = None) -> Engine:
    if name == "local":
        if scheduler:
            raise ConfigError("--scheduler is for the dask engine")
        return LocalEngine(workers)
    if name == "dask":
        return DaskEngine(workers, scheduler)
    raise ConfigError(f"unknown engine {name!r}; choose from {', '.join(ENGINES)}")
