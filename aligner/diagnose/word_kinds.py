"""What kind of word a token is (name, title, number, date or plain word) and how much a word of that kind says
about a difference in meaning when it has no counterpart."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Literal

from aligner.lang.tokens import Token, fold, is_function_word, tokenize
from aligner.lang.units import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from aligner.model import Segment

WordKind = Literal["name", "title", "number", "date", "word"]

#: Weights: how much a word with no counterpart says about a difference in meaning.
NAME_WEIGHT = 1.0
NUMBER_WEIGHT = 1.0
TITLE_WEIGHT = 0.8
WORD_WEIGHT = 0.35
LONG_WORD_BONUS = 0.25  # long words are rarer, so more informative (no frequency list ships with the tool)

#: Titles and roles that introduce a person's name, folded; a title dropped before a name is a finding.
_TITLES = {
    "en": """president vice-president prime minister secretary senator congressman congresswoman representative
        governor mayor chancellor premier king queen prince princess duke pope cardinal bishop archbishop
        ambassador general admiral colonel commander captain lieutenant sergeant marshal chief judge justice
        prosecutor attorney chairman chairwoman chair ceo director spokesman spokeswoman spokesperson commissioner
        envoy economist meteorologist professor doctor dr mr mrs ms sir lord lady leader inspector superintendent
        sheriff emir sheikh sultan president-elect speaker minister-president head""",
    "fr": """président présidente vice-président vice-présidente premier ministre ministre secrétaire sénateur
        sénatrice député députée représentant représentante gouverneur gouverneure maire chancelier chancelière
        roi reine prince princesse duc duchesse pape cardinal évêque archevêque ambassadeur ambassadrice général
        générale amiral colonel commandant capitaine lieutenant sergent maréchal chef juge procureur procureure
        avocat avocate pdg directeur directrice porte-parole commissaire émissaire envoyé envoyée économiste
        météorologue météorologiste professeur professeure docteur docteure dr m mme mlle sir lord lady dirigeant
        dirigeante inspecteur inspectrice shérif émir cheikh sultan élu élue bourgmestre échevin échevine""",
}
#: Titles abbreviated before a name ("Sen. Jones", "Supt Lee"): titles, but too short for the encoder to read.
_TITLE_ABBREVIATIONS = {"en": "sen rep gov gen col lt sgt capt cmdr adm supt insp prof pres"}
#: Characters after which a capital letter says nothing (a sentence or quotation starts there).
OPENERS = set(".!?:;«“\"'‘—–-(•")


@cache
def title_words(lang: str) -> frozenset[str]:
    return frozenset(fold(w) for w in _TITLES.get(lang, _TITLES["en"]).split()) | title_abbreviations(lang)


@cache
def title_abbreviations(lang: str) -> frozenset[str]:
    return frozenset(_TITLE_ABBREVIATIONS.get(lang, "").split())


@cache
def _calendar(lang: str) -> dict[str, str]:
    """Folded weekday and month names (capitalised in English, but not names) and English month abbreviations ->
    a language-independent key: a changed one is a date. French abbreviations are left out: "sept" is seven."""
    keys = {fold(name): f"day{i}" for i, name in enumerate(WEEKDAYS.get(lang, "").split())}
    keys.update({fold(name): f"month{i}" for i, name in enumerate(MONTHS.get(lang, "").split())})
    if lang == "en":
        for i, forms in enumerate(MONTH_ABBREVIATIONS["en"].split()):
            keys.update({fold(form): f"month{i}" for form in forms.split("|") if form != "_"})
    return keys


def calendar_key(word: str, lang: str) -> str | None:
    return _calendar(lang).get(fold(word).rstrip("."))


def is_acronym(text: str) -> bool:
    return len(text) >= 2 and text.isupper()


def known_names(segments: Iterable[Segment], lang: str) -> frozenset[str]:
    """Folded words written with a capital inside a sentence somewhere in the document, and never without one
    there: names wherever they stand ("Health" of "World Health Organization" is not, if "health" occurs too)."""
    names: set[str] = set()
    common: set[str] = set()
    for seg in segments:
        if seg.kind == "headline":
            continue
        previous = ""
        for token in tokenize(seg.text):
            if previous and previous not in OPENERS and token.is_word:
                if token.text[0].isupper() and not is_function_word(token.text, lang):
                    names.add(fold(token.text))
                elif token.text[0].islower():
                    common.add(fold(token.text))
            previous = token.text
    return frozenset(names - common)


def title_case(seg: Segment, lang: str) -> bool:
    """A headline in title case ("Israeli Warplanes Attack Target Inside Syria"), where a capital says nothing: more
    than half of its content words after the first are capitalised. A headline in sentence case (the French
    press's "Des avions israéliens ciblent la Syrie") writes capitals where a sentence would."""
    if seg.kind != "headline":
        return False
    words = [t.text for t in tokenize(seg.text) if t.is_word and not is_function_word(t.text, lang)][1:]
    return 2 * sum(w[0].isupper() for w in words) > len(words)


#: Units written with a capital, which are no names: temperature scales, and the French press's abbreviation of
#: "milliard(s)" in figures ("700 Md$").
_UNITS = frozenset({"fahrenheit", "celsius", "kelvin", "md", "mds", "mrd", "mrds"})


def is_title_word(text: str, lang: str) -> bool:
    """A title or role that introduces a name, abbreviated ("Sen.") or not; a compound of titles too
    ("député-maire", "sénateur-maire")."""
    folded, titles = fold(text).rstrip("."), title_words(lang)
    return folded in titles or all(part in titles for part in folded.split("-"))


def word_kind(token: Token, name_like: bool, lang: str) -> WordKind:
    if token.is_number:
        return "number"
    if is_title_word(token.text, lang):
        return "title"
    if calendar_key(token.text, lang) is not None:
        return "date"
    if fold(token.text) in _UNITS:
        return "word"  # a unit, which the quantity check converts ("95 degrees Fahrenheit" / "35 degrés Celsius")
    return "name" if name_like else "word"


def word_weight(token: Token, kind: WordKind) -> float:
    if kind == "name":
        return NAME_WEIGHT
    if kind in ("number", "date"):
        return NUMBER_WEIGHT
    if kind == "title":
        return TITLE_WEIGHT
    return WORD_WEIGHT + LONG_WORD_BONUS * min(max(len(token.text) - 5, 0), 5) / 5


def is_content(token: Token, lang: str) -> bool:
    """Whether a token carries meaning of its own: words that are not function words (nor elided, "jusqu'"), and
    numbers."""
    elided = token.text.endswith(("'", "’"))
    word = token.is_word and len(token.text) > 1 and not elided and not is_function_word(token.text, lang)
    return word or token.is_number
