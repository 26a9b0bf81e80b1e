"""The shipped bilingual lexicon (``aligner/data/lexicon/lexicon.tsv.gz``), loaded once per direction.

Each line is ``lang, lower-case words, stems, translations best first``; ``tools/build_lexicon.py`` writes it
from the FreeDict dictionaries. Look-ups go by exact lower-case words, then accent-folded words, then stems,
so inflected forms ("mangeaient", "potatoes") find their entries and multi-word entries match whole.
"""

from __future__ import annotations

import gzip
import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from aligner.lang.names import PhraseTable
from aligner.lang.tokens import fold

LEXICON_FILE = "lexicon.tsv.gz"
VOCABULARY_FILE = "vocabulary.tsv.gz"


def lower(word: str) -> str:
    """Lower case with accents kept (French "marché" is not "marche"), straight apostrophes, "œ" as "oe"."""
    return unicodedata.normalize("NFC", word.lower()).translate(_LOWER_FORMS)


_LOWER_FORMS = str.maketrans({"’": "'", "œ": "oe", "æ": "ae"})


@dataclass(frozen=True)
class Lexicon:
    """Translations of one language into another, by lower-case words, folded words and stems."""

    by_words: PhraseTable[str]
    by_folded: PhraseTable[str]
    by_stems: PhraseTable[str]
    #: Stems of every target-language word the dictionaries use: what a cognate must be.
    target_stems: frozenset[str]
    #: Short hash of the data file, for the run signature.
    version: str

    def longest_at(self, words: Sequence[str], folded: Sequence[str], stems: Sequence[str], index: int) -> int:
        """The most words an entry starting at ``index`` can have, by any of the three keys."""
        return max(
            self.by_words.longest_at(words, index),
            self.by_folded.longest_at(folded, index),
            self.by_stems.longest_at(stems, index),
        )

    def match_at(
        self, words: Sequence[str], folded: Sequence[str], stems: Sequence[str], index: int
    ) -> tuple[int, str] | None:
        """The longest entry starting at ``index``: ``(number of words, best translation)``, or ``None``.

        A single word of one or two letters must match exactly: folded or stemmed, French "a" (has) would
        find "à" (at).
        """
        tables = ((self.by_words, words), (self.by_folded, folded), (self.by_stems, stems))
        for size in range(self.longest_at(words, folded, stems, index), 0, -1):
            end = index + size
            for table, keys in tables[:1] if size == 1 and len(words[index]) <= 2 else tables:
                translation = table.get(keys[index:end])
                if translation is not None:
                    return size, translation
        return None


def _read_lines(file_name: str) -> tuple[list[list[str]], bytes]:
    """The tab-separated fields of each line of a shipped data file (comments skipped), and its raw bytes."""
    data = resources.files("aligner.data.lexicon").joinpath(file_name).read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")], data


@cache
def _read_rows() -> tuple[tuple[tuple[str, str, str, str], ...], str]:
    """The lexicon's rows and a short hash of its bytes."""
    lines, data = _read_lines(LEXICON_FILE)
    return tuple((f[0], f[1], f[2], f[3]) for f in lines), hashlib.sha256(data).hexdigest()[:8]


@cache
def _vocabulary(lang: str) -> frozenset[str]:
    return frozenset(stem for row_lang, stem in _read_lines(VOCABULARY_FILE)[0] if row_lang == lang)


@cache
def load_lexicon(src_lang: str, tgt_lang: str) -> Lexicon:
    """The ``src_lang`` -> ``tgt_lang`` lexicon (``en``/``fr``); shorter headwords win a shared stem."""
    rows, version = _read_rows()
    by_words: PhraseTable[str] = PhraseTable()
    by_folded: PhraseTable[str] = PhraseTable()
    by_stems: PhraseTable[str] = PhraseTable()
    for lang, words, stems, translations in sorted(rows, key=lambda row: (len(row[1]), row[1])):
        best = translations.split("|", 1)[0]
        if lang == src_lang:
            by_words.add(words.split(" "), best)
            by_folded.add(fold(words).split(" "), best)
            by_stems.add(stems.split(" "), best)
    return Lexicon(by_words, by_folded, by_stems, _vocabulary(tgt_lang), version)
