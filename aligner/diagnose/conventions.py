"""Whether two spans name or mean the same thing across the conventions of two languages, before anything is
called a replaced name: places by their key, acronyms and their expansions, spelling variants
(:func:`aligner.lang.names.same_name`), and where no convention decides, the sentence encoder; and what is not a
name or a title by the conventions of the language ("I'm", "film director Lars").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from aligner.diagnose.word_kinds import is_title_word
from aligner.diagnose.words import LinkWords, Word
from aligner.encode.base import Encoder
from aligner.lang.names import countries_by_nationality, find_names, same_name, spelling_variant
from aligner.lang.tokens import POSSESSIVE, Token, fold, tokenize
from aligner.model import Segment, Side

#: Cosine of two spans' sentence embeddings (USE) from which they mean the same (US / américain 0.76, Council /
#: Conseil 0.78, MP / député 0.67, Third / IIIe 0.66); unrelated names stay below (Brown / Paquet 0.32, Holt / Hall
#: 0.57, House / Chambre 0.55 is lost), and places are decided by the names table first. Tuned on the dev half.
SAME_MEANING = 0.6
#: Two titles alone (one or two words) mean the same from this cosine (spokeswoman / porte-parole 0.58,
#: spokesperson / porte-parole 0.60; Director / chef 0.50, Ambassador / président 0.38). Tuned on the dev half.
SAME_TITLE = 0.55


@dataclass(frozen=True)
class MeaningJudge:
    """Whether two spans (source text, target text) say the same thing: the cosine of their sentence embeddings
    is at least ``at_least``."""

    encoder: Encoder
    at_least: float = SAME_MEANING

    def __call__(self, a: str, b: str) -> bool:
        return self.encoder.cosine(a, b) >= self.at_least

    def prepare(self, texts: Sequence[str]) -> None:
        """Embed ``texts`` in one batch, for the judgements to come (one text at a time is ten times slower)."""
        if texts:
            self.encoder.encode(list(dict.fromkeys(texts)))


def meaning_judge(encoder: Encoder | None, at_least: float = SAME_MEANING) -> MeaningJudge | None:
    """A :class:`MeaningJudge` from ``encoder``, or ``None`` where there is no encoder."""
    return None if encoder is None else MeaningJudge(encoder, at_least)


def same_thing(source: str, target: str, langs: tuple[str, str], same: MeaningJudge | None) -> bool:
    """A convention says so, or, where none decides, the encoder does."""
    verdict = same_name(source, target, *langs)
    return verdict if verdict is not None else bool(same and same(source, target))


#: The longest expansion an acronym is compared with, in words ("Organisation des Nations unies").
EXPANSION_WORDS = 5


def _capitalised_runs(words: LinkWords, side: Side) -> list[str]:
    """The text of each capitalised word of ``side`` and of the runs of up to :data:`EXPANSION_WORDS` words it
    starts, to look names up in by convention."""
    texts = []
    for segment in words.segments(side):
        tokens = [t for t in tokenize(segment.text) if t.is_word]
        for i, token in enumerate(tokens):
            if token.text[:1].isupper():
                texts += [segment.text[token.start : end.end] for end in tokens[i : i + EXPANSION_WORDS]]
    return texts


def named_elsewhere(text: str, side: Side, words: LinkWords, langs: tuple[str, str]) -> bool:
    """The other side of the pair names what ``text`` names by another convention somewhere (UN / ONU). A name
    written alike on both sides answers for itself, not for another ("José Paulet" on both sides is no spelling
    of "Paquet")."""
    other: Side = "target" if side == "source" else "source"
    own, theirs = (langs[0], langs[1]) if side == "source" else (langs[1], langs[0])
    here = words.folded_words(side)

    def alike(candidate: str) -> bool:
        return all(fold(t.text) in here for t in tokenize(candidate) if t.is_word and t.text[:1].isupper())

    return any(
        same_name(text, candidate, own, theirs) and not (alike(candidate) and spelling_variant(text, candidate))
        for candidate in _capitalised_runs(words, other)
    )


#: Names the French press gives a country, an army or a ministry by its place or shape ("l'Hexagone" is France,
#: "Tsahal" the Israeli army, "Matignon" the prime minister's office, "outre-Manche" Britain): a metonym stands
#: for what the other side names plainly, not for something else.
_METONYMS = {
    "fr": """hexagone tsahal toile elysee matignon bercy beauvau quai-d'orsay palais-bourbon outre-manche
        outre-atlantique outre-rhin outre-quievrain saint-siege croisette grande-muette place-vendome
        palais-brongniart""",
    "en": "whitehall kremlin downing-street capitol-hill foggy-bottom westminster holyrood",
}


def is_metonym(text: str, lang: str) -> bool:
    """``text`` is (or ends with) a name :data:`_METONYMS` knows, letters alone compared ("Quai d'Orsay")."""
    words = [_letters_only(t.text) for t in tokenize(POSSESSIVE.sub("", text))]
    return not _metonyms(lang).isdisjoint("".join(words[i:]) for i in range(len(words)))


@cache
def _metonyms(lang: str) -> frozenset[str]:
    return frozenset(_letters_only(m) for m in _METONYMS.get(lang, "").split())


def _letters_only(text: str) -> str:
    return re.sub(r"[^a-z]", "", fold(text))


@dataclass(frozen=True)
class DocumentNames:
    """What a whole document names: its capitalised words (folded) and the keys of its places. A name the other
    document writes somewhere was reworded where it is missing (a pronoun, "there", "the country"), not
    replaced by something else."""

    words: frozenset[str]
    places: frozenset[str]
    titled: frozenset[str] = frozenset()  # the names it writes right after a title somewhere ("Dr. Georges Bwelle")


#: How many capitalised words after a title may still be the titled person's name ("Dr. Georges Bwelle").
TITLED_NAME_WORDS = 3


def document_names(segments: Sequence[Segment], lang: str) -> DocumentNames:
    """A country counts as named where only its people or adjective are ("britannique" names Britain)."""
    tokens = [[t for t in tokenize(s.text) if t.is_word] for s in segments]
    words = {fold(t.text) for line in tokens for t in line if t.text[:1].isupper()}
    places = {n.key for s in segments for n in find_names(s.text, lang)}
    places |= {key for s in segments for key in countries_by_nationality(s.text, lang)}
    return DocumentNames(frozenset(words), frozenset(places), _names_after_titles(tokens, lang))


def _names_after_titles(tokens: Sequence[Sequence[Token]], lang: str) -> frozenset[str]:
    """The capitalised words (folded) written right after a title, up to :data:`TITLED_NAME_WORDS` of them;
    ``tokens`` are each segment's words."""
    titled: set[str] = set()
    for line in tokens:
        for i, token in enumerate(line):
            if not is_title_word(token.text, lang):
                continue
            for follower in line[i + 1 : i + 1 + TITLED_NAME_WORDS]:
                if not follower.text[:1].isupper():
                    break
                titled.add(fold(follower.text))
    return frozenset(titled)


def named_in_document(text: str, lang: str, document: DocumentNames) -> bool:
    """``document`` names what ``text`` names: the same place, or every capitalised word of it."""
    text = POSSESSIVE.sub("", text)
    if any(n.key in document.places for n in find_names(text, lang)):
        return True
    capitals = [fold(t.text) for t in tokenize(text) if t.is_word and t.text[:1].isupper()]
    return bool(capitals) and all(w in document.words for w in capitals)


#: "I'm", "I've", "I'll": a capital that marks no name (but "O'Brien" is one).
CONTRACTED_PRONOUN = re.compile(r"^\w['’][a-z]+$")


#: Languages that capitalise a title before a name ("Mayor José Ruiz"): there a lower-case word before a name is
#: a description ("film director Lars"), not a title.
_TITLES_CAPITALISED = frozenset({"en", "de"})


def is_title_before_person(phrase: str, name: Word, lang: str) -> bool:
    """A title phrase stands before a person: no comma or possessive inside ("leader, Mr", "Fontenelle's chair"),
    written as the language writes titles, and the name is no place or nationality ("Commissioner of Canada") nor
    an acronym ("NSA spokesperson told ABC News")."""
    if re.search(r"[,;:]|['’]s\b", phrase) or find_names(name.text, lang) or name.text.isupper():
        return False
    return lang not in _TITLES_CAPITALISED or any(w[:1].isupper() for w in phrase.split())
