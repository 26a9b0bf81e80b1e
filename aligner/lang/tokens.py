"""Word tokens with character offsets, function words and stems, for English and French (and a fallback).

Every stage that looks at words (the lexical pivot, the similarity score, the detectors) tokenises through
here, so a word means the same thing everywhere. English irregular forms are stemmed as their lemma ("made" as
"make"), since the lexical pivot writes lemmas.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from aligner.data.lexicon import read_rows
from aligner.importing import nltk_without_scipy

if TYPE_CHECKING:
    from nltk.stem.snowball import SnowballStemmer

#: English irregular forms and their lemma (WordNet's exception lists), built by ``tools/build_lexicon.py``.
IRREGULAR_FILE = "irregular.tsv.gz"

#: A number in either convention ("1,234.5", "1 234,5", "15%"), a word with inner apostrophes or hyphens,
#: or any other single non-space character.
_TOKEN = re.compile(
    r"\d+(?:[ \u00a0\u202f.,']\d{3})*(?:[.,]\d+)?"
    r"|[^\W\d_]+(?:[-’'][^\W\d_]+)*[’']?"
    r"|\S",
)
_ELIDED = re.compile(r"(?i)^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)[’']")

_FUNCTION_WORDS = {
    "en": """a about above after again against all am an and any are as at be because been before being below
        between both but by can could did do does doing down during each few for from further had has have having he
        her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor
        not now of off on once only or other our ours ourselves out over own same she should so some such than that
        the their theirs them themselves then there these they this those through to too under until up very was we
        were what when where which while who whom why will with would you your yours yourself yourselves also said
        says say told would could may might must shall upon""",
    "fr": """a à au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur leurs lui
        ma mais me même mes moi mon ne nos notre nous on ou où par pas pour qu que qui sa se ses son sur ta te tes toi
        ton tu un une vos votre vous y été être avoir ai as avons avez ont avait avaient est sont était étaient sera
        seront serait fait faire plus moins très aussi comme dont donc ni si sans sous entre vers chez depuis pendant
        afin alors ainsi cela ceci ça celui celle ceux celles lequel laquelle lesquels auquel duquel quel quelle
        quels quelles tout tous toute toutes autre autres dit a-t-il déclaré selon l d j m n s t c""",
    "de": """der die das den dem des ein eine einer eines einem einen und oder aber in im an am auf aus bei mit nach
        von vor zu zum zur für über unter durch gegen ohne um ist sind war waren wird werden hat haben hatte es er
        sie wir ihr ich du nicht auch als wie so dass daß noch nur schon sich""",
}


@dataclass(frozen=True)
class Token:
    """A word, number or punctuation mark; ``text == segment_text[start:end]``."""

    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_number(self) -> bool:
        return self.text[0].isdigit()


#: A possessive ending ("Syria's"), which the tokenizer keeps on its word.
POSSESSIVE = re.compile(r"['’]s\b")


def tokenize(text: str) -> list[Token]:
    """Split into tokens; French elisions (``l'``, ``qu'``) become tokens of their own."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        word, start = match.group(), match.start()
        elided = _ELIDED.match(word)
        if elided and elided.end() < len(word):
            tokens.append(Token(word[: elided.end()], start, start + elided.end()))
            word, start = word[elided.end() :], start + elided.end()
        tokens.append(Token(word, start, start + len(word)))
    return tokens


@lru_cache(maxsize=1 << 17)
def fold(word: str) -> str:
    """Lower case without accents, straight apostrophes: the form words are compared in (memoised: the stages
    fold the same words again and again)."""
    decomposed = unicodedata.normalize("NFKD", word.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def function_words(lang: str) -> frozenset[str]:
    """Words too common to carry meaning on their own, folded."""
    return frozenset(fold(w) for w in _FUNCTION_WORDS.get(lang, "").split())


def is_function_word(word: str, lang: str) -> bool:
    return fold(word).rstrip("'") in function_words(lang) or fold(word) in function_words(lang)


_SNOWBALL = {"en": "english", "fr": "french", "de": "german", "es": "spanish", "it": "italian", "pt": "portuguese"}


@cache
def _stemmer(lang: str) -> SnowballStemmer | None:
    # Imported on first use: importing NLTK takes about a second (it pulls in SciPy where installed), which
    # ``aligner --help`` and argument errors should not pay.
    with nltk_without_scipy():
        from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer(_SNOWBALL[lang]) if lang in _SNOWBALL else None


@cache
def irregular_forms(lang: str) -> Mapping[str, str]:
    """Folded irregular form -> folded lemma ("made" -> "make", "children" -> "child"); English only.

    Snowball only strips regular suffixes, and the lexical pivot writes English lemmas, so without this "made"
    and the pivot's "make" would never compare equal.
    """
    if lang != "en":
        return {}
    return {form: lemma for form, lemma in read_rows(IRREGULAR_FILE)}


def snowball_stem(word: str, lang: str) -> str:
    """The plain Snowball stem of a folded word (or the folded word where there is no stemmer)."""
    folded = fold(word)
    stemmer = _stemmer(lang)
    return fold(stemmer.stem(folded)) if stemmer else folded


@cache
def stem(word: str, lang: str) -> str:
    """The Snowball stem of a word's lemma where it is an irregular form, else of the folded word."""
    folded = fold(word)
    return snowball_stem(irregular_forms(lang).get(folded, folded), lang)
