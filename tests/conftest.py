"""Shared fixtures: paths to the repository's examples, and helpers for building documents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


@pytest.fixture(autouse=True, scope="session")
def private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default cache folder (translations, embeddings) of this test session, shared by the CLI subprocesses it
    starts: tests neither read what an earlier run left in ~/.cache nor fill it."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    return folder


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


#: The audit date every test run records (2023-11-14 22:13:20 UTC): results of equal runs stay byte-identical.
FIXED_EPOCH = "1700000000"


@pytest.fixture(autouse=True)
def fixed_audit_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """``SOURCE_DATE_EPOCH`` for every test and the processes it starts; a test of the clock itself unsets it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
