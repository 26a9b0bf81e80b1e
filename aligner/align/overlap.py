"""The word-overlap family: bags of words and character n-grams in the pivot language, IDF-weighted.

The source side is compared through whichever texts are in the pivot language (the pivot where ``pivot.side ==
"source"``, else the raw text), the target side likewise, so both bags are in one language:

* words: IDF-weighted bags of Snowball stems, function words left out and numbers kept as written (numbers, names
  and rare words are the anchors that almost never lie: IDF makes them weigh most);
* chars: IDF-weighted character 3-grams of the folded words, padded at word edges (chrF-like: it survives
  inflection, compounding, lowercased or tokenised MT and near-cognate names);
* anchors: words plus pairs of consecutive words, which stay rare even where single words repeat a lot
  (:mod:`aligner.align.search`);
* names: numbers and words capitalised inside sentences, for :mod:`aligner.align.crossings`.

The term counts are kept (:class:`FeatureCounts`), so that realign's second pass and a glossary can credit words
with learned associates without reading the texts again.

Measured beside the encoder (strict F1, embeddings alone -> with word overlap at half the content similarity):
Text+Berg dev 0.913 -> 0.924 with the supplied MT, 0.901 -> 0.905 with no MT (the identity pivot still matches
names, numbers and cognates); without the encoder it is the only content evidence (dev 0.921 with the MT).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, pairwise

import numpy as np
import numpy.typing as npt

from aligner.align.score import Features, SideFeatures
from aligner.align.vectors import (
    FloatArray,
    IntArray,
    SparseRows,
    concatenated_ranges,
    indptr_of,
    row_entries,
    row_index,
)
from aligner.lang.tokens import fold, is_function_word, stem, tokenize

CHAR_N = 3
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
        return cls(indptr_of(keys // span, rows), keys % span, counts.astype(np.float64))

    def plus(self, row: IntArray, ids: IntArray, counts: npt.NDArray[np.floating]) -> _Counts:
        """These counts with ``counts[k]`` more of ``ids[k]`` in row ``row[k]``."""
        all_rows = np.concatenate([row_index(self.indptr), row])
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
        indptr = indptr_of(row_index(self.indptr)[kept], len(self.indptr) - 1)
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
        row, associate = np.repeat(row_index(counts.indptr), found), associates[entry]
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
