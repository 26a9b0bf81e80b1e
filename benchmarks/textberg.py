"""Text+Berg DE-FR sentence alignment (the Bleualign / Vecalign / Bertalign benchmark): strict and lax P/R/F1.

The German side is the source; its supplied MT into French (tokenised, lowercased Europarl system output) is the
pivot through the ``file`` translator, exactly what ``aligner align --pivot-file`` does. Scores are summed over the
seven test documents as Vecalign's ``score.py`` does. Tune only on ``--split dev`` (the 1957 document).
``--chunk N`` cuts every document (German, MT, French and gold together) at gold bead boundaries into consecutive
pieces of about N German sentences, aligned and scored as separate documents: a dev-only proxy for the shorter test
documents (36-293 German sentences), whose per-document calibrations see less text.

``--glossary freedict`` credits the German words the MT passes through with their FreeDict German-French
translations (read from the installed dictd files by ``tools/freedict_glossary.py``), as ``aligner align --glossary
FILE`` does.

    python benchmarks/textberg.py [--data ../shared/bench] [--split test|dev] [--mt europarlfull] [--chunk N]
        [--glossary FILE|freedict] [--pivot file|identity] [--no-encoder]

``--pivot identity`` aligns with no MT at all (the German compared with the French as is, plus the sentence
encoder); ``--no-encoder`` leaves the encoder out (word overlap and length only).

Published strict F1 on the test split: Bertalign 0.936-0.940, Vecalign 0.902, Bleualign 0.807, Gale-Church 0.681.
The headline figures are printed last, as one line of JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from aligner.align import AlignOptions  # noqa: E402
from aligner.align.evaluate import Bead, score_documents  # noqa: E402
from aligner.align.formats import read_link_file  # noqa: E402
from aligner.inputs import read_document  # noqa: E402
from aligner.pipeline import CompareOptions, align_lines  # noqa: E402
from aligner.translate import PivotOptions  # noqa: E402

PUBLISHED_STRICT_F1 = {"bertalign": "0.936-0.940", "vecalign": 0.902, "bleualign": 0.807, "gale-church": 0.681}


Document = tuple[str, Path, Path, Path, list[Bead]]


def gold_beads(path: Path) -> list[Bead]:
    return [(link.source, link.target) for link in read_link_file(path)]


def documents(data: Path, split: str, mt: str) -> list[Document]:
    """(name, German, French, MT of the German into French, gold beads) per document of the split."""
    split_dir, mt_dir = data / "textberg" / "vecalign_split", data / "textberg" / "mt_split"
    if split == "dev":
        return [
            (
                "dev",
                split_dir / "dev.de",
                split_dir / "dev.fr",
                data / "textberg" / "bleualign_eval" / f"eval1957.{mt}.fr",
                gold_beads(split_dir / "dev.defr"),
            )
        ]
    return [
        (
            f"test{k}",
            split_dir / f"test{k}.de",
            split_dir / f"test{k}.fr",
            mt_dir / f"test{k}.{mt}.fr",
            gold_beads(split_dir / f"test{k}.defr"),
        )
        for k in range(7)
    ]


def cut_points(gold: list[Bead], size: int) -> list[tuple[int, int]]:
    """(German, French) sentence offsets where the gold can be cut into pieces of about ``size`` German sentences.

    A cut may fall only where every gold bead lies wholly before it or wholly after it (crossing beads forbid some);
    a last piece shorter than half of ``size`` joins the one before.
    """
    sources = [max(source, default=-1) for source, _ in gold]
    targets = [max(target, default=-1) for _, target in gold]
    firsts = [(min(source, default=len(gold) ** 2), min(target, default=len(gold) ** 2)) for source, target in gold]
    points: list[tuple[int, int]] = []
    start = 0
    for k in range(1, len(gold)):
        ends = max(sources[:k]) + 1, max(targets[:k]) + 1
        if any(first[0] < ends[0] or first[1] < ends[1] for first in firsts[k:]):
            continue
        if ends[0] - start >= size:
            points.append(ends)
            start = ends[0]
    if points and max(sources) + 1 - points[-1][0] < size / 2:
        points.pop()
    return points


def chunks(document: Document, folder: Path, size: int) -> list[Document]:
    """``document`` cut at :func:`cut_points`, its pieces written to ``folder``, gold renumbered from 0."""
    name, german, french, mt, gold = document
    lines = [path.read_text(encoding="utf-8").splitlines() for path in (german, french, mt)]
    points = cut_points(gold, size)
    pieces = []
    for number, (start, end) in enumerate(
        zip([(0, 0), *points], [*points, (len(lines[0]), len(lines[1]))], strict=True)
    ):
        paths = []
        for label, text in zip(("de", "fr", "mt"), lines, strict=True):
            first, last = (start[1], end[1]) if label == "fr" else (start[0], end[0])
            piece = folder / f"{name}.{number}.{label}.txt"
            piece.write_text("".join(line + "\n" for line in text[first:last]), encoding="utf-8")
            paths.append(piece)
        beads = [
            (tuple(i - start[0] for i in source), tuple(j - start[1] for j in target))
            for source, target in gold
            if any(start[0] <= i < end[0] for i in source) or any(start[1] <= j < end[1] for j in target)
        ]
        pieces.append((f"{name}.{number}", paths[0], paths[1], paths[2], beads))
    return pieces


def freedict_glossary(folder: Path) -> str:
    """The FreeDict German-French glossary written to ``folder`` (never to the repository)."""
    sys.path.insert(0, str(REPO / "tools"))
    from freedict_glossary import glossary_rows

    path = folder / "freedict-deu-fra.tsv"
    path.write_text("".join(row + "\n" for row in glossary_rows()), encoding="utf-8")
    return str(path)


def predict(
    paths: tuple[Path, Path, Path],
    pivot: str,
    align_options: AlignOptions,
    encoder: str = CompareOptions.encoder,
    glossary: str | None = None,
) -> tuple[list[Bead], tuple[tuple[str, str], ...]]:
    """Our beads for one (German, French, MT) document, and the run's settings; ``pivot`` is ``file`` (the supplied
    MT) or ``identity`` (no MT)."""
    german, french, mt = paths
    pivot_options = (
        PivotOptions(backend="file", pivot_file=str(mt), direction="source-to-target")
        if pivot == "file"
        else PivotOptions(backend="identity")
    )
    options = CompareOptions(
        pivot=pivot_options, align=align_options, presegmented=True, glossary=glossary, encoder=encoder
    )
    _, _, _, alignment = align_lines(read_document(german, "de"), read_document(french, "fr"), options)
    return [(link.source, link.target) for link in alignment.links], alignment.settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="benchmark data folder")
    parser.add_argument("--split", choices=["test", "dev"], default="test")
    parser.add_argument("--mt", default="europarlfull", help="which supplied MT: europarlfull, europarllight, google")
    parser.add_argument("--no-moves", action="store_true", help="do not pair leftovers as moves")
    parser.add_argument("--no-realign", action="store_true", help="one pass: no second pass with learned associations")
    parser.add_argument("--max-merge", type=int, default=AlignOptions.max_merge)
    parser.add_argument("--merge-penalty", type=float, default=AlignOptions.merge_penalty)
    parser.add_argument("--skip-quantile", type=float, default=AlignOptions.skip_quantile)
    parser.add_argument(
        "--pivot", choices=["file", "identity"], default="file", help="the supplied MT, or no MT at all"
    )
    parser.add_argument("--no-encoder", action="store_true", help="no sentence encoder (word overlap and length only)")
    parser.add_argument("--chunk", type=int, help="cut each document into pieces of about N German sentences")
    parser.add_argument(
        "--glossary", help="a German<TAB>French word list for the words the MT copies, or 'freedict' (installed dictd)"
    )
    args = parser.parse_args(argv)

    align_options = AlignOptions(
        max_merge=args.max_merge,
        merge_penalty=args.merge_penalty,
        skip_quantile=args.skip_quantile,
        detect_moves=not args.no_moves,
        realign=not args.no_realign,
    )
    encoder = "" if args.no_encoder else CompareOptions.encoder
    golds, predictions = [], []
    settings: tuple[tuple[str, str], ...] = ()
    started = time.perf_counter()
    folder = tempfile.TemporaryDirectory()
    glossary = freedict_glossary(Path(folder.name)) if args.glossary == "freedict" else args.glossary
    split = documents(args.data, args.split, args.mt)
    if args.chunk:
        split = [piece for document in split for piece in chunks(document, Path(folder.name), args.chunk)]
    for name, german, french, mt, gold in split:
        predicted, settings = predict(
            (german, french, mt), args.pivot, align_options, encoder=encoder, glossary=glossary
        )
        golds.append(gold)
        predictions.append(predicted)
        scores = score_documents([gold], [predicted])
        print(f"{name}: strict F1 {scores.f1_strict:.3f}  lax F1 {scores.f1_lax:.3f}", file=sys.stderr)
    folder.cleanup()
    total = score_documents(golds, predictions)
    print(
        json.dumps(
            {
                "benchmark": "textberg",
                "split": args.split,
                "mt": args.mt if args.pivot == "file" else "none",
                "encoder": encoder or "none",
                "chunk": args.chunk,
                "glossary": args.glossary,
                "documents": len(golds),
                **total.as_dict(),
                "seconds": round(time.perf_counter() - started, 2),
                "settings": dict(settings),
                "published_strict_f1": PUBLISHED_STRICT_F1,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
