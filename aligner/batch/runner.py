"""Running a batch: skip what is done, audit the rest serially, on a local process pool or on a Dask cluster.

A batch runs one pair per core, so native thread pools (OpenBLAS under numpy, OpenMP) get one thread per worker,
as Dask gives its own workers: with OpenBLAS's default of a thread per core, a pair cost 107 ms of CPU instead
of 62 ms and ran slower even serially (``docs/benchmarks.md``, "Batch throughput").

Only the main process writes the journal, the summary and the index; workers write their own pairs' reports,
each atomically. On Ctrl-C the pool stops taking new pairs, lets the running ones finish (their reports are
complete files), journals them and re-raises, so the rerun starts exactly where this one stopped.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from threadpoolctl import threadpool_limits
from tqdm import tqdm

from aligner import __version__
from aligner.batch.jobs import PairJob
from aligner.batch.state import Journal, is_done, pair_key, read_journal
from aligner.batch.summary import write_summary
from aligner.batch.worker import BatchSettings, PairOutcome, audit_pair
from aligner.errors import ToolError

Task = tuple[PairJob, str]  # a job and its resume key
Record = Callable[[PairOutcome], None]


@dataclass(frozen=True)
class BatchResult:
    """Every pair's outcome in job order, and how many were kept from an earlier run."""

    outcomes: tuple[PairOutcome, ...]
    reused: int

    @property
    def errors(self) -> tuple[PairOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "error")


def run_batch(
    jobs: Sequence[PairJob],
    settings: BatchSettings,
    *,
    workers: int = 0,
    scheduler: str | None = None,
    resume: bool = True,
    progress: bool | None = None,
) -> BatchResult:
    """Audit every pair and write the reports, the journal, ``summary.json``/``.tsv`` and ``index.html``.

    ``workers`` is the local pool size (0: one per core, 1: in this process); ``scheduler`` the address of a Dask
    scheduler to use instead. ``progress`` None shows a bar only on a terminal: pairs done, sentences (both sides)
    per second, time left.
    """
    duplicates = sorted(job_id for job_id, count in Counter(job.id for job in jobs).items() if count > 1)
    if duplicates:
        raise ToolError(f"two pairs would write the same reports: {', '.join(duplicates[:5])}")
    output_dir = settings.output_dir
    output_dir.mkdir(parents=True, exist_ok=True)
    signature = settings.signature()
    previous = read_journal(output_dir) if resume else {}
    finished: dict[str, PairOutcome] = {}
    todo: list[Task] = []
    for job in jobs:
        key = pair_key(job, signature)
        if is_done(previous.get(job.id), key, output_dir):
            finished[job.id] = previous[job.id]
        else:
            todo.append((job, key))
    reused = len(finished)
    started = time.perf_counter()
    segments = 0
    with (
        Journal(output_dir) as journal,
        tqdm(total=len(jobs), initial=reused, unit="pair", disable=None if progress is None else not progress) as bar,
    ):

        def record(outcome: PairOutcome) -> None:
            nonlocal segments
            journal.record(outcome)
            finished[outcome.id] = outcome
            segments += outcome.segments
            bar.set_postfix_str(f"{segments / max(time.perf_counter() - started, 1e-9):.0f} sent/s", refresh=False)
            bar.update()

        if scheduler:
            _run_on_dask(todo, settings, scheduler, record)
        else:
            _run_locally(todo, settings, workers or os.cpu_count() or 1, record)
    outcomes = tuple(finished[job.id] for job in jobs)
    write_summary(outcomes, settings)
    return BatchResult(outcomes, reused)


def _run_locally(todo: list[Task], settings: BatchSettings, workers: int, record: Record) -> None:
    if workers == 1 or len(todo) <= 1:
        with threadpool_limits(1):
            for job, key in todo:
                record(audit_pair(job, key, settings))
        return
    pool = ProcessPoolExecutor(max_workers=min(workers, len(todo)), initializer=_prepare_worker)
    futures = [pool.submit(audit_pair, job, key, settings) for job, key in todo]
    recorded: set[Future[PairOutcome]] = set()
    try:
        for future in as_completed(futures):
            record(future.result())
            recorded.add(future)
    except BrokenProcessPool:
        raise ToolError("a worker process died (out of memory?); run the same command again to resume") from None
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # running pairs finish; their reports are whole files
        for future in futures:
            if future not in recorded and future.done() and not future.cancelled() and future.exception() is None:
                record(future.result())
        raise
    finally:
        pool.shutdown(wait=True)


def _prepare_worker() -> None:
    """Pool workers leave Ctrl-C to the main process, which stops the batch in order, and use one core each."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threadpool_limits(1)


def _run_on_dask(todo: list[Task], settings: BatchSettings, scheduler: str, record: Record) -> None:
    """Run on the Dask scheduler at ``scheduler``; workers must see the inputs and output folder at the same paths."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ToolError("--scheduler needs Dask distributed; install it with: pip install 'aligner[dask]'") from None
    try:
        client = Client(scheduler, timeout="20s", set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise ToolError(f"cannot reach the Dask scheduler at {scheduler} ({exc.__class__.__name__})") from None
    with client:
        jobs, keys = [job for job, _ in todo], [key for _, key in todo]
        futures = client.map(audit_pair, jobs, keys, settings=settings, pure=False)
        try:
            for future in as_completed(futures, loop=client.loop):  # type: ignore[no-untyped-call]
                record(future.result())
        except BaseException as exc:
            client.cancel(futures)  # type: ignore[no-untyped-call]
            if isinstance(exc, Exception) and not isinstance(exc, ToolError):
                reason = (str(exc).splitlines() or [""])[0]
                raise ToolError(
                    f"the Dask cluster could not run the batch ({exc.__class__.__name__}: {reason}); the scheduler "
                    f"and every worker need aligner {__version__} installed and the files at the same paths"
                ) from None
            raise
