"""How alike two blocks of segments are: one calibrated score in [0, 1].

A *block* is one or more consecutive segments of one side (up to ``AlignOptions.max_merge``). The source side is
compared through whichever texts are in the pivot language (the pivot where ``pivot.side == "source"``, else the raw
text), the target side likewise, so both bags of words are in one language. The score of a pair of blocks is

    lexical = WORD_SHARE * cos_words + (1 - WORD_SHARE) * cos_chars
    s = min(1, lexical * (LENGTH_FLOOR + (1 - LENGTH_FLOOR) * p_length)
               + LENGTH_BONUS * p_length * min(1, lexical / LEXICAL_GATE))

* ``cos_words``: cosine of IDF-weighted bags of Snowball stems, function words left out and numbers kept as written
  (numbers, names and rare words are the anchors that almost never lie: IDF makes them weigh most);
* ``cos_chars``: cosine of IDF-weighted character 3-grams of the folded words, padded at word edges (chrF-like: it
  survives inflection, compounding, lowercased or tokenised MT and near-cognate names);
* ``p_length``: the Gale-Church two-sided probability of the length difference of the raw texts, with the expected
  ratio taken from the two documents' total lengths. A likely length adds a small bonus, but only to pairs that share
  some words: length alone never links two unrelated texts.

In the DP (:class:`BandScorer`) the lexical cosine of a bead is first turned into a *margin* (as Bertalign's):
each segment's competition is the mean of its MARGIN_NEIGHBOURS best 1-1 lexical cosines in the band, and the bead
loses MARGIN_WEIGHT times how far its blocks' competition lies above the document's average (gains if below). A
pair that stands out from what its segments share with everything else then beats a pair of segments with common
vocabulary that resemble many others. Whether a bead is allowed at all is still decided on the plain score, so the
margin never links two unrelated sentences only because neither has a better partner.

What the number means: 1 is the same content words at the expected length, 0 nothing in common. On the Text+Berg
dev document (tokenised, lowercased MT against the cased French), gold 1-1 pairs score 0.42 on median (10 % of them
below 0.20), all other pairs 0.03 on median (1 % of them above 0.20). The aligner links a pair once its score beats
the document's calibrated skip score (see ``aligner.align``).

A merge must not hide an omission next to an addition: at each end of a bead with at least two segments on both
sides, the edge segment of one side or the other must carry evidence of its own against the other side's block (a
shared content word or :data:`EDGE_EVIDENCE`), unless it is short (:data:`EDGE_MIN_LENGTH`); otherwise the bead is
an unrelated omitted segment and an unrelated added one riding on a neighbouring pair, which the merge bonus and the
skip costs saved can make cheaper than leaving them unlinked (:func:`ends_linked`, and the fourth part of
:meth:`BandScorer.scores`).

Cosines of blocks are computed from segment-level dot products (a block's vector is the sum of its segments'), so
only the 1-1 dot products in the search band are ever computed: for a chunk of rows, the segment vectors are
feature-hashed (signed, so collisions cancel on average) into dense arrays and multiplied. Blocks outside the DP's
bead types (a bead grown by a leftover segment) are scored one at a time by :func:`block_scores`.

The term counts behind the features are kept (:class:`FeatureCounts`), so that realign's second pass can weight
them again with learned word associations without reading the texts again.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, pairwise

import numpy as np
import numpy.typing as npt

from aligner.lang.tokens import fold, is_function_word, stem, tokenize

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
BeadArrays = dict[tuple[int, int], FloatArray]
"""One (rows, width) array per bead type ``(a, b)``."""
BeadFlags = dict[tuple[int, int], npt.NDArray[np.bool_]]
"""One (rows, width) boolean array per bead type ``(a, b)``."""

WORD_SHARE = 0.3
LENGTH_FLOOR = 0.5
CHAR_N = 3
#: Up to this much is added for a likely length ratio, scaled down below LEXICAL_GATE so length alone links nothing.
LENGTH_BONUS = 0.1
LEXICAL_GATE = 0.05
#: Gale-Church's variance of the length difference per character: about five times what the gold (and our own)
#: linked beads of the Text+Berg dev document measure (2.6), because the length term is a soft prior on a lexical
#: score, not a likelihood; Gale and Church's 6.8 cost short documents and loose literary translations (TransRead's
#: books measure 1.5-5) links whose length alone is off. 12-14 score the same (docs/benchmarks.md, round 10).
LENGTH_VARIANCE = 13.0
#: Hashed dimensions of the dense chunk arrays; the signed hash keeps collisions unbiased.
HASH_DIMENSIONS = 2048
#: Names (:attr:`SideFeatures.names`): a number, or a word capitalised in most of its occurrences inside a sentence
#: (not opening its segment nor following one of NAME_BEFORE), counted over the texts that have capitals at all. A
#: name is one on both sides, so the lowercased MT's "kato" matches "Kato"; "Time" in a title stays a common word.
NAME_BEFORE = frozenset('.!?:;«»"“”(')
#: Languages that capitalise every noun: there, case cannot tell a name from a noun, so only numbers are names.
NOUN_CAPITALISING = frozenset({"de", "lb"})
#: A capitalised word of at most this many letters before a full stop is an initial, not a sentence end.
INITIALS_CHARS = 2
#: Names and numbers shorter than this are list numbering or initials ("1.", "H."), not evidence.
MIN_NAME_CHARS = 2
#: Blocks whose word cosine reaches this share a content word (below it: at most a hash collision).
SHARED_WORD_COSINE = 0.01
#: A segment at the edge of a bead carries evidence of its own when it shares a content word with the other side's
#: block or its mixed lexical cosine with that block reaches EDGE_EVIDENCE (a name spelt two ways: "Kangchendzönga" /
#: "Kangchenjunga"); a sentence that shares only function words with the block stays below it (on Text+Berg dev,
#: 99 % of random segments against two random segments of the other side do). See :func:`ends_linked`.
EDGE_EVIDENCE = 0.2
#: ... and so does a segment shorter than this share of its side's mean length: it has too few words for sharing
#: none to mean much (on TransRead such short pairs, a line of verse, "I complied." / "Je m'exécutai.", "CHAPTER 2" /
#: "II", are translations the pivot does not link, not an omission next to an addition).
EDGE_MIN_LENGTH = 0.5
#: Margin scoring (Bertalign): each segment's *competition* is the mean of its MARGIN_NEIGHBOURS best 1-1 lexical
#: cosines in the band; a bead's lexical cosine loses MARGIN_WEIGHT times how far the mean of its two blocks'
#: competition (a block's: the largest of its segments') lies above the document's average (it gains if below).
MARGIN_NEIGHBOURS = 2
MARGIN_WEIGHT = 0.5


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
        return neighbour_dots(self, 0)

    def row_index(self) -> IntArray:
        """(nnz,): the row of every stored entry."""
        return _row_index(self.indptr)


def _row_index(indptr: IntArray) -> IntArray:
    return np.repeat(np.arange(len(indptr) - 1, dtype=np.int64), np.diff(indptr))


def row_entries(indptr: IntArray, which: IntArray) -> IntArray:
    """Positions of the stored entries of the rows ``which``, row after row (rows compressed by ``indptr``)."""
    return concatenated_ranges(indptr[which], indptr[which + 1] - indptr[which])


def concatenated_ranges(starts: IntArray, counts: IntArray) -> IntArray:
    """``starts[k] .. starts[k] + counts[k] - 1`` for every ``k``, one after the other, without a Python loop."""
    return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()), dtype=np.int64)


def _indptr(entry_rows: IntArray, rows: int) -> IntArray:
    """(rows + 1,): row pointers for entries sorted by row, given each entry's row."""
    indptr = np.zeros(rows + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(entry_rows, minlength=rows))
    return indptr


@dataclass(frozen=True)
class SideFeatures:
    """Both feature families of one side, the raw text lengths (characters) the length model uses, the anchor
    features (words plus pairs of consecutive words, which stay rare even where single words repeat a lot), and the
    names: the words that are numbers or proper names (see :data:`NAME_BEFORE`), weighted by their IDF alone, which
    :mod:`aligner.align.crossings` looks for on the wrong side of a bead boundary."""

    words: SparseRows
    chars: SparseRows
    lengths: npt.NDArray[np.float64]
    anchors: SparseRows
    names: SparseRows

    @cached_property
    def blank(self) -> npt.NDArray[np.bool_]:
        """(rows,): segments without a letter or digit (empty, rules, bullets, OCR debris): nothing to align them
        by, so they are never part of a linked bead."""
        return np.asarray(np.diff(self.chars.indptr) == 0)

    @cached_property
    def short(self) -> npt.NDArray[np.bool_]:
        """(rows,): segments shorter than :data:`EDGE_MIN_LENGTH` of the side's mean length."""
        return np.asarray(self.lengths < EDGE_MIN_LENGTH * max(float(self.lengths.mean()), 1.0))


@dataclass(frozen=True)
class Features:
    """Features of both sides over one shared vocabulary and IDF; ``length_ratio`` is target/source length."""

    source: SideFeatures
    target: SideFeatures
    length_ratio: float


def _word_key(token: str, lang: str) -> str | None:
    """What a word token counts as: its stem, a number's digits, nothing for a function word."""
    if token[0].isdigit():
        return "#" + "".join(c for c in token if c.isdigit())
    folded = fold(token).rstrip("'")
    return stem(folded, lang) if folded and not is_function_word(token, lang) else None


class _Extractor:
    """Turns texts into feature bags; caches per word, because words repeat far more than texts do."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.words: dict[str, int] = {}
        self.grams: dict[str, int] = {}
        self.pairs: dict[tuple[int, int], int] = {}
        #: Each word id's character n-gram ids, from the first form of the word met.
        self.word_grams: dict[int, tuple[int, ...]] = {}
        #: Per word: its capitalised minus its lowercase occurrences inside sentences (see :func:`_case_vote`).
        self.name_votes: dict[int, int] = {}
        self._word_cache: dict[str, tuple[int | None, tuple[int, ...]]] = {}

    def _word(self, token: str) -> tuple[int | None, tuple[int, ...]]:
        cached = self._word_cache.get(token)
        if cached is None:
            folded = fold(token).rstrip("'")
            key = _word_key(token, self.lang)
            word_id = self.words.setdefault(key, len(self.words)) if key else None
            padded = f" {folded} "
            grams = {padded[k : k + CHAR_N] for k in range(max(1, len(padded) - CHAR_N + 1))}
            cached = (word_id, tuple(self.grams.setdefault(g, len(self.grams)) for g in sorted(grams)))
            if word_id is not None:
                self.word_grams.setdefault(word_id, cached[1])
            self._word_cache[token] = cached
        return cached

    def bags(self, text: str) -> tuple[list[int], list[int], list[int]]:
        """The word ids, character n-gram ids and word-pair ids of ``text``, repeats kept; counts its name votes."""
        words: list[int] = []
        grams: list[int] = []
        # A lowercased text (tokenised MT), or one in a language that capitalises nouns, says nothing about names.
        cased = text != text.lower() and self.lang not in NOUN_CAPITALISING
        before = ["", "."]  # the two tokens before this one
        for token in tokenize(text):
            if token.text[0].isalnum():
                word_id, gram_ids = self._word(token.text)
                if word_id is not None:
                    words.append(word_id)
                    if cased or token.text[0].isdigit():
                        vote = _case_vote(token.text, *before)
                        self.name_votes[word_id] = self.name_votes.get(word_id, 0) + vote
                grams.extend(gram_ids)
            before = [before[1], token.text]
        pairs = [self.pairs.setdefault(pair, len(self.pairs)) for pair in pairwise(words)]
        return words, grams, pairs


def _case_vote(token: str, second_before: str, before: str) -> int:
    """Whether this occurrence says ``token`` is a name: 1 for a number or a capitalised word inside a sentence (or
    after initials: "Ch. Evans"), -1 for a lowercase word inside a sentence, 0 at a sentence start or when too short."""
    if sum(c.isalnum() for c in token) < MIN_NAME_CHARS:
        return 0
    if token[0].isdigit():
        return 1
    initials = before == "." and len(second_before) <= INITIALS_CHARS and second_before[:1].isupper()
    if before in NAME_BEFORE and not initials:
        return 0
    return 1 if token[0].isupper() else -1


@dataclass(frozen=True)
class _Counts:
    """Term counts by rows, before weighting: the same layout as :class:`SparseRows`."""

    indptr: IntArray
    ids: IntArray
    counts: npt.NDArray[np.float64]
    """Float: a word credited with a learned translation adds a fraction of an occurrence."""

    @classmethod
    def of(cls, bags: Sequence[Sequence[int]]) -> _Counts:
        sizes = [len(bag) for bag in bags]
        flat = np.fromiter(chain.from_iterable(bags), dtype=np.int64, count=sum(sizes))
        row = np.repeat(np.arange(len(bags), dtype=np.int64), sizes)
        span = int(flat.max(initial=0)) + 1
        keys, counts = np.unique(row * span + flat, return_counts=True)
        return cls._of_keys(len(bags), span, keys, counts)

    @classmethod
    def _of_keys(cls, rows: int, span: int, keys: IntArray, counts: npt.NDArray[np.integer]) -> _Counts:
        """From sorted unique keys ``row * span + id`` and their counts."""
        return cls(_indptr(keys // span, rows), keys % span, counts.astype(np.float64))

    def plus(self, row: IntArray, ids: IntArray, counts: npt.NDArray[np.floating]) -> _Counts:
        """These counts with ``counts[k]`` more of ``ids[k]`` in row ``row[k]``."""
        all_rows = np.concatenate([_row_index(self.indptr), row])
        all_ids = np.concatenate([self.ids, ids])
        span = int(all_ids.max(initial=0)) + 1
        keys, inverse = np.unique(all_rows * span + all_ids, return_inverse=True)
        summed = np.bincount(inverse, weights=np.concatenate([self.counts, counts]), minlength=len(keys))
        return self._of_keys(len(self.indptr) - 1, span, keys, summed)

    def weighted(self, idf: FloatArray) -> SparseRows:
        """Sublinear term frequency times IDF; a fraction of an occurrence counts as that fraction."""
        frequency = np.where(self.counts >= 1.0, 1.0 + np.log(np.maximum(self.counts, 1.0)), self.counts)
        weights = (frequency * idf[self.ids]).astype(np.float32)
        return SparseRows(self.indptr, self.ids, weights)

    def only(self, keep: npt.NDArray[np.bool_], idf: FloatArray) -> SparseRows:
        """The terms where ``keep[id]``, each weighted by its IDF alone."""
        kept = keep[self.ids]
        indptr = _indptr(_row_index(self.indptr)[kept], len(self.indptr) - 1)
        return SparseRows(indptr, self.ids[kept], idf[self.ids[kept]])


def _idf(source: _Counts, target: _Counts, vocabulary: int) -> FloatArray:
    """Smoothed IDF over the segments of both sides (ids are unique within a row, so counting ids counts rows)."""
    df = np.bincount(source.ids, minlength=vocabulary) + np.bincount(target.ids, minlength=vocabulary)
    documents = len(source.indptr) + len(target.indptr) - 2
    idf: FloatArray = (np.log((documents + 1) / (df + 1)) + 1.0).astype(np.float32)
    return idf


class FeatureCounts:
    """The term counts of both sides, whose texts must be in the same language ``lang``, before weighting.

    :meth:`features` weights them into :class:`Features`; :meth:`associated` does the same after crediting the words
    of one side with learned associates (:mod:`aligner.align.associations`): each occurrence of such a word also
    counts as an occurrence of its associate, or as the fraction of one its weight says (Model 1's translation
    probability), the associate's word id and character n-grams, and IDF is recomputed over the augmented counts.
    The anchor features (word pairs) and the names are never augmented. :meth:`credited` keeps such credit (a
    glossary's, :mod:`aligner.align.glossary`) in the counts themselves, under any that realign adds later.
    """

    def __init__(
        self,
        source_texts: Sequence[str],
        target_texts: Sequence[str],
        lang: str,
        source_lengths: Sequence[int],
        target_lengths: Sequence[int],
    ) -> None:
        extractor = _Extractor(lang)
        source_bags = [extractor.bags(t) for t in source_texts]
        target_bags = [extractor.bags(t) for t in target_texts]
        words = len(extractor.words)
        self.words = (_Counts.of([bag[0] for bag in source_bags]), _Counts.of([bag[0] for bag in target_bags]))
        self.chars = (_Counts.of([bag[1] for bag in source_bags]), _Counts.of([bag[1] for bag in target_bags]))
        anchors = [
            _Counts.of([bag[0] + [words + p for p in bag[2]] for bag in bags]) for bags in (source_bags, target_bags)
        ]
        anchor_idf = _idf(anchors[0], anchors[1], words + len(extractor.pairs))
        self.anchors = (anchors[0].weighted(anchor_idf), anchors[1].weighted(anchor_idf))
        self.vocabulary = (words, len(extractor.grams))
        self.lengths = (np.asarray(source_lengths, dtype=np.float64), np.asarray(target_lengths, dtype=np.float64))
        total_source, total_target = sum(source_lengths), sum(target_lengths)
        self.length_ratio = total_target / total_source if total_source and total_target else 1.0
        self._word_grams = extractor.word_grams
        self._lang, self._word_ids = lang, extractor.words
        names = np.zeros(words, dtype=bool)
        names[[word for word, votes in extractor.name_votes.items() if votes > 0]] = True
        name_idf = _idf(self.words[0], self.words[1], words)
        self.names = (self.words[0].only(names, name_idf), self.words[1].only(names, name_idf))

    def features(self) -> Features:
        """The IDF-weighted features (see the module docstring)."""
        idf_words = _idf(self.words[0], self.words[1], self.vocabulary[0])
        idf_chars = _idf(self.chars[0], self.chars[1], self.vocabulary[1])
        sides = [
            SideFeatures(
                self.words[k].weighted(idf_words),
                self.chars[k].weighted(idf_chars),
                self.lengths[k],
                self.anchors[k],
                self.names[k],
            )
            for k in (0, 1)
        ]
        return Features(sides[0], sides[1], self.length_ratio)

    def known_word(self, token: str) -> int | None:
        """The word id ``token`` counts as, if a text of either side holds that word (else it cannot match)."""
        key = _word_key(token, self._lang)
        return self._word_ids.get(key) if key else None

    def associated(
        self, side: str, words: IntArray, associates: IntArray, weights: npt.NDArray[np.float64]
    ) -> Features:
        """The features with each occurrence of ``words[k]`` on ``side`` ("source" or "target") also counted as
        ``weights[k]`` of an occurrence of ``associates[k]`` (a word may have several)."""
        return self.credited(side, words, associates, weights).features()

    def credited(
        self, side: str, words: IntArray, associates: IntArray, weights: npt.NDArray[np.float64]
    ) -> FeatureCounts:
        """A copy of these counts with the credit :meth:`associated` describes."""
        index = 0 if side == "source" else 1
        order = np.argsort(words, kind="stable")
        words, associates, weights = words[order], associates[order], weights[order]
        counts = self.words[index]
        first = np.searchsorted(words, counts.ids, side="left")
        found = np.searchsorted(words, counts.ids, side="right") - first
        entry = concatenated_ranges(first, found)
        row, associate = np.repeat(_row_index(counts.indptr), found), associates[entry]
        count = np.repeat(counts.counts, found) * weights[entry]
        grams = _Counts.of([self._word_grams[w] for w in range(self.vocabulary[0])])
        sizes = np.diff(grams.indptr)[associate]
        gram_ids = grams.ids[row_entries(grams.indptr, associate)]
        new_words, new_chars = list(self.words), list(self.chars)
        new_words[index] = counts.plus(row, associate, count)
        new_chars[index] = self.chars[index].plus(np.repeat(row, sizes), gram_ids, np.repeat(count, sizes))
        result = copy.copy(self)
        result.words, result.chars = (new_words[0], new_words[1]), (new_chars[0], new_chars[1])
        return result


def extract_features(
    source_texts: Sequence[str],
    target_texts: Sequence[str],
    lang: str,
    source_lengths: Sequence[int],
    target_lengths: Sequence[int],
) -> Features:
    """Feature vectors of both sides, whose texts must be in the same language ``lang``."""
    return FeatureCounts(source_texts, target_texts, lang, source_lengths, target_lengths).features()


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
    source: SparseRows, target: SparseRows, lo: IntArray, width: int, start: int, stop: int, chunk: int = 256
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
        products = hashed(source, np.arange(r0 - 1, r1 - 1)) @ hashed(target, np.arange(c0, c1)).T
        inside = (columns >= c0) & (columns < c1)
        rows = np.arange(r1 - r0)[:, None]
        out[r0 - start : r1 - start] = np.where(inside, products[rows, np.clip(columns - c0, 0, c1 - c0 - 1)], 0.0)
    return out


def length_probability(
    source_length: npt.NDArray[np.float64], target_length: npt.NDArray[np.float64], ratio: float
) -> npt.NDArray[np.float64]:
    """Gale-Church: two-sided probability that blocks of these lengths translate each other."""
    mean = (source_length + target_length / ratio) / 2.0
    delta = np.abs(target_length - source_length * ratio) / np.sqrt(np.maximum(mean, 1.0) * LENGTH_VARIANCE)
    return _erfc(delta / math.sqrt(2.0))


def _erfc(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Complementary error function for x >= 0 (Abramowitz & Stegun 7.1.26, error below 1.5e-7)."""
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return np.asarray(poly * np.exp(-x * x), dtype=np.float64)


def combine(
    cos_words: npt.NDArray[np.float64], cos_chars: npt.NDArray[np.float64], p_length: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """The calibrated score from its three parts (see the module docstring)."""
    lexical = WORD_SHARE * np.clip(cos_words, 0.0, 1.0) + (1.0 - WORD_SHARE) * np.clip(cos_chars, 0.0, 1.0)
    return combine_lexical(lexical, p_length)


def combine_lexical(lexical: npt.NDArray[np.float64], p_length: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The score from the mixed lexical cosine and the length probability."""
    bonus = LENGTH_BONUS * p_length * np.minimum(1.0, lexical / LEXICAL_GATE)
    score = lexical * (LENGTH_FLOOR + (1.0 - LENGTH_FLOOR) * p_length) + bonus
    return np.asarray(np.minimum(1.0, score), dtype=np.float64)


def cross_scores(features: Features, source_ids: IntArray, target_ids: IntArray) -> npt.NDArray[np.float64]:
    """(len(source_ids), len(target_ids)): 1-1 scores of every pair from the two lists, for pairs outside the band."""
    return cross_components(features, source_ids, target_ids)[0]


def cross_components(
    features: Features, source_ids: IntArray, target_ids: IntArray
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """:func:`cross_scores` and, pair by pair, whether the two segments share a content word."""
    cosines = []
    for family in ("words", "chars"):
        x: SparseRows = getattr(features.source, family)
        y: SparseRows = getattr(features.target, family)
        dots = (hashed(x, source_ids) @ hashed(y, target_ids).T).astype(np.float64)
        norms = np.outer(x.squared_norms[source_ids], y.squared_norms[target_ids])
        cosines.append(np.divide(dots, np.sqrt(norms), out=np.zeros_like(dots), where=norms > 0))
    p_length = length_probability(
        features.source.lengths[source_ids][:, None],
        features.target.lengths[target_ids][None, :],
        features.length_ratio,
    )
    return combine(cosines[0], cosines[1], p_length), cosines[0] >= SHARED_WORD_COSINE


def _block_cosines(features: Features, source_ids: Sequence[int], target_ids: Sequence[int]) -> tuple[float, float]:
    """``(word cosine, mixed lexical cosine)`` of one block pair of any size."""
    sources, targets = np.asarray(source_ids, dtype=np.int64), np.asarray(target_ids, dtype=np.int64)
    cosines = []
    for family in ("words", "chars"):
        x = hashed(getattr(features.source, family), sources).sum(axis=0, dtype=np.float64)
        y = hashed(getattr(features.target, family), targets).sum(axis=0, dtype=np.float64)
        norm = float(np.linalg.norm(x) * np.linalg.norm(y))
        cosines.append(min(1.0, max(0.0, float(x @ y) / norm)) if norm > 0 else 0.0)
    return cosines[0], WORD_SHARE * cosines[0] + (1.0 - WORD_SHARE) * cosines[1]


def block_scores(features: Features, source_ids: Sequence[int], target_ids: Sequence[int]) -> tuple[float, float]:
    """``(lexical, score)`` of one block pair of any size: the mixed lexical cosine and the calibrated score."""
    sources, targets = np.asarray(source_ids, dtype=np.int64), np.asarray(target_ids, dtype=np.int64)
    lexical = _block_cosines(features, source_ids, target_ids)[1]
    p_length = length_probability(
        np.array([features.source.lengths[sources].sum()]),
        np.array([features.target.lengths[targets].sum()]),
        features.length_ratio,
    )
    return lexical, float(combine_lexical(np.array([lexical]), p_length)[0])


def ends_linked(features: Features, source_ids: Sequence[int], target_ids: Sequence[int]) -> bool:
    """Whether at each end of the bead the edge segment of one side or the other carries evidence of its own against
    the other side's block (:data:`EDGE_EVIDENCE`, :data:`EDGE_MIN_LENGTH`); always true when a side has a single
    segment."""
    if len(source_ids) < 2 or len(target_ids) < 2:
        return True
    edges = [
        _block_cosines(features, *pair)
        for end in (0, -1)
        for pair in (([source_ids[end]], target_ids), (source_ids, [target_ids[end]]))
    ]
    evidence = _carries_evidence(np.array([w for w, _ in edges]), np.array([lexical for _, lexical in edges]))
    evidence |= np.array(
        [
            side.short[ids[end]]
            for end in (0, -1)
            for side, ids in ((features.source, source_ids), (features.target, target_ids))
        ]
    )
    return bool(_both_ends(evidence))


def _carries_evidence(cos_words: npt.NDArray[np.float64], lexical: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Element-wise: a shared content word, or a lexical cosine of at least :data:`EDGE_EVIDENCE`."""
    return np.asarray((cos_words >= SHARED_WORD_COSINE) | (lexical >= EDGE_EVIDENCE))


def _both_ends(evidence: Sequence[npt.NDArray[np.bool_]] | npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """The rule on the evidence of a bead's first source, first target, last source and last target segment: at
    each end, one of the two edge segments carries some."""
    return np.asarray((evidence[0] | evidence[1]) & (evidence[2] | evidence[3]))


class BandScorer:
    """Scores of every allowed bead in the band, a range of grid rows at a time, so memory stays bounded.

    ``scores(start, stop)[0][(a, b)][r, k]`` scores source segments ``i - a .. i - 1`` against target segments
    ``j - b .. j - 1``, for grid row ``i = start + r`` and column ``j = lo[i] + k``; ``-1`` where the bead does not
    fit in the documents.
    """

    def __init__(self, features: Features, lo: IntArray, width: int, bead_types: Sequence[tuple[int, int]]) -> None:
        self.features, self.lo, self.width, self.bead_types = features, lo, width, list(bead_types)
        self.longest = max(max(a, b) for a, b in bead_types)
        self.norms: dict[str, tuple[list[npt.NDArray[np.float64]], list[npt.NDArray[np.float64]]]] = {}
        for family in ("words", "chars"):
            x_neighbours = [neighbour_dots(getattr(features.source, family), d) for d in range(self.longest)]
            y_neighbours = [neighbour_dots(getattr(features.target, family), d) for d in range(self.longest)]
            self.norms[family] = (
                [_block_sums(x_neighbours, a) for a in range(self.longest + 1)],
                [_block_sums(y_neighbours, b) for b in range(self.longest + 1)],
            )
        #: The 1-1 dot products of the whole band, per family, computed once: the margin's pass and the DP's chunks
        #: both read them ((n + 1) x width float32 each, as much as the DP's own back-pointers).
        self.dots = {
            family: band_dots(getattr(features.source, family), getattr(features.target, family), lo, width, 0, len(lo))
            for family in ("words", "chars")
        }
        self.source_lengths = [window_sums(features.source.lengths, a) for a in range(self.longest + 1)]
        self.target_lengths = [window_sums(features.target.lengths, b) for b in range(self.longest + 1)]
        source_neighbours, target_neighbours = self._neighbour_means()
        self.average_neighbours = float((source_neighbours.mean() + target_neighbours.mean()) / 2.0)
        self.source_neighbours = [_window_max(source_neighbours, a) for a in range(self.longest + 1)]
        self.target_neighbours = [_window_max(target_neighbours, b) for b in range(self.longest + 1)]

    def _neighbour_means(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """(n,), (m,): the mean of each segment's MARGIN_NEIGHBOURS best 1-1 lexical cosines in the band (missing
        ones count 0); one extra pass over the band, a chunk of rows at a time, so memory stays bounded."""
        n, m, k = self.features.source.words.rows, self.features.target.words.rows, MARGIN_NEIGHBOURS
        source_best = np.zeros(n + 1)
        target_best = np.full((m + 1, k), -np.inf)
        for start in range(1, n + 1, 1024):
            stop = min(n + 1, start + 1024)
            lexical, _, _ = self._lexical(start, stop, [(1, 1)])
            columns = self.lo[start:stop, None] + np.arange(self.width, dtype=np.int64)[None, :]
            inside = (columns >= 1) & (columns <= m)
            values = np.where(inside, lexical[(1, 1)], -np.inf)
            top = -np.sort(-values, axis=1)[:, :k]
            source_best[start:stop] = np.where(np.isfinite(top), top, 0.0).sum(axis=1) / k
            keys, cells = columns[inside], values[inside]
            order = np.lexsort((-cells, keys))
            keys, cells = keys[order], cells[order]
            rank = np.arange(len(keys)) - np.searchsorted(keys, keys, side="left")
            first, last = int(keys.min(initial=m)), int(keys.max(initial=0)) + 1
            chunk_best = np.full((max(last - first, 0), k), -np.inf)
            keep = rank < k
            chunk_best[keys[keep] - first, rank[keep]] = cells[keep]
            merged = np.concatenate([target_best[first:last], chunk_best], axis=1)
            target_best[first:last] = -np.sort(-merged, axis=1)[:, :k]
        target_means = np.where(np.isfinite(target_best), target_best, 0.0).sum(axis=1) / k
        return source_best[1:], target_means[1:]

    def scores(self, start: int, stop: int) -> tuple[BeadArrays, BeadArrays, BeadFlags, BeadFlags]:
        """The margin scores of each bead type, the plain scores, whether its blocks share a content word, and, for
        the types with at least two segments a side, whether both its ends are linked (see :func:`ends_linked`)."""
        m = self.features.target.words.rows
        rows = np.arange(start, stop, dtype=np.int64)
        columns = self.lo[start:stop, None] + np.arange(self.width, dtype=np.int64)[None, :]
        safe_columns = np.clip(columns, 0, m)
        lexical, shares_words, linked_ends = self._lexical(start, stop, self.bead_types)
        scores, plain = {}, {}
        for a, b in self.bead_types:
            neighbours = (self.source_neighbours[a][rows][:, None] + self.target_neighbours[b][safe_columns]) / 2.0
            margin = lexical[(a, b)] - MARGIN_WEIGHT * (neighbours - self.average_neighbours)
            p_length = length_probability(
                self.source_lengths[a][rows][:, None], self.target_lengths[b][safe_columns], self.features.length_ratio
            )
            fits = (rows[:, None] >= a) & (columns >= b) & (columns <= m)
            score = combine_lexical(np.clip(margin, 0.0, 1.0), p_length)
            scores[(a, b)] = np.where(fits, score, -1.0).astype(np.float32)
            plain[(a, b)] = np.where(fits, combine_lexical(lexical[(a, b)], p_length), -1.0).astype(np.float32)
        return scores, plain, shares_words, linked_ends

    def _lexical(
        self, start: int, stop: int, bead_types: Sequence[tuple[int, int]]
    ) -> tuple[dict[tuple[int, int], npt.NDArray[np.float64]], BeadFlags, BeadFlags]:
        """The mixed lexical cosine of each bead type, whether its blocks share a content word, and whether both
        ends of a type with at least two segments a side are linked."""
        m = self.features.target.words.rows
        longest = max(max(a, b) for a, b in bead_types)
        first = max(start - (longest - 1), 0)  # earlier rows that merges ending in this range reach back to
        rows = np.arange(start, stop, dtype=np.int64)
        columns = self.lo[start:stop, None] + np.arange(self.width, dtype=np.int64)[None, :]
        safe_columns = np.clip(columns, 0, m)
        lexical = {t: np.zeros((stop - start, self.width)) for t in bead_types}
        shares_words = {}
        # per type with two or more segments a side: its four edge segments' cosines (see _edge_cosines)
        edge_words: dict[tuple[int, int], list[npt.NDArray[np.float64]]] = {}
        edge_lexical = {t: [np.zeros((stop - start, self.width)) for _ in range(4)] for t in bead_types if min(t) >= 2}
        for family, share in (("words", WORD_SHARE), ("chars", 1.0 - WORD_SHARE)):
            dots = self.dots[family][first:stop]
            shifted = {
                (p, q): _shifted(dots, self.lo[first:stop], p, q)[start - first :]
                for p in range(longest)
                for q in range(longest)
            }
            x_norms, y_norms = self.norms[family]
            for a, b in bead_types:
                dot = sum((shifted[(p, q)] for p in range(a) for q in range(b)), np.zeros((stop - start, self.width)))
                norm = x_norms[a][rows][:, None] * y_norms[b][safe_columns]
                cosine = np.divide(dot, np.sqrt(norm), out=np.zeros_like(dot), where=norm > 0)
                lexical[(a, b)] += share * np.clip(cosine, 0.0, 1.0)
                if family == "words":
                    shares_words[(a, b)] = cosine >= SHARED_WORD_COSINE
                if (a, b) in edge_lexical:
                    edges = self._edge_cosines(shifted, family, a, b, rows, safe_columns)
                    for total, edge in zip(edge_lexical[(a, b)], edges, strict=True):
                        total += share * edge
                    if family == "words":
                        edge_words[(a, b)] = edges
        # short[e]: whether segment e - 1 is short, for a grid row or column e (the first edge lies a - 1, b - 1 back)
        short_source = np.concatenate(([True], self.features.source.short))
        short_target = np.concatenate(([True], self.features.target.short))
        linked_ends = {}
        for (a, b), lexical_edges in edge_lexical.items():
            shorts = [
                short_source[np.maximum(rows - (a - 1), 0)][:, None],
                short_target[np.maximum(safe_columns - (b - 1), 0)],
                short_source[rows][:, None],
                short_target[safe_columns],
            ]
            evidence = [
                _carries_evidence(w, x) | short
                for w, x, short in zip(edge_words[(a, b)], lexical_edges, shorts, strict=True)
            ]
            linked_ends[(a, b)] = _both_ends(evidence)
        return lexical, shares_words, linked_ends

    def _edge_cosines(
        self,
        shifted: Mapping[tuple[int, int], npt.NDArray[np.float64]],
        family: str,
        a: int,
        b: int,
        rows: IntArray,
        columns: IntArray,
    ) -> list[npt.NDArray[np.float64]]:
        """For the a-b bead ending at each cell, the clipped ``family`` cosines of its first source segment with its
        target block, its first target segment with its source block, then the same for its last segments: the
        row and column sums of the per-pair dots already shifted into place, over one segment's norm."""
        x_norms, y_norms = self.norms[family]
        shape = (len(rows), self.width)
        edges = []
        for p, q in ((a - 1, b - 1), (0, 0)):  # the first segments lie a - 1 and b - 1 before the last ones
            source_dot = sum((shifted[(p, k)] for k in range(b)), np.zeros(shape))
            source_norm = x_norms[1][np.maximum(rows - p, 0)][:, None] * y_norms[b][columns]
            target_dot = sum((shifted[(k, q)] for k in range(a)), np.zeros(shape))
            target_norm = x_norms[a][rows][:, None] * y_norms[1][np.maximum(columns - q, 0)]
            for dot, norm in ((source_dot, source_norm), (target_dot, target_norm)):
                cosine = np.divide(dot, np.sqrt(norm), out=np.zeros_like(dot), where=norm > 0)
                edges.append(np.clip(cosine, 0.0, 1.0))
        return edges


def _shifted(grid: FloatArray, lo: IntArray, p: int, q: int) -> npt.NDArray[np.float64]:
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


def _window_max(values: npt.NDArray[np.float64], size: int) -> npt.NDArray[np.float64]:
    """(len + 1,): ``out[e]`` is the largest of ``values[e - size:e]`` (0 where ``e < size`` or ``size == 0``)."""
    out = np.zeros(len(values) + 1)
    if size == 0 or size > len(values):
        return out
    windows = np.lib.stride_tricks.sliding_window_view(values, size)
    out[size:] = windows.max(axis=1)
    return out


def _block_sums(neighbours: list[npt.NDArray[np.float64]], size: int) -> npt.NDArray[np.float64]:
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
