"""The unit faults of ``aligner check`` on real translation units: shifted targets, and targets in another language.

Each newstest2014 story is a translation memory: line *i* of the original (``origlang`` in docs.tsv) is a unit's
source, line *i* of the translation its target. Three files are made per story:

- clean: the units as they are. Every shift or wrong-language fault reported here is a false alarm.
- shifted: the targets of one pair of neighbouring units swapped (the pair drawn with a seed per story), which makes
  two units whose target translates a neighbour.
- foreign: one target replaced by the source of another story's unit (a text in the source language that is not a
  copy of its own source): one wrong-language unit to find, where the unit has enough words to tell.

Stories with even docid numbers are the development half, on which SHIFT_MARGIN and SHIFT_FLOOR were chosen
(``--grid`` prints the dev figures of nearby values); the odd half is held out.

    python benchmarks/check_faults.py [--data ../shared/bench] [--split dev|test] [--grid]

The headline figures are printed last, as one line of JSON.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from aligner.check import faults  # noqa: E402
from aligner.encode import shared_encoder  # noqa: E402


@dataclass(frozen=True)
class Story:
    docid: str
    src_lang: str
    tgt_lang: str
    sources: list[str]
    targets: list[str]


def stories(data: Path, split: str) -> list[Story]:
    folder = data / "newstest2014-en-fr"
    if not folder.is_dir():
        raise SystemExit(f"{folder}: not found; point --data at the shared bench folder")
    found = []
    with (folder / "docs.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            number = int(row["docid"].split("-")[0])
            if (number % 2 == 0) != (split == "dev"):
                continue
            src, tgt = row["origlang"], "fr" if row["origlang"] == "en" else "en"
            lines = {
                lang: (folder / "docs" / f"{row['docid']}.{lang}.txt").read_text(encoding="utf-8").splitlines()
                for lang in (src, tgt)
            }
            if len(lines[src]) >= 3:
                found.append(Story(row["docid"], src, tgt, lines[src], lines[tgt]))
    return found


def evaluate(corpus: list[Story], encoder: object) -> dict[str, float]:
    """Shift precision/recall over the shifted files, false alarms on the clean ones, language catches."""
    true_shifts = found_shifts = correct_shifts = clean_units = clean_alarms = 0
    foreign = caught = language_alarms = 0
    for story in corpus:
        rng = random.Random(story.docid)
        clean, _ = faults.shifted_targets(story.sources, list(story.targets), encoder)  # type: ignore[arg-type]
        clean_units += len(story.sources)
        clean_alarms += len(clean)
        language_alarms += sum(
            f.kind == "language"
            for f in faults.untranslated_targets(story.sources, list(story.targets), story.src_lang, story.tgt_lang)
        )
        first = rng.randrange(len(story.sources) - 1)
        swapped: list[str | None] = list(story.targets)
        swapped[first], swapped[first + 1] = swapped[first + 1], swapped[first]
        shifted, _ = faults.shifted_targets(story.sources, swapped, encoder)  # type: ignore[arg-type]
        true_shifts += 2
        found_shifts += len(shifted)
        correct_shifts += sum(f.unit in (first, first + 1) for f in shifted)
        other = corpus[(corpus.index(story) + 1) % len(corpus)]
        unit = rng.randrange(len(story.sources))
        replaced: list[str | None] = list(story.targets)
        replaced[unit] = other.sources[rng.randrange(len(other.sources))] if other.src_lang == story.src_lang else None
        if replaced[unit] and faults.unit_language(replaced[unit] or "") is not None:
            foreign += 1
            found = faults.untranslated_targets(story.sources, replaced, story.src_lang, story.tgt_lang)
            caught += any(f.unit == unit and f.kind == "language" for f in found)
    return {
        "shift_precision": round(correct_shifts / max(found_shifts, 1), 4),
        "shift_recall": round(correct_shifts / true_shifts, 4),
        "shift_false_alarms_per_1000_clean_units": round(1000 * clean_alarms / clean_units, 2),
        "language_cases": foreign,
        "language_recall_where_decidable": round(caught / max(foreign, 1), 4),
        "language_false_alarms_per_1000_clean_units": round(1000 * language_alarms / clean_units, 2),
        "units": clean_units,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench")
    parser.add_argument("--split", choices=["dev", "test"], default="test")
    parser.add_argument("--grid", action="store_true", help="dev figures for nearby margins and floors")
    args = parser.parse_args()
    encoder = shared_encoder()
    if args.grid:
        dev = stories(args.data, "dev")
        for margin in (0.05, 0.1, 0.15, 0.2, 0.25):
            for floor in (0.3, 0.45, 0.6):
                faults.SHIFT_MARGIN, faults.SHIFT_FLOOR = margin, floor
                print(f"margin {margin} floor {floor}: {evaluate(dev, encoder)}")
        return
    corpus = stories(args.data, args.split)
    figures = {"split": args.split, "stories": len(corpus), **evaluate(corpus, encoder)}
    figures |= {"shift_margin": faults.SHIFT_MARGIN, "shift_floor": faults.SHIFT_FLOOR}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
