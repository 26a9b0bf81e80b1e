"""The sentence-encoder contract every embedding backend follows.

An encoder turns texts into L2-normalised vectors in one space shared by its languages, so the cosine of a
sentence and its translation is high whatever the two languages. Subclasses implement only
:meth:`Encoder._encode` (and :meth:`Encoder._token_counts` when the model reads a bounded number of tokens); the
base class

* memoises texts already embedded in this process (a bounded LRU, so a long batch run keeps bounded memory) and,
  given a cache folder, on disk (:class:`EmbeddingCache`, keyed by the text and :meth:`Encoder.signature`);
* windows a text longer than the model's token limit into overlapping pieces and averages their vectors, so no
  part of a long segment is dropped silently;
* reports the backend's :meth:`signature` for the run settings.
"""

from __future__ import annotations

import os
import re
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from aligner.errors import ToolError
from aligner.store import KeyedStore

#: Vectors kept in memory per encoder: about 130 MB at 512 dimensions.
MEMO_SIZE = 65_536
#: Share of the token limit a window is planned to fill: words tokenised alone may take a token more in context.
WINDOW_FILL = 0.9
#: Bumped when the way vectors are made changes (windowing, normalisation), so older cached vectors are not reused.
VECTOR_FORMAT = 1
_UNITS = re.compile(r"\S+\s*")


class EmbeddingCache(KeyedStore[bytes]):
    """Sentence vectors already computed (float32 bytes), keyed by encoder signature and text."""

    what = "embedding cache"

    def __init__(self, directory: str | Path) -> None:
        super().__init__(directory, "embeddings.sqlite3", "embedding", "vector", "BLOB")


class Encoder(ABC):
    """Embeds batches of texts; one instance may serve several documents and threads."""

    #: Registry name of the backend (``usem3``, ``e5``, ``ct2``).
    name: str = ""
    #: Languages the model was trained on; an empty set means "any".
    languages: frozenset[str] = frozenset()
    #: Most tokens (special tokens included) the model reads at once; ``None`` when it has no limit.
    max_tokens: int | None = None

    def __init__(self) -> None:
        self._memo: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.cache: EmbeddingCache | None = None
        self.encoded = 0  # texts embedded by the model, for tests and benchmarks
        self.cache_hits = 0  # texts read from the disk cache

    def use_cache(self, directory: str | Path) -> None:
        """Keep vectors in ``directory`` too, so a later run reads what this one computed."""
        self.cache = EmbeddingCache(directory)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32 rows, each of unit length (a zero row for an empty text)."""
        with self._lock:
            vectors = self._vectors([t for t in dict.fromkeys(texts) if t.strip()])
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            vector = vectors.get(text)
            if vector is not None:
                out[row] = vector
        return out

    def cosine(self, a: str, b: str) -> float:
        """Cosine of two texts' embeddings: the dot product of their unit rows (0 when either is blank)."""
        rows = self.encode([a, b])
        return float(rows[0] @ rows[1])

    def covers(self, lang: str) -> bool:
        """Whether the model was trained on ``lang`` (an ISO 639-1 code)."""
        return not self.languages or lang in self.languages

    @property
    @abstractmethod
    def dim(self) -> int:
        """Length of one vector."""

    @abstractmethod
    def _encode(self, texts: list[str]) -> np.ndarray:
        """Embed a non-empty batch of distinct, non-blank texts, each within :attr:`max_tokens`."""

    def _token_counts(self, texts: list[str]) -> list[int]:
        """How many tokens the model reads for each text, special tokens included (needed with a token limit)."""
        raise NotImplementedError(f"the {self.name} encoder has a token limit but cannot count tokens")

    def signature(self) -> str:
        """What identifies this backend's vectors: name plus model identity, as one short string."""
        return self.name

    def _vectors(self, distinct: list[str]) -> dict[str, np.ndarray]:
        """Vectors of distinct non-blank texts: from the memo, then the disk cache, then the model."""
        found = {text: self._memo[text] for text in distinct if text in self._memo}
        for text in found:
            self._memo.move_to_end(text)
        missing = [text for text in distinct if text not in found]
        namespace = f"{self.signature()}|max{self.max_tokens}|v{VECTOR_FORMAT}"
        if missing and self.cache:
            cached = self.cache.get_many(namespace, missing)
            self.cache_hits += len(cached)
            found.update((text, np.frombuffer(blob, dtype=np.float32)) for text, blob in cached.items())
            missing = [text for text in missing if text not in cached]
        if missing:
            fresh = dict(zip(missing, self._embed(missing), strict=True))
            self.encoded += len(fresh)
            if self.cache:
                self.cache.put_many(namespace, ((text, vector.tobytes()) for text, vector in fresh.items()))
            found.update(fresh)
        for text in distinct:
            self._memo[text] = found[text]
        while len(self._memo) > MEMO_SIZE:
            self._memo.popitem(last=False)
        return found

    def _embed(self, texts: list[str]) -> np.ndarray:
        """Unit rows for ``texts``; a text over the token limit is the normalised mean of its windows' vectors."""
        windows = self._windows(texts)
        pieces = [piece for text_windows in windows for piece in text_windows]
        vectors = _unit_rows(np.asarray(self._encode(pieces), dtype=np.float32))
        if vectors.shape != (len(pieces), self.dim):
            raise ToolError(f"the {self.name} encoder returned {vectors.shape[0]} vectors for {len(pieces)} texts")
        if len(pieces) == len(texts):
            return vectors
        means = np.empty((len(texts), self.dim), dtype=np.float32)
        start = 0
        for row, text_windows in enumerate(windows):
            means[row] = vectors[start : start + len(text_windows)].mean(axis=0)
            start += len(text_windows)
        return _unit_rows(means)

    def _windows(self, texts: list[str]) -> list[list[str]]:
        """Each text as the list of pieces the model can read whole: itself, or overlapping windows of it."""
        if self.max_tokens is None:
            return [[text] for text in texts]
        counts = self._token_counts(texts)
        if max(counts) <= self.max_tokens:
            return [[text] for text in texts]
        overhead = self._token_counts([""])[0]
        budget = max(1, int((self.max_tokens - overhead) * WINDOW_FILL))
        return [
            [text] if count <= self.max_tokens else self._split(text, budget, overhead)
            for text, count in zip(texts, counts, strict=True)
        ]

    def _split(self, text: str, budget: int, overhead: int) -> list[str]:
        """Windows of whole words (characters, for a word longer than a window) of at most ``budget`` tokens,
        each starting halfway through the one before, the last one ending with the text."""
        words = _UNITS.findall(text) or [text]
        units: list[str] = []
        costs: list[int] = []
        for word, count in zip(words, self._token_counts(words), strict=True):
            if count - overhead <= budget:
                units.append(word)
                costs.append(max(1, count - overhead))
            else:  # a run of characters with no space (Chinese, Japanese, a URL): cut it by length
                step = max(1, len(word) * budget // (2 * (count - overhead)))
                pieces = [word[i : i + step] for i in range(0, len(word), step)]
                units += pieces
                costs += [max(1, piece_count - overhead) for piece_count in self._token_counts(pieces)]
        windows: list[str] = []
        start = 0
        while True:
            end, used = start, 0
            while end < len(units) and (end == start or used + costs[end] <= budget):
                used += costs[end]
                end += 1
            windows.append("".join(units[start:end]).strip())
            if end == len(units):
                return windows
            start = max(start + 1, (start + end) // 2)


def usable_cores() -> int:
    """CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms > 0, norms, 1.0)).astype(np.float32)
