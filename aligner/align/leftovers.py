"""Leftovers that belong to a neighbour: a second pass over the monotone path, as Bleualign's gap filling.

The DP scores a merge with the whole bead's calibrated score, in which the Gale-Church length term punishes a loose
translation (a French sentence that condenses two German ones) harder than the extra shared words reward it, so a
sentence that is part of its neighbour's translation is often left unlinked. Here each unlinked segment is tried
on the linked bead next to it (before or after, on its own side) and joins the bead whose mixed lexical cosine it
raises most, when it raises it by more than ``min_gain``: its words are then found on the other side of that bead.
A true omission shares nothing with its neighbour's translation, lowers the cosine and stays unlinked. Character
n-grams of function words can still raise it a little, so a segment never joins when the grown bead would leave an
end unlinked (:func:`aligner.align.score.ends_linked`): the DP's rule, which keeps an unrelated omitted segment and an
unrelated added one from riding together on a neighbouring pair. The grown bead carries its own calibrated score and
keeps the confidence of the bead it grew from.

Measured with the encoder (strict F1 without -> with this pass; docs/benchmarks.md): Text+Berg dev 0.898 -> 0.924
with the supplied MT, 0.876 -> 0.905 with no MT; TransRead 0.904 -> 0.917.
"""

from __future__ import annotations

from collections.abc import Sequence

from aligner.align.score import Features, block_scores, ends_linked
from aligner.model import Link


def attach_leftovers(links: Sequence[Link], features: Features, min_gain: float) -> list[Link]:
    """``links`` (in path order) with unlinked segments merged into the neighbouring bead they belong to."""
    out: list[Link | None] = list(links)
    lexical: dict[int, float] = {}
    for index, link in enumerate(links):
        if link.kind not in ("omitted", "added"):
            continue
        on_source = link.kind == "omitted"
        segment = link.source[0] if on_source else link.target[0]
        if (features.source if on_source else features.target).blank[segment]:
            continue
        best: tuple[float, int, Link, float] | None = None
        for neighbour in (index - 1, index + 1):
            bead = out[neighbour] if 0 <= neighbour < len(out) else None
            if bead is None or bead.kind != "aligned":
                continue
            side = bead.source if on_source else bead.target
            if segment not in (side[0] - 1, side[-1] + 1):
                continue
            if neighbour not in lexical:
                lexical[neighbour] = block_scores(features, bead.source, bead.target)[0]
            grown = tuple(sorted((*side, segment)))
            sources, targets = (grown, bead.target) if on_source else (bead.source, grown)
            if not ends_linked(features, sources, targets):
                continue
            merged_lexical, merged_score = block_scores(features, sources, targets)
            gain = merged_lexical - lexical[neighbour]
            if gain > min_gain and (best is None or gain > best[0]):
                best = (gain, neighbour, Link(sources, targets, merged_score, bead.confidence), merged_lexical)
        if best is not None:
            _, neighbour, out[neighbour], lexical[neighbour] = best
            out[index] = None
    return [link for link in out if link is not None]
