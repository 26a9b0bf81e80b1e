"""The DP kernel: the cheapest monotone path of beads through a band of the cost grid.

Pure function of arrays; it knows nothing about texts. The grid has rows ``i = 0..n`` (source segments consumed)
and columns ``j = 0..m`` (target segments consumed). Only a band is stored: row ``i`` holds the columns
``lo[i] .. lo[i] + width - 1``, so memory and time grow with ``n * width``, never ``n * m``.

Each row is relaxed with whole-array numpy operations. The 0-1 beads (a target segment left unlinked) chain within a
row, ``D[i, j] = min(D'[i, j], D[i, j - 1] + skip_target[j - 1])``, which is a running minimum over
``D'[i, k] - C[k]`` with ``C`` the prefix sums of the skip costs: no Python loop over cells.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

Bead = tuple[int, int, int, int]
"""A bead as half-open ranges: source segments ``i0:i1``, target segments ``j0:j1``."""

_SKIP_TARGET = -2
_START = -1


def best_path(
    costs: Mapping[tuple[int, int], npt.NDArray[np.floating]],
    lo: npt.NDArray[np.int64],
    width: int,
    skip_source: npt.NDArray[np.float64],
    skip_target: npt.NDArray[np.float64],
) -> list[Bead]:
    """The cheapest path from grid cell (0, 0) to (n, m), as beads in document order.

    Shapes: ``lo`` (n + 1,) non-decreasing, with ``lo[0] == 0`` and ``lo[n] + width - 1 >= m``; every
    ``costs[(a, b)]`` (n + 1, width) for ``a, b >= 1``: the cost of the bead covering source ``i - a .. i - 1`` and
    target ``j - b .. j - 1`` that ends at cell ``(i, lo[i] + k)`` (``inf`` where not allowed);
    ``skip_source`` (n,) and ``skip_target`` (m,): the cost of leaving each segment unlinked (1-0 and 0-1 beads).
    Every segment ends up in exactly one bead.
    """
    n, m = len(skip_source), len(skip_target)
    types = [(1, 0), *costs]
    columns = lo[:, None] + np.arange(width, dtype=np.int64)[None, :]
    prefix = np.concatenate(([0.0], np.cumsum(skip_target, dtype=np.float64)))
    total = np.full((n + 1, width), np.inf)
    back = np.full((n + 1, width), _START, dtype=np.int8)
    for i in range(n + 1):
        best = np.full(width, np.inf)
        choice = np.full(width, _START, dtype=np.int8)
        for number, (a, b) in enumerate(types):
            if i < a:
                continue
            # cell (i, lo[i] + k) comes from (i - a, lo[i] + k - b), stored at k + shift in row i - a
            shift = int(lo[i] - lo[i - a]) - b
            here = slice(max(0, -shift), min(width, width - shift))
            there = slice(here.start + shift, here.stop + shift)
            if here.start >= here.stop:
                continue
            step = skip_source[i - 1] if b == 0 else costs[(a, b)][i, here]
            candidate = total[i - a, there] + step
            better = candidate < best[here]
            best[here] = np.where(better, candidate, best[here])
            choice[here] = np.where(better, number, choice[here])
        if i == 0:
            best[0] = 0.0
        inside = columns[i] <= m
        offset = np.where(inside, prefix[np.minimum(columns[i], m)], 0.0)
        best[~inside] = np.inf
        shifted = best - offset
        running = np.minimum.accumulate(shifted)
        from_left = running < shifted
        total[i] = np.where(inside, running + offset, np.inf)
        choice[from_left] = _SKIP_TARGET
        back[i] = choice
    return _trace(back, types, lo, n, m)


def _trace(
    back: npt.NDArray[np.int8], types: list[tuple[int, int]], lo: npt.NDArray[np.int64], n: int, m: int
) -> list[Bead]:
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        choice = int(back[i, j - lo[i]])
        if choice == _SKIP_TARGET:
            beads.append((i, i, j - 1, j))
            j -= 1
            continue
        if choice == _START:
            raise ValueError(f"no path reaches grid cell ({i}, {j}): the band is broken")
        a, b = types[choice]
        beads.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    beads.reverse()
    return beads
