"""Neural pivot speed: sentences per second and peak memory, float32 against int8 and across batch sizes.

The model has OPUS-MT's real shape (Marian transformer-base: 6 encoder and 6 decoder layers, d_model 512, 8 heads,
FFN 2048, a shared vocabulary of about 60,000 tokens with tied embeddings) and random weights, written once as a
float32 CTranslate2 model in a scratch folder; each run converts it at load time to the compute type under test, as
``--compute-type`` does. The sentences are the English and French sides of REFreSD (Wikipedia, news-like length),
tokenised by a SentencePiece model trained on them. Random weights almost never pick ``</s>``, so every
translation runs to its length cap; the cap is the pivot's own per-batch limit set to 1.3 x the source length + 10
tokens, about what a real news translation needs. Each configuration runs through :class:`CTranslate2Translator`
(length-sorted token batches, cache off) in a fresh subprocess, so peak memory (max RSS, including Python) does not
mix between runs.

    python benchmarks/translate_speed.py [--data ../shared/bench] [--sentences 300] [--threads 2]
        [--runs int8:512,int8:2048,int8:8192,float32:2048]

The headline figures are printed last, as one line of JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

#: OPUS-MT (Marian transformer-base) dimensions.
LAYERS, MODEL_DIM, HEADS, FFN_DIM, VOCAB_SIZE = 6, 512, 8, 2048, 60_000
SPM_VOCAB = 8000
RUN_FIELDS = (
    "compute_type",
    "batch_tokens",
    "sentences_per_second",
    "sentences_per_cpu_second",
    "peak_rss_mb",
    "load_average",
)
LENGTH_RATIO, LENGTH_MARGIN = 1.3, 10
DEFAULT_BATCH_TOKENS = 2048  # the pivot's default (DecodingSettings.max_batch_tokens)
DEFAULT_RUNS = "int8:512,int8:2048,int8:8192,float32:2048"
#: Fewer than the ~1,000 we would like: on this shared 2-core machine one int8 run of 1,000 took 4 minutes.
DEFAULT_SENTENCES = 300


def read_sentences(data: Path) -> list[str]:
    """All English and French sentences of REFreSD (1,040), alternating."""
    path = data / "refresd-en-fr" / "sentences.tsv"
    if not path.is_file():
        raise SystemExit(f"translate_speed: {path} not found; pass --data DIR (the shared bench folder)")
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    sentences = [text.strip() for row in rows if len(row) >= 4 for text in (row[2], row[3]) if text.strip()]
    return sentences


def build_model(folder: Path, sentences: list[str]) -> Path:
    """Write the random OPUS-MT-sized model with a SentencePiece model trained on all the ``sentences``."""
    import io

    import numpy as np
    import sentencepiece as spm
    from ctranslate2.specs import model_spec, transformer_spec

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_writer=buffer,
        vocab_size=SPM_VOCAB,
        hard_vocab_limit=False,
        character_coverage=1.0,
        bos_id=-1,
        eos_id=-1,
        minloglevel=2,
    )
    processor = spm.SentencePieceProcessor(model_proto=buffer.getvalue())
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    tokens = list(dict.fromkeys(["<unk>", "<s>", "</s>", *pieces]))
    tokens += [f"<extra_{i}>" for i in range(VOCAB_SIZE - len(tokens))]  # pad to OPUS-MT's vocabulary size

    rng = np.random.default_rng(0)
    embeddings = (rng.standard_normal((VOCAB_SIZE, MODEL_DIM), dtype=np.float32) * 0.05).astype(np.float32)
    shapes = {
        "self_attention/linear_0": (3 * MODEL_DIM, MODEL_DIM),
        "attention/linear_1": (2 * MODEL_DIM, MODEL_DIM),
        "ffn/linear_0": (FFN_DIM, MODEL_DIM),
        "ffn/linear_1": (MODEL_DIM, FFN_DIM),
    }

    def fill(layer: object, name: str, value: object) -> None:
        if value is not None:
            return
        leaf = name.rsplit("/", 1)[-1]
        if leaf in ("gamma", "beta"):
            setattr(layer, leaf, np.full(MODEL_DIM, 1.0 if leaf == "gamma" else 0.0, dtype=np.float32))
        elif "embeddings" in name or "projection" in name:
            setattr(layer, leaf, embeddings)  # Marian ties source, target and output embeddings
        else:
            shape = next((s for part, s in shapes.items() if part in name), (MODEL_DIM, MODEL_DIM))
            setattr(layer, leaf, rng.standard_normal(shape, dtype=np.float32) * 0.05)

    spec = transformer_spec.TransformerSpec.from_config(LAYERS, HEADS, pre_norm=False)
    model_spec.visit_spec(spec, fill)
    spec.register_source_vocabulary(tokens)
    spec.register_target_vocabulary(tokens)
    spec.config.add_source_eos = True
    spec.validate()
    spec.optimize(quantization=None)
    model = folder / "random-opus-mt-size"
    model.mkdir()
    spec.save(str(model))
    (model / "source.spm").write_bytes(buffer.getvalue())
    (model / "target.spm").write_bytes(buffer.getvalue())
    return model


def run_worker(model: Path, sentences_file: Path, compute_type: str, batch_tokens: int, threads: int) -> None:
    """One configuration, in this process: load, translate everything once, print one JSON line."""
    from aligner.translate.ct2 import CTranslate2Translator, DecodingSettings

    sentences = json.loads(sentences_file.read_text(encoding="utf-8"))
    decoding = DecodingSettings(max_batch_tokens=batch_tokens, length_ratio=LENGTH_RATIO, length_margin=LENGTH_MARGIN)
    translator = CTranslate2Translator(model, decoding=decoding, compute_type=compute_type, threads=threads)
    start = time.perf_counter()
    loaded = translator.model_for("en", "fr")
    load_seconds = time.perf_counter() - start
    source_tokens = sum(len(tokens) for tokens in loaded.source_tokens(sentences))
    output_tokens = sum(decoding.max_decoding_length(len(tokens)) for tokens in loaded.source_tokens(sentences))
    start, cpu_start = time.perf_counter(), time.process_time()
    translator.translate(sentences, "en", "fr")
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    record = {
        "compute_type": compute_type,
        "resolved_compute_type": loaded.compute_type,
        "batch_tokens": batch_tokens,
        "sentences": len(sentences),
        "source_tokens": source_tokens,
        "max_output_tokens": output_tokens,
        "load_seconds": round(load_seconds, 2),
        "seconds": round(seconds, 2),
        "sentences_per_second": round(len(sentences) / seconds, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "cpu_seconds": round(cpu_seconds, 1),
        "sentences_per_cpu_second": round(len(sentences) / cpu_seconds, 2),
        "load_average": round(os.getloadavg()[0], 1),
    }
    print(json.dumps(record))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="the shared bench folder")
    parser.add_argument(
        "--sentences", type=int, default=DEFAULT_SENTENCES, help=f"how many to translate (default {DEFAULT_SENTENCES})"
    )
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="CPU threads (default: all cores)")
    parser.add_argument("--runs", default=DEFAULT_RUNS, help=f"COMPUTE_TYPE:BATCH_TOKENS,... (default {DEFAULT_RUNS})")
    parser.add_argument("--worker", nargs=4, metavar=("MODEL", "SENTENCES", "TYPE", "BATCH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        model, sentences_file, compute_type, batch = args.worker
        run_worker(Path(model), Path(sentences_file), compute_type, int(batch), args.threads)
        return 0

    corpus = read_sentences(args.data)
    sentences = corpus[: args.sentences]
    runs = [(kind, int(batch)) for kind, batch in (item.split(":") for item in args.runs.split(","))]
    records = []
    with tempfile.TemporaryDirectory(prefix="translate_speed.") as scratch:
        start = time.perf_counter()
        model = build_model(Path(scratch), corpus)
        print(
            f"built {model.name} ({(model / 'model.bin').stat().st_size / 2**20:.0f} MiB float32) "
            f"in {time.perf_counter() - start:.1f}s; {len(sentences)} sentences, {args.threads} threads",
            flush=True,
        )
        sentences_file = Path(scratch) / "sentences.json"
        sentences_file.write_text(json.dumps(sentences), encoding="utf-8")
        for compute_type, batch in runs:
            command = [sys.executable, __file__, "--threads", str(args.threads), "--worker", str(model),
                       str(sentences_file), compute_type, str(batch)]  # fmt: skip
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            record = json.loads(output.strip().splitlines()[-1])
            records.append(record)
            print(
                f"{compute_type:>8} batch {batch:>5} tokens: {record['sentences_per_second']:6.2f} sentences/s, "
                f"{record['seconds']:6.1f}s (CPU {record['cpu_seconds']}s), model load {record['load_seconds']:.1f}s, "
                f"peak RSS {record['peak_rss_mb']} MB, machine load average {record['load_average']}",
                flush=True,
            )

    headline: dict[str, object] = {
        "sentences": len(sentences),
        "threads": args.threads,
        "mean_source_tokens": round(records[0]["source_tokens"] / len(sentences), 1),
        "max_decoding_length": f"{LENGTH_RATIO}x+{LENGTH_MARGIN}",
        "runs": [{k: r[k] for k in RUN_FIELDS} for r in records],
    }
    by_run = {(r["compute_type"], r["batch_tokens"]): r for r in records}
    shared_batches = sorted(
        {b for kind, b in by_run if kind == "int8"} & {b for kind, b in by_run if kind == "float32"}
    )
    if shared_batches:  # int8 against float32 at the same batch size, the default one if it was run
        batch = DEFAULT_BATCH_TOKENS if DEFAULT_BATCH_TOKENS in shared_batches else shared_batches[0]
        int8, float32 = by_run["int8", batch], by_run["float32", batch]
        headline["compared_at_batch_tokens"] = batch
        for key in ("sentences_per_second", "sentences_per_cpu_second", "peak_rss_mb"):
            headline[f"int8_{key}"], headline[f"float32_{key}"] = int8[key], float32[key]
        headline["int8_speedup"] = round(int8["sentences_per_second"] / float32["sentences_per_second"], 2)
        headline["int8_cpu_speedup"] = round(int8["sentences_per_cpu_second"] / float32["sentences_per_cpu_second"], 2)
    print(json.dumps(headline))
    return 0


if __name__ == "__main__":
    sys.exit(main())
