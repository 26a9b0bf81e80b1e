"""Confidences of links: how far a link's score stands above its best rival (see :mod:`aligner.align`)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from aligner.align.search import Band


class Rivals:
    """Each segment's two best 1-1 partners in the band, for confidences."""

    def __init__(self, one_to_one: npt.NDArray[np.floating], band: Band) -> None:
        rows, ks = np.nonzero(one_to_one >= 0)
        values = one_to_one[rows, ks]
        columns = band.lo[rows] + ks
        self.source = best_two(rows - 1, columns - 1, values, one_to_one.shape[0] - 1)
        self.target = best_two(columns - 1, rows - 1, values, int(columns.max(initial=0)))

    def alternative(self, sources: range, targets: range) -> float:
        """The best score a segment of the bead has with a segment outside it."""
        best = 0.0
        for table, own, other in ((self.source, sources, targets), (self.target, targets, sources)):
            for index in own:
                top_score, top_partner, second = table[0][index], table[1][index], table[2][index]
                best = max(best, float(second if top_partner in other else top_score))
        return best

    def best(self, side: str, index: int) -> float:
        return float((self.source if side == "source" else self.target)[0][index])


def best_two(
    keys: npt.NDArray[np.int64], partners: npt.NDArray[np.int64], values: npt.NDArray[np.floating], size: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Per key in ``0..size - 1``: best value, its partner (the first one in the input's order on a tie), and the
    second-best value (0 when absent). Grouped by key with one stable sort of the keys (none when they come sorted,
    as a band's rows do), not a sort of every value: a 10k-sentence band holds millions of cells."""
    if len(keys) and np.any(keys[1:] < keys[:-1]):
        order = np.argsort(keys, kind="stable")
        keys, partners, values = keys[order], partners[order], values[order]
    top = np.zeros(size + 1)
    partner = np.full(size + 1, -1, dtype=np.int64)
    runner_up = np.zeros(size + 1)
    if not len(keys):
        return top, partner, runner_up
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(keys)]))
    best = np.maximum.reduceat(values, starts)
    at_best = np.flatnonzero(values == best[group])
    first_best = at_best[np.r_[True, group[at_best[1:]] != group[at_best[:-1]]]]  # one per group, the first
    rest = values.astype(np.float64)
    rest[first_best] = -np.inf
    second = np.maximum.reduceat(rest, starts)
    group_keys = keys[starts]
    top[group_keys] = best
    partner[group_keys] = partners[first_best]
    runner_up[group_keys] = np.where(np.isfinite(second), second, 0.0)
    return top, partner, runner_up


def skip_confidence(skip_score: float, best: float) -> float:
    """An unlinked segment's confidence: the skip score against its best 1-1 score in the band."""
    best = max(best, 0.0)
    return skip_score / (skip_score + best) if best > 0 else 1.0
