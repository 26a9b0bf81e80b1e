"""How alike two blocks of segments are: one score in [0, 1] from the feature families.

A *block* is one or more consecutive segments of one side (up to ``AlignOptions.max_merge``); a block's vector in
each family is the sum of its segments' vectors. The score of a pair of blocks mixes the cosines of the families
into one *content* similarity, then weighs it with the length model (:mod:`aligner.align.length`):

    content = (1 - E) * (WORD_SHARE * cos_words + (1 - WORD_SHARE) * cos_chars) + E * calibrated(cos_vectors)

* ``cos_words``, ``cos_chars``: the word-overlap family (:mod:`aligner.align.overlap`);
* ``cos_vectors``: the sentence embeddings (:mod:`aligner.align.embedding`), calibrated per document so that
  what unrelated segments of this document reach counts as nothing; ``E`` is their share (0 without an encoder).

What the number means: 1 is the same content at the expected length, 0 nothing in common. The aligner links a pair
once its score beats the document's calibrated skip score (see :mod:`aligner.align`); in the DP the content
similarity is first turned into a margin (:mod:`aligner.align.band`).

A merge must not hide an omission next to an addition (:func:`ends_linked`): at each end of a bead with at least
two segments on both sides, the edge segment of one side or the other must carry evidence of its own against the
other side's block (a shared content word or :data:`EDGE_EVIDENCE`), unless it is short (:data:`EDGE_MIN_LENGTH`).
Re-measured with the encoder, this rule and the word-free score (:mod:`aligner.align`) change nothing on the long
dev documents (Text+Berg dev 0.924 / 0.905, also cut into 100-sentence pieces, TransRead 0.917, with or without
them; without the encoder dev 0.921 / 0.817 -> 0.921 / 0.822 without them), but they are what keeps an unrelated
omitted sentence next to an unrelated added one apart in a short story, where the calibrations have too few pairs
to sample (six tests of tests/test_align.py fail without them, two with the encoder on): they stay.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from aligner.align.length import length_probability, with_length
from aligner.align.vectors import DenseRows, IntArray, Rows, SparseRows

#: Share of the words in the word-overlap family (the rest: character n-grams).
WORD_SHARE = 0.3
#: Blocks whose word cosine reaches this share a content word (below it: at most a hash collision).
SHARED_WORD_COSINE = 0.01
#: A segment at the edge of a bead carries evidence of its own when it shares a content word with the other side's
#: block or its content similarity with that block reaches EDGE_EVIDENCE (a name spelt two ways: "Kangchendzönga" /
#: "Kangchenjunga"); a sentence that shares only function words with the block stays below it (on Text+Berg dev,
#: 99 % of random segments against two random segments of the other side do). See :func:`ends_linked`.
EDGE_EVIDENCE = 0.2
#: ... and so does a segment shorter than this share of its side's mean length: it has too few words for sharing
#: none to mean much (on TransRead such short pairs, a line of verse, "I complied." / "Je m'exécutai.", "CHAPTER 2" /
#: "II", are translations the pivot does not link, not an omission next to an addition).
EDGE_MIN_LENGTH = 0.5


@dataclass(frozen=True)
class SideFeatures:
    """The feature rows of one side: the word-overlap family (``words``, ``chars``), the raw text lengths
    (characters) the length model uses, the anchor features and the names (:mod:`aligner.align.overlap`), and the
    sentence embeddings where there is an encoder (``vectors``)."""

    words: SparseRows
    chars: SparseRows
    lengths: npt.NDArray[np.float64]
    anchors: SparseRows
    names: SparseRows
    vectors: DenseRows | None = None

    @cached_property
    def blank(self) -> npt.NDArray[np.bool_]:
        """(rows,): segments without a letter or digit (empty, rules, bullets, OCR debris): nothing to align them
        by, so they are never part of a linked bead."""
        return np.asarray(np.diff(self.chars.indptr) == 0)

    @cached_property
    def short(self) -> npt.NDArray[np.bool_]:
        """(rows,): segments shorter than :data:`EDGE_MIN_LENGTH` of the side's mean length."""
        return np.asarray(self.lengths < EDGE_MIN_LENGTH * max(float(self.lengths.mean()), 1.0))

    def family(self, name: str) -> Rows:
        rows: Rows | None = getattr(self, name)
        if rows is None:
            raise ValueError(f"no {name} features")
        return rows


@dataclass(frozen=True)
class Features:
    """Features of both sides over one shared vocabulary and IDF; ``length_ratio`` is target/source length;
    ``embedding_share`` the share of the embeddings in the content similarity (0: none), ``embedding_floor`` the
    embedding cosine that counts as nothing in this document (:mod:`aligner.align.embedding`)."""

    source: SideFeatures
    target: SideFeatures
    length_ratio: float
    embedding_share: float = 0.0
    embedding_floor: float = 0.0

    @property
    def families(self) -> tuple[tuple[str, float], ...]:
        """``(family, share)`` of every family in the content similarity; shares sum to 1."""
        overlap = 1.0 - self.embedding_share
        families = (("words", WORD_SHARE * overlap), ("chars", (1.0 - WORD_SHARE) * overlap))
        return (*families, ("vectors", self.embedding_share)) if self.embedding_share > 0 else families

    def part(self, family: str, cosine: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """A family's cosine as its part of the content similarity, in [0, 1]: embedding cosines calibrated."""
        if family == "vectors":
            cosine = (cosine - self.embedding_floor) / (1.0 - self.embedding_floor)
        return np.clip(cosine, 0.0, 1.0)

    def content(self, cosines: Mapping[str, npt.NDArray[np.float64]]) -> npt.NDArray[np.float64]:
        """The content similarity from each family's cosines."""
        return np.asarray(sum(share * self.part(family, cosines[family]) for family, share in self.families))


def far_pairs(n: int, m: int, sample: int = 300) -> tuple[IntArray, IntArray, npt.NDArray[np.bool_]]:
    """A sample of rows of ``n`` source and columns of ``m`` target segments, and which of their pairs lie far off the
    diagonal (almost surely not translations): what the per-document calibrations sample."""
    rng = np.random.default_rng(12345)
    rows = np.unique(rng.integers(0, n, size=min(sample, n)))
    columns = np.unique(rng.integers(0, m, size=min(sample, m)))
    far = np.abs(columns[None, :] - rows[:, None] * (m / n)) > max(5.0, 0.1 * m)
    return rows, columns, far


def cross_scores(features: Features, source_ids: IntArray, target_ids: IntArray) -> npt.NDArray[np.float64]:
    """(len(source_ids), len(target_ids)): 1-1 scores of every pair from the two lists, for pairs outside the band."""
    return cross_components(features, source_ids, target_ids)[0]


def cross_components(
    features: Features, source_ids: IntArray, target_ids: IntArray
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """:func:`cross_scores` and, pair by pair, whether the two segments share a content word."""
    cosines = {}
    for family, _ in features.families:
        x, y = features.source.family(family), features.target.family(family)
        dots = (x.dense(source_ids) @ y.dense(target_ids).T).astype(np.float64)
        norms = np.outer(x.squared_norms[source_ids], y.squared_norms[target_ids])
        cosines[family] = np.divide(dots, np.sqrt(norms), out=np.zeros_like(dots), where=norms > 0)
    p_length = length_probability(
        features.source.lengths[source_ids][:, None],
        features.target.lengths[target_ids][None, :],
        features.length_ratio,
    )
    return with_length(features.content(cosines), p_length), cosines["words"] >= SHARED_WORD_COSINE


def _block_cosines(features: Features, source_ids: Sequence[int], target_ids: Sequence[int]) -> tuple[float, float]:
    """``(word cosine, content similarity)`` of one block pair of any size."""
    sources, targets = np.asarray(source_ids, dtype=np.int64), np.asarray(target_ids, dtype=np.int64)
    cosines = {}
    for family, _ in features.families:
        x = features.source.family(family).dense(sources).sum(axis=0, dtype=np.float64)
        y = features.target.family(family).dense(targets).sum(axis=0, dtype=np.float64)
        norm = float(np.linalg.norm(x) * np.linalg.norm(y))
        cosines[family] = np.array(float(x @ y) / norm if norm > 0 else 0.0)
    return float(np.clip(cosines["words"], 0.0, 1.0)), float(features.content(cosines))


def block_scores(features: Features, source_ids: Sequence[int], target_ids: Sequence[int]) -> tuple[float, float]:
    """``(content, score)`` of one block pair of any size: the content similarity and the score."""
    sources, targets = np.asarray(source_ids, dtype=np.int64), np.asarray(target_ids, dtype=np.int64)
    content = _block_cosines(features, source_ids, target_ids)[1]
    p_length = length_probability(
        np.array([features.source.lengths[sources].sum()]),
        np.array([features.target.lengths[targets].sum()]),
        features.length_ratio,
    )
    return content, float(with_length(np.array([content]), p_length)[0])


def ends_linked(features: Features, source_ids: Sequence[int], target_ids: Sequence[int]) -> bool:
    """Whether at each end of the bead the edge segment of one side or the other carries evidence of its own against
    the other side's block (:data:`EDGE_EVIDENCE`, :data:`EDGE_MIN_LENGTH`); always true when a side has a single
    segment."""
    if len(source_ids) < 2 or len(target_ids) < 2:
        return True
    edges = [
        _block_cosines(features, *pair)
        for end in (0, -1)
        for pair in (([source_ids[end]], target_ids), (source_ids, [target_ids[end]]))
    ]
    evidence = carries_evidence(np.array([w for w, _ in edges]), np.array([content for _, content in edges]))
    evidence |= np.array(
        [
            side.short[ids[end]]
            for end in (0, -1)
            for side, ids in ((features.source, source_ids), (features.target, target_ids))
        ]
    )
    return bool(both_ends(evidence))


def carries_evidence(cos_words: npt.NDArray[np.float64], content: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Element-wise: a shared content word, or a content similarity of at least :data:`EDGE_EVIDENCE`."""
    return np.asarray((cos_words >= SHARED_WORD_COSINE) | (content >= EDGE_EVIDENCE))


def both_ends(evidence: Sequence[npt.NDArray[np.bool_]] | npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """The rule on the evidence of a bead's first source, first target, last source and last target segment: at
    each end, one of the two edge segments carries some."""
    return np.asarray((evidence[0] | evidence[1]) & (evidence[2] | evidence[3]))
