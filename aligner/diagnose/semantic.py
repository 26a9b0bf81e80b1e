"""Semantic evidence from the sentence encoder: how likely the two sides of a link differ, and whether a span is
what they differ by.

*Pair level.* The cosine of the two sides' embeddings says how much meaning they share, but its level moves with
the text, so it is read against the document's own level: the median cosine of the document's links, shrunk
towards :data:`PRIOR_COSINE` by :data:`PRIOR_LINKS` links' worth (a one-sentence document leans on the prior, a
long one on itself). That gap is combined with the pivot's score (unmatched content or the surest finding,
:func:`pivot_score`) in a logistic model, fitted on the development half of REFreSD (even pairs) and reported on the
other half (``benchmarks/divergence.py``, ``docs/divergence.md``): ROC-AUC 0.891, macro-F1 0.806 on the odd half,
where the cosine alone gives 0.875 / 0.760 and the pivot alone 0.806 / 0.743.

*Span level (occlusion).* A span the other side does not render weighs against the pair: leaving it out raises the
cosine. The spans tried are the pivot's candidates (runs of unmatched words), each left out once, all of a
document in one batch, after Vamvas & Sennrich (2022) with the encoder in place of a translation model's scores.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from aligner.encode.base import Encoder
from aligner.model import Finding, Link, Segment, Span

#: Median cosine of the equivalent pairs of REFreSD's development half (USE multilingual v3): a faithful link's
#: level before a document has shown its own.
PRIOR_COSINE = 0.836
#: How many links' worth of weight the prior gets against a document's own median.
PRIOR_LINKS = 4
#: Logistic weights, fitted on REFreSD's development half (``benchmarks/divergence.py --fit``), each pair read as a
#: one-link document (so its reference is 4/5 prior, 1/5 its own cosine).
BIAS = -2.674
COSINE_WEIGHT = 19.0
PIVOT_WEIGHT = 2.958


def logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def pivot_score(unmatched: float, findings: Sequence[float]) -> float:
    """The pivot's own divergence score of a pair: its unmatched share of content weight, or its surest finding."""
    return max([unmatched, *findings])


def pair_probability(cosine: float, reference: float, pivot: float) -> float:
    """Probability that a link's two sides differ in meaning, from its cosine below the document's ``reference``
    level and the pivot's score (:func:`pivot_score`)."""
    return logistic(BIAS + COSINE_WEIGHT * (reference - cosine) + PIVOT_WEIGHT * pivot)


def side_text(segments: Sequence[Segment]) -> str:
    """The text the encoder sees for one side of a link: its segments joined by a space."""
    return " ".join(s.text for s in segments)


def document_reference(cosines: Sequence[float]) -> float:
    """The cosine a faithful link reaches in this document (see the module docstring)."""
    if not cosines:
        return PRIOR_COSINE
    return (len(cosines) * float(np.median(cosines)) + PRIOR_LINKS * PRIOR_COSINE) / (len(cosines) + PRIOR_LINKS)


def without(segments: Sequence[Segment], span: Span) -> str:
    """The side's text with the span left out."""
    parts = []
    for seg in segments:
        if seg.index == span.segment:
            start, end = span.start - seg.start, span.end - seg.start
            parts.append(f"{seg.text[:start]} {seg.text[end:]}")
        else:
            parts.append(seg.text)
    return " ".join(" ".join(parts).split())


class DocumentSemantics:
    """The encoder's view of one document pair: link cosines against the document's level, and occlusion."""

    def __init__(
        self, encoder: Encoder, source: Sequence[Segment], target: Sequence[Segment], links: Mapping[int, Link]
    ) -> None:
        self.encoder, self.source, self.target = encoder, source, target
        both = [link for link in links.values() if link.source and link.target]
        self._embed([text for link in both for text in self._texts(link)])
        self.reference = document_reference([self.cosine(link) for link in both])

    def _texts(self, link: Link) -> tuple[str, str]:
        return side_text([self.source[i] for i in link.source]), side_text([self.target[j] for j in link.target])

    def _embed(self, texts: list[str]) -> np.ndarray:
        return self.encoder.encode(texts)  # memoised per text: later look-ups of the same texts are free

    def cosine(self, link: Link) -> float:
        vectors = self._embed(list(self._texts(link)))
        return float(vectors[0] @ vectors[1])

    def probability(self, link: Link, pivot: float) -> float:
        return pair_probability(self.cosine(link), self.reference, pivot)

    def occlusion_gains(self, links: Mapping[int, Link], findings: Sequence[Finding]) -> list[float]:
        """For each one-span finding, how much leaving its span out raises its link's cosine (0 for others);
        all reduced texts in one batch."""
        jobs: list[tuple[int, str, str, float]] = []  # (finding position, reduced text, other side, cosine)
        for k, finding in enumerate(findings):
            link = links.get(finding.link)
            if link is None or len(finding.spans) != 1 or not (link.source and link.target):
                continue
            span = finding.spans[0]
            sides = [self.source[i] for i in link.source], [self.target[j] for j in link.target]
            holder, other = sides if span.side == "source" else sides[::-1]
            jobs.append((k, without(holder, span), side_text(other), self.cosine(link)))
        gains = [0.0] * len(findings)
        if jobs:
            vectors = self._embed([t for _, reduced, other, _ in jobs for t in (reduced, other)])
            for n, (k, _, _, cosine) in enumerate(jobs):
                gains[k] = float(vectors[2 * n] @ vectors[2 * n + 1]) - cosine
        return gains
