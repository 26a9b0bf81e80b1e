"""The align stage: turn two segment lists and a pivot into links that cover every segment exactly once.

Steps:

1. score blocks of segments in the pivot language (:mod:`aligner.align.score`);
2. pick a band through confident anchors (:mod:`aligner.align.search`) and find the cheapest monotone path of beads
   in it (:mod:`aligner.align.dp`);
3. *realign* (``AlignOptions.realign``, as hunalign's): when the path has at least :data:`MIN_REALIGN_LINKS` 1-1
   links, learn from them which word of the other side each word of the pivot side keeps meeting (where the pivot
   matches few words, as with no pivot at all: an IBM Model 1 translation table fitted on all linked beads;
   :mod:`aligner.align.associations`), credit the pivot side's words with those associates, and find the path
   again, in a band of :data:`REALIGN_BAND` cells either side of the first path (its linked beads are the anchors),
   so the second pass corrects the first locally and costs less (no text is read again); when the first pass's
   linked beads give a length ratio more than :data:`MAX_RATIO_SKEW` away from the documents' total lengths (a
   block of untranslated text skews the total, most in a short document), the second pass takes theirs (measured
   with the encoder, one pass -> realign: Text+Berg dev 0.901 -> 0.905 with no MT, 0.924 unchanged with the supplied
   MT; TransRead 0.915 -> 0.917);
4. attach unlinked segments to the neighbouring bead whose words they share (:mod:`aligner.align.leftovers`);
5. merge neighbouring beads that a rare name or number crosses (:mod:`aligner.align.crossings`);
6. join the rest of a parenthesis that one side's bead boundary cuts to the bead before it
   (:mod:`aligner.align.brackets`);
7. with an encoder, re-cut the boundary between neighbouring beads where the embeddings of the joined texts place
   a sentence on the other side of it (:mod:`aligner.align.recut`);
8. pair the remaining omissions and additions across the document as moves (:mod:`aligner.align.moves`).

What realign did is recorded in the run settings (``align_realign``: how many associations (or Model 1
translations) from how many links, the share of words the pivot already matched, the band width and any length
ratio taken from the links; or why there was no second pass).

Costs (as Bertalign's second pass, the path maximises the summed scores of its beads): a bead of ``a`` source and
``b`` target segments with margin score ``s`` (:mod:`aligner.align.score`) costs ``bead_cost - s + merge_penalty *
(a + b - 2)``, so a merge wins only when the merged text scores better than the beads it replaces; leaving a segment
unlinked costs ``skip_cost`` times its length relative to its side's mean (nothing for an empty segment). A bead
whose plain score (without the margin) is below ``skip_score`` is not allowed at all: ``skip_score`` is calibrated
per document, as Vecalign's deletion knob is, as the ``skip_quantile`` of the scores of random pairs far off the
diagonal (almost surely not translations), kept within [:data:`MIN_SKIP_SCORE`, :data:`MAX_SKIP_SCORE`]; the value
used is recorded in the run settings. A bead whose blocks share no content word needs the higher ``word_free_score``
(calibrated the same way over such pairs), so an unrelated omitted sentence next to an unrelated added one stays a
1-0 plus a 0-1 rather than a 1-1 held together by shared function words. For the same reason a bead with at least
two segments on each side is not allowed when, at one of its ends, neither edge segment carries evidence of its own
against the other side's block nor is short (:func:`aligner.align.score.ends_linked`): otherwise the merge bonus and
the skip costs saved let such a pair ride, hidden, on a weakly linked neighbouring pair as one 2-2 bead. Two texts
with no words in common come out as omissions and additions only; a blank segment (no letter or digit: rules,
bullets, OCR debris) is never part of a linked bead.

Links come in path order (document order on both sides); a moved link takes the place of its source segment. A
link's score is its bead's margin score. Confidence: for a linked bead, ``s / (s + s_alt)`` where ``s_alt`` is the
best 1-1 score any of its segments has with a segment outside the bead (0.5 means a rival is as good); for an
unlinked segment, ``t / (t + s_best)`` with ``t`` the skip score and ``s_best`` its best 1-1 score in the band; for
a move, ``s / (s + threshold)`` with the move threshold ``max(MIN_MOVE_SCORE, MOVE_FACTOR * skip_score)``.

Defaults were tuned on the Text+Berg dev document and the TransRead novels, never on Text+Berg test (see
docs/benchmarks.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from aligner.align.associations import MAX_SHARED_WORDS, learn_associations, learn_translations, shared_words
from aligner.align.band import BandScorer
from aligner.align.brackets import keep_brackets
from aligner.align.confidence import Rivals, skip_confidence
from aligner.align.crossings import merge_crossings
from aligner.align.dp import Bead, best_path
from aligner.align.embedding import Embeddings, embed
from aligner.align.glossary import Glossary
from aligner.align.leftovers import attach_leftovers
from aligner.align.moves import MAX_PAIRS, find_moves, find_swaps
from aligner.align.overlap import FeatureCounts
from aligner.align.recut import recut_pairs
from aligner.align.score import Features, cross_components, far_pairs
from aligner.align.search import Band, band_through, plan_band
from aligner.align.vectors import window_sums
from aligner.encode.base import Encoder
from aligner.model import Link, PivotText, Segment

MIN_SKIP_SCORE = 0.01
MAX_SKIP_SCORE = 0.3
#: Skip score for documents too short to sample off-diagonal pairs from.
DEFAULT_SKIP_SCORE = 0.05
#: A bead whose blocks share no content word (only character n-grams, mostly of function words) needs a score at
#: least the WORD_FREE_QUANTILE of such off-diagonal pairs (higher quantiles cost strict F1 on Text+Berg dev and
#: TransRead, whose weak pivots leave true pairs without a shared stem); DEFAULT_WORD_FREE_SCORE for short
#: documents, where two unrelated sentences sharing only function words score up to about 0.13.
WORD_FREE_QUANTILE = 0.8
DEFAULT_WORD_FREE_SCORE = 0.15
#: A leftover pair is a move when its score is at least this many times the skip score, and at least MIN_MOVE_SCORE.
MOVE_FACTOR = 3.0
MIN_MOVE_SCORE = 0.2
#: Realign (the second pass) needs at least this many 1-1 links in the first pass to learn word associations from.
MIN_REALIGN_LINKS = 20
#: The second pass searches this many cells either side of the first pass's path (plus half of each gap between
#: linked beads and the slope, as :func:`aligner.align.search.band_through` widens a band).
REALIGN_BAND = 4
#: The second pass expects the length ratio of the first pass's linked beads when the ratio of the documents' total
#: lengths is more than this far from it (in log terms): a block of unlinked text then skews the total. A smaller
#: skew stays: the length model absorbs it (Text+Berg dev: total 1.038, linked 1.021; TransRead's Emma: 0.767,
#: 0.795, where 0.03 cost 0.01 strict F1 with the length variance of rounds 1-9, 6.8; nothing with 13).
MAX_RATIO_SKEW = 0.04


@dataclass(frozen=True)
class AlignOptions:
    """Settings that change the alignment; recorded in the run settings."""

    max_merge: int = 4
    skip_quantile: float = 0.75
    bead_cost: float = -0.05
    merge_penalty: float = -0.03
    skip_cost: float = 0.02
    min_band: int = 8
    max_band: int = 200
    detect_moves: bool = True
    #: An unlinked segment joins a neighbouring bead whose lexical cosine it raises by more than this (None: never).
    attach_gain: float | None = 0.0
    #: A second pass with word associations learned from the first pass's links (:mod:`aligner.align.associations`).
    realign: bool = True
    #: Two neighbouring beads merge when a name found in at most this share of the segments crosses their boundary
    #: (None: never); on Text+Berg dev every share from 1 % to 2.2 % gives the same merges.
    crossing_share: float | None = 0.015
    #: Join the rest of a parenthesis that one side's bead boundary cuts to the bead before, when the other side's
    #: boundary does not cut it and its bead before holds a closing bracket.
    keep_brackets: bool = True
    #: Re-cut the boundary between neighbouring beads with embeddings of the joined texts (needs an encoder).
    recut: bool = True

    def bead_types(self) -> list[tuple[int, int]]:
        """Every a-b bead with a, b >= 1 and a + b <= max_merge + 1, plus 2-2; 1-1 first."""
        sizes = range(1, self.max_merge + 1)
        types = [(a, b) for a in sizes for b in sizes if a + b <= self.max_merge + 1 or a == b == 2]
        return sorted(types, key=lambda t: (t[0] + t[1], t))


@dataclass(frozen=True)
class Alignment:
    """The links in document order, plus the settings they were resolved with."""

    links: tuple[Link, ...]
    settings: tuple[tuple[str, str], ...] = ()


def compared_texts(
    source: tuple[Segment, ...], target: tuple[Segment, ...], pivot: PivotText
) -> tuple[list[str], list[str]]:
    """The texts in the pivot language: the pivot for its side, the raw text for the other."""
    pivots = [p.text for p in pivot.segments]
    if pivot.side == "source":
        return pivots, [s.text for s in target]
    return [s.text for s in source], pivots


def align_segments(
    source: tuple[Segment, ...],
    target: tuple[Segment, ...],
    pivot: PivotText,
    options: AlignOptions,
    glossary: Glossary | None = None,
    *,
    encoder: Encoder | None = None,
) -> Alignment:
    """Align ``source`` with ``target`` through ``pivot`` (see the module docstring), the source side's copied
    words credited with their translations in ``glossary`` where one is given."""
    n, m = len(source), len(target)
    settings: list[tuple[str, str]] = [("aligner", "overlap-dp"), ("align_merge", str(options.max_merge))]
    if not n or not m:
        links = [Link((i,), (), 0.0, 1.0, "omitted") for i in range(n)]
        links += [Link((), (j,), 0.0, 1.0, "added") for j in range(m)]
        return Alignment(tuple(links), tuple(settings))
    source_texts, target_texts = compared_texts(source, target, pivot)
    counts = FeatureCounts(
        source_texts, target_texts, pivot.lang, [len(s.text) for s in source], [len(t.text) for t in target]
    )
    if glossary is not None:
        counts = glossary.credit(counts, [s.text for s in source], source_texts)
    embeddings = embed(encoder, [s.text for s in source], [t.text for t in target]) if encoder else None
    features = embeddings.attach(counts.features()) if embeddings else counts.features()
    band = plan_band(counts.anchors[0], counts.anchors[1], options.min_band, options.max_band)
    first = _align_pass(features, band, options)
    final, realign_setting = (
        _realign(counts, pivot.side, first, options, embeddings) if options.realign else (first, "off")
    )
    features, links, skip_score = final.features, final.links, final.skip_score
    if options.attach_gain is not None:
        links = attach_leftovers(links, features, options.attach_gain)
    if options.crossing_share is not None:
        links = merge_crossings(links, features, options.crossing_share)
    if options.keep_brackets:
        links = keep_brackets(links, features, [s.text for s in source], [t.text for t in target])
    recut_setting = "off"
    if options.recut and encoder is not None:
        texts = [s.text for s in source], [t.text for t in target]
        links, recut = recut_pairs(links, features, encoder, *texts, options.max_merge + 1)
        recut_setting = f"{recut} pairs"
    settings += [
        ("align_skip_score", f"{skip_score:.4f}@q{options.skip_quantile}"),
        ("align_word_free_score", f"{final.word_free_score:.4f}@q{WORD_FREE_QUANTILE}"),
        ("align_costs", f"bead:{options.bead_cost}/merge:{options.merge_penalty}/skip:{options.skip_cost}"),
        ("align_band", "full" if band.full else f"{band.width}/anchors:{band.anchors}"),
        ("align_realign", realign_setting),
        ("align_attach", "off" if options.attach_gain is None else f"gain>{options.attach_gain}"),
        ("align_crossings", "off" if options.crossing_share is None else f"names<={options.crossing_share}"),
        ("align_brackets", "on" if options.keep_brackets else "off"),
        ("align_recut", recut_setting),
        ("align_embedding", embeddings.setting() if embeddings else "off"),
    ]
    if glossary is not None:
        settings.append(("align_glossary", f"{glossary.name}:{len(glossary.words)}"))
    if options.detect_moves:
        links, moves_setting = _with_moves(links, features, skip_score)
        settings.append(("align_moves", moves_setting))
    return Alignment(tuple(links), tuple(settings))


@dataclass(frozen=True)
class _Pass:
    """One DP pass: the features it scored, its links in path order and the skip scores it calibrated."""

    features: Features
    links: list[Link]
    skip_score: float
    word_free_score: float


def _align_pass(features: Features, band: Band, options: AlignOptions) -> _Pass:
    """Calibrate the skip scores on ``features`` and find the cheapest path of beads in ``band``."""
    skip_score, word_free_score = calibrate_skip_scores(features, options.skip_quantile)
    costs = _BandCosts(features, band, options, skip_score, word_free_score)
    beads, paid = best_path(
        costs,
        costs.bead_types,
        band.lo,
        band.width,
        options.skip_cost * _weights(features.source.lengths),
        options.skip_cost * _weights(features.target.lengths),
    )
    rivals = Rivals(costs.one_to_one, band)
    links = [_link(bead, cost, options, rivals, skip_score) for bead, cost in zip(beads, paid, strict=True)]
    return _Pass(features, links, skip_score, word_free_score)


def _realign(
    counts: FeatureCounts, side: str, first: _Pass, options: AlignOptions, embeddings: Embeddings | None
) -> tuple[_Pass, str]:
    """The second pass with word associations learned from the first pass's 1-1 links (for the words of the pivot
    ``side``; Model 1 translations learned from all its linked beads where the pivot matches few words), searched
    in a band of half-width ``REALIGN_BAND`` around the first path; the first pass when there are too few links or
    nothing is learned. Also says what happened, for the run settings."""
    pairs = np.array([(k.source[0], k.target[0]) for k in first.links if len(k.source) == len(k.target) == 1])
    if len(pairs) < MIN_REALIGN_LINKS:
        return first, f"too few links ({len(pairs)} < {MIN_REALIGN_LINKS})"
    sources, targets = pairs[:, 0].astype(np.int64), pairs[:, 1].astype(np.int64)
    words = (first.features.source.words, first.features.target.words)
    pivot_words, other_words = words if side == "source" else words[::-1]
    linked = [(k.source, k.target) if side == "source" else (k.target, k.source) for k in first.links]
    beads = [bead for bead in linked if bead[0] and bead[1]]
    shared = shared_words(pivot_words, other_words, beads)
    if shared < MAX_SHARED_WORDS:
        word, associate, weight = learn_translations(pivot_words, other_words, beads)
        learned = f"{len(word)} Model 1 translations from {len(beads)} beads"
    else:
        pivot_rows, other_rows = (sources, targets) if side == "source" else (targets, sources)
        dice = learn_associations(pivot_words, other_words, pivot_rows, other_rows)
        word, associate = np.array(list(dice), dtype=np.int64), np.array(list(dice.values()), dtype=np.int64)
        weight = np.ones(len(word))
        learned = f"{len(word)} associations from {len(pairs)} links"
    if not len(word):
        return first, f"none learned from {len(pairs)} links"
    path = [(k.source[-1], k.target[-1]) for k in first.links if k.source and k.target]
    n, m = len(first.features.source.lengths), len(first.features.target.lengths)
    band = band_through(path, n, m, REALIGN_BAND, options.max_band)
    features = counts.associated(side, word, associate, weight)
    if embeddings is not None:
        features = embeddings.attach(features)
    ratio = _linked_ratio(first)
    skewed = abs(math.log(ratio / features.length_ratio)) > MAX_RATIO_SKEW
    if skewed:
        features = replace(features, length_ratio=ratio)
    second = _align_pass(features, band, options)
    setting = f"{learned} (shared words {shared:.2f}), band {band.width}"
    return second, setting + (f", length ratio {ratio:.3f}" if skewed else "")


def _linked_ratio(first: _Pass) -> float:
    """Target over source length of the first pass's linked beads (realign runs only when there are some)."""
    source, target = first.features.source.lengths, first.features.target.lengths
    linked = [link for link in first.links if link.source and link.target]
    source_length = sum(float(source[i]) for link in linked for i in link.source)
    target_length = sum(float(target[j]) for link in linked for j in link.target)
    return target_length / source_length if source_length and target_length else first.features.length_ratio


class _BandCosts:
    """The DP's cost callback: bead scores of a range of rows turned into costs; keeps the 1-1 scores for confidences.

    A bead scoring below the skip score (the word-free score when its blocks share no content word), or holding a
    blank segment (no letter or digit), is not allowed (infinite cost).
    """

    def __init__(
        self, features: Features, band: Band, options: AlignOptions, skip_score: float, word_free_score: float
    ) -> None:
        self.bead_types = options.bead_types()
        self.scorer = BandScorer(features, band.lo, band.width, self.bead_types)
        self.options, self.skip_score, self.word_free_score, self.lo = options, skip_score, word_free_score, band.lo
        self.empty_source = features.source.blank.astype(np.float64)
        self.empty_target = features.target.blank.astype(np.float64)
        self.one_to_one = np.full((len(band.lo), band.width), -1.0, dtype=np.float32)

    def __call__(self, start: int, stop: int) -> dict[tuple[int, int], npt.NDArray[np.float32]]:
        scores, plain, shares_words, linked_ends = self.scorer.scores(start, stop)
        self.one_to_one[start:stop] = scores[(1, 1)]
        m = len(self.empty_target)
        columns = np.clip(self.lo[start:stop, None] + np.arange(self.one_to_one.shape[1])[None, :], 0, m)
        costs = {}
        for (a, b), score in scores.items():
            holds_empty = (window_sums(self.empty_source, a)[start:stop, None] > 0) | (
                window_sums(self.empty_target, b)[columns] > 0
            )
            enough = np.where(shares_words[(a, b)], self.skip_score, self.word_free_score)
            allowed = (plain[(a, b)] >= enough) & ~holds_empty
            if (a, b) in linked_ends:
                allowed &= linked_ends[(a, b)]
            cost = self.options.bead_cost - score + self.options.merge_penalty * (a + b - 2)
            costs[(a, b)] = np.where(allowed, cost, np.inf).astype(np.float32)
        return costs


def calibrate_skip_scores(features: Features, quantile: float) -> tuple[float, float]:
    """``(skip score, word-free score)``: the ``quantile`` of the scores of pairs far off the diagonal, and the
    :data:`WORD_FREE_QUANTILE` of those among them that share no content word (at least the skip score), clipped;
    fixed defaults for short documents."""
    rows, columns, far = far_pairs(features.source.words.rows, features.target.words.rows)
    scores, shares_words = cross_components(features, rows, columns)
    if far.sum() < 50:
        return DEFAULT_SKIP_SCORE, DEFAULT_WORD_FREE_SCORE
    skip_score = min(MAX_SKIP_SCORE, max(MIN_SKIP_SCORE, float(np.quantile(scores[far], quantile))))
    word_free = scores[far & ~shares_words]
    if len(word_free) < 50:
        return skip_score, max(skip_score, DEFAULT_WORD_FREE_SCORE)
    return skip_score, min(MAX_SKIP_SCORE, max(skip_score, float(np.quantile(word_free, WORD_FREE_QUANTILE))))


def _link(bead: Bead, cost: float, options: AlignOptions, rivals: Rivals, skip_score: float) -> Link:
    """The link for one bead; a bead's score is recovered from the cost the DP paid for it."""
    i0, i1, j0, j1 = bead
    sources, targets = tuple(range(i0, i1)), tuple(range(j0, j1))
    if not targets:
        return Link(sources, (), 0.0, skip_confidence(skip_score, rivals.best("source", i0)), "omitted")
    if not sources:
        return Link((), targets, 0.0, skip_confidence(skip_score, rivals.best("target", j0)), "added")
    extra = len(sources) + len(targets) - 2
    score = float(np.clip(options.bead_cost + options.merge_penalty * extra - cost, 0.0, 1.0))
    alternative = rivals.alternative(range(i0, i1), range(j0, j1))
    return Link(sources, targets, score, score / (score + alternative) if score > 0 else 0.0)


def _with_moves(links: list[Link], features: Features, skip_score: float) -> tuple[list[Link], str]:
    """Replace omitted/added pairs that translate each other with moved links at the source position, and split
    2-2 beads of two swapped neighbours into a moved link (the first source segment) and an aligned one."""
    threshold = max(MIN_MOVE_SCORE, MOVE_FACTOR * skip_score)
    swaps = {
        (i, j): (s_first, s_second)
        for i, j, s_first, s_second in find_swaps(
            features, [(k.source[0], k.target[0]) for k in links if len(k.source) == len(k.target) == 2], threshold
        )
    }
    empty_source, empty_target = features.source.lengths == 0, features.target.lengths == 0
    omitted = [link.source[0] for link in links if link.kind == "omitted" and not empty_source[link.source[0]]]
    added = [link.target[0] for link in links if link.kind == "added" and not empty_target[link.target[0]]]
    skipped = len(omitted) * len(added) > MAX_PAIRS
    moved_to = {} if skipped else {i: (j, s) for i, j, s in find_moves(features, omitted, added, threshold)}
    moved_targets = {j for j, _ in moved_to.values()}
    out: list[Link] = []
    for link in links:
        if link.kind == "omitted" and link.source[0] in moved_to:
            j, score = moved_to[link.source[0]]
            out.append(Link(link.source, (j,), score, score / (score + threshold), "moved"))
        elif (link.source[:1] + link.target[:1]) in swaps:
            (i, j), (s_first, s_second) = (link.source[0], link.target[0]), swaps[link.source[0], link.target[0]]
            out.append(Link((i,), (j + 1,), s_first, s_first / (s_first + threshold), "moved"))
            out.append(Link((i + 1,), (j,), s_second, s_second / (s_second + threshold)))
        elif not (link.kind == "added" and link.target[0] in moved_targets):
            out.append(link)
    return out, "skipped" if skipped else "on"


def _weights(lengths: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Per-segment skip weight: length relative to the side's mean, at least 0.2; empty segments weigh nothing."""
    mean = max(float(lengths.mean()), 1.0)
    return np.where(lengths > 0, np.maximum(lengths / mean, 0.2), 0.0)
