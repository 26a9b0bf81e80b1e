"""What the name, title, date and number checks share: a mention on one side of a link, pairing mentions up by
place, and the two shapes of finding (changed across the pair, or on one side only)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from aligner.diagnose.conventions import CONTRACTED_PRONOUN
from aligner.diagnose.severity import make_finding
from aligner.diagnose.word_kinds import WordKind
from aligner.diagnose.words import LinkWords, Word
from aligner.model import Finding, Severity, Side, Span

M = TypeVar("M")

#: Names closer than this (in characters) are one name ("Pieter de Vries").
NAME_GAP = 4
QUALIFIER_STRENGTH = 0.45  # a name inside a title both sides have, or beside words of its name that match


@dataclass(frozen=True)
class Mention:
    """Something checked on one side: a name's words, or a quantity."""

    side: Side
    segment: int
    start: int
    end: int
    text: str
    position: float
    in_segment: float = 0.0
    unit: str = ""  # the unit word written after a quantity, lower case ("pounds" -> "pound"), if any

    @property
    def span(self) -> Span:
        return Span(self.side, self.segment, self.start, self.end)


def unmatched_runs(link: LinkWords, side: Side, kind: WordKind = "name") -> list[Mention]:
    """Unmatched words of one kind, joined into whole names ("Pieter de Vries") or dates."""
    runs: list[list[Word]] = []
    for word in link.side(side):
        if word.kind != kind or word.matched or CONTRACTED_PRONOUN.match(word.text):
            continue
        if runs and runs[-1][-1].segment == word.segment and word.start - runs[-1][-1].end <= NAME_GAP:
            runs[-1].append(word)
        else:
            runs.append([word])
    return [phrase_mention(r, link) for r in runs]


def phrase_mention(words: Sequence[Word], link: LinkWords) -> Mention:
    first, last = words[0], words[-1]
    text = link.quote(first, last)
    return Mention(first.side, first.segment, first.start, last.end, text, first.position, first.in_segment)


def apart(a: Mention, b: Mention) -> float:
    return abs(a.position - b.position)


def pair_up(
    sources: list[M],
    targets: list[M],
    distance: Callable[[M, M], Any],
    eligible: Callable[[M, M], bool] | None = None,
) -> tuple[list[tuple[M, M]], list[M], list[M]]:
    """Pair items nearest first, each at most once, and only ``eligible`` pairs if given: (pairs in source order,
    unpaired sources, unpaired targets). Nearest first, not in source order: an early source item must not take a
    later one's neighbour ("MP ... Russia" / "député ... Groenland")."""
    by_distance = sorted(
        (
            (distance(s, t), i, j)
            for i, s in enumerate(sources)
            for j, t in enumerate(targets)
            if eligible is None or eligible(s, t)
        ),
        key=lambda x: x[0],
    )
    partner: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in by_distance:
        if i not in partner and j not in taken:
            partner[i] = j
            taken.add(j)
    pairs = [(sources[i], targets[partner[i]]) for i in sorted(partner)]
    left = [s for i, s in enumerate(sources) if i not in partner]
    return pairs, left, [t for j, t in enumerate(targets) if j not in taken]


def changed_finding(
    subtype: str,
    severity: Severity,
    link: int,
    source: Mention,
    target: Mention,
    strength: float,
    what: str = "",
    **evidence: str | float,
) -> Finding:
    """Something on each side at the same place that should be the same and is not."""
    message = f"{what}{source.text} → {target.text}"
    return make_finding(
        "mistranslation", subtype, severity, link, (source.span, target.span), message, strength, **evidence
    )


def one_sided_finding(
    subtype: str,
    severity: Severity,
    link: int,
    mention: Mention,
    strength: float,
    what: str = "",
    **evidence: str | float,
) -> Finding:
    """Something on one side only: omitted from the translation or added to it."""
    omitted = mention.side == "source"
    message = f"{what}“{mention.text}” {'missing from the translation' if omitted else 'not in the original'}"
    return make_finding(
        "omission" if omitted else "addition", subtype, severity, link, (mention.span,), message, strength, **evidence
    )
