"""The lexical pivot's data: bilingual lexicon, French lemmas, English irregular forms and CLDR names, built by
tools/build_lexicon.py (see PROVENANCE.md)."""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources


def read_bytes(file_name: str) -> bytes:
    """A shipped data file as it is (gzip-compressed)."""
    return resources.files(__name__).joinpath(file_name).read_bytes()


def read_rows(file_name: str) -> list[list[str]]:
    """The tab-separated fields of each line of a shipped data file, blank lines and ``#`` comments skipped."""
    lines = gzip.decompress(read_bytes(file_name)).decode("utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@cache
def cached_rows(file_name: str) -> tuple[tuple[str, ...], ...]:
    """:func:`read_rows`, read once per process: the pivot and the name checks both read the lexicon."""
    return tuple(tuple(row) for row in read_rows(file_name))
