"""Findings about whole segments: sentences missing or added (1-0 / 0-1 links), moved, untranslated, or of a
suspicious length.

Moves come from the aligner's ``moved`` links (when they do cross another link); an omitted sentence whose content
turns up as an added sentence elsewhere is also reported as one move rather than an omission plus an addition, and
an omitted and an added sentence in the same place that agree are diagnosed as a pair.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from aligner.diagnose.severity import make_finding, with_evidence
from aligner.diagnose.word_kinds import is_content
from aligner.diagnose.words import LinkWords, link_words
from aligner.lang.tokens import fold, function_words, tokenize
from aligner.model import Finding, Link, LinkKind, PivotText, Segment, Severity, Side, Span

#: An omitted and an added segment that agree at least this well (share of matched content weight) are one
#: sentence: moved when they stand in different places, a loosely translated pair when they share a gap.
MOVE_AGREEMENT = 0.4
#: Cosine of two sentences' embeddings from which they are one sentence moved (translations 0.6-0.9 with USE,
#: other sentences of one story mostly below 0.5).
MOVE_SIMILARITY = 0.6
#: An omitted and an added sentence at most this many segments apart (scaled to the source) stand in one place.
SAME_PLACE = 2
SUBSTITUTE_AGREEMENT = 0.25
#: How far (in segments) a sentence may have moved to be found by its words (its embedding finds it anywhere):
#: bounds the work on long documents.
MOVE_WINDOW = 60
#: A segment of a merged link with at least this many content words, of which at most this share (by weight)
#: found a counterpart, and at most half the share of its best sibling, is a whole sentence omitted or added;
#: the aligner's own 1-0 links are surer.
ORPHAN_MIN_WORDS = 3
ORPHAN_AGREEMENT = 0.4
ORPHAN_STRENGTH = 0.8
#: ... unless joining it to its link's other segments brings that side's embedding this much closer to the other
#: side's (cosine): the translator merged it into its neighbour, in words the pivot did not match; or closer at all,
#: where the segment alone is this near the other side (an unrelated sentence of the same story is mostly below
#: 0.3 and takes the joined text away from the other side).
ORPHAN_RENDERED_GAIN = 0.1
ORPHAN_RENDERED_COSINE = 0.4
#: Inside a merged link, a crossed pairing must agree this much better (sum of two agreements) to be a move.
SWAP_MARGIN = 0.3
#: Target/source length ratios outside this range are suspicious, for segments of at least ``LENGTH_MIN`` chars.
LENGTH_RANGE = (0.45, 2.2)
LENGTH_MIN = 40
LENGTH_STRENGTH = 0.55
#: A target segment with this many source-language function words (and no target ones) was left untranslated.
UNTRANSLATED_MIN_WORDS = 3
UNTRANSLATED_STRENGTH = 0.9


def _whole_severity(seg: Segment, lang: str) -> Severity:
    """A headline matters most; a fragment of two or three words is minor."""
    if seg.kind == "headline":
        return "critical"
    content = [t for t in tokenize(seg.text) if is_content(t, lang)]
    return "minor" if len(content) < 3 else "major"


def _label(seg: Segment) -> str:
    """How a message names the segment's kind: "Sentence" for body text, else the kind ("Headline", "Bullet")."""
    return "Sentence" if seg.kind == "body" else seg.kind.capitalize()


def _span(side: Side, seg: Segment) -> Span:
    return Span(side, seg.index, seg.start, seg.end)


def _moved(index: int, link: Link, source: Sequence[Segment], target: Sequence[Segment]) -> Finding:
    src, tgt = source[link.source[0]], target[link.target[0]]
    return make_finding(
        "other",
        "moved",
        "minor",
        index,
        (_span("source", src), _span("target", tgt)),
        f"{_label(src)} moved in the translation",
        1.0,
        score=link.score,
    )


@dataclass(frozen=True)
class Pairing:
    """An omitted source segment and an added target segment that say the same thing.

    ``moved`` when the pair crosses an aligned link (the sentence changed place); otherwise the two stand in the
    same gap and the aligner only kept them apart because they differ, so the pair is diagnosed like any other.
    ``link`` is the index of the omission's link, which findings about the pair refer to.
    """

    link: int
    pair: Link
    moved: bool


def crossing_test(links: Sequence[Link]) -> Callable[[int, int], bool]:
    """Whether a pair of a source and a target segment crosses an aligned link: one link starts before it on one
    side and not on the other. Answered in log time, since long documents ask it for every omitted and added pair."""
    aligned = sorted((min(link.source), min(link.target)) for link in links if link.source and link.target)
    starts = [s for s, _ in aligned]
    targets = [t for _, t in aligned]
    latest_before = list(accumulate(targets, max))  # the latest target start among links starting this early
    earliest_after = list(accumulate(reversed(targets), min))[::-1]

    def crosses(source: int, target: int) -> bool:
        before = bisect_left(starts, source)  # links starting before ``source``
        return (before > 0 and latest_before[before - 1] >= target) or (
            before < len(aligned) and earliest_after[before] < target
        )

    return crosses


def pair_unaligned(
    source: Sequence[Segment],
    target: Sequence[Segment],
    pivot: PivotText,
    links: Sequence[Link],
    langs: tuple[str, str],
    names: tuple[frozenset[str], frozenset[str]],
) -> list[Pairing]:
    """Pair omitted with added segments whose content agrees, best agreement first, each segment at most once."""
    omitted = [(i, s) for i, link in enumerate(links) if not link.target for s in link.source]
    added = [(j, t) for j, link in enumerate(links) if not link.source for t in link.target]
    candidates = []
    scale = len(source) / max(len(target), 1)
    crosses = crossing_test(links)
    for i, s in omitted:
        for j, t in added:
            if abs(s - t * scale) > MOVE_WINDOW:
                continue
            moved = crosses(s, t)
            agreement = link_words(i, Link((s,), (t,), 0.0, 0.0), source, target, pivot, langs, names).match_ratio()
            if agreement >= (MOVE_AGREEMENT if moved else SUBSTITUTE_AGREEMENT):
                candidates.append((agreement, i, s, j, t, moved))
    pairings: list[Pairing] = []
    used: set[tuple[str, int]] = set()
    for agreement, i, s, _j, t, moved in sorted(candidates, reverse=True):  # j only breaks ties
        if ("source", s) in used or ("target", t) in used:
            continue
        used.update((("source", s), ("target", t)))
        kind: LinkKind = "moved" if moved else "aligned"
        pairings.append(Pairing(i, Link((s,), (t,), agreement, agreement, kind), moved))
    return pairings


def segment_findings(
    source: Sequence[Segment],
    target: Sequence[Segment],
    links: Sequence[Link],
    pairings: Sequence[Pairing],
    langs: tuple[str, str],
) -> list[Finding]:
    """Omitted, added, moved, untranslated and length findings, one per segment or link."""
    findings = [_moved(p.link, p.pair, source, target) for p in pairings if p.moved]
    crosses = crossing_test(links)
    paired = {("source", p.pair.source[0]) for p in pairings} | {("target", p.pair.target[0]) for p in pairings}
    for i, link in enumerate(links):
        if link.source and link.target:
            if link.kind == "moved" and crosses(link.source[0], link.target[0]):
                findings.append(_moved(i, link, source, target))
            findings += _pair_findings(i, [source[s] for s in link.source], [target[t] for t in link.target], langs)
            continue
        findings += [
            with_evidence(whole_segment_finding("source", source[s], i, langs[0], 1.0), confidence=link.confidence)
            for s in link.source
            if ("source", s) not in paired
        ]
        findings += [
            with_evidence(whole_segment_finding("target", target[t], i, langs[1], 1.0), confidence=link.confidence)
            for t in link.target
            if ("target", t) not in paired
        ]
    return findings


def fold_moves(
    findings: Sequence[Finding],
    links: Sequence[Link],
    source: Sequence[Segment],
    target: Sequence[Segment],
    agreement: Callable[[int, int], float],
    likeness: Callable[[int, int], float] | None = None,
) -> list[Finding]:
    """An omitted and an added sentence that say the same thing and stand in different places become one move,
    however the aligner placed them (a 1-0 link, a segment left over in a neighbour's merged link, or a segment
    folded into a merged link elsewhere, on either side, whose findings are then dropped: they compared it with the
    wrong sentences): a reviewer should see one finding that points at both places, not an
    omission and an addition. They say the same thing when their words agree (:data:`MOVE_AGREEMENT`) or, with an
    encoder, their sentence embeddings do (``likeness``, :data:`MOVE_SIMILARITY`). Where they stand in the same
    place (no crossing) and the embeddings agree, the pair was faithful and the pivot missed it: neither is
    reported."""
    omitted: list[tuple[int, Finding | None]] = [
        (f.spans[0].segment, f) for f in findings if f.type == "omission" and f.subtype == "sentence"
    ]
    added: list[tuple[int, Finding | None]] = [
        (f.spans[0].segment, f) for f in findings if f.type == "addition" and f.subtype == "sentence"
    ]
    if likeness is not None:  # a sentence inside a merged link may be the moved one
        omitted += [(s, None) for link in links if len(link.source) > 1 and link.target for s in link.source]
        added += [(t, None) for link in links if len(link.target) > 1 and link.source for t in link.target]

    scale = len(source) / max(len(target), 1)
    link_of: dict[tuple[Side, int], int] = {("source", i): k for k, link in enumerate(links) for i in link.source}
    link_of.update((("target", j), k) for k, link in enumerate(links) for j in link.target)

    @cache
    def said_again(s: int, t: int) -> float:
        """How surely ``s`` and ``t`` are one sentence: 1 or more when their words agree :data:`MOVE_AGREEMENT` or
        their embeddings :data:`MOVE_SIMILARITY`. Words are compared within :data:`MOVE_WINDOW` only, as for
        :func:`pair_unaligned`: each comparison weighs both sentences' words, and a long document has thousands of
        pairs; the embeddings, a dot product, are asked everywhere."""
        words = agreement(s, t) / MOVE_AGREEMENT if abs(s - t * scale) <= MOVE_WINDOW else 0.0
        return max(words, likeness(s, t) / MOVE_SIMILARITY if likeness else 0.0)

    def spare(mine: int, theirs: int, side: Side) -> bool:
        """Sentence ``mine`` of ``side`` sits in a merged link that does not need it: the link's other sentences of
        that side already say its sentences of the other side (a headline and the lead sentence it sums up, merged
        with the other side's headline), or ``theirs`` says ``mine`` better than any of them does."""
        if likeness is None:
            return False
        own = links[link_of[side, mine]]
        mates, facing = (own.source, own.target) if side == "source" else (own.target, own.source)

        def like(a: int, b: int) -> float:
            return likeness(a, b) if side == "source" else likeness(b, a)

        others = [o for o in mates if o != mine]
        said = bool(others) and all(max(like(o, u) for o in others) >= MOVE_SIMILARITY for u in facing)
        return said or all(like(mine, u) < like(mine, theirs) for u in facing)

    def in_place(s: int, t: int) -> bool:
        """Next to each other, and the encoder says ``t`` translates ``s``: the pivot missed a faithful pair."""
        near = abs(s - t * scale) <= SAME_PLACE
        return near and likeness is not None and likeness(s, t) >= MOVE_SIMILARITY

    crosses = crossing_test(links)
    candidates = []
    for s, o in omitted:
        for t, a in added:
            if o is None and a is None:
                continue  # two merged links: the aligner kept every sentence, nothing was reported
            moved = crosses(s, t)
            same = said_again(s, t) >= 1 if moved else in_place(s, t)
            if same and (a or spare(t, s, "target")) and (o or (moved and spare(s, t, "source"))):
                candidates.append((said_again(s, t), s, t, o, a, moved))
    gone: set[int] = set()
    used_source: set[int] = set()
    used_target: set[int] = set()
    taken_out: set[tuple[Side, int]] = set()
    moves = []
    for _, s, t, o, a, moved in sorted(candidates, key=lambda c: c[:3], reverse=True):
        if s in used_source or t in used_target:
            continue
        gone.update(id(f) for f in (o, a) if f is not None)
        used_source.add(s)
        used_target.add(t)
        score = max(agreement(s, t), likeness(s, t) if likeness else 0.0)
        if moved:
            index = o.link if o else link_of["source", s]
            moves.append(_moved(index, Link((s,), (t,), score, score, "moved"), source, target))
            # what a moved sentence was found to lack in a merged link, it lacked against the wrong sentences
            if o is None:
                taken_out.add(("source", s))
            if a is None:
                taken_out.add(("target", t))
    return [
        f for f in findings if id(f) not in gone and not any((x.side, x.segment) in taken_out for x in f.spans)
    ] + moves


#: A whole sentence and a partial lead of the other side this many links apart or fewer may be one sentence the
#: aligner did not merge.
ABSORBED_LINKS = 2


def absorbed_sentences(
    findings: Sequence[Finding],
    partial: Sequence[Finding],
    quote: Callable[[Span], str],
    cosine: Callable[[str, str], float],
) -> tuple[list[Finding], list[Finding]]:
    """An omitted sentence whose meaning is a partial addition in a link nearby (or an added sentence and a partial
    omission) was translated inside a merged sentence the aligner kept apart: neither is reported. Their
    embeddings say so at :data:`MOVE_SIMILARITY`, as for a move."""
    gone: set[int] = set()
    by_link: dict[int, list[Finding]] = {}
    for lead in partial:
        by_link.setdefault(lead.link, []).append(lead)
    for whole in findings:
        if whole.subtype != "sentence" or whole.type not in ("omission", "addition"):
            continue
        other = "addition" if whole.type == "omission" else "omission"
        near = range(whole.link - ABSORBED_LINKS, whole.link + ABSORBED_LINKS + 1)
        for lead in (lead for link in near for lead in by_link.get(link, ())):
            if id(lead) in gone or lead.type != other:
                continue
            texts = quote(whole.spans[0]), quote(lead.spans[0])
            if cosine(*(texts if whole.type == "omission" else texts[::-1])) >= MOVE_SIMILARITY:
                gone.update((id(whole), id(lead)))
                break
    return [f for f in findings if id(f) not in gone], [f for f in partial if id(f) not in gone]


def whole_segment_finding(side: Side, seg: Segment, link: int, lang: str, strength: float) -> Finding:
    """A sentence (headline, bullet) omitted from the translation (source side) or added to it (target side)."""
    omitted = side == "source"
    return make_finding(
        "omission" if omitted else "addition",
        "sentence",
        _whole_severity(seg, lang),
        link,
        (_span(side, seg),),
        f"{_label(seg)} {'missing from the translation' if omitted else 'not in the original'}",
        strength,
    )


def orphan_segments(
    words: LinkWords,
    agreement: Callable[[int, int], float],
    cosine: Callable[[str, str], float] | None = None,
) -> list[tuple[Side, int]]:
    """Segments of a merged link (2-1, 2-2) that share nothing with the other side: omitted or added sentences
    the aligner folded into a neighbour's link. ``agreement(s, t)`` is how well source segment ``s`` and target
    segment ``t`` agree on their own: a weak source and a weak target segment that agree are a pair, not orphans;
    and where the encoder's ``cosine`` is given, a segment the other side renders by its meaning is none either
    (:data:`ORPHAN_RENDERED_GAIN`)."""
    orphans: list[tuple[Side, int]] = []
    sides: tuple[tuple[Side, tuple[Segment, ...]], ...] = (
        ("source", words.source_segments),
        ("target", words.target_segments),
    )
    for side, segments in sides:
        if len(segments) < 2:
            continue
        ratios = {}
        for seg in segments:
            own = [w for w in words.side(side) if w.segment == seg.index and w.weight]
            total = sum(w.weight for w in own)
            if len(own) >= ORPHAN_MIN_WORDS and total:
                ratios[seg.index] = sum(w.weight for w in own if w.matched) / total
        best = max(ratios.values(), default=0.0)
        orphans += [(side, i) for i, r in ratios.items() if r <= ORPHAN_AGREEMENT and r <= best / 2]
    paired = {
        orphan
        for s in [i for side, i in orphans if side == "source"]
        for t in [j for side, j in orphans if side == "target"]
        if agreement(s, t) >= SUBSTITUTE_AGREEMENT
        for orphan in (("source", s), ("target", t))
    }
    return [o for o in orphans if o not in paired and not (cosine and _rendered_by_meaning(o, words, cosine))]


def _rendered_by_meaning(orphan: tuple[Side, int], words: LinkWords, cosine: Callable[[str, str], float]) -> bool:
    """The orphan brings its side closer to the other (see :data:`ORPHAN_RENDERED_GAIN`)."""
    side, index = orphan
    theirs = " ".join(s.text for s in words.segments("target" if side == "source" else "source"))
    mine = words.segments(side)
    joined = " ".join(s.text for s in mine)
    gain = cosine(joined, theirs) - cosine(" ".join(s.text for s in mine if s.index != index), theirs)
    alone = next(s.text for s in mine if s.index == index)
    return gain >= ORPHAN_RENDERED_GAIN or (gain > 0 and cosine(alone, theirs) >= ORPHAN_RENDERED_COSINE)


def swapped_in_link(
    index: int, link: Link, source: Sequence[Segment], target: Sequence[Segment], agreement: Callable[[int, int], float]
) -> list[Finding]:
    """Moves hidden inside a merged link: two segments whose crossed pairing agrees clearly better than the
    in-order one. The move is reported on the segment that comes later in the source and earlier in the target."""
    findings = []
    for a, b in zip(link.source, link.source[1:], strict=False):
        for c, d in zip(link.target, link.target[1:], strict=False):
            straight, crossed = agreement(a, c) + agreement(b, d), agreement(a, d) + agreement(b, c)
            if crossed >= straight + SWAP_MARGIN:
                move = Link((b,), (c,), agreement(b, c), crossed / 2, "moved")
                findings.append(_moved(index, move, source, target))
    return findings


def _pair_findings(index: int, source: list[Segment], target: list[Segment], langs: tuple[str, str]) -> list[Finding]:
    """Untranslated text and suspicious length for one aligned pair."""
    findings = []
    source_chars, target_chars = sum(len(s.text) for s in source), sum(len(t.text) for t in target)
    spans = (*(_span("source", s) for s in source), *(_span("target", t) for t in target))
    if langs[0] != langs[1]:
        foreign = function_words(langs[0]) - function_words(langs[1])
        for seg in target:
            words = [fold(t.text) for t in tokenize(seg.text) if t.is_word]
            stray = [w for w in words if w in foreign]
            native = [w for w in words if w in function_words(langs[1]) and w not in function_words(langs[0])]
            if len(stray) >= UNTRANSLATED_MIN_WORDS and len(stray) > 2 * len(native):
                findings.append(
                    make_finding(
                        "untranslated",
                        "",
                        "major",
                        index,
                        (_span("target", seg),),
                        f"{_label(seg)} left in the original's language ({langs[0]})",
                        UNTRANSLATED_STRENGTH,
                        words=" ".join(stray[:6]),
                    )
                )
    if not findings and min(source_chars, target_chars) >= LENGTH_MIN:
        ratio = target_chars / source_chars
        if not LENGTH_RANGE[0] <= ratio <= LENGTH_RANGE[1]:
            findings.append(
                make_finding(
                    "length",
                    "",
                    "minor",
                    index,
                    spans,
                    f"Translation {ratio:.1f} times as long as the original",
                    LENGTH_STRENGTH,
                    ratio=ratio,
                )
            )
    return findings
