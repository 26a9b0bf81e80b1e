"""The sentence-encoder contract every embedding backend follows.

An encoder turns texts into L2-normalised vectors in one space shared by its languages, so the cosine of a
sentence and its translation is high whatever the two languages. Subclasses implement only
:meth:`Encoder._encode`; the base class batches, memoises repeated texts within a run and reports the
backend's :meth:`signature` for the run settings.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np

from aligner.errors import ToolError


class Encoder(ABC):
    """Embeds batches of texts; one instance may serve several documents."""

    #: Registry name of the backend (``usem3``, ``e5``, ``ct2``).
    name: str = ""
    #: Languages the model was trained on; an empty set means "any".
    languages: frozenset[str] = frozenset()

    def __init__(self) -> None:
        self._memo: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32 rows, each of unit length (a zero row for an empty text)."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._memo and t.strip()))
        if missing:
            vectors = np.asarray(self._encode(missing), dtype=np.float32)
            if vectors.shape[0] != len(missing):
                raise ToolError(f"the {self.name} encoder returned {vectors.shape[0]} vectors for {len(missing)} texts")
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = (vectors / np.where(norms > 0, norms, 1.0)).astype(np.float32)
            self._memo.update(zip(missing, vectors, strict=True))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            vector = self._memo.get(text)
            if vector is not None:
                out[row] = vector
        return out

    def covers(self, lang: str) -> bool:
        """Whether the model was trained on ``lang`` (an ISO 639-1 code)."""
        return not self.languages or lang in self.languages

    @property
    @abstractmethod
    def dim(self) -> int:
        """Length of one vector."""

    @abstractmethod
    def _encode(self, texts: list[str]) -> np.ndarray:
        """Embed a non-empty batch of distinct, non-blank texts."""

    def signature(self) -> str:
        """What identifies this backend's vectors: name plus model identity, as one short string."""
        return self.name
