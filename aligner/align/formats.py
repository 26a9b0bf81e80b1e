"""Link files: the ``[src ids]:[tgt ids]`` format of Vecalign and Bertalign, hunalign's ladder, and TSV.

* ``links`` (Vecalign/Bertalign, and the Text+Berg / TransRead gold files): one bead per line,
  ``[0, 1]:[2]`` or with a score ``[0, 1]:[2]:0.8731``; 0-based ids; an empty side is ``[]``.
* ``ladder`` (hunalign): one rung per line, ``source_position<TAB>target_position<TAB>score``; the bead between two
  rungs covers the segments between them, and the last rung is at ``(n, m)``. A ladder is monotone, so a moved link is
  written as an omission plus an addition.
* ``tsv``: a header line, then ``source_ids<TAB>target_ids<TAB>kind<TAB>score<TAB>confidence`` with comma-separated ids.

Gold files carry no scores: read links get score 1.0 and confidence 1.0 unless the file says otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path

from aligner.errors import FormatError
from aligner.inputs import read_utf8_file
from aligner.model import Link, LinkKind

FORMATS = ("links", "ladder", "tsv")
TSV_HEADER = "source_ids\ttarget_ids\tkind\tscore\tconfidence"
_LINK_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*(?::\s*([-+\d.eE]+|None))?\s*$")
_KINDS: dict[str, LinkKind] = {"aligned": "aligned", "omitted": "omitted", "added": "added", "moved": "moved"}


def _kind(source: tuple[int, ...], target: tuple[int, ...]) -> LinkKind:
    return "aligned" if source and target else "omitted" if source else "added"


def _ids(text: str, where: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.replace(",", " ").split())
    except ValueError:
        raise FormatError(f"{where}: bad segment ids {text!r}") from None


def format_for_name(path: str | Path) -> str:
    """The link format a file name implies: ``.tsv`` -> tsv, ``.ladder`` -> ladder, anything else -> links."""
    suffix = Path(path).suffix.lower()
    return {".tsv": "tsv", ".ladder": "ladder"}.get(suffix, "links")


def dumps_links(links: Iterable[Link], with_scores: bool = True) -> str:
    """The Vecalign/Bertalign format, one bead per line."""
    lines = []
    for link in links:
        text = f"[{', '.join(map(str, link.source))}]:[{', '.join(map(str, link.target))}]"
        lines.append(f"{text}:{link.score:.4f}" if with_scores else text)
    return "".join(line + "\n" for line in lines)


def loads_links(text: str, name: str = "<links>") -> list[Link]:
    links = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _LINK_LINE.match(line)
        if not match:
            raise FormatError(f"{name}:{number}: expected [src ids]:[tgt ids], got {line.strip()[:60]!r}")
        source, target = _ids(match[1], f"{name}:{number}"), _ids(match[2], f"{name}:{number}")
        score = float(match[3]) if match[3] and match[3] != "None" else 1.0
        links.append(Link(source, target, score, 1.0, _kind(source, target)))
    return links


def dumps_ladder(links: Sequence[Link]) -> str:
    """hunalign's ladder; links must cover both sides, and are written in source-then-target order."""
    beads: list[Link] = []
    for link in links:
        if link.kind == "moved":
            beads += [Link(link.source, (), link.score, link.confidence, "omitted")]
            beads += [Link((), link.target, link.score, link.confidence, "added")]
        else:
            beads.append(link)
    beads.sort(key=lambda b: (b.source[0] if b.source else -1, b.target[0] if b.target else -1))
    beads = _monotone(beads)
    i = j = 0
    rungs = []
    for bead in beads:
        rungs.append(f"{i}\t{j}\t{bead.score:.4f}")
        i, j = i + len(bead.source), j + len(bead.target)
    rungs.append(f"{i}\t{j}\t0.0000")
    return "".join(rung + "\n" for rung in rungs)


def _monotone(beads: list[Link]) -> list[Link]:
    """Order beads so both sides run forward: each target-only bead goes just before the next higher target id."""
    paired = [b for b in beads if b.source]
    added = sorted((b for b in beads if not b.source), key=lambda b: b.target[0])
    out: list[Link] = []
    for bead in paired:
        while added and bead.target and added[0].target[0] < bead.target[0]:
            out.append(added.pop(0))
        out.append(bead)
    return out + added


def loads_ladder(text: str, name: str = "<ladder>") -> list[Link]:
    rungs: list[tuple[int, int, float]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        try:
            rungs.append((int(parts[0]), int(parts[1]), float(parts[2]) if len(parts) > 2 else 1.0))
        except (ValueError, IndexError):
            raise FormatError(f"{name}:{number}: expected source<TAB>target<TAB>score, got {line[:60]!r}") from None
        if len(rungs) > 1 and (rungs[-1][0] < rungs[-2][0] or rungs[-1][1] < rungs[-2][1]):
            raise FormatError(f"{name}:{number}: ladder rungs must not go backwards")
    links = []
    for (i0, j0, score), (i1, j1, _) in pairwise(rungs):
        source, target = tuple(range(i0, i1)), tuple(range(j0, j1))
        if source or target:
            links.append(Link(source, target, score, 1.0, _kind(source, target)))
    return links


def dumps_tsv(links: Iterable[Link]) -> str:
    rows = [TSV_HEADER]
    for link in links:
        rows.append(
            f"{','.join(map(str, link.source))}\t{','.join(map(str, link.target))}\t{link.kind}"
            f"\t{link.score:.4f}\t{link.confidence:.4f}"
        )
    return "\n".join(rows) + "\n"


def loads_tsv(text: str, name: str = "<tsv>") -> list[Link]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != TSV_HEADER:
        raise FormatError(f"{name}: not a link TSV (the first line must be {TSV_HEADER!r})")
    links = []
    for number, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 5 or parts[2] not in _KINDS:
            raise FormatError(f"{name}:{number}: expected 5 tab-separated fields with a link kind")
        try:
            score, confidence = float(parts[3]), float(parts[4])
        except ValueError:
            raise FormatError(f"{name}:{number}: score and confidence must be numbers") from None
        where = f"{name}:{number}"
        links.append(Link(_ids(parts[0], where), _ids(parts[1], where), score, confidence, _KINDS[parts[2]]))
    return links


_DUMPS = {"links": dumps_links, "ladder": dumps_ladder, "tsv": dumps_tsv}
_LOADS = {"links": loads_links, "ladder": loads_ladder, "tsv": loads_tsv}


def dumps(links: Sequence[Link], fmt: str) -> str:
    return _DUMPS[fmt](links)


def read_link_file(path: str | Path, fmt: str | None = None) -> list[Link]:
    """Read a link file in ``fmt`` (default: from its name); every problem is a one-line :class:`ToolError`."""
    path = Path(path)
    text = read_utf8_file(path, "link file")
    return _LOADS[fmt or format_for_name(path)](text, str(path))
