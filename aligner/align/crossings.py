"""Merge two neighbouring beads when a name or number crosses the boundary between them.

The DP prefers two small beads to one crossing bead (a 2-2 or 2-3 whose sentence boundaries do not line up) when
each small bead scores well on its own, though part of each one's translation sits in the other: the lexical score
cannot see that a few words are on the wrong side. Names and numbers can: when a name of the first bead's source
block is found in the second bead's target block, and neither in the first bead's target block nor in the second
bead's source block (or the same the other way round), the boundary between the two beads cuts a translation in
two, and the beads merge. A merged bead may merge again with the next one.

Only rare names count (found in at most ``max_share`` of the segments of both sides): a common word that a
translator moves across a sentence boundary is not a name, and a name that recurs throughout a novel ("Emma")
crosses boundaries by chance. A name found in at most :data:`MIN_RARE_SEGMENTS` segments is rare in any document:
by the share alone, a document of under about 100 segments a side would have no name that rare, and nothing would
merge there. Names are the words :mod:`aligner.align.overlap` finds capitalised inside sentences.

Measured with the encoder (strict F1 without -> with this pass; docs/benchmarks.md): Text+Berg dev 0.901 -> 0.924
with the supplied MT, 0.897 -> 0.905 with no MT; TransRead 0.9163 -> 0.9168.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from aligner.align.score import Features, block_scores
from aligner.align.vectors import SparseRows
from aligner.model import Link

#: A name found in at most this many segments of both sides (two a side) is rare however short the document.
MIN_RARE_SEGMENTS = 4


def merge_crossings(links: Sequence[Link], features: Features, max_share: float) -> list[Link]:
    """``links`` (in path order) with neighbouring linked beads merged where a rare name crosses their boundary."""
    segments = features.source.words.rows + features.target.words.rows
    # the IDF of a name found in max_share of the segments, or in MIN_RARE_SEGMENTS of them if that is more
    min_idf = 1.0 + math.log(min(1.0 / max_share, (segments + 1) / (MIN_RARE_SEGMENTS + 1)))
    out: list[Link] = []
    for link in links:
        previous = out[-1] if out else None
        if previous is not None and _adjacent(previous, link) and crossing_idf(features, previous, link) >= min_idf:
            sources, targets = previous.source + link.source, previous.target + link.target
            score = block_scores(features, sources, targets)[1]
            out[-1] = Link(sources, targets, score, min(previous.confidence, link.confidence))
        else:
            out.append(link)
    return out


def _adjacent(first: Link, second: Link) -> bool:
    """Both linked, and ``second`` starts right after ``first`` on both sides."""
    return (
        first.kind == second.kind == "aligned"
        and second.source[0] == first.source[-1] + 1
        and second.target[0] == first.target[-1] + 1
    )


def crossing_idf(features: Features, first: Link, second: Link) -> float:
    """The highest IDF among the names that one bead's source block shares only with the other bead's target block
    (0 when none does)."""
    source_first, source_second = (_names(features.source.names, bead.source) for bead in (first, second))
    target_first, target_second = (_names(features.target.names, bead.target) for bead in (first, second))
    crossing = (source_first.keys() & target_second.keys()) - target_first.keys() - source_second.keys()
    crossing |= (source_second.keys() & target_first.keys()) - target_second.keys() - source_first.keys()
    idf = source_first | source_second
    return max((idf[name] for name in crossing), default=0.0)


def _names(names: SparseRows, segments: Sequence[int]) -> dict[int, float]:
    """The names of a block, each with its IDF."""
    out: dict[int, float] = {}
    for segment in segments:
        start, stop = names.indptr[segment], names.indptr[segment + 1]
        out.update(zip(names.ids[start:stop].tolist(), names.weights[start:stop].tolist(), strict=True))
    return out
