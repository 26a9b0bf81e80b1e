"""Contrastive confirmation of partial omissions and additions with a neural model's token scores.

After Vamvas & Sennrich (2022), "As Little as Possible, as Much as Necessary": score the other side given the
side that holds the suspect span, once whole and once with the span deleted. If deleting the span barely lowers
the score (or raises it), the other side does not express the span: the omission or addition is confirmed. If
the score drops clearly, the other side does render the span and the finding is dropped. Backends without a
model (``token_scores`` returns ``None``) or without the needed direction leave findings as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from aligner.diagnose.severity import with_evidence
from aligner.errors import ToolError
from aligner.model import Finding, Link, Segment
from aligner.translate.base import Translator

#: Mean log-probability per token the other side may lose when the span is deleted and still count as not
#: rendering it. Deleting words the translation does render costs clearly more than this.
MAX_DROP = 0.15


@dataclass(frozen=True)
class _Check:
    """One finding to test: the segment holding its span, that segment without the span, the other side's text."""

    finding: Finding
    holder: str
    reduced: str
    other: str
    direction: tuple[str, str]  # (holder language, other language)


def _check(
    finding: Finding,
    source: Sequence[Segment],
    target: Sequence[Segment],
    links: Mapping[int, Link],
    langs: tuple[str, str],
) -> _Check | None:
    if len(finding.spans) != 1:
        return None
    span = finding.spans[0]
    link = links[finding.link]
    if span.side == "source":
        holder, others, direction = source[span.segment], [target[i] for i in link.target], langs
    else:
        holder, others, direction = target[span.segment], [source[i] for i in link.source], (langs[1], langs[0])
    if not others:
        return None
    start, end = span.start - holder.start, span.end - holder.start
    reduced = " ".join(f"{holder.text[:start]} {holder.text[end:]}".split())
    return _Check(finding, holder.text, reduced, " ".join(o.text for o in others), direction)


def confirm(
    findings: Sequence[Finding],
    translator: Translator | None,
    source: Sequence[Segment],
    target: Sequence[Segment],
    links: Mapping[int, Link],
    langs: tuple[str, str],
) -> list[Finding]:
    """Keep the one-span findings the model confirms (with the score change as evidence), drop those it rejects."""
    if translator is None:
        return list(findings)
    kept: list[Finding] = []
    by_direction: dict[tuple[str, str], list[_Check]] = {}
    for finding in findings:
        check = _check(finding, source, target, links, langs)
        if check is None:
            kept.append(finding)
        else:
            by_direction.setdefault(check.direction, []).append(check)
    for (holder_lang, other_lang), group in by_direction.items():
        holders = [c.holder for c in group] + [c.reduced for c in group]
        scores = _scores(translator, holders, [c.other for c in group] * 2, holder_lang, other_lang)
        if scores is None:
            kept += [c.finding for c in group]
            continue
        for k, check in enumerate(group):
            drop = _mean(scores[k]) - _mean(scores[k + len(group)])
            if drop <= MAX_DROP:
                kept.append(with_evidence(check.finding, contrastive_drop=drop, contrastive="confirmed"))
    return kept


def _scores(
    translator: Translator, sources: list[str], targets: list[str], src_lang: str, tgt_lang: str
) -> list[list[float]] | None:
    """The model's token scores, or ``None`` where it has no model for this direction."""
    if not translator.supports(src_lang, tgt_lang):
        return None
    try:
        return translator.token_scores(sources, targets, src_lang, tgt_lang)
    except ToolError:  # e.g. a neural pivot loaded for the other direction only
        return None


def _mean(scores: list[float]) -> float:
    return sum(scores) / len(scores) if scores else 0.0
