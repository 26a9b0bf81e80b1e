"""Text+Berg DE-FR sentence alignment (the Bleualign / Vecalign / Bertalign benchmark): strict and lax P/R/F1.

The German side is the source; its supplied MT into French (tokenised, lowercased Europarl system output) is the
pivot through the ``file`` translator, exactly what ``aligner align --pivot-file`` does. Scores are summed over the
seven test documents as Vecalign's ``score.py`` does. Tune only on ``--split dev`` (the 1957 document).

    python benchmarks/textberg.py [--data ../shared/bench] [--split test|dev] [--mt europarlfull]

Published strict F1 on the test split: Bertalign 0.936-0.940, Vecalign 0.902, Bleualign 0.807, Gale-Church 0.681.
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

from aligner.align import AlignOptions  # noqa: E402
from aligner.align.evaluate import score_documents  # noqa: E402
from aligner.align.formats import read_link_file  # noqa: E402
from aligner.inputs import read_document  # noqa: E402
from aligner.pipeline import CompareOptions, align_lines  # noqa: E402
from aligner.translate import PivotOptions  # noqa: E402

PUBLISHED_STRICT_F1 = {"bertalign": "0.936-0.940", "vecalign": 0.902, "bleualign": 0.807, "gale-church": 0.681}


def documents(data: Path, split: str, mt: str) -> list[tuple[str, Path, Path, Path, Path]]:
    """(name, German, French, MT of the German into French, gold) per document of the split."""
    split_dir, mt_dir = data / "textberg" / "vecalign_split", data / "textberg" / "mt_split"
    if split == "dev":
        return [
            (
                "dev",
                split_dir / "dev.de",
                split_dir / "dev.fr",
                data / "textberg" / "bleualign_eval" / f"eval1957.{mt}.fr",
                split_dir / "dev.defr",
            )
        ]
    return [
        (
            f"test{k}",
            split_dir / f"test{k}.de",
            split_dir / f"test{k}.fr",
            mt_dir / f"test{k}.{mt}.fr",
            split_dir / f"test{k}.defr",
        )
        for k in range(7)
    ]


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
    args = parser.parse_args(argv)

    align_options = AlignOptions(
        max_merge=args.max_merge,
        merge_penalty=args.merge_penalty,
        skip_quantile=args.skip_quantile,
        detect_moves=not args.no_moves,
        realign=not args.no_realign,
    )
    golds, predictions = [], []
    settings: tuple[tuple[str, str], ...] = ()
    started = time.perf_counter()
    for name, german, french, mt, gold in documents(args.data, args.split, args.mt):
        options = CompareOptions(
            pivot=PivotOptions(backend="file", pivot_file=str(mt), direction="source-to-target"),
            align=align_options,
            presegmented=True,
        )
        _, _, _, alignment = align_lines(read_document(german, "de"), read_document(french, "fr"), options)
        gold_beads = [(link.source, link.target) for link in read_link_file(gold)]
        predicted = [(link.source, link.target) for link in alignment.links]
        golds.append(gold_beads)
        predictions.append(predicted)
        scores = score_documents([gold_beads], [predicted])
        print(f"{name}: strict F1 {scores.f1_strict:.3f}  lax F1 {scores.f1_lax:.3f}", file=sys.stderr)
        settings = alignment.settings
    total = score_documents(golds, predictions)
    print(
        json.dumps(
            {
                "benchmark": "textberg",
                "split": args.split,
                "mt": args.mt,
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
