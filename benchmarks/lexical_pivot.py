"""How much of the English side the lexical pivot recovers from the French side, against a no-lexicon control.

For every gold link of TransRead (``transread-en-fr/derived``) with text on both sides, the French sentences
are detokenised and translated into English by the lexical pivot, and by the control (``dictionary=False``:
numbers converted, every word passed through unchanged, so only identical cognates and names count). The score
is the share of English content words (not function words, by Snowball stem, counted per occurrence) whose
stem appears in the pivot of the same link. Also measured: lexicon load time (cold, in a fresh interpreter),
translation speed on one core, and the size of the shipped data.

    python benchmarks/lexical_pivot.py [--data ../shared/bench]

The headline figures are printed last, as one line of JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from aligner.lang.tokens import is_function_word, stem, tokenize  # noqa: E402
from aligner.translate.lexical import LexicalTranslator  # noqa: E402
from benchmarks.batch_speed import detokenise  # noqa: E402

_GOLD_LINK = re.compile(r"^\[([\d,\s]*)\]:\[([\d,\s]*)\]")
#: Run in a fresh interpreter: prints the import time (NLTK's stemmer dominates) and the data load time.
_LOAD = """
import time
started = time.perf_counter()
from aligner.lang.names import name_tables
from aligner.translate.lexical.lexicon import load_lexicon
imported = time.perf_counter()
load_lexicon("fr", "en"), name_tables("fr"), name_tables("en")
print(imported - started, time.perf_counter() - imported)
"""


@dataclass
class Recall:
    """Content words of the English side, and how many of them the pivot recovered."""

    words: int = 0
    recovered: int = 0

    def add(self, english: str, pivot: str) -> None:
        pivot_stems = {stem(t.text, "en") for t in tokenize(pivot) if t.is_word}
        for token in tokenize(english):
            if token.is_word and not is_function_word(token.text, "en"):
                self.words += 1
                self.recovered += stem(token.text, "en") in pivot_stems

    @property
    def share(self) -> float:
        return round(self.recovered / self.words, 4) if self.words else 0.0


def linked_texts(folder: Path, book: str) -> list[tuple[str, str, int]]:
    """(English, French, French sentence count) of each gold link with both sides present, detokenised."""
    english = (folder / f"{book}.en").read_text(encoding="utf-8").splitlines()
    french = (folder / f"{book}.fr").read_text(encoding="utf-8").splitlines()
    pairs = []
    for line in (folder / f"{book}.enfr").read_text(encoding="utf-8").splitlines():
        match = _GOLD_LINK.match(line.strip())
        if match and match[1].strip() and match[2].strip():
            en = " ".join(detokenise(english[int(i)]) for i in match[1].split(","))
            fr = " ".join(detokenise(french[int(i)]) for i in match[2].split(","))
            pairs.append((en, fr, len(match[2].split(","))))
    return pairs


def data_size() -> int:
    """Bytes of the shipped lexicon data files."""
    folder = resources.files("aligner.data.lexicon")
    return sum(entry.stat().st_size for entry in Path(str(folder)).glob("*.gz"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="the bench folder")
    args = parser.parse_args(argv)
    folder = args.data / "transread-en-fr" / "derived"
    books = sorted(path.stem for path in folder.glob("*.enfr"))
    if not books:
        raise SystemExit(f"no gold links under {folder}; point --data at the bench folder")

    timing = subprocess.run([sys.executable, "-c", _LOAD], cwd=REPO, capture_output=True, text=True, check=True)
    import_seconds, load_seconds = (float(field) for field in timing.stdout.split())
    lexical, control = LexicalTranslator(), LexicalTranslator(dictionary=False)
    lexical.translate(["chauffe"], "fr", "en")  # load outside the timed runs
    results: dict[str, dict[str, float | int]] = {}
    totals = {"lexical": Recall(), "control": Recall()}
    sentences, seconds = 0, 0.0
    print(f"{'book':32} {'links':>6} {'EN words':>9} {'lexical':>8} {'control':>8}")
    for book in books:
        pairs = linked_texts(folder, book)
        french = [fr for _, fr, _ in pairs]
        started = time.perf_counter()
        pivots = lexical.translate(french, "fr", "en")
        seconds += time.perf_counter() - started
        sentences += sum(count for *_, count in pairs)
        controls = control.translate(french, "fr", "en")
        book_recall = {"lexical": Recall(), "control": Recall()}
        for (english, _, _), pivot, plain in zip(pairs, pivots, controls, strict=True):
            for name, text in (("lexical", pivot.text), ("control", plain.text)):
                book_recall[name].add(english, text)
                totals[name].add(english, text)
        results[book] = {
            "links": len(pairs),
            "english_words": book_recall["lexical"].words,
            "lexical": book_recall["lexical"].share,
            "control": book_recall["control"].share,
        }
        print(
            f"{book:32} {len(pairs):6d} {book_recall['lexical'].words:9d} "
            f"{book_recall['lexical'].share:8.3f} {book_recall['control'].share:8.3f}"
        )
    links = sum(int(r["links"]) for r in results.values())
    print(
        f"{'overall':32} {links:6d} {totals['lexical'].words:9d} "
        f"{totals['lexical'].share:8.3f} {totals['control'].share:8.3f}"
    )
    speed = round(sentences / seconds)
    print(f"import {import_seconds:.3f} s, data load {load_seconds:.3f} s (cold)")
    print(f"{speed} French sentences/s on one core; data {data_size()} bytes")
    print(
        json.dumps(
            {
                "benchmark": "lexical_pivot",
                "data": "transread-en-fr/derived (6 novels, gold links with both sides)",
                "signature": lexical.signature(),
                "recall_lexical": totals["lexical"].share,
                "recall_control": totals["control"].share,
                "english_content_words": totals["lexical"].words,
                "links": links,
                "per_book": results,
                "import_seconds": round(import_seconds, 3),
                "load_seconds": round(load_seconds, 3),
                "french_sentences_per_second": speed,
                "data_bytes": data_size(),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
