"""Batch throughput: pairs per minute serially, on all cores and on a local Dask cluster; peak memory per worker.

The pairs are generated from the hand-aligned 1-1 sentence pairs of TransRead (``transread-en-fr/derived``),
detokenised: each article is a run of consecutive pairs from one novel, split into paragraphs, and some French
versions lose a sentence, so the audit has omissions to find. The articles are written to a scratch folder
(never into the repository) and each mode runs in a fresh subprocess, so memory figures do not mix.

    python benchmarks/batch_speed.py [--data ../shared/bench] [--pairs 1000] [--pivot auto] [--modes serial,pool,dask]

The headline figures are printed last, as one line of JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from aligner.batch import BatchSettings, pair_directories, run_batch  # noqa: E402
from aligner.pipeline import CompareOptions  # noqa: E402
from aligner.translate import PivotOptions  # noqa: E402

MODES = ("serial", "pool", "dask")
_GOLD_LINK = re.compile(r"^\[(\d+)\]:\[(\d+)\]$")


def detokenise(text: str) -> str:
    """Undo the corpus tokenisation well enough for Punkt: glue punctuation and elisions back on."""
    text = re.sub(r" ([.,;:!?)\]»%]|'s\b|n't\b|'ll\b|'re\b|'ve\b|'d\b|'m\b)", r"\1", text)
    text = re.sub(r"([(\[«]) ", r"\1", text)
    text = re.sub(r"\b(\w+[’']) (?=\w)", r"\1", text)  # French elision: "l' homme" -> "l'homme"
    return text.strip()


def sentence_pairs(data: Path) -> list[list[tuple[str, str]]]:
    """Per novel, the gold 1-1 links in order, as detokenised (English, French) sentences."""
    folder = data / "transread-en-fr" / "derived"
    books: list[list[tuple[str, str]]] = []
    for gold in sorted(folder.glob("*.enfr")):
        english = (folder / f"{gold.stem}.en").read_text(encoding="utf-8").splitlines()
        french = (folder / f"{gold.stem}.fr").read_text(encoding="utf-8").splitlines()
        pairs = []
        for line in gold.read_text(encoding="utf-8").splitlines():
            match = _GOLD_LINK.match(line.replace(" ", ""))
            if match:
                en, fr = detokenise(english[int(match[1])]), detokenise(french[int(match[2])])
                if en and fr:
                    pairs.append((en, fr))
        books.append(pairs)
    if not any(books):
        raise SystemExit(f"no gold pairs under {folder}; point --data at the bench folder")
    return books


def write_articles(books: list[list[tuple[str, str]]], count: int, folder: Path, seed: int) -> int:
    """``count`` article pairs under ``folder/en`` and ``folder/fr``; returns the number of English sentences."""
    rng = random.Random(seed)
    (folder / "en").mkdir(parents=True, exist_ok=True)
    (folder / "fr").mkdir(parents=True, exist_ok=True)
    sentences = 0
    for number in range(count):
        book = rng.choice([b for b in books if len(b) > 30])
        length = rng.randint(6, 24)
        start = rng.randrange(len(book) - length)
        run = book[start : start + length]
        dropped = rng.randrange(length) if rng.random() < 0.3 else -1
        en_paragraphs, fr_paragraphs = [], []
        for first in range(0, length, 4):
            chunk = range(first, min(first + 4, length))
            en_paragraphs.append(" ".join(run[i][0] for i in chunk))
            fr_paragraphs.append(" ".join(run[i][1] for i in chunk if i != dropped))
        name = f"article{number:05}"
        (folder / "en" / f"{name}.en.txt").write_text("\n\n".join(en_paragraphs) + "\n", encoding="utf-8")
        french = "\n\n".join(p for p in fr_paragraphs if p)
        (folder / "fr" / f"{name}.fr.txt").write_text(french + "\n", encoding="utf-8")
        sentences += length
    return sentences


def usage(who: int = resource.RUSAGE_SELF) -> tuple[float, int]:
    """CPU seconds (user + system) and peak resident set in KiB, of this process or its finished children."""
    figures = resource.getrusage(who)
    return figures.ru_utime + figures.ru_stime, figures.ru_maxrss


def run_mode(mode: str, pairs_dir: Path, output: Path, pivot: str, workers: int) -> dict[str, object]:
    """One timed batch in this process.

    Memory is the peak resident set of the largest process that audited pairs (this one when serial, the pool's
    workers, the Dask workers); CPU seconds are those of the auditing processes during the batch.
    """
    jobs = pair_directories(pairs_dir / "en", pairs_dir / "fr", "en", "fr")
    settings = BatchSettings(output_dir=output, options=CompareOptions(pivot=PivotOptions(backend=pivot)))
    load = os.getloadavg()[0]
    if mode == "dask":
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster, Client(
            cluster
        ) as client:
            before = client.run(usage)
            started = time.perf_counter()  # the cluster's start-up is not batch time
            result = run_batch(jobs, settings, scheduler=cluster.scheduler_address, resume=False, progress=False)
            seconds = time.perf_counter() - started
            after = client.run(usage)
        cpu = sum(after[w][0] - before[w][0] for w in after)
        peak_kib = max(figures[1] for figures in after.values())
    else:
        own_cpu, _ = usage()
        started = time.perf_counter()
        result = run_batch(jobs, settings, workers=1 if mode == "serial" else workers, resume=False, progress=False)
        seconds = time.perf_counter() - started
        if mode == "serial":
            cpu, peak_kib = usage()
            cpu -= own_cpu
        else:
            cpu, peak_kib = usage(resource.RUSAGE_CHILDREN)  # the pool's workers, joined at the end of the batch
    segments = sum(o.segments for o in result.outcomes)
    return {
        "mode": mode,
        "workers": 1 if mode == "serial" else workers,
        "pairs": len(result.outcomes),
        "errors": len(result.errors),
        "seconds": round(seconds, 2),
        "pairs_per_minute": round(len(result.outcomes) / seconds * 60, 1),
        "segments_per_second": round(segments / seconds, 1),
        "cpu_ms_per_pair": round(cpu / len(result.outcomes) * 1000, 1),
        "peak_mib_per_worker": round(peak_kib / 1024, 1),
        "load_average_before": round(load, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="the bench folder")
    parser.add_argument("--pairs", type=int, default=1000, help="article pairs to generate (default 1000)")
    parser.add_argument("--pivot", default="auto", help="pivot backend (default: auto, the lexical pivot for en-fr)")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated, from: " + ", ".join(MODES))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="pool / Dask workers (all cores)")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--run-mode", choices=MODES, help=argparse.SUPPRESS)  # the subprocess side
    args = parser.parse_args(argv)
    if args.run_mode:
        output = args.work / f"out-{args.run_mode}"
        figures = run_mode(args.run_mode, args.work / "pairs", output, args.pivot, args.workers)
        print(json.dumps(figures))
        return 0
    with tempfile.TemporaryDirectory(prefix="aligner-batch-speed-") as scratch:
        work = args.work or Path(scratch)
        sentences = write_articles(sentence_pairs(args.data), args.pairs, work / "pairs", args.seed)
        print(f"{args.pairs} article pairs, {sentences} English sentences, in {work / 'pairs'}", file=sys.stderr)
        results = []
        for mode in args.modes.split(","):
            command = [sys.executable, __file__, "--run-mode", mode, "--work", str(work), "--pivot", args.pivot]
            command += ["--workers", str(args.workers)]
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
            output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
            figures = json.loads(output.strip().splitlines()[-1])
            print(
                f"{mode:7} {figures['workers']} worker(s): {figures['pairs_per_minute']:>8} pairs/min, "
                f"{figures['segments_per_second']:>7} segments/s, {figures['cpu_ms_per_pair']} CPU ms/pair, "
                f"peak {figures['peak_mib_per_worker']} MiB/worker, {figures['errors']} errors "
                f"(load before: {figures['load_average_before']})",
                file=sys.stderr,
            )
            results.append(figures)
    headline = {
        "benchmark": "batch_speed",
        "pairs": args.pairs,
        "pivot": args.pivot,
        "cores": os.cpu_count(),
        **{f"{r['mode']}_pairs_per_minute": r["pairs_per_minute"] for r in results},
        **{f"{r['mode']}_cpu_ms_per_pair": r["cpu_ms_per_pair"] for r in results},
        **{f"{r['mode']}_peak_mib_per_worker": r["peak_mib_per_worker"] for r in results},
    }
    print(json.dumps(headline))
    return 0


if __name__ == "__main__":
    sys.exit(main())
