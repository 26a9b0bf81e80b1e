"""Where to look: confident anchors first, then a band around the line through them.

Anchors are pairs of segments that share rare words (at most :data:`RARE_COUNT` segments per side contain them:
names, numbers, unusual terms), that are each other's best such partner, and that form the longest monotone chain
among all such pairs. They cost time proportional to the number of rare-word occurrences, never ``n * m``. The band
follows the piecewise-linear line through the anchors; it is wider where anchors are far apart (the line is less
sure there). Small documents get the whole grid: no band can then miss anything.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from aligner.align.vectors import SparseRows, concatenated_ranges

#: A word is an anchor word when at most this many segments of each side contain it.
RARE_COUNT = 2
#: Minimum cosine over rare words for a pair to be an anchor candidate.
ANCHOR_MIN = 0.05
#: Grids with at most this many cells are searched whole.
FULL_GRID_CELLS = 300_000


@dataclass(frozen=True)
class Band:
    """Row ``i`` of the DP grid covers columns ``lo[i] .. lo[i] + width - 1``; ``anchors`` counts anchors used."""

    lo: npt.NDArray[np.int64]
    width: int
    anchors: int

    @property
    def full(self) -> bool:
        return bool(self.lo.max(initial=0) == 0)


def plan_band(source: SparseRows, target: SparseRows, min_half_width: int, max_half_width: int) -> Band:
    """The band to search for these two sides' word features (see the module docstring)."""
    n, m = source.rows, target.rows
    if (n + 1) * (m + 1) <= FULL_GRID_CELLS:
        return Band(np.zeros(n + 1, dtype=np.int64), m + 1, 0)
    return band_through(find_anchors(source, target), n, m, min_half_width, max_half_width)


def band_through(anchors: list[tuple[int, int]], n: int, m: int, min_half_width: int, max_half_width: int) -> Band:
    """The band around the piecewise-linear line through ``anchors`` ((source, target) segment pairs, increasing in
    both) on the grid of ``n`` source and ``m`` target segments: ``min_half_width`` either side, plus half the
    larger side of the gap between the two anchors around a row (at most ``max_half_width``), plus the slope."""
    points_i = np.array([0, *(i + 1 for i, _ in anchors), n], dtype=np.float64)
    points_j = np.array([0, *(j + 1 for _, j in anchors), m], dtype=np.float64)
    rows = np.arange(n + 1, dtype=np.float64)
    centre = np.interp(rows, points_i, points_j)
    gap_index = np.clip(np.searchsorted(points_i, rows, side="right") - 1, 0, len(points_i) - 2)
    gap_rows = points_i[gap_index + 1] - points_i[gap_index]
    gap_columns = points_j[gap_index + 1] - points_j[gap_index]
    slope = gap_columns / np.maximum(gap_rows, 1.0)
    half = min_half_width + np.minimum(max_half_width, 0.5 * np.maximum(gap_rows, gap_columns)) + np.ceil(slope)
    width = int(2 * half.max() + 1)
    if width >= m + 1:
        return Band(np.zeros(n + 1, dtype=np.int64), m + 1, len(anchors))
    lo = np.clip(np.round(centre).astype(np.int64) - width // 2, 0, m - width + 1)
    return Band(np.maximum.accumulate(lo), width, len(anchors))


def find_anchors(source: SparseRows, target: SparseRows) -> list[tuple[int, int]]:
    """Mutually best pairs over rare words, reduced to their longest monotone chain; (source, target) indices."""
    pairs, scores = _rare_word_pairs(source, target)
    if not len(pairs):
        return []
    norms = np.sqrt(source.squared_norms[pairs[:, 0]] * target.squared_norms[pairs[:, 1]])
    cosine = np.divide(scores, norms, out=np.zeros_like(scores), where=norms > 0)
    keep = cosine >= ANCHOR_MIN
    pairs, cosine = pairs[keep], cosine[keep]
    best_for_source = best_per_key(pairs[:, 0], cosine)
    best_for_target = best_per_key(pairs[:, 1], cosine)
    mutual = best_for_source & best_for_target
    return _longest_chain([(int(i), int(j)) for i, j in pairs[mutual]])


def _rare_word_pairs(source: SparseRows, target: SparseRows) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """(k, 2) distinct segment pairs sharing rare words, and the dot product over those words."""
    vocabulary = int(max(source.ids.max(initial=-1), target.ids.max(initial=-1))) + 1
    source_count = np.bincount(source.ids, minlength=vocabulary)
    target_count = np.bincount(target.ids, minlength=vocabulary)
    rare = (source_count >= 1) & (source_count <= RARE_COUNT) & (target_count >= 1) & (target_count <= RARE_COUNT)
    x_keep, y_keep = rare[source.ids], rare[target.ids]
    x_ids, x_rows, x_weights = source.ids[x_keep], source.row_index()[x_keep], source.weights[x_keep]
    y_order = np.argsort(target.ids[y_keep], kind="stable")
    y_ids = target.ids[y_keep][y_order]
    y_rows, y_weights = target.row_index()[y_keep][y_order], target.weights[y_keep][y_order]
    start, stop = np.searchsorted(y_ids, x_ids, side="left"), np.searchsorted(y_ids, x_ids, side="right")
    repeat = stop - start
    x_entry = np.repeat(np.arange(len(x_ids)), repeat)
    y_entry = concatenated_ranges(start, repeat)
    keys = x_rows[x_entry] * (target.rows + 1) + y_rows[y_entry]
    products = x_weights[x_entry].astype(np.float64) * y_weights[y_entry]
    unique, inverse = np.unique(keys, return_inverse=True)
    scores = np.bincount(inverse, weights=products, minlength=len(unique))
    pairs = np.stack([unique // (target.rows + 1), unique % (target.rows + 1)], axis=1).astype(np.int64)
    return pairs, scores.astype(np.float64)


def best_per_key(keys: npt.NDArray[np.int64], values: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Whether each entry holds the strict maximum value among the entries with its key (ties: none wins)."""
    order = np.lexsort((-values, keys))
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[order][1:] != keys[order][:-1]
    tied = np.zeros(len(keys), dtype=bool)
    same_key_next = np.zeros(len(keys), dtype=bool)
    same_key_next[:-1] = keys[order][1:] == keys[order][:-1]
    tied[:-1] = same_key_next[:-1] & (values[order][1:] == values[order][:-1])
    best = np.zeros(len(keys), dtype=bool)
    best[order] = first & ~tied
    return best


def _longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of pairs increasing in both coordinates (patience sorting, O(k log k))."""
    pairs.sort(key=lambda p: (p[0], -p[1]))
    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        position = bisect.bisect_left(tails, j)
        if position == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[position] = j
            tail_index[position] = index
        parent[index] = tail_index[position - 1] if position else -1
    chain: list[tuple[int, int]] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        chain.append(pairs[index])
        index = parent[index]
    return chain[::-1]
