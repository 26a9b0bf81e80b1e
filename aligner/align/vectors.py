"""Feature vectors of one side, one row per segment, and the products the scores are made of.

Two kinds of rows: :class:`SparseRows` (bags of words or character n-grams, compressed by rows) and
:class:`DenseRows` (sentence embeddings). Both offer the same three things, so a feature family of either kind
scores the same way: :meth:`dense` (some rows as a dense array: the sparse rows feature-hashed, signed so collisions
cancel on average), :meth:`neighbour_dots` (each row with the one ``offset`` after it: the squared norm of a block is
made of these, as a block's vector is the sum of its segments') and :attr:`squared_norms`. Only the 1-1 products in
the search band are ever computed (:func:`band_dots`), a chunk of rows at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

#: Hashed dimensions of the dense chunk arrays; the signed hash keeps collisions unbiased.
HASH_DIMENSIONS = 2048


@dataclass(frozen=True)
class SparseRows:
    """Feature vectors of one side, compressed by rows: row ``r`` holds ``ids[indptr[r]:indptr[r + 1]]``.

    Shapes: ``indptr`` (n + 1,), ``ids`` and ``weights`` (nnz,); ids are unique within a row.
    """

    indptr: IntArray
    ids: IntArray
    weights: FloatArray

    @property
    def rows(self) -> int:
        return len(self.indptr) - 1

    @cached_property
    def squared_norms(self) -> npt.NDArray[np.float64]:
        """(rows,): each row's squared norm, computed once."""
        return self.neighbour_dots(0)

    def neighbour_dots(self, offset: int) -> npt.NDArray[np.float64]:
        """(rows,): ``out[r] = v_r . v_(r + offset)``, 0 where ``r + offset`` is past the end; offset 0 gives
        squared norms."""
        return neighbour_dots(self, offset)

    def dense(self, which: IntArray) -> FloatArray:
        """(len(which), HASH_DIMENSIONS): the rows ``which``, feature-hashed."""
        return hashed(self, which)

    def row_index(self) -> IntArray:
        """(nnz,): the row of every stored entry."""
        return row_index(self.indptr)


def row_index(indptr: IntArray) -> IntArray:
    return np.repeat(np.arange(len(indptr) - 1, dtype=np.int64), np.diff(indptr))


def row_entries(indptr: IntArray, which: IntArray) -> IntArray:
    """Positions of the stored entries of the rows ``which``, row after row (rows compressed by ``indptr``)."""
    return concatenated_ranges(indptr[which], indptr[which + 1] - indptr[which])


def concatenated_ranges(starts: IntArray, counts: IntArray) -> IntArray:
    """``starts[k] .. starts[k] + counts[k] - 1`` for every ``k``, one after the other, without a Python loop."""
    return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()), dtype=np.int64)


def indptr_of(entry_rows: IntArray, rows: int) -> IntArray:
    """(rows + 1,): row pointers for entries sorted by row, given each entry's row."""
    indptr = np.zeros(rows + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(entry_rows, minlength=rows))
    return indptr


@dataclass(frozen=True)
class DenseRows:
    """Dense vectors of one side, shape (rows, dim): sentence embeddings, a zero row for a blank segment."""

    vectors: FloatArray

    @property
    def rows(self) -> int:
        return len(self.vectors)

    @cached_property
    def squared_norms(self) -> npt.NDArray[np.float64]:
        """(rows,): each row's squared norm, computed once."""
        return self.neighbour_dots(0)

    def neighbour_dots(self, offset: int) -> npt.NDArray[np.float64]:
        """(rows,): ``out[r] = v_r . v_(r + offset)``, 0 where ``r + offset`` is past the end."""
        out = np.zeros(self.rows, dtype=np.float64)
        if offset < self.rows:
            here, there = self.vectors[: self.rows - offset], self.vectors[offset:]
            out[: self.rows - offset] = np.einsum("ij,ij->i", here, there, dtype=np.float64)
        return out

    def dense(self, which: IntArray) -> FloatArray:
        """(len(which), dim): the rows ``which``."""
        return self.vectors[which]


Rows = SparseRows | DenseRows
"""Either kind of feature rows."""


def neighbour_dots(rows: SparseRows, offset: int) -> npt.NDArray[np.float64]:
    """(rows,): ``out[r] = v_r . v_(r + offset)``, 0 where ``r + offset`` is past the end; offset 0 gives norms²."""
    out = np.zeros(rows.rows, dtype=np.float64)
    if rows.rows <= offset or not len(rows.ids):
        return out
    span = int(rows.ids.max()) + 1
    row = rows.row_index()
    keys = row * span + rows.ids
    if offset == 0:
        np.add.at(out, row, rows.weights.astype(np.float64) ** 2)
        return out
    shifted = (row - offset) * span + rows.ids
    _, here, there = np.intersect1d(keys, shifted, assume_unique=True, return_indices=True)
    np.add.at(out, row[here], rows.weights[here].astype(np.float64) * rows.weights[there])
    return out


def hashed(rows: SparseRows, which: IntArray) -> FloatArray:
    """(len(which), HASH_DIMENSIONS): dense signed-hash images of the rows ``which``."""
    local_row = np.repeat(np.arange(len(which), dtype=np.int64), rows.indptr[which + 1] - rows.indptr[which])
    entry = row_entries(rows.indptr, which)
    mixed = (rows.ids[entry] * 2654435761 + 97) % 4294967291
    sign = np.where((mixed // HASH_DIMENSIONS) % 2 == 0, 1.0, -1.0)
    flat = np.bincount(
        local_row * HASH_DIMENSIONS + mixed % HASH_DIMENSIONS,
        weights=sign * rows.weights[entry],
        minlength=len(which) * HASH_DIMENSIONS,
    )
    return flat.reshape(len(which), HASH_DIMENSIONS).astype(np.float32)


def band_dots(
    source: Rows, target: Rows, lo: IntArray, width: int, start: int, stop: int, chunk: int = 256
) -> FloatArray:
    """Dot products of source and target segments inside the band, for grid rows ``start .. stop - 1``.

    The DP grid has rows ``i = 0..n`` (source segments consumed) and columns ``j = 0..m``; row ``i`` covers columns
    ``lo[i] .. lo[i] + width - 1``. Returns shape (stop - start, width): row ``i - start`` holds
    ``x[i - 1] . y[lo[i] + k - 1]``, the 1-1 bead ending at grid cell ``(i, lo[i] + k)``; 0 where a segment index
    falls outside its document.
    """
    m = target.rows
    out = np.zeros((stop - start, width), dtype=np.float32)
    offsets = np.arange(width, dtype=np.int64)
    for r0 in range(max(start, 1), stop, chunk):
        r1 = min(stop, r0 + chunk)
        columns = lo[r0:r1, None] + offsets[None, :] - 1  # target segment of each band cell
        c0 = max(int(columns.min()), 0)
        c1 = min(int(columns.max()) + 1, m)
        if c1 <= c0:
            continue
        products = source.dense(np.arange(r0 - 1, r1 - 1)) @ target.dense(np.arange(c0, c1)).T
        inside = (columns >= c0) & (columns < c1)
        rows = np.arange(r1 - r0)[:, None]
        out[r0 - start : r1 - start] = np.where(inside, products[rows, np.clip(columns - c0, 0, c1 - c0 - 1)], 0.0)
    return out


def shifted_grid(grid: FloatArray, lo: IntArray, p: int, q: int) -> npt.NDArray[np.float64]:
    """``out[i, k] = grid`` at grid cell ``(i - p, lo[i] + k - q)``; 0 where that cell is outside the band."""
    rows, width = grid.shape
    out = np.zeros((rows, width), dtype=np.float64)
    if p >= rows:
        return out
    here = np.arange(p, rows)
    k = np.arange(width)[None, :] + (lo[here] - q - lo[here - p])[:, None]
    inside = (k >= 0) & (k < width)
    out[p:] = np.where(inside, grid[(here - p)[:, None], np.clip(k, 0, width - 1)], 0.0)
    return out


def window_sums(values: npt.NDArray[np.float64], size: int) -> npt.NDArray[np.float64]:
    """(len + 1,): ``out[e]`` sums ``values[e - size:e]`` (0 where ``e < size``)."""
    prefix = np.concatenate(([0.0], np.cumsum(values, dtype=np.float64)))
    out = np.zeros_like(prefix)
    if size >= len(prefix):
        return out
    out[size:] = prefix[size:] - prefix[: len(prefix) - size]
    return out


def window_max(values: npt.NDArray[np.float64], size: int) -> npt.NDArray[np.float64]:
    """(len + 1,): ``out[e]`` is the largest of ``values[e - size:e]`` (0 where ``e < size`` or ``size == 0``)."""
    out = np.zeros(len(values) + 1)
    if size == 0 or size > len(values):
        return out
    windows = np.lib.stride_tricks.sliding_window_view(values, size)
    out[size:] = windows.max(axis=1)
    return out


def block_sums(neighbours: list[npt.NDArray[np.float64]], size: int) -> npt.NDArray[np.float64]:
    """(rows + 1,): squared norm of the summed vectors of segments ``e - size .. e - 1``, for every end ``e``.

    ``neighbours[d]`` is :func:`neighbour_dots` at offset ``d``, for ``d < size``.
    """
    if size == 0:
        return np.zeros(len(neighbours[0]) + 1)
    total = window_sums(neighbours[0], size)
    for distance in range(1, size):
        pairs = window_sums(neighbours[distance], size - distance)  # ends at e - distance
        total[distance:] += 2.0 * pairs[: len(pairs) - distance]
    return total
