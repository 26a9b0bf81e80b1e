"""The lexical pivot: each segment translated word by word, English <-> French, with provenance.

For each position of a segment, the first of these that applies makes the next stretch of the pivot:

1. a quantity (:mod:`aligner.lang.numbers`), written back in the target language's conventions, so "1 234,5"
   becomes "1,234.5" and "mardi 5 mars" becomes "Tuesday March 5";
2. the longest name (:mod:`aligner.lang.names`) or lexicon entry (multi-word ones included), found by
   exact words, accent-folded words or stems; a name wins a tie, and an entry stops short of a name that
   starts inside it and runs past its end ("à la Haye": "à", then "la Haye"); French elided words are
   looked up both as written ("d'abord", "Côte d'Ivoire") and as their full word ("l'" as "le"), and a
   contraction before a name that starts with an article is split ("au Caire": "à", then "Le Caire");
3. the entry of the word's lemma, for French forms stemming misses ("fit" -> "faire"), of the word before an
   English clitic ("John's"), or of each part of an unknown hyphenated compound;
4. a cognate: the word itself, or a regular suffix change ("-té" <-> "-ty"), when the target language has a
   word with that stem;
5. otherwise the word unchanged (proper names, unknown words) and punctuation as it is.

Function words are translated like any other word (the scores ignore them). The ``dictionary=False`` control
keeps only 1 and 5, to measure what the lexicon adds.

Every stretch records ``(src_start, src_end, pivot_start, pivot_end)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from aligner.lang.names import match_name, name_in, name_stems, name_tables, name_words
from aligner.lang.number_words import spell, spell_ordinal
from aligner.lang.numbers import Quantity, find_quantities, render
from aligner.lang.tokens import Token, fold, stem, tokenize
from aligner.model import Pivot
from aligner.translate.base import Translator
from aligner.translate.lexical.lexicon import Lexicon, data_version, load_lexicon, lower

LANGUAGES = ("en", "fr")


#: French elided words and the full word the lexicon lists them under.
_ELISIONS = {
    "l'": "le",
    "d'": "de",
    "j'": "je",
    "m'": "me",
    "t'": "te",
    "s'": "se",
    "n'": "ne",
    "c'": "ce",
    "qu'": "que",
    "jusqu'": "jusque",
    "lorsqu'": "lorsque",
    "puisqu'": "puisque",
}
#: French contractions of a preposition and an article: ``(preposition, article)``.
_CONTRACTIONS = {"au": ("à", "le"), "aux": ("à", "les"), "du": ("de", "le"), "des": ("de", "les")}
#: Regular French <-> English suffix correspondences tried for cognates, as (French, English) pairs.
_COGNATE_SUFFIXES = (
    ("ique", "ic"),
    ("iques", "ics"),
    ("té", "ty"),
    ("tés", "ties"),
    ("eux", "ous"),
    ("euse", "ous"),
    ("isme", "ism"),
    ("iste", "ist"),
    ("aire", "ary"),
    ("oire", "ory"),
    ("if", "ive"),
    ("ive", "ive"),
    ("el", "al"),
    ("elle", "al"),
    ("eur", "or"),
    ("ie", "y"),
    ("er", "e"),
    ("é", "ed"),
    ("ée", "ed"),
)
#: Punctuation written without a space before / after it in the pivot.
_NO_SPACE_BEFORE = frozenset(".,;:!?)]}»”’%…")
_NO_SPACE_AFTER = frozenset("([{«“‘")


@dataclass(frozen=True)
class _Stretch:
    """Source characters ``start:end`` of the segment and the pivot text they became."""

    start: int
    end: int
    text: str


class LexicalTranslator(Translator):
    """Word-by-word English <-> French pivot from the shipped lexicon; needs no model and no network."""

    name = "lexical"
    #: Into English the pivot is the better one: French forms go through their lemmas (Hunspell, Apertium) and the
    #: English side is matched by stem and WordNet's irregular forms, while English words put into French one by
    #: one miss its agreement and conjugation ("Red Cross" came out "Rouge Passer"). Audited French first on
    #: newstest2014's development half, French into English gives 0.20 major-or-critical false alarms per story,
    #: English into French 0.34 (``benchmarks/wire_audit.py``, tenth session).
    translates_best_into = "en"

    def __init__(self, dictionary: bool = True) -> None:
        self.dictionary = dictionary

    def supports(self, src_lang: str, tgt_lang: str) -> bool:
        return src_lang in LANGUAGES and tgt_lang in LANGUAGES and src_lang != tgt_lang

    def signature(self) -> str:
        if not self.dictionary:
            return "lexical(control: numbers+passthrough)"
        return f"lexical(freedict+hunspell+apertium+cldr+wordnet+gweather {data_version()})"

    def _translate(self, texts: list[str], src_lang: str, tgt_lang: str) -> list[Pivot]:
        lexicon = load_lexicon(src_lang, tgt_lang) if self.dictionary else None
        return [_assemble(_stretches(text, src_lang, tgt_lang, lexicon)) for text in texts]


def _stretches(text: str, src_lang: str, tgt_lang: str, lexicon: Lexicon | None) -> list[_Stretch]:
    """The translated stretches of one segment, in source order."""
    tokens = tokenize(text)
    quantities = {q.start: q for q in find_quantities(text, src_lang)}
    keys = _Keys([lower(t.text) for t in tokens], name_words(tokens), name_stems(tokens, src_lang))
    full = _expand_elisions(keys) if src_lang == "fr" else keys
    stretches: list[_Stretch] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        quantity = quantities.get(token.start)
        ordinal_word = quantity is not None and quantity.kind == "ordinal" and token.is_word
        if quantity and not (ordinal_word and lexicon is not None and _single_entry(token.text, src_lang, lexicon)):
            size, stretch = _quantity_stretches(quantity, tokens, index, text, src_lang, tgt_lang, lexicon)
            stretches.extend(stretch)
            index += size
            continue
        if lexicon is not None and token.is_word and src_lang == "fr":
            contracted = _contracted_name(tokens, keys, index, tgt_lang, lexicon)
            if contracted:
                stretches.extend(contracted[1])
                index += contracted[0]
                continue
        size, translation = 1, token.text
        if lexicon is not None and token.is_word:
            if _may_start_phrase(keys, index, src_lang, lexicon) or (
                full is not keys and _may_start_phrase(full, index, src_lang, lexicon)
            ):
                size, translation = _phrase(tokens, keys, full, index, src_lang, tgt_lang, lexicon)
            else:
                translation = _word(
                    token.text, full.words[index], full.folded[index], full.stems[index], src_lang, tgt_lang
                )
            translation = _cased_like(token.text, translation)
        stretches.append(_Stretch(token.start, tokens[index + size - 1].end, translation))
        index += size
    return stretches


@dataclass(frozen=True)
class _Keys:
    """The look-up keys of a segment's tokens: lower-case words, accent-folded words, stems."""

    words: list[str]
    folded: list[str]
    stems: list[str]

    def lists(self) -> tuple[list[str], list[str], list[str]]:
        return self.words, self.folded, self.stems

    def upto(self, end: int) -> _Keys:
        """The keys of the first ``end`` tokens, so that no match runs past them."""
        return _Keys(self.words[:end], self.folded[:end], self.stems[:end])


def _expand_elisions(keys: _Keys) -> _Keys:
    """``keys`` with each French elided word as its full word ("l'" as "le"), which the lexicon lists."""
    if not any(word in _ELISIONS for word in keys.words):
        return keys
    expanded = _Keys(list(keys.words), list(keys.folded), list(keys.stems))
    for index, word in enumerate(keys.words):
        if word in _ELISIONS:
            expanded.words[index] = expanded.folded[index] = expanded.stems[index] = _ELISIONS[word]
    return expanded


def _may_start_phrase(keys: _Keys, index: int, src_lang: str, lexicon: Lexicon) -> bool:
    """Whether an entry or name of more than one word starts at ``index`` (else the word alone decides)."""
    names = name_tables(src_lang)
    return (
        lexicon.longest_at(keys.words, keys.folded, keys.stems, index) > 1
        or names.by_words.longest_at(keys.folded, index) > 1
        or names.by_stems.longest_at(keys.stems, index) > 1
    )


def _phrase(
    tokens: Sequence[Token], keys: _Keys, full: _Keys, index: int, src_lang: str, tgt_lang: str, lexicon: Lexicon
) -> tuple[int, str]:
    """The longest match at ``index``, by the words as written ("d'abord", "Côte d'Ivoire" are listed so) or with
    their elisions expanded ("ce qu'" finds "ce que"; a single elided word is its full word, "l'" -> "the").

    A match as written may not end on an elided word ("à l'" would cut "l'" from the word it belongs to), and a
    match that swallows the first words of a name running past its end is cut before the name.
    """
    written = _lookup(tokens, *keys.lists(), index, src_lang, tgt_lang, lexicon)
    expanded = written if full == keys else _lookup(tokens, *full.lists(), index, src_lang, tgt_lang, lexicon)
    size, translation = expanded
    if written[0] > 1 and written[0] >= expanded[0] and keys.words[index + written[0] - 1] not in _ELISIONS:
        size, translation = written
    for start in range(index + 1, index + size):
        name = match_name(tokens, keys.folded, keys.stems, start, src_lang)
        if name and start + name[0] > index + size:
            return _phrase(tokens[:start], keys.upto(start), full.upto(start), index, src_lang, tgt_lang, lexicon)
    return size, translation


def _contracted_name(
    tokens: Sequence[Token], keys: _Keys, index: int, tgt_lang: str, lexicon: Lexicon
) -> tuple[int, list[_Stretch]] | None:
    """A French contraction before a name that starts with the article it holds ("au Caire": "à" + "Le Caire"):
    ``(tokens used, [the preposition's stretch, the name's stretch])``, or ``None``."""
    contraction = _CONTRACTIONS.get(keys.folded[index])
    if contraction is None or index + 1 == len(tokens):
        return None
    preposition, article = contraction
    following = slice(index + 1, None)
    found = match_name(tokens[index:], [article, *keys.folded[following]], [article, *keys.stems[following]], 0, "fr")
    name = name_in(found[1].key, tgt_lang) if found and found[0] > 1 else None
    if found is None or name is None:
        return None
    translation = _cased_like(tokens[index].text, _single_entry(preposition, "fr", lexicon) or preposition)
    size = found[0]
    return size, [
        _Stretch(tokens[index].start, tokens[index].end, translation),
        _Stretch(tokens[index + 1].start, tokens[index + size - 1].end, name),
    ]


def _cased_like(source: str, translation: str) -> str:
    """``translation`` capitalised where the ``source`` word is (a sentence start, a name)."""
    return translation[:1].upper() + translation[1:] if source[:1].isupper() else translation


@lru_cache(maxsize=1 << 16)
def _word(text: str, word: str, folded: str, stem: str, src_lang: str, tgt_lang: str) -> str:
    """A word looked up on its own; cached, since a book repeats most of its words."""
    lexicon = load_lexicon(src_lang, tgt_lang)
    return _lookup([Token(text, 0, len(text))], [word], [folded], [stem], 0, src_lang, tgt_lang, lexicon)[1]


def _lookup(
    tokens: Sequence[Token],
    words: Sequence[str],
    folded: Sequence[str],
    stems: Sequence[str],
    index: int,
    src_lang: str,
    tgt_lang: str,
    lexicon: Lexicon,
) -> tuple[int, str]:
    """The longest name or lexicon entry at ``index``, else a cognate, else the word itself."""
    name = match_name(tokens, folded, stems, index, src_lang)
    entry = lexicon.match_at(words, folded, stems, index)
    if name and (entry is None or name[0] >= entry[0]):
        translated = name_in(name[1].key, tgt_lang)
        if translated:
            return name[0], translated
    if entry:
        return entry
    word = tokens[index].text
    lemma = lexicon.lemmas.get(words[index])  # a form Snowball stems apart from its lemma ("fit", "faire")
    if lemma:
        found = _single_entry(lemma, src_lang, lexicon)
        if found:
            return 1, found
    if "'" in words[index] and src_lang == "en":  # "John's", "don't": the word before the clitic
        found = _single_entry(word.replace("’", "'").split("'", 1)[0], src_lang, lexicon)
        if found:
            return 1, found
    if "-" in word:  # a compound the lexicon lacks ("Abraham-Lincoln"): its parts one by one
        parts = [
            _single_entry(part, src_lang, lexicon) or _cognate(part, src_lang, tgt_lang, lexicon)
            for part in word.split("-")
            if part
        ]
        return 1, " ".join(parts)
    return 1, _cognate(word, src_lang, tgt_lang, lexicon)


def _single_entry(word: str, src_lang: str, lexicon: Lexicon) -> str | None:
    """The lexicon's translation of one word on its own, or ``None``."""
    found = lexicon.match_at([lower(word)], [fold(word)], [stem(word, src_lang)], 0) if word else None
    return found[1] if found else None


def _cognate(word: str, src_lang: str, tgt_lang: str, lexicon: Lexicon) -> str:
    """The word or a regular suffix change of it when the target language knows that stem; else the word."""
    lowered = lower(word)
    candidates = [lowered]
    for french, english in _COGNATE_SUFFIXES:
        source_suffix, target_suffix = (french, english) if src_lang == "fr" else (english, french)
        if lowered.endswith(source_suffix) and len(lowered) > len(source_suffix) + 2:
            candidates.append(lowered[: -len(source_suffix)] + target_suffix)
    for candidate in candidates:
        if stem(candidate, tgt_lang) in lexicon.target_stems:
            return candidate if word[:1].islower() else candidate[:1].upper() + candidate[1:]
    return word


def _quantity_stretches(
    quantity: Quantity,
    tokens: Sequence[Token],
    index: int,
    text: str,
    src_lang: str,
    tgt_lang: str,
    lexicon: Lexicon | None,
) -> tuple[int, list[_Stretch]]:
    """``(tokens used, stretches)`` for a quantity; a leading weekday ("mardi 5 mars") is translated apart."""
    size = 1
    while index + size < len(tokens) and tokens[index + size].start < quantity.end:
        size += 1
    first = tokens[index]
    if quantity.kind == "date" and first.is_word and size > 1:
        rest_text = text[first.end : quantity.end]
        rest = find_quantities(rest_text, src_lang)
        if rest and rest[-1].value == quantity.value and rest[-1].end == len(rest_text):
            weekday = first.text
            if lexicon is not None:
                keys = ([lower(first.text)], [fold(first.text)], [stem(first.text, src_lang)])
                weekday = _lookup([first], *keys, 0, src_lang, tgt_lang, lexicon)[1]
            date_start = first.end + rest[-1].start
            between = [
                _Stretch(t.start, t.end, t.text) for t in tokens[index + 1 : index + size] if t.end <= date_start
            ]
            date = _Stretch(date_start, quantity.end, render(quantity, tgt_lang))
            return size, [_Stretch(first.start, first.end, weekday), *between, date]
    rendered = render(quantity, tgt_lang)
    if quantity.kind == "number" and first.is_word and "." not in quantity.value:
        rendered = spell(int(quantity.value), tgt_lang) or rendered
    elif quantity.kind == "ordinal" and first.is_word:
        rendered = spell_ordinal(int(quantity.value[1:]), tgt_lang) or rendered
    return size, [_Stretch(quantity.start, quantity.end, rendered)]


def _assemble(stretches: list[_Stretch]) -> Pivot:
    """Join the stretches into the pivot text, spacing punctuation as in running text, with provenance."""
    parts: list[str] = []
    provenance: list[tuple[int, int, int, int]] = []
    length = 0
    previous = ""
    for stretch in stretches:
        if not stretch.text:
            continue
        if parts and stretch.text[0] not in _NO_SPACE_BEFORE and previous[-1] not in _NO_SPACE_AFTER:
            parts.append(" ")
            length += 1
        parts.append(stretch.text)
        provenance.append((stretch.start, stretch.end, length, length + len(stretch.text)))
        length += len(stretch.text)
        previous = stretch.text
    return Pivot("".join(parts), tuple(provenance))
