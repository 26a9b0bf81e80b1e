"""The diagnose stage: read the links and the pivot and say what a reviewer should look at, and where.

Detectors, each in its own module:

* :mod:`~aligner.diagnose.segments`: whole sentences omitted or added (1-0 / 0-1 links), moved, left
  untranslated, or of a suspicious length;
* :mod:`~aligner.diagnose.entities`, :mod:`~aligner.diagnose.titles` and :mod:`~aligner.diagnose.quantities`: names
  replaced, dropped or added, titles dropped before a name, numbers and dates changed, compared across the pair
  without trusting the pivot (what they share is in :mod:`~aligner.diagnose.mentions`);
* :mod:`~aligner.diagnose.partial`: content words inside an aligned pair with no counterpart on the other side,
  weighted by how informative they are (:mod:`~aligner.diagnose.words`);
* :mod:`~aligner.diagnose.semantic`: with a sentence encoder, partial findings are weighed again by how likely
  the pair differs (cosine against the document's level, with the pivot's score) and by occlusion;
* :mod:`~aligner.diagnose.contrastive`: with a neural model, partial findings are confirmed or dropped by
  contrastive token scoring.

:mod:`~aligner.diagnose.severity` turns ``sensitivity`` into the strength a finding needs to be reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from aligner.diagnose.contrastive import confirm
from aligner.diagnose.conventions import SAME_TITLE, DocumentNames, MeaningJudge, document_names, meaning_judge
from aligner.diagnose.entities import calendar_findings, demote_repeated_names, facing_name_side, name_findings
from aligner.diagnose.partial import (
    clause_finding,
    partial_findings,
    reweigh,
    strongest_of_overlapping,
    unmatched_phrases,
)
from aligner.diagnose.quantities import number_findings
from aligner.diagnose.segments import (
    ORPHAN_STRENGTH,
    absorbed_sentences,
    fold_moves,
    orphan_segments,
    pair_unaligned,
    segment_findings,
    swapped_in_link,
    whole_segment_finding,
)
from aligner.diagnose.semantic import SUPPORTED_CLAUSE_GAIN, DocumentSemantics, pivot_score
from aligner.diagnose.severity import check_sensitivity, strength, threshold, with_evidence
from aligner.diagnose.titles import demote_qualifiers, title_findings
from aligner.diagnose.word_kinds import known_names
from aligner.diagnose.words import LinkWords, link_words
from aligner.encode.base import Encoder
from aligner.model import Finding, Link, PivotText, Segment, Span
from aligner.translate.base import Translator


@dataclass(frozen=True)
class DiagnoseOptions:
    """``sensitivity`` in [0, 1]: higher reports weaker leads (more recall), lower only sure ones (precision)."""

    sensitivity: float = 0.5

    def __post_init__(self) -> None:
        check_sensitivity(self.sensitivity)


def diagnose(
    source: tuple[Segment, ...],
    target: tuple[Segment, ...],
    pivot: PivotText,
    links: tuple[Link, ...],
    options: DiagnoseOptions,
    *,
    langs: tuple[str, str] = ("en", "fr"),
    translator: Translator | None = None,
    encoder: Encoder | None = None,
) -> tuple[Finding, ...]:
    """All findings of one document pair at ``options.sensitivity``, in link order.

    ``langs`` are the source and target languages; ``translator``, when it has a model, confirms partial findings;
    ``encoder``, when it covers both languages, weighs them again (:mod:`~aligner.diagnose.semantic`).
    """
    if encoder is not None and not all(encoder.covers(lang) for lang in langs):
        encoder = None  # an encoder not trained on a language gives no evidence about it, for any detector
    names = (known_names(source, langs[0]), known_names(target, langs[1]))
    named = (document_names(source, langs[0]), document_names(target, langs[1]))
    judge, title_judge = meaning_judge(encoder), meaning_judge(encoder, SAME_TITLE)
    pairings = pair_unaligned(source, target, pivot, links, langs, names)
    findings = segment_findings(source, target, links, pairings, langs)
    partial: list[Finding] = []
    examined = {i: link for i, link in enumerate(links) if link.source and link.target}
    examined.update({p.link: p.pair for p in pairings})

    def agreement(s: int, t: int) -> float:
        return link_words(-1, Link((s,), (t,), 0.0, 0.0), source, target, pivot, langs, names).match_ratio()

    pivot_scores: dict[int, float] = {}
    words_of: dict[int, LinkWords] = {}
    for index, link in list(examined.items()):
        words = link_words(index, link, source, target, pivot, langs, names)
        while orphans := orphan_segments(words, agreement, encoder.cosine if encoder else None):
            findings += [
                whole_segment_finding(
                    side,
                    (source if side == "source" else target)[i],
                    index,
                    langs[0 if side == "source" else 1],
                    ORPHAN_STRENGTH,
                )
                for side, i in orphans
            ]
            link = Link(
                tuple(i for i in link.source if ("source", i) not in orphans),
                tuple(j for j in link.target if ("target", j) not in orphans),
                link.score,
                link.confidence,
                link.kind,
            )
            examined[index] = link
            words = link_words(index, link, source, target, pivot, langs, names)
        if not (link.source and link.target):  # one side was all left over: the other side's segments stand alone
            del examined[index]
            findings += [
                whole_segment_finding("source", source[i], index, langs[0], ORPHAN_STRENGTH) for i in link.source
            ]
            findings += [
                whole_segment_finding("target", target[j], index, langs[1], ORPHAN_STRENGTH) for j in link.target
            ]
            continue
        findings += swapped_in_link(index, link, source, target, agreement)
        sides = [source[i] for i in link.source], [target[j] for j in link.target]
        exact, loose = link_findings(words, *sides, langs, pivot.of_link(link), judge, named, title_judge)
        findings += exact
        partial += loose
        pivot_scores[index] = divergence_score(words, exact + loose)
        words_of[index] = words
    cutoff = threshold(options.sensitivity)

    def quote(span: Span) -> str:
        segment = (source if span.side == "source" else target)[span.segment]
        return segment.text[span.start - segment.start : span.end - segment.start]

    findings = demote_repeated_names(findings, quote)
    if encoder is not None:
        semantics = DocumentSemantics(encoder, source, target, examined, langs, pivot)

        def unexplained(link: int) -> float:
            """The pair's divergence, taken as no evidence for a lead where a name, title, number or date finding
            of the same pair already explains why the pair differs (explaining away)."""
            probability = semantics.probability(examined[link], pivot_scores[link])
            return min(probability, 0.5) if link in explained else probability

        explained = {f.link for f in findings if f.subtype in EXACT_SUBTYPES}
        occluded = semantics.occlude(examined, partial, cutoff)
        partial = [
            reweigh(f, unexplained(f.link), o.gain, o.span, quote(o.span), langs[o.span.side != "source"])
            if o.span is not None
            else f
            for f, o in zip(partial, occluded, strict=True)
        ]
        clauses = [
            clause_finding(c.link, c.span, quote(c.span), unexplained(c.link), gain, langs[c.span.side != "source"])
            for c in semantics.dropped_clauses(examined, SUPPORTED_CLAUSE_GAIN)
            if (gain := c.reported_gain(words_of[c.link].unmatched_within(c.span))) is not None
        ]
        reported = _spans_by_segment(
            [f for f in findings if f.subtype in EXACT_SUBTYPES and facing_name_side(f) is None]
        )
        partial = strongest_of_overlapping(partial + [c for c in clauses if not _mostly_reported(c, reported)])
        findings, partial = absorbed_sentences(findings, partial, quote, encoder.cosine)
    findings = fold_moves(findings, links, source, target, agreement, _likeness(encoder, source, target))
    findings += confirm(partial, translator, source, target, examined, langs)
    shown = _names_in_dropped_clauses([f for f in findings if strength(f) >= cutoff])
    return tuple(sorted(shown, key=lambda f: (f.link, min(s.start for s in f.spans), f.type, f.subtype)))


#: Subtypes of the findings that say exactly where and how a pair differs.
EXACT_SUBTYPES = frozenset({"entity", "title", "number", "date"})


def link_findings(
    words: LinkWords,
    source: Sequence[Segment],
    target: Sequence[Segment],
    langs: tuple[str, str],
    pivot_text: str,
    same: MeaningJudge | None = None,
    documents: tuple[DocumentNames, DocumentNames] | None = None,
    same_title: MeaningJudge | None = None,
) -> tuple[list[Finding], list[Finding]]:
    """Findings inside one aligned pair: (names, titles and numbers; partial omissions and additions).

    A word explained by a title or name finding is not reported again as a partial one.
    """
    phrases = unmatched_phrases(words, "source") + unmatched_phrases(words, "target")
    titles, kept_titles = title_findings(words, langs, same_title, documents)
    names, used = name_findings(words, phrases, langs, same, documents)
    names = demote_qualifiers([f for f in names if not _overlaps(f, titles)], kept_titles)
    numbers = number_findings(words.link, source, target, langs)
    dates = [f for f in calendar_findings(words, langs) if not _overlaps(f, numbers)]
    exact = [with_evidence(f, pivot=pivot_text) for f in titles + names + numbers + dates]
    loose = [
        f
        for f in partial_findings(words, [p for p in phrases if p not in used], pivot_text, langs)
        if not _overlaps(f, exact)
    ]
    return exact, loose


def divergence_score(words: LinkWords, findings: Sequence[Finding]) -> float:
    """How far one pair is from saying the same thing by the pivot's evidence, in [0, 1]: unmatched content, or the
    surest finding (:func:`~aligner.diagnose.semantic.pivot_score`)."""
    return pivot_score(1.0 - words.match_ratio(), [strength(f) for f in findings])


def _likeness(
    encoder: Encoder | None, source: Sequence[Segment], target: Sequence[Segment]
) -> Callable[[int, int], float] | None:
    """Cosine of source segment ``s`` and target segment ``t``'s sentence embeddings; ``None`` without an encoder."""
    if encoder is None:
        return None

    def likeness(s: int, t: int) -> float:
        return encoder.cosine(source[s].text, target[t].text)

    return likeness


def _spans_by_segment(findings: Sequence[Finding]) -> dict[tuple[str, int], list[Span]]:
    spans: dict[tuple[str, int], list[Span]] = defaultdict(list)
    for finding in findings:
        for span in finding.spans:
            spans[span.side, span.segment].append(span)
    return spans


def _mostly_reported(clause: Finding, reported: Mapping[tuple[str, int], Sequence[Span]]) -> bool:
    """Half of the clause or more is the span of another finding: a title, a name or a number says what it lacks
    ("The president of France," is a dropped title)."""
    span = clause.spans[0]
    others = reported.get((span.side, span.segment), ())
    covered = max((min(span.end, s.end) - max(span.start, s.start) for s in others), default=0)
    return covered * 2 >= span.end - span.start


def _names_in_dropped_clauses(findings: list[Finding]) -> list[Finding]:
    """A name facing a phrase is no finding of its own where a stronger partial omission or addition on the same
    side holds it: the name went with its clause ("who is also the director of the X Home in Gatineau"), it was
    not rendered by the faraway phrase it faces. (A weaker one is the name's own doing: "le Kosovo organise une
    fête" for "the village throws a party" reads as an added clause because of the name.)"""
    partial = [f for f in findings if f.subtype == "partial"]

    def absorbed(finding: Finding) -> bool:
        side = facing_name_side(finding)
        if side is None:
            return False
        names = [s for s in finding.spans if s.side == side]
        return any(
            strength(clause) > strength(finding) and all(any(c.covers(n) for c in clause.spans) for n in names)
            for clause in partial
        )

    return [f for f in findings if not absorbed(f)]


def _overlaps(finding: Finding, others: Sequence[Finding]) -> bool:
    return any(
        a.side == b.side and a.start < b.end and b.start < a.end
        for other in others
        for a in finding.spans
        for b in other.spans
    )
