"""Moves: segments the monotone pass left unlinked on both sides that are in fact each other's translation.

A bullet moved from position 4 to position 2 cannot be on a monotone path, so the DP reports it as an omission
(source side) plus an addition (target side). Here every leftover source segment is scored against every leftover
target segment across the whole document and the best pairs above the move threshold are paired greedily, best
first, each segment at most once.
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
