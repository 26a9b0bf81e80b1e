"""The Dask runner: the same batch on a LocalCluster started here gives the same files as the local run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_batch import files_of, jobs_for, make_pairs, replace_translator, settings_for

from aligner import __version__
from aligner.batch import run_batch
from aligner.batch.state import JOURNAL_NAME
from aligner.errors import ToolError

distributed = pytest.importorskip("distributed")


def test_local_dask_cluster_gives_identical_results(tmp_path: Path) -> None:
    en, fr = make_pairs(tmp_path, 12)
    (fr / "story005.fr.txt").write_bytes(b"Caf\xe9.\n")
    local = run_batch(jobs_for(en, fr), settings_for(tmp_path / "local"), workers=1, progress=False)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        on_dask = run_batch(
            jobs_for(en, fr), settings_for(tmp_path / "dask"), scheduler=cluster.scheduler_address, progress=False
        )
    assert on_dask.outcomes == local.outcomes and len(on_dask.errors) == 1
    local_files, dask_files = files_of(tmp_path / "local"), files_of(tmp_path / "dask")
    local_files.pop(JOURNAL_NAME)
    dask_files.pop(JOURNAL_NAME)  # the journal is in completion order
    assert local_files == dask_files and "index.html" in dask_files


def test_missing_dask_gives_the_install_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    en, fr = make_pairs(tmp_path, 2)
    with pytest.raises(ToolError, match=r"pip install 'aligner\[dask\]'"):
        run_batch(jobs_for(en, fr), settings_for(tmp_path / "out"), scheduler="tcp://127.0.0.1:1", progress=False)


def test_a_failing_cluster_is_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unpicklable_environment(*args: object) -> object:
        raise RuntimeError("Error during deserialization of the task graph.\nmore detail")

    replace_translator(monkeypatch, unpicklable_environment)
    en, fr = make_pairs(tmp_path, 3)
    with (
        distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster,
        pytest.raises(
            ToolError, match=r"^the Dask cluster could not run the batch \(RuntimeError: Error during deserialization"
        ) as caught,
    ):
        run_batch(jobs_for(en, fr), settings_for(tmp_path / "out"), scheduler=cluster.scheduler_address, progress=False)
    assert "\n" not in str(caught.value) and f"aligner {__version__} installed" in str(caught.value)
