"""The align stage: turn two segment lists and a pivot into links that cover every segment exactly once."""

from __future__ import annotations

from dataclasses import dataclass

from nltk.translate.gale_church import align_blocks

from aligner.model import Link, PivotText, Segment


@dataclass(frozen=True)
class AlignOptions:
    """Settings that change the alignment; recorded in the run settings."""

    max_merge: int = 2


@dataclass(frozen=True)
class Alignment:
    """The links, in target order for aligned pairs, plus the settings they were resolved with."""

    links: tuple[Link, ...]
    settings: tuple[tuple[str, str], ...] = ()


def align_segments(
    source: tuple[Segment, ...], target: tuple[Segment, ...], pivot: PivotText, options: AlignOptions
) -> Alignment:
    """Align by character length alone (Gale-Church) until the scoring engine lands."""
    pairs = align_blocks([len(s.text) for s in source], [len(t.text) for t in target]) if source and target else []
    by_source: dict[int, set[int]] = {}
    for i, j in pairs:
        by_source.setdefault(i, set()).add(j)
    links: list[Link] = []
    used_target: set[int] = set()
    for i in range(len(source)):
        targets = tuple(sorted(by_source.get(i, ())))
        used_target.update(targets)
        links.append(Link((i,), targets, 0.5, 0.5, "aligned" if targets else "omitted"))
    links += [Link((), (j,), 0.0, 0.5, "added") for j in range(len(target)) if j not in used_target]
    return Alignment(tuple(links), (("aligner", "gale-church"),))
