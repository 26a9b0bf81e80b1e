"""The embedding family: multilingual sentence embeddings of the raw texts, beside the pivot's word overlap.

A sentence encoder (:mod:`aligner.encode`) puts a sentence and its translation close together whatever the two
languages, so this family needs no pivot at all: it reads each side's own text, never the pivot. Each segment is
embedded once; a block's vector is the sum of its segments' unit vectors, each weighed by its length (a short
fragment moves a merged block less than a long sentence, as it would move the embedding of the joined text), so the
band's n-m beads cost no encoding at all (:mod:`aligner.align.band`). Embedding the joined neighbours themselves,
as Vecalign and Bertalign do, was measured and does not pay here: on Text+Berg dev, joins of two segments 0.924 ->
0.917 with the supplied MT and 0.905 -> 0.892 with none, joins of two and three 0.925 / 0.901, at two to five
times the encoding time; unweighted sums 0.891 / 0.877.

Calibrated per document, as the skip score is: cosines of one encoder spread differently from one text to the next
(USE gives two unrelated sentences of one novel 0.1-0.3, of a technical text more), so the cosine that counts as
nothing, the *floor*, is the :data:`FLOOR_QUANTILE` of the cosines of pairs far off the diagonal (almost surely not
translations); a pair's part in the content similarity is ``(cosine - floor) / (1 - floor)``, clipped to [0, 1].
Its share of the content similarity is :data:`EMBEDDING_SHARE`. Floor at q0.9 -> q0.8 (strict F1): Text+Berg dev 0.924
unchanged with the supplied MT, 0.905 -> 0.907 with no MT; TransRead 0.917 -> 0.918 with the lexical pivot, 0.919 ->
0.921 with none (q0.7-0.95 and shares 0.4-0.7 measured: docs/benchmarks.md).

Figures (strict F1, USE multilingual v3, before -> with this family): Text+Berg dev 0.921 -> 0.924 with the supplied
MT, 0.817 -> 0.905 with no MT (``--pivot identity``); TransRead 0.869 -> 0.917 with the lexical pivot, 0.847 ->
0.919 with none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from aligner.align.score import Features, far_pairs
from aligner.align.vectors import DenseRows, FloatArray
from aligner.encode.base import Encoder

#: Share of the calibrated embedding cosine in the content similarity.
EMBEDDING_SHARE = 0.5
#: The floor is this quantile of the embedding cosines of pairs far off the diagonal.
FLOOR_QUANTILE = 0.8
#: A block's vector is the sum of its segments' unit vectors, each weighed by its length (characters) to this power.
WEIGHT_POWER = 1.0
#: Floor for documents too short to sample such pairs from.
DEFAULT_FLOOR = 0.3


@dataclass(frozen=True)
class Embeddings:
    """Both sides' sentence embeddings, the floor calibrated on them, and the encoder's signature."""

    source: DenseRows
    target: DenseRows
    floor: float
    signature: str

    def attach(self, features: Features) -> Features:
        """``features`` with the embedding family in its content similarity."""
        return replace(
            features,
            source=replace(features.source, vectors=self.source),
            target=replace(features.target, vectors=self.target),
            embedding_share=EMBEDDING_SHARE,
            embedding_floor=self.floor,
        )

    def setting(self) -> str:
        """What the run settings record."""
        return f"{self.signature} share:{EMBEDDING_SHARE} floor:{self.floor:.3f}@q{FLOOR_QUANTILE}"


def embed(encoder: Encoder, source_texts: Sequence[str], target_texts: Sequence[str]) -> Embeddings:
    """Embed both sides once and calibrate the floor (see the module docstring)."""
    source, target = encoder.encode(source_texts), encoder.encode(target_texts)
    rows, columns, far = far_pairs(len(source), len(target))
    if far.sum() < 50:
        floor = DEFAULT_FLOOR
    else:
        cosines = source[rows] @ target[columns].T
        floor = float(np.quantile(cosines[far], FLOOR_QUANTILE))
    return Embeddings(
        DenseRows(_weighted(source, source_texts)),
        DenseRows(_weighted(target, target_texts)),
        min(floor, 0.9),
        encoder.signature(),
    )


def _weighted(vectors: FloatArray, texts: Sequence[str]) -> FloatArray:
    """Each unit row times its text's length to the power :data:`WEIGHT_POWER`."""
    lengths = np.array([max(len(text), 1) for text in texts], dtype=np.float32)
    weighted: FloatArray = (vectors * (lengths**WEIGHT_POWER)[:, None]).astype(np.float32)
    return weighted
