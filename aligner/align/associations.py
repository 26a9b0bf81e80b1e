"""Word associations learned from the document's own links, for a second pass (hunalign's *realign*).

The pivot leaves words untranslated or mistranslates them (a lexicon without the word, an MT that copies a German
compound, no pivot at all), so they never match the other side and the pairs that hold them lack evidence. The
document's own confident links know better: after a first pass, its 1-1 links are a small parallel corpus, and a
word of the pivot side that keeps appearing in links with one word of the other side is probably rendered by it.
:func:`learn_associations` finds, for each word id of the pivot side, the other side's word id it co-occurs with
most in those links (Dice coefficient at least :data:`MIN_DICE`, together in at least :data:`MIN_LINKS` links, not
the same id); the second pass credits each occurrence of such a word with its associate too
(:meth:`aligner.align.overlap.FeatureCounts.associated`). Only word pairs inside a link are counted, so learning costs
time linear in the links.

Where the pivot is weak or missing (TransRead's novels compared without a pivot: English against French as is), one
associate per word is too little: most words have no counterpart on the other side at all. There
(:func:`shared_words` below :data:`MAX_SHARED_WORDS`), :func:`learn_translations` fits IBM Model 1 (Brown et al.
1993; as Moore's 2002 aligner and hunalign learn their dictionaries) on all of the first pass's linked beads, and
each word is credited with each of its translations, weighted by the probability t(translation | word). With a good
pivot (Text+Berg's MT shares 0.30-0.58 of the words, against 0.08-0.15 with no pivot), the soft credit of many
words lifts every pair a little, and on Text+Berg dev it splits gold 2-2 beads and merges across hard stretches; the
single Dice associate stays there. Model 1 also costs time and memory linear in the word pairs of the linked beads.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from aligner.align.search import best_per_key
from aligner.align.vectors import IntArray, SparseRows, concatenated_ranges, row_entries

Beads = Sequence[tuple[Sequence[int], Sequence[int]]]
"""Linked beads: the segments of the pivot side and those of the other side, per bead."""

#: A word and its associate must share at least this many links ...
MIN_LINKS = 2
#: ... and have a Dice coefficient ``2 * together / (links with the word + links with the associate)`` this high.
MIN_DICE = 0.5
#: Links whose word pairs are counted at a time (bounds the memory).
LINK_CHUNK = 1024
#: Model 1 replaces Dice where fewer than this share of the other side's words in the linked beads are also on the
#: pivot side of their bead (TransRead with no pivot: 0.08-0.15; with the lexical pivot: 0.22-0.34; Text+Berg's MT:
#: 0.30-0.58, where Model 1 costs strict F1).
MAX_SHARED_WORDS = 0.2
#: Beads whose word pairs Model 1 expands at a time (bounds the memory).
BEAD_CHUNK = 1024
#: EM iterations of Model 1 (3 learn too little: TransRead with no pivot 0.827 against 0.839 after 5).
MODEL1_ITERATIONS = 5
#: A word is credited with the translations it has at least this probability for (0.05-0.2 all give 0.837-0.840).
MIN_TRANSLATION = 0.1


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
    here, there = _entry_pairs(
        words.indptr[rows], np.diff(words.indptr)[rows], other.indptr[other_rows], np.diff(other.indptr)[other_rows]
    )
    return words.ids[here], other.ids[there]


def shared_words(words: SparseRows, other: SparseRows, beads: Beads) -> float:
    """The share of the other side's words in ``beads`` (each word once per segment) that the pivot side of the
    same bead holds too: how much the pivot already matches."""
    span = int(max(words.ids.max(initial=0), other.ids.max(initial=0))) + 1
    pivot, linked = _bead_bags(words, beads, 0, span), _bead_bags(other, beads, 1, span)
    holds = np.isin(linked[0], pivot[0], assume_unique=True)
    return float(linked[1][holds].sum() / linked[1].sum()) if len(linked[1]) else 1.0


def learn_translations(
    words: SparseRows, other: SparseRows, beads: Beads
) -> tuple[IntArray, IntArray, npt.NDArray[np.float64]]:
    """IBM Model 1 fitted by EM on ``beads``: ``(word, translation, t)`` for every word id of ``words`` and each
    word id of ``other`` with t(translation | word) >= :data:`MIN_TRANSLATION`, except the word itself (which the
    pivot already matches; its pairs still take part in the fit, where they explain the other side's words)."""
    span = int(max(words.ids.max(initial=0), other.ids.max(initial=0))) + 1
    word_keys, word_counts = _bead_bags(words, beads, 0, span)
    other_keys, other_counts = _bead_bags(other, beads, 1, span)
    word_indptr = np.searchsorted(word_keys // span, np.arange(len(beads) + 1))
    other_indptr = np.searchsorted(other_keys // span, np.arange(len(beads) + 1))
    chunks = [(start, min(start + BEAD_CHUNK, len(beads))) for start in range(0, len(beads), BEAD_CHUNK)]

    def pairs(start: int, stop: int) -> tuple[IntArray, npt.NDArray[np.int32], npt.NDArray[np.int32]]:
        """The word pairs of beads ``start .. stop - 1``: each pair's key and the positions of its two entries."""
        here, there = _entry_pairs(
            word_indptr[start:stop],
            np.diff(word_indptr[start : stop + 1]),
            other_indptr[start:stop],
            np.diff(other_indptr[start : stop + 1]),
        )
        return (word_keys[here] % span) * span + other_keys[there] % span, here.astype(np.int32), there.astype(np.int32)

    parts = [pairs(*chunk) for chunk in chunks]  # one chunk's 64-bit temporaries at a time
    keys, here, there = (
        np.concatenate([np.zeros(0, dtype=dtype)] + [part[k] for part in parts])
        for k, dtype in enumerate((np.int64, np.int32, np.int32))
    )
    del parts
    pair_keys, inverse = np.unique(keys, return_inverse=True)
    pair = inverse.astype(np.int32)
    del keys, inverse
    word, translation = pair_keys // span, pair_keys % span
    t = np.ones(len(pair_keys))
    for _ in range(MODEL1_ITERATIONS):
        # E step: each occurrence of an other-side word is shared among its bead's words in proportion to t
        share = word_counts[here] * t[pair]
        explained = np.bincount(there, weights=share, minlength=len(other_keys))
        expected = np.bincount(pair, weights=other_counts[there] * share / explained[there], minlength=len(pair_keys))
        # M step: t(translation | word) = expected count of the pair / expected count of the word
        t = expected / np.bincount(word, weights=expected, minlength=span)[word]
    keep = (t >= MIN_TRANSLATION) & (word != translation)
    return word[keep], translation[keep], t[keep]


def _bead_bags(rows: SparseRows, beads: Beads, side: int, span: int) -> tuple[IntArray, IntArray]:
    """Sorted unique keys ``bead * span + word id`` of one side (0: pivot, 1: other) of ``beads``, and in how many
    of the bead's segments each word is."""
    segments = np.array([k for bead in beads for k in bead[side]], dtype=np.int64)
    bead_of = np.repeat(np.arange(len(beads), dtype=np.int64), [len(bead[side]) for bead in beads])
    keys = np.repeat(bead_of, np.diff(rows.indptr)[segments]) * span + rows.ids[row_entries(rows.indptr, segments)]
    unique, counts = np.unique(keys, return_counts=True)
    return unique, counts


def _entry_pairs(
    starts: IntArray, sizes: IntArray, other_starts: IntArray, other_sizes: IntArray
) -> tuple[IntArray, IntArray]:
    """Every pair of an entry of group ``k`` (``starts[k]``, ``sizes[k]`` entries on) and an entry of the other side's
    group ``k``: the positions of the two entries, two arrays of the same length."""
    counts = sizes * other_sizes
    group = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    offset = concatenated_ranges(np.zeros(len(counts), dtype=np.int64), counts)  # = here * other size + there
    return starts[group] + offset // other_sizes[group], other_starts[group] + offset % other_sizes[group]
