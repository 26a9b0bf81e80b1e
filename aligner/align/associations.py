"""Word associations learned from the document's own links, for a second pass (hunalign's *realign*).

The pivot leaves words untranslated or mistranslates them (a lexicon without the word, an MT that copies a German
compound, no pivot at all), so they never match the other side and the pairs that hold them lack evidence. The
document's own confident links know better: after a first pass, its 1-1 links are a small parallel corpus, and a
word of the pivot side that keeps appearing in links with one word of the other side is probably rendered by it.
:func:`learn_associations` finds, for each word id of the pivot side, the other side's word id it co-occurs with
most in those links (Dice coefficient at least :data:`MIN_DICE`, together in at least :data:`MIN_LINKS` links, not
the same id); the second pass credits each occurrence of such a word with its associate too
(:meth:`aligner.align.score.FeatureCounts.associated`). Only word pairs inside a link are counted, so learning costs
time linear in the links.
"""

from __future__ import annotations

import numpy as np

from aligner.align.score import IntArray, SparseRows, row_entries
from aligner.align.search import best_per_key

#: A word and its associate must share at least this many links ...
MIN_LINKS = 2
#: ... and have a Dice coefficient ``2 * together / (links with the word + links with the associate)`` this high.
MIN_DICE = 0.5
#: Links whose word pairs are counted at a time (bounds the memory).
LINK_CHUNK = 1024


def learn_associations(words: SparseRows, other: SparseRows, rows: IntArray, other_rows: IntArray) -> dict[int, int]:
    """Word id of ``words`` -> the word id of ``other`` it is most associated with, over the linked segment pairs
    ``(rows[k], other_rows[k])`` (no entry where the best is tied or too weak)."""
    span = int(max(words.ids.max(initial=0), other.ids.max(initial=0))) + 1
    word_links = np.bincount(words.ids[row_entries(words.indptr, rows)], minlength=span)
    associate_links = np.bincount(other.ids[row_entries(other.indptr, other_rows)], minlength=span)
    found_keys, found_counts = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for start in range(0, len(rows), LINK_CHUNK):
        word, associate = _pairs(words, other, rows[start : start + LINK_CHUNK], other_rows[start : start + LINK_CHUNK])
        fewer = np.minimum(word_links[word], associate_links[associate])
        total = word_links[word] + associate_links[associate]
        # together at most `fewer` times: drop the pairs that could not reach the thresholds, to bound memory
        possible = (fewer >= MIN_LINKS) & (2.0 * fewer >= MIN_DICE * total) & (word != associate)
        keys, counts = np.unique(word[possible] * span + associate[possible], return_counts=True)
        found_keys.append(keys)
        found_counts.append(counts)
    keys, inverse = np.unique(np.concatenate(found_keys), return_inverse=True)
    together = np.bincount(inverse, weights=np.concatenate(found_counts), minlength=len(keys))
    word, associate = keys // span, keys % span
    dice = 2.0 * together / (word_links[word] + associate_links[associate])
    keep = (together >= MIN_LINKS) & (dice >= MIN_DICE)
    word, associate, dice = word[keep], associate[keep], dice[keep]
    best = best_per_key(word, dice)
    return dict(zip(word[best].tolist(), associate[best].tolist(), strict=True))


def _pairs(words: SparseRows, other: SparseRows, rows: IntArray, other_rows: IntArray) -> tuple[IntArray, IntArray]:
    """Every (word, other word) pair of every linked pair of segments: two arrays of the same length."""
    across = np.diff(other.indptr)[other_rows]
    sizes = np.diff(words.indptr)[rows] * across
    link = np.repeat(np.arange(len(rows)), sizes)
    offset = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)  # = here * across + there
    word = words.ids[words.indptr[rows][link] + offset // across[link]]
    associate = other.ids[other.indptr[other_rows][link] + offset % across[link]]
    return word, associate
