"""The shipped bilingual lexicon (``aligner/data/lexicon/lexicon.tsv.gz``), loaded once per direction.

Each line is ``lang, lower-case words, stems, translations best first``; ``tools/build_lexicon.py`` writes it
from the FreeDict dictionaries. Look-ups go by exact lower-case words, then accent-folded words, then stems,
so inflected forms ("mangeaient", "potatoes") find their entries and multi-word entries match whole; French
forms the stemmer cannot reach ("fit", "pouvait", "yeux") go through a lemma table from the Hunspell dictionary and
Apertium's French analyser, and
English irregular forms ("made", "children") through :func:`aligner.lang.tokens.stem`'s WordNet table.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from aligner.data.lexicon import cached_rows, read_bytes, read_rows
from aligner.lang.dictionary import LEXICON_FILE, VOCABULARY_FILE, translation_stems
from aligner.lang.names import PRESS_NAMES, PhraseTable
from aligner.lang.tokens import IRREGULAR_FILE, fold

LEMMAS_FILE = "lemmas.tsv.gz"
NAMES_FILE = "names.tsv.gz"  # read by aligner.lang.names; hashed here with the rest


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
    #: Inflected form -> lemma, for the forms stemming cannot bring to their entry (French only).
    lemmas: Mapping[str, str]

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


@cache
def data_version() -> str:
    """Short hash of all the shipped lexicon data (names and English irregular forms included, and the press's
    names kept in code), for the run signature: cached translations made with other data are not reused."""
    digest = hashlib.sha256()
    for file_name in (LEXICON_FILE, LEMMAS_FILE, VOCABULARY_FILE, NAMES_FILE, IRREGULAR_FILE):
        digest.update(read_bytes(file_name))
    digest.update(repr(sorted((lang, sorted(names.items())) for lang, names in PRESS_NAMES.items())).encode())
    return digest.hexdigest()[:8]


@cache
def _read_rows() -> tuple[tuple[str, str, str, str], ...]:
    return tuple((f[0], f[1], f[2], f[3]) for f in cached_rows(LEXICON_FILE))


@cache
def _lemmas(lang: str) -> Mapping[str, str]:
    return {form: lemma for form, lemma in read_rows(LEMMAS_FILE)} if lang == "fr" else {}


@cache
def load_lexicon(src_lang: str, tgt_lang: str) -> Lexicon:
    """The ``src_lang`` -> ``tgt_lang`` lexicon (``en``/``fr``); shorter headwords win a shared stem."""
    rows = _read_rows()
    by_words: PhraseTable[str] = PhraseTable()
    by_folded: PhraseTable[str] = PhraseTable()
    by_stems: PhraseTable[str] = PhraseTable()
    for lang, words, stems, translations in sorted(rows, key=lambda row: (len(row[1]), row[1])):
        best = translations.split("|", 1)[0]
        if lang == src_lang:
            by_words.add(words.split(" "), best)
            by_folded.add(fold(words).split(" "), best)
            by_stems.add(stems.split(" "), best)
    return Lexicon(by_words, by_folded, by_stems, translation_stems(tgt_lang), _lemmas(src_lang))
