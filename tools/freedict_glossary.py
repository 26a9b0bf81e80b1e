"""Write a German->French glossary for ``--glossary`` from the FreeDict dictionaries installed on this machine.

Reads the dictd files of the Debian packages ``dict-freedict-deu-fra`` and ``dict-freedict-fra-deu`` (FreeDict,
GPL-2.0-or-later; ``/usr/share/dictd``): every one-word German headword with its French translations in dictionary
order, then the German words of fra-deu entries with their French headword, for words deu-fra lacks or gives
fewer translations. The output is one ``German<TAB>French`` pair per line. Nothing of it is committed: the
glossary is user data, and ``benchmarks/textberg.py --glossary freedict`` builds it on the fly.

    python tools/freedict_glossary.py OUTPUT.tsv
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_lexicon import DICTD, dictd_entries  # noqa: E402

#: A numbered sense line of the deu-fra entries: its translations; the unnumbered lines after it define the sense
#: in German.
_SENSE = re.compile(r"^\d+\.\s+(?P<translations>.*)$")
#: A cross-reference to another sense at the end of a sense line ("sommet 2.").
_SENSE_REFERENCE = re.compile(r"\s*\d+\.\s*$")
_NOTES = re.compile(r"\([^)]*\)|\[[^]]*\]|<[^>]*>")


def read_entries(name: str) -> Iterator[tuple[str, list[str]]]:
    """``(headword, translations in dictionary order)`` per entry of the dictd file ``name``.

    An entry is the headword line, then either numbered sense lines, each followed by a definition in the source
    language, or one line of translations.
    """
    seen = set()
    for _, location, entry in dictd_entries(name, DICTD):
        if location in seen:  # one entry under several index keys
            continue
        seen.add(location)
        lines = entry.splitlines()
        if not lines:
            continue
        senses = [match["translations"] for match in map(_SENSE.match, lines[1:]) if match]
        translations: list[str] = []
        for sense in senses or lines[1:2]:
            for candidate in re.split(r"[,;]", _SENSE_REFERENCE.sub("", _NOTES.sub("", sense))):
                cleaned = " ".join(candidate.split()).strip(" .")
                if cleaned and "..." not in cleaned and cleaned not in translations:
                    translations.append(cleaned)
        yield lines[0].split(" /")[0].split(" <")[0].strip(), translations


def glossary_rows() -> list[str]:
    """``German<TAB>French`` lines: deu-fra's one-word headwords, then fra-deu read backwards."""
    rows = [
        f"{head}\t{french}"
        for head, translations in read_entries("freedict-deu-fra")
        if " " not in head
        for french in translations
    ]
    rows += [
        f"{german}\t{head}"
        for head, translations in read_entries("freedict-fra-deu")
        for german in translations
        if " " not in german
    ]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    args.output.write_text("".join(row + "\n" for row in glossary_rows()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
