"""Batch auditing: many document pairs, in parallel, resumable, optionally on a Dask cluster.

``aligner batch`` and the benchmarks call :func:`run_batch` with jobs from :func:`pair_directories` or
:func:`read_manifest`. The output folder gets ``reports/<id>.<ext>`` per pair, ``summary.json``,
``summary.tsv``, ``index.html`` and the resume journal ``batch-state.jsonl``.
"""

from __future__ import annotations

from aligner.batch.jobs import PairJob, pair_directories, read_manifest, safe_id
from aligner.batch.runner import BatchResult, run_batch
from aligner.batch.worker import BatchSettings, PairOutcome

__all__ = [
    "BatchResult",
    "BatchSettings",
    "PairJob",
    "PairOutcome",
    "pair_directories",
    "read_manifest",
    "run_batch",
    "safe_id",
]
