"""Keep a parenthesis that the segmenter cut in two inside one bead.

A segmenter that splits at every full stop or colon cuts "( wir würden sagen : braunen ) Bären ..." or "( Zürich :
Orell Füssli 1956 ) vorliegt ..." in two, while the translation keeps the parenthesis, and the sentence around it, in
one piece. So when one side's bead boundary falls inside a parenthesis (the block before it leaves one open, the
segment after it closes one after words of its own), the other side's boundary does not, and the other side's bead
before holds a closing bracket (its translation of the parenthesis' end), the segment after the cut belongs to the
bead before: it moves there when its bead keeps other segments on that side, else the two beads (or the bead and
the unlinked segment) merge. Without that closing bracket the translator may have dropped the parenthesis, and an
omitted continuation stays an omission.

A segment that opens with the closing bracket (") 13. L'année ...") is debris of the sentence before rather than
its continuation, and does not count: on Text+Berg dev's gold that is the only one-sided cut.

Measured with the encoder (strict F1 without -> with this pass; docs/benchmarks.md): Text+Berg dev 0.920 -> 0.924
with the supplied MT, 0.901 -> 0.905 with no MT; TransRead 0.9168 unchanged (no such cut).
"""

from __future__ import annotations

from collections.abc import Sequence

from aligner.align.score import Features, block_scores
from aligner.model import Link

#: Opening -> closing bracket. Guillemets are left out: Swiss German opens a quote with either one, and on Text+Berg
#: dev they change nothing.
BRACKETS = {"(": ")"}


def unclosed(text: str) -> int:
    """How many brackets ``text`` leaves open at its end."""
    if not any(opening in text for opening in BRACKETS):
        return 0
    depth = 0
    for char in text:
        if char in BRACKETS:
            depth += 1
        elif char in BRACKETS.values() and depth:
            depth -= 1
    return depth


def continues(text: str) -> bool:
    """Whether ``text`` closes a bracket opened before it, after a letter or digit of its own."""
    depth, seen_word = 0, False
    for char in text:
        if char in BRACKETS:
            depth += 1
        elif char in BRACKETS.values():
            if not depth:
                return seen_word
            depth -= 1
        seen_word = seen_word or char.isalnum()
    return False


def keep_brackets(
    links: Sequence[Link], features: Features, source_texts: Sequence[str], target_texts: Sequence[str]
) -> list[Link]:
    """``links`` (in path order) with the segment after a one-sided bracket cut joined to the bead before it."""
    out: list[Link] = []
    for link in links:
        side = _cut_side(out[-1], link, source_texts, target_texts) if out else None
        if side is None:
            out.append(link)
            continue
        previous = out[-1]
        cut = link.source if side == "source" else link.target
        if previous.kind == link.kind == "aligned" and len(cut) > 1:
            if side == "source":
                first, rest = (previous.source + cut[:1], previous.target), (cut[1:], link.target)
            else:
                first, rest = (previous.source, previous.target + cut[:1]), (link.source, cut[1:])
            out[-1] = Link(*first, block_scores(features, *first)[1], previous.confidence)
            out.append(Link(*rest, block_scores(features, *rest)[1], link.confidence))
            continue
        sources, targets = previous.source + link.source, previous.target + link.target
        linked = [bead.confidence for bead in (previous, link) if bead.kind == "aligned"]
        out[-1] = Link(sources, targets, block_scores(features, sources, targets)[1], min(linked))
    return out


def _cut_side(first: Link, second: Link, source_texts: Sequence[str], target_texts: Sequence[str]) -> str | None:
    """The side on which the boundary between neighbours ``first`` and ``second`` (at least one of them linked) falls
    inside a bracket while the other side's does not and ``first`` holds a closing bracket there; else None."""
    if "aligned" not in (first.kind, second.kind) or "moved" in (first.kind, second.kind):
        return None
    cuts = []
    for before, after, texts in (
        (first.source, second.source, source_texts),
        (first.target, second.target, target_texts),
    ):
        if before and after and before[-1] + 1 != after[0]:
            return None
        cuts.append(
            bool(before and after) and unclosed(" ".join(texts[i] for i in before)) > 0 and continues(texts[after[0]])
        )
    if cuts[0] == cuts[1]:
        return None
    other = [(target_texts if cuts[0] else source_texts)[i] for i in (first.target if cuts[0] else first.source)]
    if not any(c in BRACKETS.values() for text in other for c in text):
        return None
    return "source" if cuts[0] else "target"
