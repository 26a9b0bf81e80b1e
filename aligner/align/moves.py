"""Moves: segments the monotone pass could not pair in order that are in fact each other's translation.

A bullet moved from position 4 to position 2 cannot be on a monotone path, so the DP reports it as an omission
(source side) plus an addition (target side). Here every leftover source segment is scored against every leftover
target segment across the whole document and the best pairs above the move threshold are paired greedily, best
first, each segment at most once. Two neighbours that swapped places end up in one 2-2 bead instead;
:func:`find_swaps` splits such a bead when its crossed pairs are the translations.

Measured with the encoder (strict F1 without -> with moves; docs/benchmarks.md): Text+Berg dev 0.920 -> 0.924 with
the supplied MT, 0.901 -> 0.905 with no MT; TransRead 0.9169 -> 0.9168.
"""

from __future__ import annotations

import numpy as np

from aligner.align.score import Features, cross_scores

#: Above this many leftover pairs the search is skipped (bounded cost); the run settings then say ``moves:skipped``.
MAX_PAIRS = 4_000_000


def find_moves(
    features: Features, omitted: list[int], added: list[int], threshold: float
) -> list[tuple[int, int, float]]:
    """``(source, target, score)`` for each move found, best first."""
    if not omitted or not added:
        return []
    if len(omitted) * len(added) > MAX_PAIRS:
        return []
    scores = cross_scores(features, np.asarray(omitted, dtype=np.int64), np.asarray(added, dtype=np.int64))
    rows, columns = np.nonzero(scores >= threshold)
    order = np.argsort(-scores[rows, columns], kind="stable")
    moves: list[tuple[int, int, float]] = []
    used_rows: set[int] = set()
    used_columns: set[int] = set()
    for r, c in zip(rows[order].tolist(), columns[order].tolist(), strict=True):
        if r in used_rows or c in used_columns:
            continue
        used_rows.add(r)
        used_columns.add(c)
        moves.append((omitted[r], added[c], float(scores[r, c])))
    return moves


def find_swaps(
    features: Features, two_by_two: list[tuple[int, int]], threshold: float
) -> list[tuple[int, int, float, float]]:
    """For 2-2 beads starting at source ``i`` and target ``j``: ``(i, j, s(i, j + 1), s(i + 1, j))`` where both
    crossed pairs clear ``threshold`` and together score at least twice the straight pairs ``(i, j), (i + 1, j + 1)``.
    """
    swaps = []
    for i, j in two_by_two:
        scores = cross_scores(features, np.array([i, i + 1]), np.array([j, j + 1]))
        crossed, straight = scores[0, 1] + scores[1, 0], scores[0, 0] + scores[1, 1]
        if min(scores[0, 1], scores[1, 0]) >= threshold and crossed >= 2 * straight:
            swaps.append((i, j, float(scores[0, 1]), float(scores[1, 0])))
    return swaps
