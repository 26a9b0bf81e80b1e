"""Re-cut the boundary between two neighbouring beads with embeddings of the joined texts, as Bertalign's second pass
scores its beads.

The DP scores a merged block by the length-weighted sum of its segments' vectors (:mod:`aligner.align.embedding`),
which cannot see on which side of the boundary between two loose neighbouring beads a sentence's content lies: a
French sentence that carries the end of one German sentence and the whole next one. Here every pair of neighbouring
beads that together cover a rectangle of segments is re-cut: each way of splitting the rectangle into two linked
beads no larger than the DP's largest is scored, and where one beats the DP's pair by more than :data:`MIN_GAIN` it
replaces it. A bead's score is the cosine of the embeddings of its two joined texts times a length factor,
``log2(1 + shorter / longer)`` (characters, the target's over the document's length ratio; Bertalign's) to the
power :data:`LENGTH_POWER`; an unlinked segment scores :data:`UNLINKED_SCORE`. So a sentence moves across the
boundary to where the joined texts put its content, and an unlinked segment next to a loose pair can be re-cut into
it (two linked beads where there were a bead and an omission). Joined texts cost encoding, so a cut is first scored
with the DP's own block vectors (sums of the sentence vectors, nothing to embed) and only those within
:data:`SUMMED_SLACK` of the DP's pair are embedded: on two TransRead novels (Alice and Vingt mille lieues) 387 joined
texts (20 % of the characters of the sentences themselves) instead of 929 (52 %), the same links on Text+Berg dev and
TransRead (a slack of 0.05 too; 0 loses most of the gain: 0.924 / 0.912, 0.928).

The pass never changes how many linked beads there are otherwise: it never merges two linked beads, never unlinks
a segment, and never links an omitted segment with a neighbouring added one on their own (that stays two findings).
Measured, letting the joined texts decide the number of beads costs strict F1: merges cost TransRead (a gold 1-1
plus 1-0 becomes 2-1), splits cost Text+Berg (every regrouping of neighbouring pairs: Text+Berg dev 0.919-0.924 /
0.904-0.907, TransRead 0.919-0.927, against 0.939 / 0.927 / 0.931 with the pass as it is).

Tuned on Text+Berg dev and TransRead (strict F1, supplied MT / no MT, lexical pivot): without the pass 0.924 /
0.907, 0.918; with it (power 0.5, gain 0.01) 0.939 / 0.927, 0.931 (no pivot 0.921 -> 0.931); power 0.3 / 0.7 / 1:
0.934 / 0.922, 0.934; 0.934 / 0.922, 0.928; 0.924 / 0.912, 0.930; block vectors as sums of the sentence vectors
instead of joined texts: 0.914 / 0.897, 0.927. Text+Berg test, run after: 0.912 -> 0.912 with the MT, 0.903 ->
0.904 with none (the dev gain, 4 pairs re-cut in 422 beads, does not carry over).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from aligner.align.score import Features, block_scores
from aligner.encode.base import Encoder
from aligner.model import Link

#: The score of a segment left unlinked, per segment.
UNLINKED_SCORE = -0.1
#: Power of the length factor ``log2(1 + shorter / longer)`` in a bead's score.
LENGTH_POWER = 0.5
#: A re-cut pair must score this much more than the DP's.
MIN_GAIN = 0.01
#: A cut is scored with its joined texts only when its score with block vectors summed from the sentence vectors
#: (nothing to embed) is at most this much below the DP's pair (see the module docstring).
SUMMED_SLACK = 0.1

Block = tuple[int, int]
"""Segments ``start:stop`` of one side."""
Cut = tuple[tuple[Block, Block], ...]
"""Beads as (source block, target block)."""


def recut_pairs(
    links: Sequence[Link],
    features: Features,
    encoder: Encoder,
    source_texts: Sequence[str],
    target_texts: Sequence[str],
    max_bead: int,
) -> tuple[list[Link], int]:
    """``links`` (in path order) with the boundary between neighbouring beads re-cut where the joined texts say so
    (see the module docstring), and how many pairs were re-cut; a re-cut bead holds at most ``max_bead`` segments
    of both sides together, and a pair at most twice that."""
    rectangles = [_rectangle(links, index, features, 2 * max_bead) for index in range(len(links) - 1)]
    options = {
        index: cuts for index, rectangle in enumerate(rectangles) if rectangle and (cuts := _cuts(*rectangle, max_bead))
    }
    olds = {index: _as_cut(links[index], links[index + 1]) for index in options}
    summed = _BeadScorer(features, _summed(features, _linked_blocks([*options.values(), list(olds.values())])))
    options = {
        index: kept
        for index, cuts in options.items()
        if (kept := [cut for cut in cuts if summed.total(cut) >= summed.total(olds[index]) - SUMMED_SLACK])
    }
    blocks = _linked_blocks([*options.values(), [olds[index] for index in options]])
    scorer = _BeadScorer(features, _joined(encoder, source_texts, target_texts, blocks))
    out: list[Link] = []
    recut = 0
    index = 0
    while index < len(links):
        if index in options:
            old = olds[index]
            best = max(options[index], key=scorer.total)
            if scorer.total(best) > scorer.total(old) + MIN_GAIN:
                confidence = min(links[index].confidence, links[index + 1].confidence)
                out += [_linked(features, bead, confidence) for bead in best]
                recut += 1
                index += 2
                continue
        out.append(links[index])
        index += 1
    return out, recut


def _rectangle(links: Sequence[Link], index: int, features: Features, most: int) -> tuple[Block, Block] | None:
    """The source and target blocks two neighbouring beads cover together, when they are contiguous, not moved, hold
    no blank segment, have a segment on each side and at most ``most`` segments; else None."""
    first, second = links[index], links[index + 1]
    if first.kind == "moved" or second.kind == "moved":
        return None
    sources, targets = first.source + second.source, first.target + second.target
    if not sources or not targets or len(sources) + len(targets) > most:
        return None
    if list(sources) != list(range(sources[0], sources[0] + len(sources))):
        return None
    if list(targets) != list(range(targets[0], targets[0] + len(targets))):
        return None
    if features.source.blank[list(sources)].any() or features.target.blank[list(targets)].any():
        return None
    return (sources[0], sources[-1] + 1), (targets[0], targets[-1] + 1)


def _cuts(source: Block, target: Block, max_bead: int) -> list[Cut]:
    """Every split of the rectangle into two linked beads of at most ``max_bead`` segments each."""
    (i0, i1), (j0, j1) = source, target
    return [
        (((i0, i), (j0, j)), ((i, i1), (j, j1)))
        for i in range(i0 + 1, i1)
        for j in range(j0 + 1, j1)
        if max(i - i0 + j - j0, i1 - i + j1 - j) <= max_bead
    ]


def _as_cut(first: Link, second: Link) -> Cut:
    """Two links as beads of blocks (an empty side is an empty block at its place)."""
    i0, j0 = (first.source + second.source)[0], (first.target + second.target)[0]
    i, j = i0 + len(first.source), j0 + len(first.target)
    return ((i0, i), (j0, j)), ((i, i + len(second.source)), (j, j + len(second.target)))


def _linked(features: Features, bead: tuple[Block, Block], confidence: float) -> Link:
    """The link of a re-cut bead, with its own calibrated score and the lower confidence of the pair it replaces."""
    sources, targets = tuple(range(*bead[0])), tuple(range(*bead[1]))
    return Link(sources, targets, block_scores(features, sources, targets)[1], confidence)


Vectors = dict[tuple[int, Block], npt.NDArray[np.float32]]
"""One unit vector per block of a side (0 source, 1 target)."""


def _linked_blocks(options: Iterable[Iterable[Cut]]) -> list[tuple[int, Block]]:
    """Every block of a linked bead in the cuts, with its side."""
    return sorted(
        {
            (side, block)
            for cuts in options
            for cut in cuts
            for bead in cut
            if bead[0][0] < bead[0][1] and bead[1][0] < bead[1][1]
            for side, block in enumerate(bead)
        }
    )


def _joined(
    encoder: Encoder, source_texts: Sequence[str], target_texts: Sequence[str], blocks: Sequence[tuple[int, Block]]
) -> Vectors:
    """The embedding of each block's joined text, in one batch."""
    texts = [" ".join((target_texts if side else source_texts)[slice(*block)]) for side, block in blocks]
    return dict(zip(blocks, encoder.encode(texts), strict=True))


def _summed(features: Features, blocks: Sequence[tuple[int, Block]]) -> Vectors:
    """Each block's sum of its sentences' length-weighted vectors (the DP's block vectors), to unit length."""
    out = {}
    for side, block in blocks:
        vector = (features.target if side else features.source).family("vectors").dense(np.arange(*block)).sum(axis=0)
        out[(side, block)] = (vector / max(float(np.linalg.norm(vector)), 1e-12)).astype(np.float32)
    return out


class _BeadScorer:
    """Bead scores from one vector per block (see the module docstring)."""

    def __init__(self, features: Features, vectors: Vectors) -> None:
        self.source_lengths, self.target_lengths = features.source.lengths, features.target.lengths
        self.ratio, self.vectors = features.length_ratio, vectors

    def total(self, cut: Cut) -> float:
        """The summed score of the beads of ``cut``."""
        return sum(self.score(source, target) for source, target in cut)

    def score(self, source: Block, target: Block) -> float:
        """One bead's score (see the module docstring)."""
        if source[0] == source[1] or target[0] == target[1]:
            return UNLINKED_SCORE * (source[1] - source[0] + target[1] - target[0])
        cosine = float(self.vectors[(0, source)] @ self.vectors[(1, target)])
        source_length = float(self.source_lengths[slice(*source)].sum())
        target_length = float(self.target_lengths[slice(*target)].sum()) / self.ratio
        shorter, longer = sorted((source_length, target_length))
        return cosine * float(math.log2(1.0 + shorter / max(longer, 1.0)) ** LENGTH_POWER)
