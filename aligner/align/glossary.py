"""A bilingual word list for the source words the pivot leaves untranslated.

A machine translation copies the words it does not know into its output (the Europarl MT of Text+Berg passes
"Gletscherbaches", "Fährte", "Bergsteiger" through into French), and with no pivot at all every source word is
compared as it is. Such a word can only match the other side by accident. With a glossary (``--glossary FILE``:
``source word<TAB>target word`` per line, a word's translations in order of preference), every *copied* word of the
compared source text (one that also stands in the raw source segment, has :data:`MIN_LENGTH` letters or more and
is no function word) is credited with its first :data:`TRANSLATIONS` translations, as realign credits learned
associates (:meth:`aligner.align.overlap.FeatureCounts.credited`): each of its occurrences on the source side also
counts as a fraction of an occurrence of each translation, words and character n-grams alike. The fraction is
:data:`WEIGHT_WITHOUT_PIVOT` where the source is compared as it is (the glossary is then the only translation) and
:data:`WEIGHT_BESIDE_MT` beside a machine translation, whose own words are the better evidence. Only the alignment
sees the credit: the pivot shown in reports stays what the translator produced.

A word the glossary lacks is looked up by its Snowball stem ("grossen" finds "groß" through "gross"), and ``ß``
compares as ``ss``, as Swiss German writes it. Measured on the Text+Berg dev document with FreeDict German-French
(round 13 in ``docs/benchmarks.md``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import numpy as np

from aligner.align.overlap import FeatureCounts
from aligner.errors import InputError
from aligner.inputs import read_utf8_file
from aligner.lang.tokens import fold, is_function_word, stem, tokenize

#: Translations credited to a copied word: on Text+Berg dev the second raised the share of glossed words found in
#: the gold French from 0.48 to 0.54; more added little (0.55 at four) and cost the alignment.
TRANSLATIONS = 2
#: Shorter words are left as they are: initials, abbreviations and letters ("G." is a name, not the note "sol").
MIN_LENGTH = 3
#: Credit beside an MT, the middle of the plateau (0.05-0.15) where Text+Berg dev keeps the Europarl MT's links
#: (whole 0.921; its pieces gain two links); from 0.2 on links go. The weak europarllight MT gains 0.03 (0.04-0.05
#: at 0.5-1).
WEIGHT_BESIDE_MT = 0.1
#: Credit where the source is compared as it is (no pivot): Text+Berg dev gains 0.10 on its pieces' mean (0.5-2
#: score alike).
WEIGHT_WITHOUT_PIVOT = 1.0


def _key(word: str) -> str:
    return word.lower().replace("ß", "ss")


class Glossary:
    """Source words -> target words, looked up by form, then by Snowball stem (see the module docstring)."""

    def __init__(self, pairs: Iterable[tuple[str, str]], lang: str, name: str = "glossary") -> None:
        self.lang, self.name = lang, name
        self.words: dict[str, list[str]] = {}
        for source, target in pairs:
            translations = self.words.setdefault(_key(source), [])
            if target not in translations:
                translations.append(target)
        self.stems: dict[str, list[str]] = {}
        for word, translations in self.words.items():
            self.stems.setdefault(stem(word, lang), translations)

    def translations(self, word: str) -> list[str]:
        """The glossary's translations of ``word``, best first; none when neither its form nor its stem is known."""
        key = _key(word)
        return self.words.get(key) or self.stems.get(stem(key, self.lang), [])

    def pairs(self, source: str, compared: str) -> list[tuple[str, str]]:
        """(copied word, word of one of its translations) for ``compared``, the text standing for ``source``."""
        copied = {fold(token.text) for token in tokenize(source) if token.is_word}
        pairs = []
        for token in tokenize(compared):
            word = token.text
            if not token.is_word or len(word) < MIN_LENGTH or fold(word) not in copied:
                continue
            if not is_function_word(word, self.lang):
                for phrase in self.translations(word)[:TRANSLATIONS]:
                    pairs += [(word, part.text) for part in tokenize(phrase) if part.is_word]
        return pairs

    def credit(self, counts: FeatureCounts, sources: Sequence[str], compared: Sequence[str]) -> FeatureCounts:
        """``counts`` (of ``compared`` against the other side) with the copied words of ``compared`` credited with
        their translations; ``sources`` are the raw source segments."""
        weight = WEIGHT_WITHOUT_PIVOT if list(sources) == list(compared) else WEIGHT_BESIDE_MT
        credit = set()
        for source, text in zip(sources, compared, strict=True):
            for word, translation in self.pairs(source, text):
                word_id, translation_id = counts.known_word(word), counts.known_word(translation)
                if word_id is not None and translation_id is not None and word_id != translation_id:
                    credit.add((word_id, translation_id))
        if not credit:
            return counts
        pairs = np.array(sorted(credit), dtype=np.int64)
        return counts.credited("source", pairs[:, 0], pairs[:, 1], np.full(len(pairs), weight))


@cache
def read_glossary(path: str, lang: str) -> Glossary:
    """The glossary in ``path`` (``source<TAB>target`` lines; blank lines and ``#`` comments skipped)."""
    pairs = []
    for number, line in enumerate(read_utf8_file(Path(path), "glossary").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not all(field.strip() for field in fields):
            raise InputError(f"{path}:{number}: a glossary line must be 'source word<TAB>target word'")
        pairs.append((fields[0].strip(), fields[1].strip()))
    return Glossary(pairs, lang, Path(path).name)
