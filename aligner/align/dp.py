"""The DP kernel: the cheapest monotone path of beads through a band of the cost grid.

Pure function of arrays; it knows nothing about texts. The grid has rows ``i = 0..n`` (source segments consumed)
and columns ``j = 0..m`` (target segments consumed). Only a band is stored: row ``i`` holds the columns
``lo[i] .. lo[i] + width - 1``, so memory and time grow with ``n * width``, never ``n * m``.

Each row is relaxed with whole-array numpy operations. The 0-1 beads (a target segment left unlinked) chain within a
row, ``D[i, j] = min(D'[i, j], D[i, j - 1] + skip_target[j - 1])``, which is a running minimum over
``D'[i, k] - C[k]`` with ``C`` the prefix sums of the skip costs: no Python loop over cells.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

Bead = tuple[int, int, int, int]
"""A bead as half-open ranges: source segments ``i0:i1``, target segments ``j0:j1``."""

CostRows = Callable[[int, int], Mapping[tuple[int, int], npt.NDArray[np.floating]]]
"""``cost_rows(start, stop)[(a, b)]``, shape (stop - start, width): the cost of the bead covering source
``i - a .. i - 1`` and target ``j - b .. j - 1`` that ends at grid cell ``(i, lo[i] + k)``, for ``i = start + r``
(``inf`` where not allowed); ``a, b >= 1``."""

_SKIP_TARGET = -2
_START = -1


def best_path(
    cost_rows: CostRows,
    bead_types: Sequence[tuple[int, int]],
    lo: npt.NDArray[np.int64],
    width: int,
    skip_source: npt.NDArray[np.float64],
    skip_target: npt.NDArray[np.float64],
    chunk: int = 1024,
) -> tuple[list[Bead], list[float]]:
    """The cheapest path from grid cell (0, 0) to (n, m): its beads in document order and the cost of each.

    Shapes: ``lo`` (n + 1,) non-decreasing, with ``lo[0] == 0`` and ``lo[n] + width - 1 >= m``;
    ``skip_source`` (n,) and ``skip_target`` (m,): the cost of leaving each segment unlinked (1-0 and 0-1 beads).
    Bead costs are asked for ``chunk`` rows at a time, so only those rows' costs are ever held in memory; the path
    arrays themselves are (n + 1, width). Every segment ends up in exactly one bead.
    """
    n, m = len(skip_source), len(skip_target)
    types = [(1, 0), *bead_types]
    columns = lo[:, None] + np.arange(width, dtype=np.int64)[None, :]
    prefix = np.concatenate(([0.0], np.cumsum(skip_target, dtype=np.float64)))
    total = np.full((n + 1, width), np.inf)
    back = np.full((n + 1, width), _START, dtype=np.int8)
    step_cost = np.zeros((n + 1, width), dtype=np.float32)
    costs: Mapping[tuple[int, int], npt.NDArray[np.floating]] = {}
    chunk_start = 0
    candidates = np.empty((len(types), width))  # row t: the cost of reaching each cell with a bead of type t
    steps = np.zeros((len(types), width))
    cells = np.arange(width)
    for i in range(n + 1):
        if i % chunk == 0:
            chunk_start, costs = i, cost_rows(i, min(n + 1, i + chunk))
        candidates.fill(np.inf)
        for number, (a, b) in enumerate(types):
            if i < a:
                continue
            # cell (i, lo[i] + k) comes from (i - a, lo[i] + k - b), stored at k + shift in row i - a
            shift = int(lo[i] - lo[i - a]) - b
            here = slice(max(0, -shift), min(width, width - shift))
            there = slice(here.start + shift, here.stop + shift)
            if here.start >= here.stop:
                continue
            steps[number, here] = skip_source[i - 1] if b == 0 else costs[(a, b)][i - chunk_start, here]
            np.add(total[i - a, there], steps[number, here], out=candidates[number, here])
        choice = np.argmin(candidates, axis=0).astype(np.int8)  # the first type wins a tie
        best = candidates[choice, cells]
        paid = np.where(best < np.inf, steps[choice, cells], 0.0)
        choice[best == np.inf] = _START
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
        step_cost[i] = paid
    return _trace(back, step_cost, types, lo, skip_target, n, m)


def _trace(
    back: npt.NDArray[np.int8],
    step_cost: npt.NDArray[np.float32],
    types: list[tuple[int, int]],
    lo: npt.NDArray[np.int64],
    skip_target: npt.NDArray[np.float64],
    n: int,
    m: int,
) -> tuple[list[Bead], list[float]]:
    beads: list[Bead] = []
    paid: list[float] = []
    i, j = n, m
    while i or j:
        choice = int(back[i, j - lo[i]])
        if choice == _SKIP_TARGET:
            beads.append((i, i, j - 1, j))
            paid.append(float(skip_target[j - 1]))
            j -= 1
            continue
        if choice == _START:
            raise ValueError(f"no path reaches grid cell ({i}, {j}): the band is broken")
        a, b = types[choice]
        beads.append((i - a, i, j - b, j))
        paid.append(float(step_cost[i, j - lo[i]]))
        i, j = i - a, j - b
    return beads[::-1], paid[::-1]
