"""TransRead EN-FR novels (hand-aligned first chapters): strict and lax P/R/F1 per novel and overall.

Three systems on the same sentences (``transread-en-fr/derived``, detokenised first):

* ``lexical``: our aligner with the embedded lexical pivot (the French side translated word by word into English);
* ``none``: our aligner with no translation at all (the identity pivot: French compared with English as is, so only
  names, numbers, cognates and lengths help), the control;
* ``gale-church``: NLTK's Gale-Church aligner on character lengths, the classic baseline.

    python benchmarks/transread.py [--data ../shared/bench] [--systems lexical,none,gale-church] [--no-realign]
        [--no-encoder]

The headline figures are printed last, as one line of JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from nltk.translate.gale_church import align_blocks  # noqa: E402

from aligner.align import AlignOptions  # noqa: E402
from aligner.align.evaluate import Bead, score_documents  # noqa: E402
from aligner.align.formats import read_link_file  # noqa: E402
from aligner.model import Document  # noqa: E402
from aligner.pipeline import CompareOptions, align_lines  # noqa: E402
from aligner.translate import PivotOptions  # noqa: E402
from benchmarks.batch_speed import detokenise  # noqa: E402

SYSTEMS = ("lexical", "none", "gale-church")


def gale_church(english: list[str], french: list[str]) -> list[Bead]:
    """NLTK's Gale-Church on character lengths; its sentence pairs grouped into beads, the rest 1-0 / 0-1."""
    pairs = align_blocks([max(len(s), 1) for s in english], [max(len(s), 1) for s in french])
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for i, j in pairs:
        parent[root(("s", i))] = root(("t", j))
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for i in range(len(english)):
        groups.setdefault(root(("s", i)), ([], []))[0].append(i)
    for j in range(len(french)):
        groups.setdefault(root(("t", j)), ([], []))[1].append(j)
    beads = [(tuple(s), tuple(t)) for s, t in groups.values()]
    return sorted(beads, key=lambda b: (b[0][0] if b[0] else b[1][0] - 0.5, b[1][0] if b[1] else -1))


def ours(english: list[str], french: list[str], backend: str, realign: bool = True, encoder: str = "") -> list[Bead]:
    align = AlignOptions(realign=realign)
    options = CompareOptions(pivot=PivotOptions(backend=backend), align=align, presegmented=True, encoder=encoder)
    source, target = Document("en", "en", "\n".join(english)), Document("fr", "fr", "\n".join(french))
    _, _, _, alignment = align_lines(source, target, options)
    return [(link.source, link.target) for link in alignment.links]


def read_books(data: Path) -> list[tuple[str, list[str], list[str], list[Bead]]]:
    """(book, English lines, French lines, gold beads) per novel, the lines detokenised."""
    folder = data / "transread-en-fr" / "derived"
    books = []
    for book in sorted(path.stem for path in folder.glob("*.enfr")):
        english, french = (
            [detokenise(line) for line in (folder / f"{book}.{lang}").read_text(encoding="utf-8").splitlines()]
            for lang in ("en", "fr")
        )
        books.append(
            (book, english, french, [(link.source, link.target) for link in read_link_file(folder / f"{book}.enfr")])
        )
    return books


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="benchmark data folder")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma-separated, from {', '.join(SYSTEMS)}")
    parser.add_argument("--no-realign", action="store_true", help="our aligner in one pass (no learned associations)")
    parser.add_argument("--no-encoder", action="store_true", help="no sentence encoder (word overlap and length only)")
    args = parser.parse_args(argv)
    encoder = "" if args.no_encoder else CompareOptions.encoder
    systems = args.systems.split(",")
    gold: list[list[Bead]] = []
    predicted: dict[str, list[list[Bead]]] = {name: [] for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    per_book: dict[str, dict[str, float]] = {}
    for book, english, french, book_gold in read_books(args.data):
        gold.append(book_gold)
        per_book[book] = {}
        for name in systems:
            started = time.perf_counter()
            if name == "gale-church":
                beads = gale_church(english, french)
            else:
                beads = ours(english, french, _backend(name), not args.no_realign, encoder)
            seconds[name] += time.perf_counter() - started
            predicted[name].append(beads)
            per_book[book][name] = round(score_documents([gold[-1]], [beads]).f1_strict, 4)
        print(f"{book}: " + "  ".join(f"{n} {f:.3f}" for n, f in per_book[book].items()), file=sys.stderr)
    overall = {name: score_documents(gold, predicted[name]).as_dict() for name in systems}
    for name in systems:
        print(
            f"overall {name}: strict F1 {overall[name]['f1_strict']:.3f}  lax F1 {overall[name]['f1_lax']:.3f}",
            file=sys.stderr,
        )
    print(
        json.dumps(
            {
                "benchmark": "transread",
                "books": len(gold),
                "realign": not args.no_realign,
                "encoder": encoder or "none",
                "strict_f1_per_book": per_book,
                "overall": overall,
                "seconds": {name: round(s, 2) for name, s in seconds.items()},
            }
        )
    )
    return 0


def _backend(system: str) -> str:
    return "identity" if system == "none" else system


if __name__ == "__main__":
    sys.exit(main())
