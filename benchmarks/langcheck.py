"""The wrong-language warning on real text: how often it fires on a correctly labelled side, and how often it
catches a side labelled with the wrong language.

Texts are runs of consecutive sentences (1, 3 and 10 at a time) from REFreSD (Wikipedia EN/FR), the TransRead
novels (EN/FR, detokenised roughly) and Text+Berg (DE/FR yearbooks). Each run is checked once under its true
language (a warning is a false alarm) and once under each other language of its pair (a warning is a catch).

    python benchmarks/langcheck.py [--data ../shared/bench]

The headline figures are printed last, as one line of JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from aligner.langcheck import language_warning  # noqa: E402
from aligner.model import Document  # noqa: E402

RUN_LENGTHS = (1, 3, 10)
_TOKENISED_GAPS = re.compile(r" ([.,;:!?)\]»’']|n't)|([(\[«]) |(\w[’']) ")


def _detokenise(line: str) -> str:
    return _TOKENISED_GAPS.sub(lambda m: m.group(1) or m.group(2) or m.group(3), line.strip())


def corpora(data: Path) -> Iterator[tuple[str, str, list[str]]]:
    """(corpus, language, sentences) for each side of each source."""
    rows = (data / "refresd-en-fr" / "sentences.tsv").read_text(encoding="utf-8").splitlines()[1:]
    cells = [row.split("\t") for row in rows]
    yield "refresd", "en", [c[2] for c in cells]
    yield "refresd", "fr", [c[3] for c in cells]
    for path in sorted((data / "transread-en-fr" / "derived").glob("*.en")):
        for lang in ("en", "fr"):
            lines = path.with_suffix(f".{lang}").read_text(encoding="utf-8").splitlines()
            yield "transread", lang, [_detokenise(line) for line in lines if line.strip()]
    for lang in ("de", "fr"):
        lines = (data / "textberg" / "vecalign_split" / f"dev.{lang}").read_text(encoding="utf-8").splitlines()
        yield "textberg", lang, [line for line in lines if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="the bench folder")
    args = parser.parse_args(argv)
    pairs = {"refresd": ("en", "fr"), "transread": ("en", "fr"), "textberg": ("de", "fr")}
    counts = {n: {"texts": 0, "false_alarms": 0, "mislabelled": 0, "caught": 0} for n in RUN_LENGTHS}
    started = time.perf_counter()
    for corpus, lang, sentences in corpora(args.data):
        others = [other for other in pairs[corpus] if other != lang]
        for n in RUN_LENGTHS:
            for start in range(0, len(sentences) - n + 1, n):
                text = " ".join(sentences[start : start + n])
                row = counts[n]
                row["texts"] += 1
                row["false_alarms"] += language_warning(Document("t", lang, text)) is not None
                for other in others:
                    row["mislabelled"] += 1
                    row["caught"] += language_warning(Document("t", other, text)) is not None
    seconds = time.perf_counter() - started
    print("sentences | texts | false-alarm rate | catch rate (wrong label)")
    headline: dict[str, object] = {"benchmark": "langcheck", "seconds": round(seconds, 2)}
    for n, row in counts.items():
        false_rate = row["false_alarms"] / row["texts"]
        catch_rate = row["caught"] / row["mislabelled"]
        print(f"{n:>9} | {row['texts']:>5} | {false_rate:.4f} | {catch_rate:.4f}")
        headline[f"false_alarm_rate_{n}"] = round(false_rate, 4)
        headline[f"catch_rate_{n}"] = round(catch_rate, 4)
        headline[f"texts_{n}"] = row["texts"]
    print(json.dumps(headline))
    return 0


if __name__ == "__main__":
    sys.exit(main())
